// Issue 11, "Rules": each test is a model an administrator following the seed could build, and what
// validate must say about it (or must not say). Sources in docs/model.md.
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/model/rules/index.js';
import type { Model } from '../../src/model/schema.js';
import { separate, shared } from '../helpers/model-fixtures.js';

const findings = (m: Model, rule: string) => validate(m).filter((f) => f.rule === rule);

describe('loops are found by simulation over every domain the model names', () => {
  it('a connector address space relayed to POP01 and a POP3 remote domain relayed back through EX01 loop: an error, so apply stops', () => {
    const m = shared((x) => {
      x.exchange.connectors.push({
        name: 'Partner',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: 'partner.example', cost: 1 }],
        allowRelay: true,
      });
      x.pop3.servers[0]!.smtp.remoteDomains.push({ name: 'partner.example', allowRelay: true, smartHost: '[10.0.0.10]' });
    });
    const loops = findings(m, 'loop.simulated');
    expect(loops.length).toBe(1);
    expect(loops[0]!.severity).toBe('error');
    expect(loops[0]!.message).toMatch(/partner\.example .*loops (EX01 -> POP01 -> EX01|POP01 -> EX01 -> POP01)/);
  });
  it('a wildcard address space is probed too', () => {
    const m = shared((x) => {
      x.exchange.connectors.push({
        name: 'Partners',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*.partner.example', cost: 1 }],
        allowRelay: false,
      });
      x.pop3.servers[0]!.smtp.remoteDomains.push({ name: '*.partner.example', allowRelay: true, smartHost: '[10.0.0.10]' });
    });
    expect(findings(m, 'loop.simulated').length).toBe(1);
  });
});

describe('an open relay found by simulation names the setting that opens it', () => {
  it('POP01 on "All except the list below" blames pop3.servers[0].smtp.relay.mode, not Exchange\'s authenticated-relay box', () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.relay.mode = 'all-except-list';
    });
    const open = findings(m, 'relay.open-simulated');
    expect(open.map((f) => f.path)).toEqual(['pop3.servers[0].smtp.relay.mode']);
    expect(open[0]!.message).toMatch(/POP01/);
  });
});

describe('new rules', () => {
  it('pop3.smart-host-not-exchange: no smart host, a smart host that is not an Exchange server, or one that is nobody', () => {
    const none = findings(
      shared((x) => {
        delete x.pop3.servers[0]!.smtp.smartHost;
      }),
      'pop3.smart-host-not-exchange',
    );
    expect(none.map((f) => f.path)).toEqual(['pop3.servers[0].smtp.smartHost']);
    expect(none[0]!.message).toMatch(/hôte actif/);
    const self = findings(
      shared((x) => {
        x.pop3.servers[0]!.smtp.smartHost = '[10.0.0.20]';
      }),
      'pop3.smart-host-not-exchange',
    );
    expect(self[0]!.message).toMatch(/POP01 itself|not an Exchange server/);
    expect(
      findings(
        shared((x) => {
          x.pop3.servers[0]!.smtp.smartHost = 'smtp.isp.example.net';
        }),
        'pop3.smart-host-not-exchange',
      ).length,
    ).toBe(1);
    expect(findings(shared(), 'pop3.smart-host-not-exchange')).toEqual([]);
  });
  it('connector.no-local-bridgehead: a connector without a local bridgehead (an unknown name is refused when the file loads)', () => {
    const none = findings(
      separate((x) => {
        x.exchange.connectors[0]!.bridgeheads = [];
      }),
      'connector.no-local-bridgehead',
    );
    expect(none.map((f) => f.path)).toEqual(['exchange.connectors[0].bridgeheads']);
    expect(none[0]!.severity).toBe('error');
    expect(none[0]!.message).toMatch(/serveurs têtes de pont/);
  });
  it('relay.list-too-broad: any entry that holds addresses other than the POP3 servers, not only below /8', () => {
    const sub = findings(
      shared((x) => {
        x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['10.0.0.0/24'];
      }),
      'relay.list-too-broad',
    );
    expect(sub.map((f) => f.path)).toEqual(['exchange.servers[0].smtpVirtualServers[0].relay.computers[0]']);
    const other = findings(
      shared((x) => {
        x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['10.0.0.20', '10.0.0.77'];
      }),
      'relay.list-too-broad',
    );
    expect(other.map((f) => f.path)).toEqual(['exchange.servers[0].smtpVirtualServers[0].relay.computers[1]']);
    expect(
      findings(
        shared((x) => {
          x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['10.0.0.20/32'];
        }),
        'relay.list-too-broad',
      ),
    ).toEqual([]);
  });
  it('relay.wildcard-address-space: *.domain with relaying allowed is as broad as *', () => {
    const m = shared((x) => {
      x.exchange.connectors.push({
        name: 'Everything under org',
        smartHosts: [],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*.partner.example', cost: 1 }],
        allowRelay: true,
      });
    });
    const f = findings(m, 'relay.wildcard-address-space');
    expect(f.map((x) => x.path)).toEqual(['exchange.connectors[1].addressSpaces[0].domain']);
    expect(f[0]!.message).toMatch(/\*\.partner\.example/);
  });
  it("policy.default-primary-not-authoritative: the Default Policy's primary domain must be authoritative (ESM forbids clearing it)", () => {
    const f = findings(
      shared((x) => {
        x.exchange.recipientPolicies[0]!.addresses[0]!.responsible = false;
      }),
      'policy.default-primary-not-authoritative',
    );
    expect(f.map((x) => x.path)).toEqual(['exchange.recipientPolicies[0].addresses[0].responsible']);
    expect(f[0]!.severity).toBe('error');
  });
  it('pop3.authentication-not-active-directory: the shared-domain scenario needs Active Directory authentication on the POP3 service', () => {
    const f = findings(
      shared((x) => {
        x.pop3.servers[0]!.authentication = 'local-windows-accounts';
      }),
      'pop3.authentication-not-active-directory',
    );
    expect(f.map((x) => x.path)).toEqual(['pop3.servers[0].authentication']);
    expect(f[0]!.message).toMatch(/Active Directory/);
    expect(
      findings(
        separate((x) => {
          x.pop3.servers[0]!.authentication = 'encrypted-password-file';
        }),
        'pop3.authentication-not-active-directory',
      ),
    ).toEqual([]);
  });
});

