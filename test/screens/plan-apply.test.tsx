// The Plan/Apply view's rules, driven by keys with a scripted OpsRunner (the real runner is tested against
// a real Postfix in test/adapters/plan-session.test.ts and test/e2e/plan-apply.test.ts): the typed
// confirmation, the target's id when a plan deletes, and the refusals (stale plan, unsaved edits,
// validation errors, one operation at a time).
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/adapters/executor/log.js';
import type { OpsRunner } from '../../src/adapters/plan/session.js';
import type { ApplyRequest } from '../../src/adapters/plan/operation.js';
import type { Change, Plan } from '../../src/adapters/types.js';
import { modelFingerprint } from '../../src/adapters/plan/run.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';
import { renderConsole, waitFor } from '../helpers/console.js';

function modelWithTargets(): Model {
  const m = scenarioModel('shared-domain');
  m.targets = [
    { id: 'pop', adapter: 'postfix-dovecot', server: 'POP01', connection: { kind: 'local' } },
    { id: 'ex', adapter: 'exchange-ems', server: 'EX01' },
  ];
  return m;
}

const entry = (target: string, description: string, exitCode = 0): LogEntry => ({
  time: '2026-11-28T09:00:00.000Z',
  target,
  description,
  argv: ['postconf', '-n'],
  exitCode,
  durationMs: 12,
  timedOut: false,
  stderr: exitCode ? 'boom' : '',
});

/** A runner that plans `changes` (then nothing once applied), logs a command each time, and records calls. */
function scriptedRunner(changes: Change[], opts: { failStep?: number } = {}) {
  const calls: string[] = [];
  let applied = false;
  const requests: ApplyRequest[] = [];
  const runner: OpsRunner = {
    async plan(model, targetId, hooks) {
      calls.push(`plan ${targetId}`);
      hooks?.onCommand?.(entry(targetId, 'observe'));
      if (targetId === 'ex')
        return {
          ok: false,
          refusal: {
            kind: 'unobservable',
            targetId,
            message: 'target ex: pwsh is not configured; use coexist export --adapter exchange-ems',
          },
        };
      const plan: Plan = {
        targetId,
        adapter: 'postfix-dovecot',
        observedFingerprint: applied ? 'after' : 'before',
        modelFingerprint: modelFingerprint(model),
        changes: applied ? [] : changes,
      };
      return { ok: true, plan };
    },
    async apply(request, hooks) {
      const { targetId, plan } = request;
      calls.push(`apply ${targetId}`);
      requests.push(request);
      const steps = plan!.changes.map((change) => ({ change, status: 'not-run' as const, results: [] as never[] }));
      for (let i = 0; i < steps.length; i++) {
        hooks?.onProgress?.({ index: i, total: steps.length, change: steps[i]!.change, status: 'running' });
        await new Promise((r) => setTimeout(r, 5));
        if (opts.failStep === i) {
          hooks?.onCommand?.(entry(targetId, steps[i]!.change.object, 1));
          return {
            status: 'failed',
            plan: plan!,
            report: {
              ok: false,
              steps: steps.map((s, k) =>
                k === i
                  ? { ...s, status: 'failed' as const, error: `${s.change.object}: exit code 1: boom` }
                  : k < i
                    ? { ...s, status: 'done' as const }
                    : s,
              ),
            },
          };
        }
        hooks?.onCommand?.(entry(targetId, steps[i]!.change.object));
        hooks?.onProgress?.({ index: i, total: steps.length, change: steps[i]!.change, status: 'done' });
      }
      applied = true;
      return { status: 'applied', plan: plan!, report: { ok: true, steps: steps.map((s) => ({ ...s, status: 'done' as const })) } };
    },
  };
  return { runner, calls, requests };
}

const ADD: Change[] = [
  { action: 'create', object: 'map transport', commands: [{ argv: ['postmap', 'transport'], description: 'postmap' }] },
  {
    action: 'update',
    object: 'main.cf relayhost',
    details: ['~ relayhost = [10.0.0.10]'],
    commands: [{ argv: ['postconf', '-e'], description: 'postconf' }],
  },
];
const REMOVE: Change[] = [
  ...ADD,
  { action: 'delete', object: 'mailbox dave@pop.northwindtraders.com', commands: [{ argv: ['rm', '-r', 'dave'], description: 'rm' }] },
];

