// The gateway role's main.cf values that stand for Exchange routing decisions, checked against the preview's
// semantics (issue 11). The differential lab proves them with real Postfix; these pin the values.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/model/routing/simulate.js';
import type { Model } from '../../../src/model/schema.js';
import { addEx02, separate } from '../../helpers/model-fixtures.js';
import { desiredFor, TEST_OPTIONS } from './desired-for.js';

const gateway = (model: Model, server: string) => desiredFor(model, server, 'gateway');

const withEx02 = (change: (m: Model) => void = () => {}) =>
  separate((m) => {
    addEx02(m, { acceptsInternetMail: false });
    change(m);
  });

describe('Exchange servers of one organisation trust each other as X-EXPS does', () => {
  it('a server that lets authenticated computers relay trusts the other Exchange servers, bridgehead or not', () => {
    const m = withEx02();
    // EX02 is a bridgehead of nothing: the old mapping trusted peers only on a connector's bridgehead.
    expect(gateway(m, 'EX02').params.get('mynetworks')).toBe('10.0.0.10/32, 10.0.0.20/32');
    expect(gateway(m, 'EX01').params.get('mynetworks')).toBe('10.0.0.11/32, 10.0.0.20/32');
  });

  it('with "Allow all computers which successfully authenticate to relay" cleared, only its relay list counts, even on a bridgehead', () => {
    const m = withEx02((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.allowAuthenticated = false;
    });
    expect(gateway(m, 'EX01').params.get('mynetworks')).toBe('10.0.0.20/32');
    // The preview agrees: EX02's hop to the bridgehead EX01 is refused there (the connector does not relay).
    m.exchange.connectors[0]!.allowRelay = false;
    expect(simulate(m, { recipient: 'alice@pop.contoso.com', origin: { kind: 'server', name: 'EX02' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'EX01',
      status: '5.7.1',
    });
  });

  it('a peer excluded by "All except the list below" is still trusted when authenticated computers may relay (the box wins)', () => {
    const m = withEx02((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay = { mode: 'all-except-list', computers: ['10.0.0.11'], allowAuthenticated: true };
    });
    expect(gateway(m, 'EX01').params.get('mynetworks')).toBe('10.0.0.11/32, !10.0.0.11/32, 0.0.0.0/0, [::]/0');
  });
});

describe('a connector whose smart host is its own bridgehead', () => {
  const selfHosted = (space: string) =>
    separate((m) => {
      m.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: space, cost: 1 }];
      m.exchange.connectors[0]!.smartHosts = ['[10.0.0.10]'];
    });

  it('"*": every domain routed there gets NDR 5.4.8 (not a relayhost pointing at itself); its own domain stays local', () => {
    const m = selfHosted('*');
    const { params, transport } = gateway(m, 'EX01');
    expect(params.get('relayhost')).toBe('');
    expect(transport.get('*')).toMatch(/^error:5\.4\.8 /);
    expect(transport.get('northwindtraders.com')).toBe('virtual:');
    expect(simulate(m, { recipient: 'someone@example.org', origin: { kind: 'server', name: 'EX01' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'EX01',
      status: '5.4.8',
    });
  });

  it('an exact space: that domain gets NDR 5.4.8', () => {
    expect(gateway(selfHosted('pop.contoso.com'), 'EX01').transport.get('pop.contoso.com')).toMatch(/^error:5\.4\.8 /);
  });

  it('"*" routing by smart host wins over an MX record, as the connector does in the preview', () => {
    const m = separate((x) => {
      x.exchange.connectors.push({
        name: 'All',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
        allowRelay: false,
      });
      x.pop3.servers.push({
        ...structuredClone(x.pop3.servers[0]!),
        name: 'POP02',
        fqdn: 'pop02.northwindtraders.com',
        ip: '10.0.0.21',
        domains: [],
      });
      x.dns.mx['fabrikam.example'] = 'POP02';
    });
    expect(gateway(m, 'EX01').transport.has('fabrikam.example')).toBe(false);
    expect(simulate(m, { recipient: 'x@fabrikam.example', origin: { kind: 'server', name: 'EX01' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'POP01',
    });
  });
});

describe("a server's own address literal", () => {
  it('is local but no mailbox has it: NDR 5.1.1 on both roles, never a Unix account (local_transport)', () => {
    const m = separate();
    expect(gateway(m, 'EX01').params.get('local_transport')).toMatch(/^error:5\.1\.1 /);
    const pop = desiredFor(m, 'POP01');
    expect(pop.params.get('local_transport')).toMatch(/^error:5\.1\.1 /);
    expect(simulate(m, { recipient: 'nobody@[10.0.0.20]', origin: { kind: 'internet' }, via: 'POP01' }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'POP01',
      status: '5.1.1',
    });
  });
});

describe('a "*.x" route before DNS: an MX for one of its subdomains must not take that subdomain elsewhere', () => {
  it('gateway: a "*.x" connector with a smart host wins over an MX naming another Exchange server (no exact transport key)', () => {
    // Found by the differential lab (seed 4242 model 8): the exact MX key beat the connector's ".x" key.
    const m = withEx02((x) => {
      x.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*.contoso.com', cost: 1 }];
      x.dns.mx['pop.contoso.com'] = 'EX02';
    });
    const { transport } = gateway(m, 'EX01');
    expect(transport.get('.contoso.com')).toBe('smtp:[10.0.0.20]');
    expect(transport.has('pop.contoso.com')).toBe(false);
    expect(simulate(m, { recipient: 'nobody@pop.contoso.com', origin: { kind: 'server', name: 'EX01' } }).verdict).toMatchObject({
      kind: 'bounced',
      server: 'POP01',
      status: '5.1.1',
    });
  });

  it('pop3: a "*.x" remote domain with its own smart host wins over an MX for a subdomain', () => {
    const m = separate((x) => {
      const pop = x.pop3.servers[0]!;
      delete pop.smtp.smartHost;
      pop.smtp.remoteDomains = [{ name: '*.fabrikam.example', allowRelay: false, smartHost: '[10.0.0.10]' }];
      x.pop3.servers.push({
        ...structuredClone(pop),
        name: 'POP02',
        fqdn: 'pop02.northwindtraders.com',
        ip: '10.0.0.21',
        domains: [{ name: 'sub.fabrikam.example', mailboxes: ['dan'] }],
        smtp: { ...structuredClone(pop.smtp), remoteDomains: [] },
      });
      x.dns.mx['sub.fabrikam.example'] = 'POP02';
    });
    const { transport } = desiredFor(m, 'POP01', 'pop3');
    expect(transport.get('.fabrikam.example')).toBe('smtp:[10.0.0.10]');
    expect(transport.has('sub.fabrikam.example')).toBe(false);
    const trace = simulate(m, { recipient: 'dan@sub.fabrikam.example', origin: { kind: 'server', name: 'POP01' } });
    expect(trace.steps.find((s) => s.server === 'POP01' && /smart host/.test(s.decision))?.decision).toMatch(/10\.0\.0\.10/);
  });
});

describe('a POP3 server with a "*" remote domain that has its own smart host', () => {
  it("sends remote mail there, not to the virtual server's smart host (the remote domain overrides it), as the preview does", () => {
    const m = separate((x) => {
      addEx02(x);
      x.pop3.servers[0]!.smtp.smartHost = '[10.0.0.11]';
      x.pop3.servers[0]!.smtp.remoteDomains.push({ name: '*', allowRelay: false, smartHost: '[10.0.0.10]' });
    });
    const pop = desiredFor(m, 'POP01');
    expect(pop.params.get('relayhost')).toBe('[10.0.0.10]');
    const t = simulate(m, { recipient: 'x@example.com', origin: { kind: 'server', name: 'POP01' } });
    expect(t.steps.find((s) => s.server === 'POP01' && /smart host/.test(s.decision))?.decision).toMatch(/remote domain \*/);
  });

  it('the gateway keeps a mailbox domain local under a "*.x" address space that covers it (seed 7, model 32)', () => {
    const m = separate((x) => {
      x.exchange.recipientPolicies[0]!.addresses.push({
        type: 'SMTP',
        address: '@staff.northwindtraders.com',
        primary: false,
        responsible: true,
      });
      x.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*.northwindtraders.com', cost: 1 }];
    });
    expect(gateway(m, 'EX01').transport.get('staff.northwindtraders.com')).toBe('virtual:');
    expect(gateway(m, 'EX01').transport.get('.northwindtraders.com')).toBe('smtp:[10.0.0.20]');
  });
});

describe('a POP3 remote domain that does not relay, under one that does', () => {
  it('is excluded from relay_domains before "*" (IIS picks the most specific remote domain, Postfix the first match)', () => {
    const m = separate((x) => {
      x.pop3.servers[0]!.smtp.remoteDomains = [
        { name: 'northwindtraders.com', allowRelay: false, smartHost: '[10.0.0.10]' },
        { name: '*', allowRelay: true, smartHost: '[10.0.0.10]' },
      ];
    });
    const pop = desiredFor(m, 'POP01');
    expect(pop.params.get('relay_domains')).toBe('!northwindtraders.com, static:ALL');
    // The preview refuses an Internet host's message for that domain at POP01 (no relay there).
    expect(simulate(m, { recipient: 'bob@northwindtraders.com', origin: { kind: 'internet' }, via: 'POP01' }).verdict).toMatchObject({
      kind: 'rejected',
      server: 'POP01',
      status: '5.7.1',
    });
  });
});

describe('a "*.x" address space next to an exact "x" space of another connector', () => {
  it('routes the subdomains through the "*.x" connector and x through its own (seed 4242 model 28)', () => {
    const m = withEx02((x) => {
      x.pop3.servers.push({
        ...structuredClone(x.pop3.servers[0]!),
        name: 'POP02',
        fqdn: 'pop02.northwindtraders.com',
        ip: '10.0.0.21',
        domains: [{ name: 'mail.fabrikam.example', mailboxes: ['dana'] }],
      });
      x.exchange.connectors = [
        {
          name: 'Sub',
          smartHosts: ['[10.0.0.21]'],
          bridgeheads: ['EX01'],
          addressSpaces: [{ type: 'SMTP', domain: '*.fabrikam.example', cost: 3 }],
          allowRelay: true,
        },
        {
          name: 'Exact',
          smartHosts: ['[10.0.0.20]'],
          bridgeheads: ['EX02'],
          addressSpaces: [{ type: 'SMTP', domain: 'fabrikam.example', cost: 2 }],
          allowRelay: false,
        },
      ];
    });
    const { transport, params } = gateway(m, 'EX01');
    expect(transport.get('.fabrikam.example')).toBe('smtp:[10.0.0.21]');
    expect(transport.get('fabrikam.example')).toBe('smtp:[10.0.0.11]');
    expect(params.get('relay_domains')).toMatch(/^!fabrikam\.example, .*\.fabrikam\.example/);
    expect(simulate(m, { recipient: 'dana@mail.fabrikam.example', origin: { kind: 'server', name: 'EX01' } }).verdict).toMatchObject({
      kind: 'delivered',
      server: 'POP02',
    });
  });
});

describe('a connector that uses DNS under a wider address space whose connector has a smart host', () => {
  const withPartner = (change: (m: Model) => void = () => {}) =>
    separate((x) => {
      x.exchange.connectors.push(
        {
          name: 'Everything',
          smartHosts: ['[192.0.2.25]'],
          bridgeheads: ['EX01'],
          addressSpaces: [{ type: 'SMTP', domain: '*', cost: 3 }],
          allowRelay: false,
        },
        {
          name: 'Partner',
          smartHosts: [],
          bridgeheads: ['EX01'],
          addressSpaces: [{ type: 'SMTP', domain: 'partner.example', cost: 1 }],
          allowRelay: false,
        },
      );
      change(x);
    });
  const labGateway = (model: Model) => desiredFor(model, 'EX01', 'gateway', { ...TEST_OPTIONS, internetRelay: '[192.0.2.99]' }).transport;

  it('sends the more specific space by DNS, as Exchange picks it (seed 7 model 15: Postfix took the "*" smart host, a loop)', () => {
    const m = withPartner();
    expect(gateway(m, 'EX01').params.get('relayhost')).toBe('[192.0.2.25]');
    // The old mapping wrote nothing for partner.example: it followed relayhost, the "*" smart host.
    expect(labGateway(m).get('partner.example')).toBe('smtp:[192.0.2.99]');
    expect(gateway(m, 'EX01').transport.get('partner.example')).toBe('smtp:');
    expect(simulate(m, { recipient: 'someone@partner.example', origin: { kind: 'server', name: 'EX01' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'internet',
    });
  });

  it('and an MX of the model for it still wins (DNS is the connector\'s route), which the old mapping skipped under a routing "*"', () => {
    const m = withPartner((x) => {
      x.dns.mx['partner.example'] = 'POP01';
    });
    expect(gateway(m, 'EX01').transport.get('partner.example')).toBe('smtp:[10.0.0.20]');
    const t = simulate(m, { recipient: 'someone@partner.example', origin: { kind: 'server', name: 'EX01' } });
    expect(t.steps.some((s) => s.server === 'EX01' && s.setting === 'dns.mx["partner.example"]')).toBe(true);
  });
});

describe('a "*.x" address space whose connector does not relay never excludes x when x is a recipient-policy domain', () => {
  it('with "Forward all mail with unresolved recipients" (x relayed on), the own domain is still accepted (seed 7 models 23, 27, 30)', () => {
    const m = separate((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.forwardUnresolvedTo = '[10.0.0.20]';
      x.exchange.connectors.push({
        name: 'Subdomains',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*.northwindtraders.com', cost: 1 }],
        allowRelay: false,
      });
    });
    const relay = gateway(m, 'EX01').params.get('relay_domains')!;
    // The old mapping wrote "!northwindtraders.com" first: Postfix refused the organisation's own domain (550 5.7.1).
    expect(relay.split(', ')).not.toContain('!northwindtraders.com');
    expect(relay.split(', ')).toContain('northwindtraders.com');
    expect(relay.split(', ')).toContain('!.northwindtraders.com');
    expect(simulate(m, { recipient: 'bob@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'delivered',
      server: 'EX01',
    });
  });

  it('nor a non-authoritative policy domain, which Exchange accepts as a relay domain', () => {
    const m = separate((x) => {
      x.exchange.recipientPolicies[0]!.addresses.push({ type: 'SMTP', address: '@fabrikam.example', primary: false, responsible: false });
      x.exchange.connectors.push({
        name: 'Fabrikam',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*.fabrikam.example', cost: 1 }],
        allowRelay: false,
      });
    });
    const relay = gateway(m, 'EX01').params.get('relay_domains')!.split(', ');
    expect(relay).not.toContain('!fabrikam.example');
    expect(relay).toContain('fabrikam.example');
    expect(simulate(m, { recipient: 'someone@fabrikam.example', origin: { kind: 'internet' }, via: 'EX01' }).verdict.kind).not.toBe(
      'rejected',
    );
  });
});
