// Address literals in routing (issue 11, the differential lab's random recipients): a "*" address space or a
// "*" remote domain covers a literal in routing as it already did in the relay check, and a POP3 server's
// Outbound Security applies to the literal's host as to any remote delivery.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/routing/simulate.js';
import { addEx02, separate } from '../helpers/model-fixtures.js';

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
