// Golden files for the exported scripts (both roles, both built-in examples), and the desired state's
// refusals: nothing that would break out of a main.cf line or a map line is ever written.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/adapters/postfix-dovecot
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postfixDovecotAdapter, desiredPostfix } from '../../../src/adapters/postfix-dovecot/index.js';
import { renderPlan } from '../../../src/adapters/plan/render.js';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { TargetT } from '../../../src/model/schema.js';
import { addEx02 } from '../../helpers/model-fixtures.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'golden', 'postfix-dovecot');

describe('postfix-dovecot exported scripts', () => {
  for (const scenario of ['shared-domain', 'separate-domains'] as const) {
    const model = scenarioModel(scenario);
    for (const target of postfixDovecotAdapter.exporter.defaultTargets(model)) {
      it(`${scenario} ${target.id} matches its golden file`, () => {
        const changes = postfixDovecotAdapter.plan(model, target, postfixDovecotAdapter.unobserved(model, target));
        const script = postfixDovecotAdapter.exporter.render(model, target, changes);
        const file = join(GOLDEN, `${scenario}.${target.id}.sh`);
        if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, script);
        expect(script).toBe(readFileSync(file, 'utf8'));
        expect(script).not.toMatch(/COEXIST_POP3_RELAY_PASSWORD=[^$]/);
      });
    }
  }

  it('renders the plan in terraform grammar', () => {
    const model = scenarioModel('shared-domain');
    const target: TargetT = { id: 'pop', adapter: 'postfix-dovecot', server: 'POP01' };
    const changes = postfixDovecotAdapter.plan(model, target, postfixDovecotAdapter.unobserved(model, target));
    const text = renderPlan({ targetId: 'pop', adapter: 'postfix-dovecot', observedFingerprint: '', modelFingerprint: '', changes });
    expect(text).toMatch(/^ {2}\+ map transport \(\/etc\/postfix\/transport\)\n {6}\+ northwindtraders\.com smtp:\[10\.0\.0\.10\]$/m);
    expect(text).toMatch(/Plan: \d+ to add, 2 to change, 0 to destroy\./);
  });
});

