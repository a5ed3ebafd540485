import { describe, expect, it } from 'vitest';
import { RULES, validate } from '../../src/model/rules/index.js';
import type { Model } from '../../src/model/schema.js';
import { addEx02, loopModel, separate, shared, wildcardRelayModel } from '../helpers/model-fixtures.js';

/** For every rule: a model that triggers it (one deliberate mistake) and the path its finding points at. */
const TRIGGERS: Record<string, { model: () => Model; path: string | RegExp }> = {
  'loop.same-domain-both-systems': {
    model: () =>
      shared((m) => {
        m.pop3.servers[0]!.domains.push({ name: 'northwindtraders.com', mailboxes: ['dave'] });
      }),
    path: 'pop3.servers[0].domains[1].name',
  },
  'loop.simulated': { model: loopModel, path: /responsible/ },
  'relay.wildcard-address-space': { model: wildcardRelayModel, path: 'exchange.connectors[1].addressSpaces[0].domain' },
  'relay.open-simulated': { model: wildcardRelayModel, path: 'exchange.connectors[1].allowRelay' },
  'relay.list-too-broad': {
    model: () =>
      shared((m) => {
        m.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers.push('0.0.0.0/0');
      }),
    path: 'exchange.servers[0].smtpVirtualServers[0].relay.computers[1]',
  },
  'relay.all-except-list': {
    model: () =>
      shared((m) => {
        m.pop3.servers[0]!.smtp.relay.mode = 'all-except-list';
      }),
    path: 'pop3.servers[0].smtp.relay.mode',
  },
  'policy.responsible-for-pop3-domain': {
    model: () =>
      shared((m) => {
        m.exchange.recipientPolicies[1]!.addresses[0]!.responsible = true;
      }),
    path: 'exchange.recipientPolicies[1].addresses[0].responsible',
  },
  'policy.pop3-policy-missing': {
    model: () =>
      shared((m) => {
        m.exchange.recipientPolicies.splice(1, 1);
      }),
    path: 'exchange.recipientPolicies',
  },
  'policy.filter-matches-non-pop3-users': {
    model: () =>
      shared((m) => {
        m.exchange.recipientPolicies[1]!.filter = 'all';
      }),
    path: 'exchange.recipientPolicies[1].filter',
  },
  'user.pop3-not-mail-enabled': {
    model: () =>
      shared((m) => {
        delete m.users[0]!.externalAddress;
      }),
    path: 'users[0].externalAddress',
  },
  'user.external-address-outside-pop3-domain': {
    model: () =>
      shared((m) => {
        m.users[0]!.externalAddress = 'alice@elsewhere.example.com';
      }),
    path: 'users[0].externalAddress',
  },
  'user.pop3-without-mailbox': {
    model: () =>
      separate((m) => {
        m.pop3.servers[0]!.domains[0]!.mailboxes = ['carl'];
      }),
    path: 'users[0]',
  },
  'connector.missing-for-pop3-domain': {
    model: () =>
      shared((m) => {
        m.exchange.connectors = [];
      }),
    path: 'exchange.connectors',
  },
  'connector.not-on-internet-server': {
    model: () =>
      shared((m) => {
        addEx02(m);
      }),
    path: 'exchange.connectors[0].bridgeheads',
  },
  'connector.smart-host-unresolved': {
    model: () =>
      shared((m) => {
        m.exchange.connectors[0]!.smartHosts = ['[10.0.0.99]'];
      }),
    path: 'exchange.connectors[0].smartHosts[0]',
  },
  'connector.relay-to-domain-missing': {
    model: () =>
      separate((m) => {
        m.exchange.connectors[0]!.allowRelay = false;
      }),
    path: 'exchange.connectors[0].allowRelay',
  },
  'pop3.remote-domain-missing': {
    model: () =>
      shared((m) => {
        m.pop3.servers[0]!.smtp.remoteDomains = [];
      }),
    path: 'pop3.servers[0].smtp.remoteDomains',
  },
  'pop3.cannot-relay-through-exchange': {
    model: () =>
      shared((m) => {
        m.pop3.servers[0]!.smtp.outboundSecurity = { mode: 'anonymous', passwordNeverExpires: false };
        m.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = [];
      }),
    path: 'pop3.servers[0].smtp.outboundSecurity.mode',
  },
  'pop3.outbound-security-account': {
    model: () =>
      shared((m) => {
        delete m.pop3.servers[0]!.smtp.outboundSecurity.account;
      }),
    path: 'pop3.servers[0].smtp.outboundSecurity.account',
  },
  'pop3.outbound-password-expires': {
    model: () =>
      shared((m) => {
        m.pop3.servers[0]!.smtp.outboundSecurity.passwordNeverExpires = false;
      }),
    path: 'pop3.servers[0].smtp.outboundSecurity.passwordNeverExpires',
  },
  'client.no-authentication': {
    model: () =>
      shared((m) => {
        m.clients[0]!.outgoing.requiresAuthentication = false;
      }),
    path: 'clients[0].outgoing.requiresAuthentication',
  },
  'client.pop3-smtp-without-authentication': {
    model: () =>
      shared((m) => {
        m.clients[0]!.outgoing.server = 'pop01.northwindtraders.com';
        m.pop3.servers[0]!.smtp.requireAuthentication = false;
      }),
    path: 'pop3.servers[0].smtp.requireAuthentication',
  },
  'client.outgoing-server': {
    model: () =>
      shared((m) => {
        m.clients[0]!.outgoing.server = 'smtp.isp.example.net';
      }),
    path: 'clients[0].outgoing.server',
  },
  'client.incoming-server': {
    model: () =>
      shared((m) => {
        m.clients[0]!.incoming.server = 'ex01.northwindtraders.com';
      }),
    path: 'clients[0].incoming.server',
  },
  'connector.wildcard-address-space-seed': {
    model: () =>
      shared((m) => {
        m.exchange.connectors.push({
          name: 'Internet',
          smartHosts: [],
          bridgeheads: ['EX01'],
          addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
          allowRelay: false,
        });
      }),
    path: 'exchange.connectors[1].addressSpaces[0].domain',
  },
  'policy.default-primary-not-authoritative': {
    model: () =>
      shared((m) => {
        m.exchange.recipientPolicies[0]!.addresses[0]!.responsible = false;
      }),
    path: 'exchange.recipientPolicies[0].addresses[0].responsible',
  },
  'connector.no-local-bridgehead': {
    model: () =>
      separate((m) => {
        m.exchange.connectors[0]!.bridgeheads = [];
      }),
    path: 'exchange.connectors[0].bridgeheads',
  },
  'connector.relay-box-seed': {
    model: () =>
      shared((m) => {
        m.dns.mx['pop.northwindtraders.com'] = 'EX01';
      }),
    path: 'exchange.connectors[0].allowRelay',
  },
  'pop3.smart-host-not-exchange': {
    model: () =>
      shared((m) => {
        delete m.pop3.servers[0]!.smtp.smartHost;
      }),
    path: 'pop3.servers[0].smtp.smartHost',
  },
  'pop3.authentication-not-active-directory': {
    model: () =>
      shared((m) => {
        m.pop3.servers[0]!.authentication = 'local-windows-accounts';
      }),
    path: 'pop3.servers[0].authentication',
  },
  'dns.shared-domain-mx': {
    model: () =>
      shared((m) => {
        m.dns.mx = {};
      }),
    path: 'dns.mx',
  },
};

