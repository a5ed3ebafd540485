// The pop3 role's transport and relay_domains for IIS remote domains, against the preview (issue 11). IIS picks
// the most specific remote domain; "*.x" covers the subdomains of x, not x itself (docs/model.md). Postfix looks
// up exact keys, then ".parent" keys, then "*", then relayhost: every place the two orders differ needs an entry.
// The differential lab proves these with real Postfix (seed 4242 model 13, seed 7 model 15); these pin the values.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/model/routing/simulate.js';
import type { Model } from '../../../src/model/schema.js';
import { shared } from '../../helpers/model-fixtures.js';
import { desiredFor, TEST_OPTIONS } from './desired-for.js';

const pop3 = (model: Model) => desiredFor(model, 'POP01', 'pop3', { ...TEST_OPTIONS, internetRelay: '[192.0.2.99]' });
type Remote = Model['pop3']['servers'][number]['smtp']['remoteDomains'][number];
const withRemotes = (remotes: Remote[], change: (m: Model) => void = () => {}) =>
  shared((m) => {
    m.pop3.servers[0]!.smtp.remoteDomains = remotes;
    m.pop3.servers[0]!.smtp.outboundSecurity = { mode: 'anonymous', passwordNeverExpires: false };
    change(m);
  });
const fromPop01 = (m: Model, recipient: string) => simulate(m, { recipient, origin: { kind: 'server', name: 'POP01' } });
const fromInternet = (m: Model, recipient: string) => simulate(m, { recipient, origin: { kind: 'internet' }, via: 'POP01' });
/** The setting behind POP01's routing decision in the preview. */
const routedBy = (m: Model, recipient: string) =>
  fromPop01(m, recipient).steps.find((s) => s.server === 'POP01' && (s.component === 'Routing' || s.component === 'DNS'))?.setting;

describe('pop3 role: an exact remote domain without a smart host next to a wider one with a smart host', () => {
  it('"partner.example" (no smart host) under "*" (smart host EX01) follows the virtual server smart host, as IIS does', () => {
    const m = withRemotes(
      [
        { name: 'partner.example', allowRelay: true },
        { name: '*', allowRelay: false, smartHost: '[10.0.0.10]' },
      ],
      (x) => {
        x.pop3.servers[0]!.smtp.smartHost = '[10.0.0.99]';
      },
    );
    const { params, transport } = pop3(m);
    expect(params.get('relayhost')).toBe('[10.0.0.10]');
    // The old mapping wrote nothing for partner.example, so Postfix sent it to the "*" smart host (relayhost).
    expect(transport.get('partner.example')).toBe('smtp:[10.0.0.99]');
    expect(routedBy(m, 'bob@partner.example')).toBe('pop3.servers[0].smtp.smartHost');
  });

  it('without a virtual server smart host it goes by DNS: the Internet (here the lab relay), not the wider smart host', () => {
    const m = withRemotes(
      [
        { name: 'eu.partners.example', allowRelay: true },
        { name: '*.partners.example', allowRelay: true, smartHost: '[10.0.0.10]' },
      ],
      (x) => {
        x.pop3.servers[0]!.smtp.smartHost = undefined;
      },
    );
    const { transport } = pop3(m);
    expect(transport.get('.partners.example')).toBe('smtp:[10.0.0.10]');
    expect(transport.get('eu.partners.example')).toBe('smtp:[192.0.2.99]');
    expect(fromPop01(m, 'bob@eu.partners.example').verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    expect(routedBy(m, 'bob@us.partners.example')).toBe('pop3.servers[0].smtp.remoteDomains[1].smartHost');
  });

  it('an MX of the model for the exact domain still wins over the wider smart host when DNS is the route', () => {
    const m = withRemotes(
      [
        { name: 'partner.example', allowRelay: false },
        { name: '*', allowRelay: false, smartHost: '[10.0.0.10]' },
      ],
      (x) => {
        x.pop3.servers[0]!.smtp.smartHost = undefined;
        x.dns.mx['partner.example'] = 'EX01';
        // Another server's literal is covered by "*": it goes to the "*" smart host, not straight to that server.
      },
    );
    const { transport } = pop3(m);
    expect(transport.get('partner.example')).toBe('smtp:[10.0.0.10]');
    expect(transport.has('[10.0.0.10]')).toBe(false);
    expect(routedBy(m, 'bob@partner.example')).toBe('dns.mx["partner.example"]');
    expect(routedBy(m, 'bob@[10.0.0.10]')).toBe('pop3.servers[0].smtp.remoteDomains[1].smartHost');
  });
});

describe('pop3 role: a remote domain "*.x" covers the subdomains of x, not x itself (IIS)', () => {
  it('writes only the ".x" key for transport and relay_domains', () => {
    const m = withRemotes([
      { name: 'northwindtraders.com', allowRelay: true, smartHost: '[10.0.0.10]' },
      { name: '*.partner.example', allowRelay: true, smartHost: '[10.0.0.11]' },
    ]);
    const { params, transport } = pop3(m);
    expect(transport.get('.partner.example')).toBe('smtp:[10.0.0.11]');
    // The old mapping wrote "partner.example" too: relayed and routed where IIS refuses it.
    expect(transport.has('partner.example')).toBe(false);
    expect(params.get('relay_domains')).toBe('northwindtraders.com, .partner.example');
    expect(fromInternet(m, 'bob@partner.example').verdict).toMatchObject({ kind: 'rejected', server: 'POP01', status: '5.7.1' });
    expect(fromInternet(m, 'bob@eu.partner.example').verdict).toMatchObject({ kind: 'relayed', server: 'POP01' });
  });

  it('a remote domain that does not relay under a wider one that does is excluded, most specific first', () => {
    const m = withRemotes([
      { name: '*', allowRelay: true },
      { name: '*.partner.example', allowRelay: false },
      { name: 'in.partner.example', allowRelay: true },
      { name: 'closed.example', allowRelay: false },
    ]);
    const { params } = pop3(m);
    // The old mapping left "*.partner.example" out of the exclusions: Postfix relayed its subdomains under "*".
    expect(params.get('relay_domains')).toBe('in.partner.example, !closed.example, !.partner.example, static:ALL');
    expect(fromInternet(m, 'bob@eu.partner.example').verdict).toMatchObject({ kind: 'rejected', status: '5.7.1' });
    expect(fromInternet(m, 'bob@in.partner.example').verdict.kind).not.toBe('rejected');
  });
});
