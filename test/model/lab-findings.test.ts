// Simulator fixes found by the differential lab (issue 11): each is a row where real Postfix, configured by
// the postfix-dovecot adapter from a generated model, disagreed with the preview, and the preview was wrong.
// test/lab/README.md lists the seed and model of each.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/routing/simulate.js';
import { separate, shared } from '../helpers/model-fixtures.js';

describe("mail dropped in a server's pickup directory", () => {
  it('is sent on without the relay check on a POP3 server that offers no authentication (seed 20261203, model 2)', () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.requireAuthentication = false;
    });
    const t = simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    expect(t.steps.some((s) => s.server === 'POP01' && /pickup directory/.test(s.decision))).toBe(true);
  });

  it('is sent on without the relay check on an Exchange server that does not let authenticated computers relay', () => {
    const m = separate((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.allowAuthenticated = false;
    });
    expect(simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'EX01' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'internet',
    });
    // A client of that server is still refused.
    expect(simulate(m, { recipient: 'partner@example.com', origin: { kind: 'internet' }, via: 'EX01' }).verdict).toMatchObject({
      kind: 'rejected',
      server: 'EX01',
    });
  });
});

describe('a user who is not mail-enabled (neither a mailbox nor an external address)', () => {
  it('has no address of a recipient policy: mail for it in a non-authoritative domain is routed on (seed 20261203, models 2 and 4)', () => {
    // The Default Policy also names the POP3 domain, not authoritative; alice is a plain POP3 user.
    const m = separate((x) => {
      x.exchange.recipientPolicies[0]!.addresses.push({ type: 'SMTP', address: '@pop.contoso.com', primary: false, responsible: false });
    });
    const t = simulate(m, { recipient: 'alice@pop.contoso.com', origin: { kind: 'internet' } });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'pop3', server: 'POP01', mailbox: 'alice@pop.contoso.com' });
    expect(t.steps.some((s) => /not mail-enabled/.test(s.decision))).toBe(true);
  });

  it('and in an authoritative domain it is an unknown recipient (5.1.1), as before', () => {
    expect(simulate(separate(), { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'EX01',
      status: '5.1.1',
    });
  });
});

describe('a message that comes back to the server it was dropped on', () => {
  it('is judged again over SMTP (the pickup directory skipped the relay check; the second arrival does not): refused, not a loop (seed 20261203, models 4 and 5)', () => {
    // POP01 sends everything to EX01; EX01's connector "*" sends it back to POP01, whose relay list is empty.
    const relayingFor = (computers: string[]) =>
      separate((x) => {
        x.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*', cost: 1 }];
        x.pop3.servers[0]!.smtp.relay = { mode: 'only-list', computers, allowAuthenticated: false };
      });
    const fromPop01 = { recipient: 'partner@example.com', origin: { kind: 'server' as const, name: 'POP01' } };
    expect(simulate(relayingFor([]), fromPop01).verdict).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.7.1' });
    // When POP01 does relay for EX01, the same route is a loop.
    expect(simulate(relayingFor(['10.0.0.10']), fromPop01).verdict).toMatchObject({ kind: 'loop', cycle: ['EX01', 'POP01', 'EX01'] });
  });
});

describe('a message that comes back to a server it went through', () => {
  // Seed 4242 model 42: POP03 > POP02 (authenticated) > POP01 > EX02 > "*" connector > POP02, which refuses
  // EX02 (not in its relay list, no authentication towards a POP3 server): an NDR 5.7.1, not a loop.
  const cameBack = (popRelaysForEx01: boolean) =>
    separate((x) => {
      x.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*', cost: 1 }];
      x.pop3.servers[0]!.smtp.relay = { mode: 'only-list', computers: popRelaysForEx01 ? ['10.0.0.10'] : [], allowAuthenticated: true };
      x.clients[0]!.outgoing.server = 'pop01.contoso.com';
    });
  const fromAlice = { recipient: 'partner@example.com', origin: { kind: 'user' as const, logon: 'alice' }, authenticated: true };

  it('is judged again there: a refusal from the new peer ends it with an NDR, not a loop', () => {
    const t = simulate(cameBack(false), fromAlice);
    expect(t.verdict).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.7.1' });
    expect(t.steps.some((s) => /came back/.test(s.decision))).toBe(false);
  });

  it('is a loop when the server takes it again', () => {
    expect(simulate(cameBack(true), fromAlice).verdict).toMatchObject({ kind: 'loop', cycle: ['POP01', 'EX01', 'POP01'] });
  });
});
