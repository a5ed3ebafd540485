// Plan every target (P in the Plan/Apply view): at most `parallel` targets are observed at once, the others
// wait (shown queued) and start in the model's order as running ones finish; a target that fails to plan
// does not stop the others, and applying one target is not blocked by another target's plan.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { OpsRunner } from '../../src/adapters/plan/session.js';
import { modelFingerprint } from '../../src/adapters/plan/run.js';
import type { Plan } from '../../src/adapters/types.js';
import { opsCommand, opsEvent } from '../../src/screens/ops/reducer.js';
import { targetStatus } from '../../src/screens/ops/lines.js';
import { OPS_COMMANDS } from '../../src/screens/panes/ops.js';
import { initialState, type State } from '../../src/screens/state.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';
import { renderConsole, waitFor } from '../helpers/console.js';

function modelWith(n: number): Model {
  const m = scenarioModel('shared-domain');
  m.targets = Array.from({ length: n }, (_, i) => ({
    id: `pd${String(i + 1).padStart(2, '0')}`,
    adapter: 'postfix-dovecot' as const,
    server: 'POP01',
    connection: { kind: 'local' as const },
  }));
  return m;
}

const command = (id: string) => OPS_COMMANDS.find((c) => c.id === id)!;
const planOf = (model: Model, targetId: string, changes = 1): Plan => ({
  targetId,
  adapter: 'postfix-dovecot',
  observedFingerprint: 'x',
  modelFingerprint: modelFingerprint(model),
  changes: Array.from({ length: changes }, () => ({ action: 'create' as const, object: 'map transport', commands: [] })),
});
const effects = (s: State) => s.effects.filter((e) => e.kind === 'plan').map((e) => (e as { targetId: string }).targetId);

describe('Plan/Apply view: plan every target, bounded', () => {
  it('starts at most `parallel` plans; each finished one starts the next queued target, in order', () => {
    const model = modelWith(5);
    let s = initialState({ source: { kind: 'builtin' }, model, cols: 100, rows: 30, ascii: true });
    s = { ...s, screen: 'ops', focus: 'ops', ops: { ...s.ops, parallel: 2 } };
    s = opsCommand(s, command('ops.planAll'));
    expect(effects(s)).toEqual(['pd01', 'pd02']);
    expect(s.ops.running).toEqual(['pd01', 'pd02']);
    expect(s.ops.queued).toEqual(['pd03', 'pd04', 'pd05']);
    expect(targetStatus(s.ops.runs.pd03, model)).toBe('queued');
    expect(s.flash?.text).toBe('Planning 5 target(s), at most 2 at once');
    // P again while they run: nothing is queued twice.
    expect(opsCommand(s, command('ops.planAll')).ops.queued).toEqual(['pd03', 'pd04', 'pd05']);

    s = opsEvent(s, { kind: 'planFailed', targetId: 'pd02', error: 'cannot read the Postfix instance' });
    expect(s.ops.running).toEqual(['pd01', 'pd03']);
    expect(effects(s)).toEqual(['pd01', 'pd02', 'pd03']);
    s = opsEvent(s, { kind: 'planned', targetId: 'pd01', plan: planOf(model, 'pd01') });
    s = opsEvent(s, { kind: 'planned', targetId: 'pd03', plan: planOf(model, 'pd03', 0) });
    expect(s.ops.running).toEqual(['pd04', 'pd05']);
    expect(s.ops.queued).toEqual([]);
    s = opsEvent(s, { kind: 'planned', targetId: 'pd04', plan: planOf(model, 'pd04') });
    s = opsEvent(s, { kind: 'planned', targetId: 'pd05', plan: planOf(model, 'pd05') });
    expect(s.ops.running).toEqual([]);
    expect(effects(s)).toEqual(['pd01', 'pd02', 'pd03', 'pd04', 'pd05']);
    expect(model.targets.map((t) => targetStatus(s.ops.runs[t.id], model))).toEqual([
      '1 change(s)',
      'plan failed',
      'up to date',
      '1 change(s)',
      '1 change(s)',
    ]);
  });

  it('Enter on a queued or running target says it is busy; at the bound a single plan waits its turn', () => {
    const model = modelWith(3);
    let s = initialState({ source: { kind: 'builtin' }, model, cols: 100, rows: 30, ascii: true });
    s = { ...s, screen: 'ops', focus: 'ops', ops: { ...s.ops, parallel: 1 } };
    s = opsCommand(s, command('ops.plan'));
    expect(s.ops.running).toEqual(['pd01']);
    expect(opsCommand(s, command('ops.plan')).flash?.text).toBe('Busy with pd01: wait for it to finish');
    s = opsCommand({ ...s, ops: { ...s.ops, cursor: 1 } }, command('ops.plan'));
    expect(s.ops.running).toEqual(['pd01']);
    expect(s.ops.queued).toEqual(['pd02']);
    s = opsEvent(s, { kind: 'planned', targetId: 'pd01', plan: planOf(model, 'pd01') });
    expect(s.ops.running).toEqual(['pd02']);
    // An apply needs a free place too.
    expect(opsCommand({ ...s, ops: { ...s.ops, cursor: 0 } }, command('ops.apply')).flash?.text).toBe(
      'Busy with pd02 (at most 1 targets at once): wait for one to finish',
    );
  });

  it('on the screen: P plans every target through the runner, never more at once than the CPUs', async () => {
    const model = modelWith(6);
    let now = 0;
    let most = 0;
    const runner: OpsRunner = {
      async plan(m, targetId) {
        most = Math.max(most, ++now);
        await new Promise((r) => setTimeout(r, 20));
        now--;
        if (targetId === 'pd04')
          return {
            ok: false,
            refusal: { kind: 'unobservable', targetId, message: `target ${targetId}: cannot read the Postfix instance` },
          };
        return { ok: true, plan: planOf(m, targetId) };
      },
      async apply() {
        throw new Error('not in this test');
      },
    };
    const h = renderConsole({ model, io: { ops: runner }, cols: 100, rows: 30 });
    await h.press('5');
    await h.press('P');
    await waitFor(
      () => h.state().ops.running.length === 0 && h.state().ops.queued.length === 0 && Object.keys(h.state().ops.runs).length === 6,
      5000,
      'every target planned',
    );
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(Math.max(1, availableParallelism()));
    const screen = await h.press('k');
    expect(screen).toMatch(/pd04 +plan failed/);
    expect(screen).toMatch(/pd06 +1 change\(s\)/);
  });
});
