// Source routes (<@a,@b:user@c>, relay probes R15-R17): the receiving server ignores the route and judges and
// sends to what remains (RFC 5321 3.3, RFC 2821 3.3 for the Windows SMTP service; reliability.md R15-R17), as
// Postfix does. The preview judged every domain of the route too and refused where the server relays to an
// allowed final domain (seed 4242 models 15 and 50 in the differential lab).
import { describe, expect, it } from 'vitest';
import { parseRecipient } from '../../src/model/address.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { separate, shared } from '../helpers/model-fixtures.js';

describe('a source route is ignored by the server that receives it', () => {
  it('is parsed apart from the path the relay check judges', () => {
    const r = parseRecipient('<@closed.example,@[10.0.0.20]:relaytest%partner.example@northwindtraders.com>');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.route).toEqual(['closed.example', '[10.0.0.20]']);
    expect(r.value.path).toEqual(['northwindtraders.com', 'partner.example']);
    expect(r.value.tricks).toEqual(['source-route', 'percent-hack']);
  });

  it('a POP3 server relays to a final domain it relays for, whatever domains the route names', () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.remoteDomains.push(
        { name: 'closed.example', allowRelay: false },
        { name: 'partner.example', allowRelay: true, smartHost: '[10.0.0.10]' },
      );
    });
    const t = simulate(m, {
      recipient: '<@closed.example,@pop01.northwindtraders.com:bob@partner.example>',
      origin: { kind: 'internet' },
      via: 'POP01',
    });
    // The old preview refused at RCPT TO (closed.example does not relay); Postfix, like IIS, answered 250.
    expect(t.verdict).toMatchObject({ kind: 'relayed', server: 'POP01', setting: 'pop3.servers[0].smtp.remoteDomains[2].allowRelay' });
  });

  it('and refuses a final domain it does not relay for, whatever domains the route names (R17)', () => {
    const m = shared();
    const t = simulate(m, {
      recipient: '<@northwindtraders.com,@pop.northwindtraders.com:relaytest@example.org>',
      origin: { kind: 'internet' },
      via: 'POP01',
    });
    expect(t.verdict).toMatchObject({ kind: 'rejected', server: 'POP01', status: '5.7.1' });
  });

  it('an Exchange server delivers to its own mailbox through a route naming a domain it would not relay to', () => {
    const m = separate();
    const t = simulate(m, { recipient: '<@closed.example:bob@northwindtraders.com>', origin: { kind: 'internet' }, via: 'EX01' });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'exchange', server: 'EX01' });
  });

  it("an Internet sender still looks up the route's first host, as a client that honours the route does", () => {
    const m = separate();
    const t = simulate(m, { recipient: '<@unknown-host.example:bob@northwindtraders.com>', origin: { kind: 'internet' } });
    expect(t.verdict.kind).toBe('delivered');
    expect(t.steps.some((s) => s.server === 'EX01')).toBe(false);
  });
});
