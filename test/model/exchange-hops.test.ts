// Issue 11, the lab's last known difference: one Exchange server of the organisation hands a message to another
// (a connector's smart host, "Forward all mail with unresolved recipients", an MX, a connector's bridgehead).
// Exchange 2000/2003 servers authenticate to each other with X-EXPS (their computer accounts), so the
// receiving virtual server relays for its peer when "Allow all computers which successfully authenticate to
// relay" is set (the default), else only by its relay list (docs/model.md, "Exchange to Exchange").
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/routing/simulate.js';
import type { Model } from '../../src/model/schema.js';
import { addEx02, separate } from '../helpers/model-fixtures.js';

const EX02 = (m: Model) => addEx02(m, { acceptsInternetMail: false });
const ex02Relay = (m: Model) => m.exchange.servers[1]!.smtpVirtualServers[0]!.relay;

/**
 * EX01's connector for example.org (EX01 its bridgehead) forwards to EX02. Connectors serve the whole
 * organisation, so EX02, once it has accepted the message, routes it by the same connector: back to EX01 (the
 * first arrival at EX01 came from its pickup directory, so the cycle starts at EX02).
 */
const smartHostIsEx02 = (change: (m: Model) => void = () => {}) =>
  separate((m) => {
    EX02(m);
    m.exchange.connectors.push({
      name: 'Partner',
      smartHosts: ['[10.0.0.11]'],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: 'example.org', cost: 1 }],
      allowRelay: false,
    });
    change(m);
  });
const fromEx01 = { recipient: 'someone@example.org', origin: { kind: 'server' as const, name: 'EX01' } };

describe('an Exchange server handing a message to another Exchange server of the organisation', () => {
  it('authenticates (X-EXPS): the other server relays for it with "Allow all computers which successfully authenticate to relay" set', () => {
    const t = simulate(smartHostIsEx02(), fromEx01);
    expect(t.verdict).toMatchObject({ kind: 'loop', cycle: ['EX02', 'EX01', 'EX02'] });
    expect(t.steps.some((s) => s.server === 'EX02' && /X-EXPS/.test(s.decision))).toBe(true);
  });

  it('with that box cleared on the receiving server and the sender not in its list: 5.7.1 at EX02, an NDR, blaming the box', () => {
    const t = simulate(
      smartHostIsEx02((m) => {
        ex02Relay(m).allowAuthenticated = false;
      }),
      fromEx01,
    );
    expect(t.verdict).toMatchObject({ kind: 'bounced', server: 'EX02', status: '5.7.1' });
    const refusal = t.steps.find((s) => s.server === 'EX02' && /Unable to relay/.test(s.decision));
    expect(refusal?.setting).toBe('exchange.servers[1].smtpVirtualServers[0].relay.allowAuthenticated');
  });

  it('with the box cleared but the sender in the relay list, the list lets it relay', () => {
    const t = simulate(
      smartHostIsEx02((m) => {
        Object.assign(ex02Relay(m), { allowAuthenticated: false, computers: ['10.0.0.10'] });
      }),
      fromEx01,
    );
    expect(t.verdict).toMatchObject({ kind: 'loop', cycle: ['EX02', 'EX01', 'EX02'] });
  });

  it('a POP3 server is no Exchange server: EX01 reaching POP01 is still unauthenticated (no X-EXPS on IIS SMTP)', () => {
    const m = smartHostIsEx02((x) => {
      x.exchange.connectors[1]!.smartHosts = ['[10.0.0.20]'];
    });
    expect(simulate(m, fromEx01).verdict).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.7.1' });
  });
});

describe("the hop to a connector's local bridgehead", () => {
  /** The POP3 connector runs on EX02 only (its relay box cleared); Bob's mailbox on EX01 sends to POP01's domain. */
  const bridgeheadEx02 = (change: (m: Model) => void = () => {}) =>
    separate((m) => {
      EX02(m);
      m.exchange.connectors[0]!.bridgeheads = ['EX02'];
      m.exchange.connectors[0]!.allowRelay = false;
      change(m);
    });
  const toPop = { recipient: 'alice@pop.contoso.com', origin: { kind: 'server' as const, name: 'EX01' } };

  it('is accepted because EX01 authenticates and the bridgehead lets authenticated computers relay', () => {
    const t = simulate(bridgeheadEx02(), toPop);
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'pop3', server: 'POP01' });
    expect(t.steps.some((s) => s.server === 'EX02' && /X-EXPS/.test(s.decision))).toBe(true);
  });

  it('is refused (NDR 5.7.1 from EX02) when the bridgehead neither lets authenticated computers relay nor lists EX01', () => {
    expect(
      simulate(
        bridgeheadEx02((m) => {
          ex02Relay(m).allowAuthenticated = false;
        }),
        toPop,
      ).verdict,
    ).toMatchObject({
      kind: 'bounced',
      server: 'EX02',
      status: '5.7.1',
    });
  });

  it("is accepted there by the connector's relay box, which the bridgehead honours", () => {
    const m = bridgeheadEx02((x) => {
      ex02Relay(x).allowAuthenticated = false;
      x.exchange.connectors[0]!.allowRelay = true;
    });
    expect(simulate(m, toPop).verdict).toMatchObject({ kind: 'delivered', system: 'pop3', server: 'POP01' });
  });
});