describe('validation rules', () => {
  it('every rule has a stable id, a severity, a title and a seed section', () => {
    const ids = new Set<string>();
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+\.[a-z0-9-]+$/);
      expect(ids.has(rule.id)).toBe(false);
      ids.add(rule.id);
      expect(['error', 'warning', 'info']).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.seed.length).toBeGreaterThan(10);
    }
    expect([...ids].sort()).toEqual(Object.keys(TRIGGERS).sort());
  });

  it('the built-in examples have no findings at all', () => {
    expect(validate(shared())).toEqual([]);
    expect(validate(separate())).toEqual([]);
  });

  for (const rule of RULES) {
    const trigger = TRIGGERS[rule.id];
    it(`${rule.id}: triggered by one deliberate mistake, and not by the examples`, () => {
      expect(trigger, `no triggering model for ${rule.id}`).toBeDefined();
      const findings = validate(trigger!.model()).filter((f) => f.rule === rule.id);
      expect(findings.length).toBeGreaterThan(0);
      const f = findings[0]!;
      expect(f.severity).toBe(rule.severity);
      if (typeof trigger!.path === 'string') expect(f.path).toBe(trigger!.path);
      else expect(f.path).toMatch(trigger!.path);
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.fix.length).toBeGreaterThan(10);
      expect(f.seed).toBe(rule.seed);
      for (const example of [shared(), separate()]) expect(validate(example).some((x) => x.rule === rule.id)).toBe(false);
    });
  }

  it('the loop model is reported as an error naming the cycle', () => {
    const loop = validate(loopModel()).find((f) => f.rule === 'loop.simulated')!;
    expect(loop.severity).toBe('error');
    expect(loop.message).toMatch(/EX01 -> POP01 -> EX01/);
  });

  it('lists errors before warnings', () => {
    const m = shared((x) => {
      x.clients[0]!.incoming.server = 'ex01.northwindtraders.com';
      x.exchange.connectors[0]!.smartHosts = ['[10.0.0.99]'];
    });
    const severities = validate(m).map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
  });
});
