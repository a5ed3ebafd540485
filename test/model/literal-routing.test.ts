// Address literals in routing (issue 11, the differential lab's random recipients): a "*" address space or a
// "*" remote domain covers a literal in routing as it already did in the relay check, and a POP3 server's
// Outbound Security applies to the literal's host as to any remote delivery.
import { describe, expect, it } from 'vitest';
import { describeVerdict } from '../../src/model/routing/flows.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { addEx02, separate, shared } from '../helpers/model-fixtures.js';

describe("an address literal that is not the server's own", () => {
  it('leaves Exchange through a "*" connector, as any domain does (not straight to the address)', () => {
    const m = separate((x) => {
      x.exchange.connectors.push({
        name: 'Everything',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
        allowRelay: false,
      });
    });
    const t = simulate(m, { recipient: 'someone@[198.51.100.7]', origin: { kind: 'server', name: 'EX01' } });
    expect(t.steps.some((s) => s.server === 'EX01' && /connector "Everything"/.test(s.decision))).toBe(true);
    // POP01 does not relay for EX01 (not in its list, no Outbound Security towards it): an NDR from POP01.
    expect(t.verdict).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.7.1' });
  });

  it('leaves a POP3 server through its "*" remote domain\'s smart host', () => {
    const m = separate((x) => {
      const smtp = x.pop3.servers[0]!.smtp;
      delete smtp.smartHost;
      smtp.remoteDomains.push({ name: '*', allowRelay: false, smartHost: '[10.0.0.10]' });
    });
    const t = simulate(m, { recipient: 'someone@[198.51.100.7]', origin: { kind: 'server', name: 'POP01' } });
    expect(t.steps.some((s) => s.server === 'POP01' && /remote domain \*/.test(s.decision))).toBe(true);
  });

  it('is reached by a POP3 server with its Outbound Security, as every remote delivery is', () => {
    const m = separate((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = [];
      const smtp = x.pop3.servers[0]!.smtp;
      delete smtp.smartHost;
      smtp.remoteDomains = [];
      smtp.outboundSecurity = { mode: 'integrated', account: 'NWTRADERS\\svc-pop', passwordNeverExpires: true, secret: 'env:POP_RELAY' };
    });
    // EX01's literal: POP01 authenticates, so EX01 treats it as its own literal (local, no mailbox: 5.1.1).
    const t = simulate(m, { recipient: 'someone@[10.0.0.10]', origin: { kind: 'server', name: 'POP01' } });
    expect(t.verdict).toMatchObject({ kind: 'bounced', server: 'EX01', status: '5.1.1' });
    expect(t.steps.some((s) => s.server === 'EX01' && /authenticated/.test(s.decision))).toBe(true);
  });
});

describe("a bridgehead's own address literal", () => {
  it('is local on the bridgehead that a "*" connector hands it to: NDR 5.1.1 there, not sent on (seed 4242 model 42)', () => {
    const m = separate((x) => {
      addEx02(x);
      x.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*', cost: 1 }];
      x.exchange.connectors[0]!.bridgeheads = ['EX02'];
    });
    const t = simulate(m, { recipient: 'nobody@[10.0.0.11]', origin: { kind: 'server', name: 'EX01' } });
    expect(t.verdict).toMatchObject({ kind: 'bounced', server: 'EX02', status: '5.1.1' });
  });
});

describe('from the Internet, a recipient no MX record names says why by what it names', () => {
  const internet = (recipient: string) => simulate(separate(), { recipient, origin: { kind: 'internet' } });

  it("an address literal of the organisation's own server: no DNS look-up, no route in (not 'has no MX record')", () => {
    const t = internet('x@[10.0.0.20]');
    expect(t.verdict).toMatchObject({ kind: 'unreachable', domain: '[10.0.0.20]', status: '5.4.4' });
    expect(t.verdict.kind === 'unreachable' && t.verdict.text).toBe(
      '[10.0.0.20] is an address of this organisation with no route from the Internet (no MX): not reachable from the Internet',
    );
    expect(t.steps[0]!.decision).toMatch(
      /^\[10\.0\.0\.20\] is the address of a server of this organisation \(an address literal: no DNS look-up\)/,
    );
    expect(describeVerdict(t.verdict)).toBe('not reachable from the Internet (no route to [10.0.0.20])');
  });

  it('an address with no domain names nothing to look up', () => {
    const t = internet('postmaster');
    expect(t.verdict).toMatchObject({
      kind: 'unreachable',
      domain: '',
      text: 'the address names no domain: not reachable from the Internet',
    });
    expect(describeVerdict(t.verdict)).toBe('not reachable from the Internet (the address names no domain)');
  });

  it("another host's address literal goes to that host, and the step says so rather than 'no MX record'", () => {
    const t = internet('x@[192.0.2.7]');
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    expect(t.steps[0]!.decision).toBe(
      '[192.0.2.7] is not an address of this organisation (an address literal: no DNS look-up): the message goes to that host and never reaches this organisation',
    );
  });

  it('a domain of the organisation without an MX record keeps its words', () => {
    const t = simulate(shared(), { recipient: 'x@pop.northwindtraders.com', origin: { kind: 'internet' } });
    expect(t.verdict).toMatchObject({
      kind: 'unreachable',
      text: 'pop.northwindtraders.com has no MX record: not reachable from the Internet',
    });
  });
});
