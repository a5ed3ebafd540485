// Issue 11, "Simulator semantics to fix": each describe is one class of bug, each model one member of it.
// Sources: /work/shared/docs/exchange-semantics.md and the seed (docs/model.md cites them per behaviour).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/routing/simulate.js';
import { describeVerdict, runFlows } from '../../src/model/routing/flows.js';
import { validate } from '../../src/model/rules/index.js';
import type { Model } from '../../src/model/schema.js';
import { addEx02, separate, shared } from '../helpers/model-fixtures.js';

const EX02 = (m: Model, acceptsInternetMail = false) => addEx02(m, { acceptsInternetMail });

/** A connector for a partner's domain, relaying allowed, whose smart host (the POP3 server) refuses it. */
const orgRelayToPop = () =>
  shared((m) => {
    m.exchange.connectors.push({
      name: 'Partner',
      smartHosts: ['[10.0.0.20]'],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: 'example.org', cost: 1 }],
      allowRelay: true,
    });
  });

describe('1. acceptance is decided at the hop that receives the message', () => {
  it("an outsider's message EX01 accepts for a foreign domain is a relay, even when a later hop refuses it", () => {
    const t = simulate(orgRelayToPop(), { recipient: 'victim@example.org', origin: { kind: 'internet' }, via: 'EX01' });
    expect(t.verdict).toMatchObject({
      kind: 'relayed',
      server: 'EX01',
      setting: 'exchange.connectors[1].allowRelay',
      outcome: { kind: 'bounced', server: 'POP01', code: 550, status: '5.7.1' },
    });
    expect(describeVerdict(t.verdict)).toMatch(/^relayed by EX01 .*open relay.*then bounced 5\.7\.1 at POP01/);
    expect(t.steps.some((s) => s.server === 'EX01' && /non-delivery report/.test(s.decision))).toBe(true);
  });
  it('the relay check, the flow matrix and validate all see it', () => {
    const m = orgRelayToPop();
    const open = validate(m).filter((f) => f.rule === 'relay.open-simulated');
    expect(open.map((f) => f.path)).toContain('exchange.connectors[1].allowRelay');
    // What the findings pane shows: the acceptance is the relay, the later refusal is backscatter.
    expect(open[0]!.message).toMatch(/EX01 accepted mail for .*open relay.*5\.7\.1 at POP01.*backscatter/);
    const probe = runFlows(m).find((r) => r.flow.id === 'relay-probe-EX01-R02')!;
    expect(probe.pass).toBe(false);
  });
  it('an authenticated user whose accepted message is refused later gets an NDR (bounced), not a refusal', () => {
    const t = simulate(orgRelayToPop(), { recipient: 'partner@example.org', origin: { kind: 'user', logon: 'alice' } });
    expect(t.verdict).toMatchObject({ kind: 'bounced', server: 'POP01', code: 550, status: '5.7.1' });
  });
  it('a refusal by the first server stays a refusal (rejected), and a known local recipient is not a relay', () => {
    expect(simulate(shared(), { recipient: 'victim@example.org', origin: { kind: 'internet' }, via: 'EX01' }).verdict).toMatchObject({
      kind: 'rejected',
      server: 'EX01',
    });
    expect(simulate(orgRelayToPop(), { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'pop3',
    });
  });
  it('the mail leaving the POP3 server refused by Exchange is an NDR on the POP3 server, not a refusal', () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.outboundSecurity = { mode: 'anonymous', passwordNeverExpires: false };
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = [];
    });
    expect(simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'EX01',
      status: '5.7.1',
    });
  });
});

describe("2. only the connector's local bridgeheads accept its relay domains", () => {
  const twoServers = (bridgeheads: string[]) =>
    separate((m) => {
      EX02(m, true);
      m.exchange.connectors[0]!.bridgeheads = bridgeheads;
    });
  it("a non-bridgehead Exchange server refuses mail for the connector's relay domain (550 5.7.1)", () => {
    const t = simulate(twoServers(['EX01']), { recipient: 'alice@pop.contoso.com', origin: { kind: 'internet' }, via: 'EX02' });
    expect(t.verdict).toMatchObject({ kind: 'rejected', server: 'EX02', code: 550, status: '5.7.1' });
  });
  it('the bridgehead accepts it, and so does the other server once it is a bridgehead too', () => {
    expect(
      simulate(twoServers(['EX01']), { recipient: 'alice@pop.contoso.com', origin: { kind: 'internet' }, via: 'EX01' }).verdict,
    ).toMatchObject({ kind: 'delivered', system: 'pop3' });
    expect(
      simulate(twoServers(['EX01', 'EX02']), { recipient: 'alice@pop.contoso.com', origin: { kind: 'internet' }, via: 'EX02' }).verdict,
    ).toMatchObject({ kind: 'delivered', system: 'pop3' });
  });
  it('a domain another rule makes local is still accepted by a non-bridgehead (a non-authoritative policy domain)', () => {
    const m = shared((x) => {
      EX02(x, true);
      x.exchange.connectors[0]!.allowRelay = true;
    });
    expect(simulate(m, { recipient: 'alice@pop.northwindtraders.com', origin: { kind: 'internet' }, via: 'EX02' }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'pop3',
    });
  });
});