describe('Plan/Apply view', () => {
  it('plans on Enter, applies after "yes" with each step marked, and plans again to nothing', async () => {
    const { runner, calls } = scriptedRunner(ADD);
    const h = renderConsole({ model: modelWithTargets(), io: { ops: runner }, cols: 100, rows: 30 });
    let s = await h.press('5');
    expect(s).toContain('[5 Plan/Apply]');
    expect(s).toMatch(/[›>] pop +not planned/);
    await h.press('enter');
    s = await h.waitForText('Plan: 1 to add, 1 to change, 0 to destroy.');
    expect(s).toContain('+ map transport');
    expect(s).toContain('~ main.cf relayhost');
    await h.press('a');
    s = await h.waitForText('Apply 2 change(s) to pop');
    expect(s).toContain('Type yes to apply');
    await h.type('y');
    await h.press('enter');
    await h.waitForText('type yes to apply, or Esc to cancel');
    expect(calls).toEqual(['plan pop']);
    await h.type('es');
    await h.press('enter');
    s = await h.waitForText('Apply complete');
    expect(s).toMatch(/done +\+ map transport/);
    expect(s).toMatch(/done +~ main\.cf relayhost/);
    expect(s).toMatch(/[›>] pop +applied/);
    await h.press('a');
    await h.waitForText('Not applied: this plan was applied; Enter plans pop again');
    await h.press('enter');
    await h.waitForText('No changes. The target matches the model.');
    await h.press('l');
    s = await h.waitForText('Command log: pop');
    expect(s).toMatch(/09:00:00 exit 0 +12 ms {2}observe/);
    expect(calls).toEqual(['plan pop', 'apply pop', 'plan pop']);
    h.unmount();
  });

  it('a plan that deletes asks for the target\'s id, not "yes"; Esc cancels with nothing applied', async () => {
    const { runner, calls, requests } = scriptedRunner(REMOVE);
    const h = renderConsole({ model: modelWithTargets(), io: { ops: runner }, cols: 100, rows: 30 });
    await h.press('5', 'enter');
    await h.waitForText('Plan: 1 to add, 1 to change, 1 to destroy.');
    await h.press('a');
    let s = await h.waitForText('This plan deletes or removes entries on pop');
    expect(s).toContain("Type the target's id (pop) to apply");
    await h.type('yes');
    await h.press('enter');
    await h.waitForText('type pop to apply, or Esc to cancel');
    await h.press('esc');
    s = await h.waitForText('Plan: 1 to add, 1 to change, 1 to destroy.');
    expect(calls).toEqual(['plan pop']);
    await h.press('a');
    await h.type('pop');
    await h.press('enter');
    await h.waitForText('Apply complete');
    expect(calls).toEqual(['plan pop', 'apply pop']);
    // The operation gets what was typed and checks it itself (the console is only its view).
    expect(requests.map((r) => ({ confirmation: r.confirmation, unsaved: r.unsaved, assumeYes: r.assumeYes }))).toEqual([
      { confirmation: 'pop', unsaved: false, assumeYes: undefined },
    ]);
    h.unmount();
  });

  it('refuses a plan the model outdated, unsaved edits, and a model with errors; a failed step says what remains', async () => {
    const { runner, calls } = scriptedRunner(ADD, { failStep: 1 });
    const h = renderConsole({ model: modelWithTargets(), io: { ops: runner }, cols: 100, rows: 30 });
    await h.press('5', 'enter');
    await h.waitForText('Plan: 1 to add, 1 to change, 0 to destroy.');
    // An edit after the plan: the plan is stale, and the model has unsaved edits.
    await h.press('3', 'down', 'down', 'd', 'right', 'enter');
    await h.waitForText('(modified)');
    await h.press('5', 'a');
    await h.waitForText('Not applied: the model changed since this plan was made; Enter plans pop again');
    await h.press('enter');
    await h.waitForText('Plan: 1 to add, 1 to change, 0 to destroy.');
    await h.press('a');
    await h.waitForText('Not applied: save the model first (s)');
    // Undone: nothing unsaved, but the model is not the one planned a moment ago; plan again.
    await h.press('z');
    await waitFor(() => !h.screen().includes('(modified)'));
    await h.press('a');
    await h.waitForText('Not applied: the model changed since this plan was made');
    await h.press('enter');
    await h.waitForText('Plan: 1 to add, 1 to change, 0 to destroy.');
    await h.press('a');
    await h.waitForText('Type yes to apply');
    await h.type('yes');
    await h.press('enter');
    let s = await h.waitForText('Apply stopped:');
    expect(s).toMatch(/done +\+ map transport/);
    expect(s).toMatch(/FAILED +~ main\.cf relayhost/);
    expect(s).toContain('Nothing was rolled back. Enter plans again to see what remains.');
    expect(s).toMatch(/[›>] pop +apply stopped/);
    await h.press('a');
    await h.waitForText('Not applied: the apply stopped; Enter plans pop again to see what remains');
    expect(calls).toEqual(['plan pop', 'plan pop', 'plan pop', 'apply pop']);
    // The second target cannot be planned: its error is shown, nothing else moves.
    await h.press('down', 'enter');
    s = await h.waitForText('Plan failed: target ex: pwsh is not configured');
    expect(s).toMatch(/ex +plan failed/);
    h.unmount();
  });

  it('the targets list says "plan is stale" once the model changed after the plan, until planned again', async () => {
    const { runner } = scriptedRunner([]);
    const h = renderConsole({ model: modelWithTargets(), io: { ops: runner }, cols: 100, rows: 30 });
    await h.press('5', 'enter');
    let s = await h.waitForText('No changes. The target matches the model.');
    expect(s).toMatch(/[›>] pop +up to date/);
    await h.press('3', 'down', 'down', 'd', 'right', 'enter');
    await h.waitForText('(modified)');
    s = await h.press('5');
    expect(s).toMatch(/[›>] pop +plan is stale/);
    expect(s).not.toMatch(/pop +up to date/);
    expect(s).toContain('The plan is stale: the model changed since it was made;');
    expect(s).not.toContain('The target matches the model.');
    await h.press('enter');
    s = await h.waitForText('up to date');
    expect(s).not.toContain('plan is stale');
    h.unmount();
  });

  it('a model with validation errors is never applied from the console', async () => {
    const model = modelWithTargets();
    model.exchange.connectors.push({
      name: 'Everything',
      smartHosts: [],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
      allowRelay: true,
    });
    const { runner, calls } = scriptedRunner(ADD);
    const h = renderConsole({ model, io: { ops: runner }, cols: 100, rows: 30 });
    await h.press('5', 'enter');
    await h.waitForText('Plan: 1 to add, 1 to change, 0 to destroy.');
    await h.press('a');
    const s = await h.waitForText(/Not applied: the model has validation errors \(/);
    // Each error's setting by its ESM name (the connector's), not a YAML path.
    expect(s.replace(/\s+/g, ' ')).toMatch(/validation errors \([a-z.-]+ at Everything /);
    expect(s).not.toMatch(/ at exchange\./);
    expect(s).not.toContain('Type yes');
    expect(calls).toEqual(['plan pop']);
    h.unmount();
  });

  it('without targets the view says how to add one; Esc stays, 1 goes back to the trees', async () => {
    const h = renderConsole({ cols: 100, rows: 30 });
    let s = await h.press('5');
    expect(s).toContain('The model has no targets: nothing to plan or apply yet.');
    await h.press('enter');
    await h.waitForText('The model has no targets: add one under targets');
    s = await h.press('1');
    expect(s).toContain('[1 System Manager]');
    h.unmount();
  });

  it('q during an apply asks first (Cancel is the default) and the apply goes on', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { runner } = scriptedRunner(ADD);
    const slow: OpsRunner = {
      plan: runner.plan,
      apply: async (r, h) => {
        await gate;
        return runner.apply(r, h);
      },
    };
    const h = renderConsole({ model: modelWithTargets(), io: { ops: slow }, cols: 100, rows: 30 });
    await h.press('5', 'enter');
    await h.waitForText('Plan: 1 to add, 1 to change, 0 to destroy.');
    await h.press('a');
    await h.type('yes');
    await h.press('enter');
    await h.waitForText('Applying: 0 of 2 done...');
    await h.press('q');
    const s = await h.waitForText('An apply is running on pop: quitting stops it midway');
    expect(s).toContain('Quit and stop the apply');
    await h.press('enter');
    await h.waitForText('Cancelled');
    expect(h.exits).toEqual([]);
    release();
    await h.waitForText('Apply complete');
    await h.press('q');
    await waitFor(() => h.exits.length === 1);
    h.unmount();
  });
});
