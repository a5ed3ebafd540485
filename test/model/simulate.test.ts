import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/routing/simulate.js';
import { relayProbeRecipients, runFlows, standardFlows } from '../../src/model/routing/flows.js';
import { loopModel, separate, shared, wildcardRelayModel } from '../helpers/model-fixtures.js';

describe("the seed's main case: alice through the shared domain", () => {
  it("is delivered to her POP3 mailbox through the categorizer and the POP3 connector's smart host", () => {
    const t = simulate(shared(), { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict).toEqual({ kind: 'delivered', system: 'pop3', server: 'POP01', mailbox: 'alice@pop.northwindtraders.com' });
    const categorizer = t.steps.find((s) => s.component === 'Categorizer')!;
    expect(categorizer.server).toBe('EX01');
    expect(categorizer.decision).toMatch(/secondary proxy address of mail-enabled user Alice Martin/);
    expect(categorizer.decision).toMatch(/target address alice@pop\.northwindtraders\.com/);
    expect(categorizer.setting).toBe('users[0].externalAddress');
    expect(t.steps.some((s) => s.setting === 'exchange.connectors[0].smartHosts[0]' && /POP01/.test(s.decision))).toBe(true);
    expect(t.steps.at(-1)).toMatchObject({ server: 'POP01', component: 'POP3 store', setting: 'pop3.servers[0].domains[0].mailboxes[0]' });
  });
  it('names the server, component, decision and setting on every step', () => {
    const t = simulate(shared(), { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } });
    for (const s of t.steps) {
      expect(s.server).toBeTruthy();
      expect(s.component).toBeTruthy();
      expect(s.decision.length).toBeGreaterThan(10);
    }
  });
  it('is deterministic', () => {
    const m = shared();
    const msg = { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' as const } };
    expect(simulate(m, msg)).toEqual(simulate(m, msg));
  });
});

describe('verdicts', () => {
  it('delivered to an Exchange mailbox', () => {
    expect(simulate(shared(), { recipient: 'bob@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toEqual({
      kind: 'delivered',
      system: 'exchange',
      server: 'EX01',
      mailbox: 'bob@northwindtraders.com',
    });
  });
  it('delivered to the Internet for an authenticated POP3 client', () => {
    const t = simulate(shared(), { recipient: 'partner@example.com', origin: { kind: 'user', logon: 'alice' } });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    expect(t.steps.some((s) => s.setting === 'exchange.servers[0].smtpVirtualServers[0].relay.allowAuthenticated')).toBe(true);
  });
  it('rejected at RCPT when relaying is not allowed', () => {
    expect(
      simulate(shared(), { recipient: 'partner@example.com', origin: { kind: 'user', logon: 'alice' }, authenticated: false }).verdict,
    ).toMatchObject({ kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1' });
  });
  it('rejected with 501 5.1.3 when the address does not parse', () => {
    expect(simulate(shared(), { recipient: 'alice@@', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'rejected',
      code: 501,
      status: '5.1.3',
    });
  });
  it('bounced 5.1.1 for an unknown user of a domain Exchange is responsible for', () => {
    expect(simulate(shared(), { recipient: 'nobody@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'EX01',
      status: '5.1.1',
    });
  });
  it('bounced 5.1.1 at the POP3 server for an unknown mailbox of its local domain (never forwarded)', () => {
    expect(simulate(separate(), { recipient: 'nobody@pop.contoso.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'POP01',
      status: '5.1.1',
    });
  });
  it("bounced 5.4.6 when a mail-enabled user's target is in a domain Exchange is responsible for", () => {
    const m = shared((x) => {
      x.exchange.recipientPolicies[1]!.addresses[0]!.responsible = true;
    });
    expect(simulate(m, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'bounced',
      status: '5.4.6',
    });
  });
  it('bounced 4.4.7 when the smart host reaches no server of the model', () => {
    const m = shared((x) => {
      x.exchange.connectors[0]!.smartHosts = ['[10.0.0.99]'];
    });
    const t = simulate(m, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict).toMatchObject({ kind: 'bounced', status: '4.4.7', server: 'EX01' });
  });
  it('bounced 5.4.8 when the smart host is the server itself', () => {
    const m = shared((x) => {
      x.exchange.connectors[0]!.smartHosts = ['ex01.northwindtraders.com'];
    });
    expect(simulate(m, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'bounced',
      status: '5.4.8',
    });
  });
  it('bounced 5.4.0 for a non-authoritative domain with no connector and no MX', () => {
    const m = shared((x) => {
      x.exchange.connectors = [];
    });
    expect(simulate(m, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'bounced',
      status: '5.4.0',
    });
  });
  it('loop: both systems own northwindtraders.com, with the cycle and the hop limit that ends it', () => {
    const t = simulate(loopModel(), { recipient: 'nobody@northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict.kind).toBe('loop');
    if (t.verdict.kind !== 'loop') return;
    expect(t.verdict.cycle).toEqual(['EX01', 'POP01', 'EX01']);
    expect(t.verdict.server).toBe('POP01');
    expect(t.verdict.hopLimit).toBe(15);
    expect(t.verdict.hops).toBeGreaterThan(15);
    expect(t.steps.at(-1)!.setting).toBe('pop3.servers[0].maxHopCount');
  });
  it('loop: the smaller hop limit trips first', () => {
    const m = loopModel();
    m.pop3.servers[0]!.maxHopCount = 100;
    const t = simulate(m, { recipient: 'nobody@northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict).toMatchObject({ kind: 'loop', server: 'EX01', hopLimit: 30 });
  });
  it('a known user still reaches the POP3 mailbox in the loop model (only unknown users loop)', () => {
    expect(simulate(loopModel(), { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'pop3',
    });
  });
});

describe('open relay through a * address space', () => {
  it('relays Internet mail for a foreign domain, and the preview says which setting allowed it', () => {
    const t = simulate(wildcardRelayModel(), { recipient: 'victim@example.org', origin: { kind: 'internet' }, via: 'EX01' });
    expect(t.verdict).toMatchObject({
      kind: 'relayed',
      server: 'EX01',
      setting: 'exchange.connectors[1].allowRelay',
      outcome: { kind: 'delivered', system: 'internet', mailbox: 'victim@example.org' },
    });
    expect(t.steps.some((s) => s.setting === 'exchange.connectors[1].allowRelay' && /Allow messages to be relayed/.test(s.decision))).toBe(
      true,
    );
  });
});

describe('the classic relay probes from an unauthorised Internet client', () => {
  for (const [name, model] of [
    ['shared-domain', shared()],
    ['separate-domains', separate()],
  ] as const) {
    for (const server of [...model.exchange.servers, ...model.pop3.servers]) {
      for (const probe of relayProbeRecipients(server, 'northwindtraders.com')) {
        it(`${name}: ${probe.id} at ${server.name} (${probe.family}) is rejected`, () => {
          const t = simulate(model, {
            recipient: probe.rcpt,
            origin: { kind: 'internet' },
            via: server.name,
            sender: '<antispam@example.net>',
          });
          expect(t.verdict).toMatchObject({ kind: 'rejected', server: server.name });
        });
      }
    }
  }
  it('the same foreign recipient from an authenticated POP3 client is relayed to the Internet', () => {
    expect(
      simulate(shared(), { recipient: '<relaytest@example.org>', origin: { kind: 'user', logon: 'alice' }, authenticated: true }).verdict,
    ).toMatchObject({ kind: 'delivered', system: 'internet', mailbox: 'relaytest@example.org' });
  });
  it('a routed address through our domain is judged by its final destination', () => {
    const t = simulate(shared(), { recipient: '<relaytest%example.org@northwindtraders.com>', origin: { kind: 'internet' } });
    expect(t.verdict).toMatchObject({ kind: 'rejected', status: '5.7.1' });
    expect(t.finalRecipient).toBe('relaytest@example.org');
    expect(t.routed).toBe(true);
  });
  it('a routed address whose every hop is ours is delivered to its final destination', () => {
    expect(
      simulate(shared(), { recipient: '<bob%northwindtraders.com@northwindtraders.com>', origin: { kind: 'internet' } }).verdict,
    ).toMatchObject({ kind: 'delivered', system: 'exchange', mailbox: 'bob@northwindtraders.com' });
  });
  it('relay list "All except the list below" lets an Internet client relay', () => {
    const m = shared((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.mode = 'all-except-list';
    });
    expect(simulate(m, { recipient: 'relaytest@example.org', origin: { kind: 'internet' }, via: 'EX01' }).verdict).toMatchObject({
      kind: 'relayed',
      setting: 'exchange.servers[0].smtpVirtualServers[0].relay.mode',
      outcome: { kind: 'delivered', system: 'internet' },
    });
  });
  it("the POP3 server's IP in Exchange's relay list lets it relay without Outbound Security", () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.outboundSecurity = { mode: 'anonymous', passwordNeverExpires: false };
    });
    const t = simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    expect(t.steps.some((s) => s.setting === 'exchange.servers[0].smtpVirtualServers[0].relay.computers[0]')).toBe(true);
  });
  it('without either method the POP3 server cannot relay through Exchange', () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.outboundSecurity = { mode: 'anonymous', passwordNeverExpires: false };
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = [];
    });
    // POP01 took it from its pickup directory: Exchange's refusal comes back to POP01 as an NDR.
    expect(simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'EX01',
      status: '5.7.1',
    });
  });
});

describe('the flow matrix', () => {
  for (const [name, model] of [
    ['shared-domain', shared()],
    ['separate-domains', separate()],
  ] as const) {
    it(`${name}: every standard flow ends where the seed intends`, () => {
      const results = runFlows(model);
      expect(results.length).toBeGreaterThan(20);
      expect(results.filter((r) => !r.pass).map((r) => r.flow.id)).toEqual([]);
    });
  }
  it("covers the seed's standard flows", () => {
    const ids = standardFlows(shared()).map((f) => f.id);
    for (const id of [
      'internet-to-pop3-user',
      'internet-to-exchange-user',
      'internet-to-unknown-user',
      'pop3-client-to-internet-auth',
      'pop3-client-to-internet-noauth',
      'pop3-user-to-exchange-user',
      'exchange-user-to-pop3-user',
    ]) {
      expect(ids).toContain(id);
    }
  });
  it('fails the unknown-user flow in the loop model', () => {
    const failed = runFlows(loopModel())
      .filter((r) => !r.pass)
      .map((r) => r.flow.id);
    expect(failed).toContain('internet-to-unknown-user');
  });
});
