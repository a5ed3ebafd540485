// The derived-data layer: each value computed lazily, once per model; carried over to the next model's
// analysis when its inputs are the same objects, and computed again when an edit replaced them.
import { describe, expect, it } from 'vitest';
import { analyse, analysisOf, derived, keptAnalysis } from '../../src/model/analysis.js';
import { applyEdit, type Path, setIn } from '../../src/model/edits/index.js';
import { directoryOf } from '../../src/model/routing/directory.js';
import type { Model } from '../../src/model/schema.js';
import { shared } from '../helpers/model-fixtures.js';

/** The model with one setting changed, as the console edits it (the other parts stay the same objects). */
function edited(model: Model, path: Path, value: unknown): Model {
  const r = applyEdit(model, (m) => setIn(m, path, value));
  if (!r.ok) throw new Error(`edit refused: ${JSON.stringify(r.problems)}`);
  return r.model;
}

/** A derived value that counts its computations. */
function counted<V>(compute: (m: Model) => V, inputs?: (m: Model) => readonly unknown[]) {
  const calls: Model[] = [];
  const value = derived(
    'counted',
    (m) => {
      calls.push(m);
      return compute(m);
    },
    inputs,
  );
  return { value, calls };
}

describe('Analysis', () => {
  it('computes nothing until a value is asked for, then each value once', () => {
    const model = shared();
    const users = counted((m) => m.users.map((u) => u.logon));
    const a = analyse(model);
    expect(users.calls).toHaveLength(0);
    expect(a.peek(users.value)).toBeUndefined();
    const first = a.get(users.value);
    expect(a.get(users.value)).toBe(first);
    expect(users.calls).toEqual([model]);
    expect(a.peek(users.value)).toBe(first);
    expect(a.computed()).toEqual(['counted']);
  });

  it('a value computed from other values computes each of them once', () => {
    const base = counted((m) => m.users.length);
    const twice = counted((m) => m.users.length * 2);
    const both = derived('both', (_m, a) => a.get(base.value) + a.get(twice.value) + a.get(base.value));
    const a = analyse(shared());
    expect(a.get(both)).toBe(a.get(both));
    expect(base.calls).toHaveLength(1);
    expect(twice.calls).toHaveLength(1);
  });

  it('carries a value over to the next model when the edit left its inputs alone', () => {
    const model = shared();
    const byUsers = counted(
      (m) => new Set(m.users.map((u) => u.logon)),
      (m) => [m.users],
    );
    const before = analyse(model);
    const value = before.get(byUsers.value);
    const next = edited(model, ['exchange', 'connectors', 0, 'addressSpaces', 0, 'cost'], 7);
    expect(next.users).toBe(model.users);
    const after = analyse(next, before);
    expect(after.get(byUsers.value)).toBe(value);
    expect(byUsers.calls).toEqual([model]);
  });

  it('computes a value again when the edit replaced one of its inputs', () => {
    const model = shared();
    const byUsers = counted(
      (m) => m.users.map((u) => u.displayName),
      (m) => [m.users],
    );
    const before = analyse(model);
    const value = before.get(byUsers.value);
    const next = edited(model, ['users', 0, 'displayName'], 'Someone Else');
    const after = analyse(next, before);
    const again = after.get(byUsers.value);
    expect(again).not.toBe(value);
    expect(again[0]).toBe('Someone Else');
    expect(byUsers.calls).toEqual([model, next]);
  });

  it('never carries over a value of the whole model (no inputs named)', () => {
    const model = shared();
    const whole = counted((m) => ({ connectors: m.exchange.connectors.length }));
    const before = analyse(model);
    before.get(whole.value);
    const after = analyse(edited(model, ['exchange', 'connectors', 0, 'addressSpaces', 0, 'cost'], 9), before);
    after.get(whole.value);
    expect(whole.calls).toHaveLength(2);
  });

  it('keeps the analyses of the last models only, each made from those kept', () => {
    const model = shared();
    const byUsers = counted(
      (m) => m.users.length,
      (m) => [m.users],
    );
    analysisOf(model).get(byUsers.value);
    let current = model;
    for (let i = 0; i < 6; i++) {
      current = edited(current, ['exchange', 'connectors', 0, 'addressSpaces', 0, 'cost'], 10 + i);
      analysisOf(current).get(byUsers.value);
    }
    // Carried over from model to model through every edit: computed once.
    expect(byUsers.calls).toEqual([model]);
    expect(keptAnalysis(current)).toBe(analysisOf(current));
    expect(keptAnalysis(model)).toBeUndefined();
  });
});

describe("the directory's parts across an edit", () => {
  it('an edit of a policy flag reuses the index of the users and the stamped addresses; an edit of a user does not', () => {
    const model = shared();
    const dir = directoryOf(model);
    const address = [...dir.recipients.keys()][0]!;
    const entry = dir.recipients.get(address);

    const flagged = edited(
      model,
      ['exchange', 'recipientPolicies', 0, 'addresses', 0, 'responsible'],
      !model.exchange.recipientPolicies[0]!.addresses[0]!.responsible,
    );
    const next = directoryOf(flagged);
    expect(next).not.toBe(dir);
    expect(next.recipients).toBe(dir.recipients);
    expect(next.recipients.get(address)).toBe(entry);
    expect(analysisOf(flagged).computed()).toContain('directory.recipients');

    const renamed = edited(flagged, ['users', 0, 'displayName'], 'Renamed');
    const third = directoryOf(renamed);
    expect(third.recipients).not.toBe(dir.recipients);
    expect([...third.recipients.values()].some((r) => r.user.displayName === 'Renamed')).toBe(true);
  });

  it('an edit of the address generation rules stamps the addresses again', () => {
    const model = shared();
    const dir = directoryOf(model);
    const stamped = dir.recipients;
    const next = edited(model, ['exchange', 'recipientPolicies', 0, 'addresses', 0, 'address'], '@renamed.example');
    expect(next.users).toBe(model.users);
    const again = directoryOf(next).recipients;
    expect(again).not.toBe(stamped);
    expect([...again.keys()].some((a) => a.endsWith('@renamed.example'))).toBe(true);
  });
});
