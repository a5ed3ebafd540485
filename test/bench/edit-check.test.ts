// applyEdit checks only the parts an edit replaced once a model is known to be valid (the benchmark's
// keystroke-to-frame fix for large organisations): it must refuse exactly what the full check refuses.
import { describe, expect, it } from 'vitest';
import { applyEdit, type Edit } from '../../src/model/edits/apply.js';
import { checkModel } from '../../src/model/check.js';
import type { Model } from '../../src/model/schema.js';
import { syntheticModel } from '../../bench/org.js';

const setUser =
  (i: number, patch: Record<string, unknown>): Edit =>
  (m) => ({ ...m, users: m.users.map((u, j) => (j === i ? ({ ...u, ...patch } as never) : u)) });

function validAfterOneEdit(): Model {
  const first = applyEdit(syntheticModel(300), setUser(0, { displayName: 'Renamed Once' }));
  if (!first.ok) throw new Error('the first edit should be accepted');
  return first.model;
}

function expectRefusedLikeFullCheck(model: Model, edit: Edit) {
  const r = applyEdit(model, edit);
  const full = checkModel(edit(model));
  expect(full.ok).toBe(false);
  expect(r.ok).toBe(false);
  if (!r.ok && !full.ok) expect(r.problems).toEqual(full.problems);
}

describe('applyEdit after a valid edit', () => {
  it('accepts a valid edit and keeps the untouched parts as the same objects', () => {
    const m = validAfterOneEdit();
    const r = applyEdit(m, setUser(5, { displayName: 'Renamed Twice' }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.model.users[5]!.displayName).toBe('Renamed Twice');
      expect(r.model.exchange).toBe(m.exchange);
      expect(r.model.users[4]).toBe(m.users[4]);
    }
  });

  it("refuses a schema problem in an edited user, with the full check's problems", () => {
    expectRefusedLikeFullCheck(validAfterOneEdit(), setUser(7, { logon: 'not a logon!' }));
  });

  it('refuses a broken cross-reference (mailbox on a server that does not exist)', () => {
    const m = validAfterOneEdit();
    const i = m.users.findIndex((u) => u.kind === 'exchange');
    expectRefusedLikeFullCheck(m, setUser(i, { mailboxServer: 'EX99' }));
  });

  it('refuses a schema problem in an edited section (connector cost out of range)', () => {
    expectRefusedLikeFullCheck(validAfterOneEdit(), (m) => ({
      ...m,
      exchange: {
        ...m.exchange,
        connectors: m.exchange.connectors.map((c, j) => (j === 3 ? { ...c, addressSpaces: [{ ...c.addressSpaces[0]!, cost: 500 }] } : c)),
      },
    }));
  });

  it('refuses an unknown top-level field and a duplicate logon', () => {
    const m = validAfterOneEdit();
    expectRefusedLikeFullCheck(m, (x) => ({ ...x, extra: true }) as never);
    expectRefusedLikeFullCheck(m, (x) => ({ ...x, users: [...x.users, { ...x.users[0]! }] }));
  });
});