describe('3. a loop names every server on it', () => {
  it("a hop to the connector's bridgehead before the smart host is part of the cycle", () => {
    // The connector runs on EX02 and its smart host is EX01: EX01 -> EX02 -> EX01 -> ...
    const m = shared((x) => {
      EX02(x);
      x.exchange.connectors[0]!.bridgeheads = ['EX02'];
      x.exchange.connectors[0]!.smartHosts = ['[10.0.0.10]'];
    });
    const t = simulate(m, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict.kind).toBe('loop');
    if (t.verdict.kind !== 'loop') return;
    expect(new Set(t.verdict.cycle)).toEqual(new Set(['EX01', 'EX02']));
    expect(t.verdict.cycle[0]).toBe(t.verdict.cycle.at(-1));
    for (let i = 1; i < t.verdict.cycle.length; i++) expect(t.verdict.cycle[i]).not.toBe(t.verdict.cycle[i - 1]);
    expect(t.steps.some((s) => s.server === 'EX02' && s.component === 'SMTP receive')).toBe(true);
  });
});

describe('4. a domain the organisation owns but that has no MX is not reachable from the Internet', () => {
  it('the Exchange domain without an MX: unreachable, never delivered to the Internet', () => {
    const t = simulate(
      shared((x) => {
        x.dns.mx = {};
      }),
      { recipient: 'bob@northwindtraders.com', origin: { kind: 'internet' } },
    );
    expect(t.verdict).toMatchObject({ kind: 'unreachable', server: 'Internet', domain: 'northwindtraders.com' });
    expect(describeVerdict(t.verdict)).toMatch(/not reachable from the Internet/);
  });
  it('the POP3 routing domain without an MX: unreachable', () => {
    const t = simulate(shared(), { recipient: 'alice@pop.northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict).toMatchObject({ kind: 'unreachable', domain: 'pop.northwindtraders.com' });
  });
  it('a foreign domain without an MX in the model still goes to the Internet', () => {
    expect(simulate(shared(), { recipient: 'someone@example.net', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'internet',
    });
  });
});

describe("5. a server's own address literal is handled the same way on every server type", () => {
  it('POP01 treats [its own IP] as local: no mailbox has it, NDR 5.1.1, as EX01 does; no loop', () => {
    const pop = simulate(shared(), { recipient: 'user@[10.0.0.20]', origin: { kind: 'internet' }, via: 'POP01' });
    const ex = simulate(shared(), { recipient: 'user@[10.0.0.10]', origin: { kind: 'internet' }, via: 'EX01' });
    expect(ex.verdict).toMatchObject({ kind: 'bounced', server: 'EX01', status: '5.1.1' });
    expect(pop.verdict).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.1.1' });
  });
  it("another server's literal is a relay target on both", () => {
    expect(simulate(shared(), { recipient: 'user@[10.0.0.10]', origin: { kind: 'internet' }, via: 'POP01' }).verdict).toMatchObject({
      kind: 'rejected',
      server: 'POP01',
      status: '5.7.1',
    });
    expect(simulate(shared(), { recipient: 'user@[10.0.0.20]', origin: { kind: 'internet' }, via: 'EX01' }).verdict).toMatchObject({
      kind: 'rejected',
      server: 'EX01',
      status: '5.7.1',
    });
  });
});

describe("6. Exchange 2003 MAPI submission does not pass the SMTP virtual server's relay check", () => {
  it('an Exchange mailbox user sends from Outlook to the Internet although the virtual server relays for nobody', () => {
    const m = shared((x) => {
      const r = x.exchange.servers[0]!.smtpVirtualServers[0]!.relay;
      r.allowAuthenticated = false;
      r.computers = [];
    });
    const t = simulate(m, { recipient: 'partner@example.com', origin: { kind: 'user', logon: 'bob' } });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    expect(t.steps.some((s) => s.component === 'SMTP receive' && /relay/i.test(s.decision))).toBe(false);
    expect(t.steps.some((s) => s.component === 'Categorizer' && /MAPI/.test(s.decision))).toBe(true);
  });
});
