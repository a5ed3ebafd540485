// The pure edits the console uses: structural sharing, validation on accept, consistent cascades.
import { describe, expect, it } from 'vitest';
import { scenarioModel } from '../../src/model/scenarios.js';
import {
  addConnector,
  applyEdit,
  isPathPrefix,
  parsePath,
  removePolicyAddress,
  removeUser,
  setField,
  setPrimaryAddress,
  setUserKind,
  formatPath,
} from '../../src/model/edits/index.js';

describe('model edits', () => {
  it('copies only the objects on the path (structural sharing)', () => {
    const m = scenarioModel('shared-domain');
    const r = applyEdit(m, setField(['exchange', 'connectors', 0, 'smartHosts', 0], '[10.0.0.99]'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model).not.toBe(m);
    expect(r.model.users).toBe(m.users);
    expect(r.model.pop3).toBe(m.pop3);
    expect(r.model.exchange.servers).toBe(m.exchange.servers);
    expect(m.exchange.connectors[0]!.smartHosts).toEqual(['[10.0.0.20]']);
  });

  it('refuses an edit that breaks the schema or the integrity checks, with the path', () => {
    const m = scenarioModel('shared-domain');
    const bad = applyEdit(m, setField(['exchange', 'connectors', 0, 'addressSpaces', 0, 'cost'], 0));
    expect(bad).toEqual({ ok: false, problems: [{ path: 'exchange.connectors[0].addressSpaces[0].cost', message: 'must be 1 to 100' }] });
    const dup = applyEdit(m, addConnector('POP3 Connector', 'pop.contoso.com', undefined, 'EX01'));
    expect(dup.ok).toBe(false);
  });

  it('Set as Primary leaves exactly one primary; removing the primary promotes the first remaining address', () => {
    const m = scenarioModel('shared-domain');
    const a = setPrimaryAddress(1, 1)(m);
    expect(a.exchange.recipientPolicies[1]!.addresses.map((x) => x.primary)).toEqual([false, true]);
    const b = removePolicyAddress(1, 0)(m);
    expect(b.exchange.recipientPolicies[1]!.addresses).toEqual([
      { type: 'SMTP', address: '@northwindtraders.com', primary: true, responsible: true },
    ]);
  });

  it('removing a user removes its client accounts; changing kind keeps the user consistent', () => {
    const m = scenarioModel('shared-domain');
    const r = applyEdit(m, removeUser(0));
    expect(r.ok && r.model.clients.map((c) => c.user)).toEqual(['carl']);
    const k = applyEdit(m, setUserKind(2, 'pop3'));
    expect(k.ok && k.model.users[2]).toEqual({
      logon: 'bob',
      displayName: 'Bob Kelly',
      kind: 'pop3',
      externalAddress: 'bob@pop.northwindtraders.com',
    });
  });

  it('paths round-trip and prefixes respect segment boundaries', () => {
    for (const p of ['exchange.connectors[0].smartHosts[1]', 'dns.mx["northwindtraders.com"]', 'users[10].logon'])
      expect(formatPath(parsePath(p))).toBe(p);
    expect(isPathPrefix('users[1]', 'users[1].logon')).toBe(true);
    expect(isPathPrefix('users[1]', 'users[10].logon')).toBe(false);
  });
});