describe('postfix-dovecot desired state', () => {
  const base = (): TargetT => ({ id: 't', adapter: 'postfix-dovecot', server: 'POP01' });

  it('translates the relay list modes and the wildcard remote domains', () => {
    const model = scenarioModel('shared-domain');
    const pop = model.pop3.servers[0]!;
    pop.smtp.relay = { mode: 'all-except-list', computers: ['10.0.0.66'], allowAuthenticated: false };
    pop.smtp.remoteDomains.push({ name: '*.contoso.com', allowRelay: true, smartHost: 'ex01.northwindtraders.com' });
    const d = desiredPostfix(model, base());
    expect(d.params.get('mynetworks')).toBe('!10.0.0.66/32, 0.0.0.0/0, [::]/0');
    expect(d.params.get('smtpd_relay_restrictions')).toBe('permit_mynetworks, reject_unauth_destination');
    // An IIS remote domain "*.contoso.com" covers the subdomains of contoso.com, not contoso.com itself.
    expect(d.params.get('relay_domains')).toBe('northwindtraders.com, .contoso.com');
    const transport = d.maps.find((m) => m.name === 'transport')!.entries;
    expect(transport.get('.contoso.com')).toBe('smtp:[10.0.0.10]');
    expect(transport.has('contoso.com')).toBe(false);
  });

  it('refuses target options that could inject into main.cf or a shell', () => {
    const model = scenarioModel('shared-domain');
    const bad: Record<string, string>[] = [
      { configDirectory: '/etc/postfix\nrelayhost = evil' },
      { mailRoot: '/var/$(id)' },
      { configDirectory: 'relative' },
      { mailUid: '0x1' },
      { internetRelay: 'evil.example' },
      { bogus: 'x' },
    ];
    for (const options of bad) {
      expect(() => desiredPostfix(model, { ...base(), options })).toThrow(/target t: /);
    }
  });

  it('asks for a secret when Outbound Security authenticates, and never holds its value', () => {
    const model = scenarioModel('shared-domain');
    delete model.pop3.servers[0]!.smtp.outboundSecurity.secret;
    expect(() => desiredPostfix(model, base())).toThrow(/needs a secret/);
  });

  it('gateway: mailboxes, aliases of mail-enabled users, connector transport, relay list', () => {
    const model = scenarioModel('separate-domains');
    const d = desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' });
    expect(d.role).toBe('gateway');
    expect(d.params.get('virtual_mailbox_domains')).toBe('northwindtraders.com');
    expect(d.params.get('relay_domains')).toBe('pop.contoso.com');
    expect(d.params.get('mynetworks')).toBe('10.0.0.20/32');
    expect(d.maps.find((m) => m.name === 'transport')!.entries.get('pop.contoso.com')).toBe('smtp:[10.0.0.20]');
    expect([...d.maps.find((m) => m.name === 'virtual_mailbox')!.entries.keys()]).toEqual(['bob@northwindtraders.com']);
  });

  it("gateway: a connector's relay domains only on its local bridgeheads; Exchange servers trust each other (X-EXPS)", () => {
    const model = scenarioModel('separate-domains');
    addEx02(model, { acceptsInternetMail: false });
    const ex01 = desiredPostfix(model, { id: 'gw1', adapter: 'postfix-dovecot', server: 'EX01' });
    const ex02 = desiredPostfix(model, { id: 'gw2', adapter: 'postfix-dovecot', server: 'EX02' });
    // EX01 is the connector's bridgehead: it accepts pop.contoso.com and takes EX02's hop to the connector.
    expect(ex01.params.get('relay_domains')).toBe('pop.contoso.com');
    expect(ex01.params.get('mynetworks')).toBe('10.0.0.11/32, 10.0.0.20/32');
    // EX02 is not: it refuses pop.contoso.com from strangers (5.7.1) and sends its own mail for it to EX01.
    // Like every Exchange server that lets authenticated computers relay, it trusts the other ones.
    expect(ex02.params.get('relay_domains')).toBe('');
    expect(ex02.params.get('mynetworks')).toBe('10.0.0.10/32, 10.0.0.20/32');
    expect(ex02.maps.find((m) => m.name === 'transport')!.entries.get('pop.contoso.com')).toBe('smtp:[10.0.0.10]');
  });

  it("gateway: a mail-enabled user whose target is in a domain Exchange is responsible for gets the categorizer's NDR 5.4.6", () => {
    const model = scenarioModel('shared-domain');
    for (const a of model.exchange.recipientPolicies[1]!.addresses) a.responsible = true;
    const d = desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' });
    const transport = d.maps.find((m) => m.name === 'transport')!.entries;
    expect(transport.get('alice@northwindtraders.com')).toMatch(/^error:5\.4\.6 /);
    expect(d.maps.find((m) => m.name === 'virtual_alias')!.entries.has('alice@northwindtraders.com')).toBe(false);
  });

  it('gateway: a more specific address space whose connector does not relay is excluded from a relayed "*.x"', () => {
    const model = scenarioModel('separate-domains');
    model.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*.contoso.com', cost: 1 }];
    model.exchange.connectors.push({
      name: 'Other',
      smartHosts: ['[10.0.0.20]'],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: 'pop.contoso.com', cost: 3 }],
      allowRelay: false,
    });
    model.exchange.connectors.push({
      name: 'Shop',
      smartHosts: ['[10.0.0.20]'],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: 'shop.pop.contoso.com', cost: 1 }],
      allowRelay: true,
    });
    const d = desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' });
    // First match wins: shop.pop.contoso.com relayed, pop.contoso.com refused, the rest of contoso.com relayed.
    expect(d.params.get('relay_domains')).toBe('shop.pop.contoso.com, !pop.contoso.com, contoso.com, .contoso.com');
  });

  it("an organisation domain nothing routes gets the preview's NDR: 5.4.0 without an MX, 5.4.8 with an MX naming this server", () => {
    const model = scenarioModel('separate-domains');
    model.exchange.connectors = [];
    delete model.dns.mx['pop.contoso.com'];
    const transport = desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' }).maps.find(
      (m) => m.name === 'transport',
    )!.entries;
    expect(transport.get('pop.contoso.com')).toMatch(/^error:5\.4\.0 /);
    model.dns.mx['pop.contoso.com'] = 'EX01';
    const again = desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' }).maps.find(
      (m) => m.name === 'transport',
    )!.entries;
    expect(again.get('pop.contoso.com')).toMatch(/^error:5\.4\.8 /);
    // Its own domain stays local, and a POP3 server with a smart host sends everything there.
    expect(again.has('northwindtraders.com')).toBe(false);
    expect(
      [
        ...desiredPostfix(model, { id: 'pop', adapter: 'postfix-dovecot', server: 'POP01' })
          .maps.find((m) => m.name === 'transport')!
          .entries.values(),
      ].some((v) => v.startsWith('error:')),
    ).toBe(false);
  });

  it("pop3: a smart host that is the server itself gives every remote message the preview's NDR 5.4.8, local mail stays local", () => {
    const model = scenarioModel('separate-domains');
    model.pop3.servers[0]!.smtp.smartHost = '[10.0.0.20]';
    const d = desiredPostfix(model, base());
    const transport = d.maps.find((m) => m.name === 'transport')!.entries;
    expect(d.params.get('relayhost')).toBe('');
    expect(transport.get('*')).toMatch(/^error:5\.4\.8 /);
    expect(transport.get('pop.contoso.com')).toBe('virtual:');
    expect(transport.get('northwindtraders.com')).toBe('smtp:[10.0.0.10]');
  });

  it('gives up where Exchange and IIS do: "Maximum hop count" servers passed, so hopcount_limit is one more (Postfix counts its own Received:)', () => {
    const model = scenarioModel('shared-domain');
    expect(desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' }).params.get('hopcount_limit')).toBe('31');
    expect(desiredPostfix(model, base()).params.get('hopcount_limit')).toBe('16');
  });

  it('gateway: a connector address space never takes a domain Exchange is responsible for away from its mailboxes', () => {
    const model = scenarioModel('separate-domains');
    model.exchange.connectors[0]!.addressSpaces = [{ type: 'SMTP', domain: '*.northwindtraders.com', cost: 1 }];
    const d = desiredPostfix(model, { id: 'gw', adapter: 'postfix-dovecot', server: 'EX01' });
    const transport = d.maps.find((m) => m.name === 'transport')!.entries;
    expect(transport.get('.northwindtraders.com')).toBe('smtp:[10.0.0.20]');
    expect(transport.has('northwindtraders.com')).toBe(false);
    expect(d.params.get('virtual_mailbox_domains')).toBe('northwindtraders.com');
  });
});