describe('rules corrected', () => {
  it('loop.same-domain-both-systems: a non-authoritative @pop entry on the Default Policy is not "both systems own it"', () => {
    const m = shared((x) => {
      x.exchange.recipientPolicies[0]!.addresses.push({
        type: 'SMTP',
        address: '@pop.northwindtraders.com',
        primary: false,
        responsible: false,
      });
    });
    expect(findings(m, 'loop.same-domain-both-systems')).toEqual([]);
    const owned = shared((x) => {
      x.pop3.servers[0]!.domains.push({ name: 'northwindtraders.com', mailboxes: ['dave'] });
    });
    expect(findings(owned, 'loop.same-domain-both-systems').length).toBe(1);
  });
  it("pop3.remote-domain-missing: the seed's own example remote domain exchange.northwindtraders.com is accepted", () => {
    const m = shared((x) => {
      x.pop3.servers[0]!.smtp.remoteDomains = [{ name: 'exchange.northwindtraders.com', allowRelay: true }];
    });
    expect(findings(m, 'pop3.remote-domain-missing')).toEqual([]);
    const unticked = shared((x) => {
      x.pop3.servers[0]!.smtp.remoteDomains = [{ name: 'exchange.northwindtraders.com', allowRelay: false }];
    });
    expect(findings(unticked, 'pop3.remote-domain-missing').map((f) => f.path)).toEqual([
      'pop3.servers[0].smtp.remoteDomains[0].allowRelay',
    ]);
  });
});

describe("Microsoft's behaviour where the seed says otherwise: the product follows Microsoft and warns", () => {
  it("a non-authoritative POP3 routing domain with an MX is accepted without the connector's relay box; the seed's step 7 asks for it: a warning", () => {
    const m = shared((x) => {
      x.dns.mx['pop.northwindtraders.com'] = 'EX01';
    });
    const f = findings(m, 'connector.relay-box-seed');
    expect(f.map((x) => [x.severity, x.path])).toEqual([['warning', 'exchange.connectors[0].allowRelay']]);
    expect(validate(m).filter((x) => x.severity === 'error')).toEqual([]);
  });
  it('* without relaying is not an open relay (Microsoft) but the seed says never enter it: a warning, not an error', () => {
    const m = shared((x) => {
      x.exchange.connectors.push({
        name: 'Internet',
        smartHosts: [],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
        allowRelay: false,
      });
    });
    expect(findings(m, 'relay.open-simulated')).toEqual([]);
    expect(findings(m, 'relay.wildcard-address-space')).toEqual([]);
    expect(findings(m, 'connector.wildcard-address-space-seed').map((x) => [x.severity, x.path])).toEqual([
      ['warning', 'exchange.connectors[1].addressSpaces[0].domain'],
    ]);
  });
});
