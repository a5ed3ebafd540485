// The windows2003 .ldf against a real LDAP server: ldapmodify -n parses every exported file, and a
// throw-away slapd (stand-in AD schema, case-insensitive matching) seeded with a Default Policy that holds
// an X.400 template and other values takes the export twice: the model's values are there, nothing else
// changed, and the second run changes nothing. Then the observed path: what slapd holds is read back as
// ldifde would export it, planned against, applied, and planned again (empty). Hostile names included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioModel, SCENARIOS } from '../../src/model/scenarios.js';
import { ModelSchema, type Model, type TargetT } from '../../src/model/schema.js';
import { ldifLine, rdn, type LdifRecord } from '../../src/adapters/quoting/index.js';
import { renderW2003Files, windows2003Adapter as w, parseW2003Observation } from '../../src/adapters/windows2003/index.js';
import { ldifOf } from '../../src/adapters/windows2003/plan.js';
import { ldapmodifyDryRun, slapdMissing, startSlapd, type Slapd } from './slapd.js';
import { HOSTILE_NAMES } from './hostile-names.js';

const missing = slapdMissing();
if (missing && process.env.CI) throw new Error(`CI: ${missing}`);
const d = missing ? describe.skip : describe;

const ex: TargetT = { id: 'w2003-ex01', adapter: 'windows2003', server: 'EX01' };
const X400 = 'X400:c=US;a= ;p=Northwind Trader;o=Exchange;';
const CCMAIL = 'CCMAIL:Northwind at EX01';

function entry(dn: string, attrs: Array<[string, string]>): string {
  return `${[ldifLine('dn', dn, 'dn'), ...attrs.map(([k, v]) => ldifLine(k, v, k))].join('\n')}\n`;
}

/** The directory before coexist: containers down to the organisation, a Default Policy with an X.400 template and other values, another policy nobody asked about. */
function seed(org: string): string {
  const base = 'DC=northwindtraders,DC=com';
  const chain = ['Configuration', 'Services', 'Microsoft Exchange', org, 'Recipient Policies'];
  const out = [
    entry(base, [
      ['objectClass', 'dcObject'],
      ['objectClass', 'organization'],
      ['dc', 'northwindtraders'],
      ['o', 'Northwind Traders'],
    ]),
  ];
  let dn = base;
  for (const cn of chain) {
    dn = `${rdn('CN', cn, 'seed')},${dn}`;
    out.push(
      entry(dn, [
        ['objectClass', 'container'],
        ['cn', cn],
      ]),
    );
  }
  out.push(
    entry(`CN=Default Policy,${dn}`, [
      ['objectClass', 'msExchRecipientPolicy'],
      ['cn', 'Default Policy'],
      ['gatewayProxy', X400],
      ['gatewayProxy', 'SMTP:@northwindtraders.com'],
      ['gatewayProxy', CCMAIL],
      ['disabledGatewayProxy', 'smtp:@disabled.northwindtraders.com'],
      ['purportedSearch', '(mailnickname=*)'],
      ['msExchPolicyOrder', '2147483647'],
      ['msExchPurportedSearchUI', 'opaque UI state'],
    ]),
  );
  out.push(
    entry(`CN=Legal,${dn}`, [
      ['objectClass', 'msExchRecipientPolicy'],
      ['cn', 'Legal'],
      ['gatewayProxy', 'SMTP:@legal.northwindtraders.com'],
      ['gatewayProxy', X400],
      ['purportedSearch', '(department=Legal)'],
      ['msExchPolicyOrder', '3'],
    ]),
  );
  return out.join('\n');
}

/** One entry as a sorted, comparable form: attribute -> sorted values. */
const flat = (records: LdifRecord[]) =>
  Object.fromEntries(
    records.map((r) => [r.dn.toLowerCase(), Object.fromEntries([...r.attributes].map(([k, v]) => [k, [...v].sort()]).sort())]),
  );

/** What the export must leave: the seed plus the model's policy values, nothing removed. */
function exportLdf(model: Model): string {
  const files = renderW2003Files(model, ex, w.plan(model, ex, w.unobserved(model, ex)));
  return files.find((f) => f.name.endsWith('.ldf'))!.content;
}

/** Reads slapd the way the observation program reads AD with ldifde -f, and parses it with the adapter's own parser. */
function observe(model: Model, slapd: Slapd) {
  const policies = slapd.search('DC=northwindtraders,DC=com', '(objectClass=msExchRecipientPolicy)', [
    'cn',
    'gatewayProxy',
    'msExchNonAuthoritativeDomains',
    'disabledGatewayProxy',
    'purportedSearch',
    'msExchPolicyOrder',
  ]);
  return parseW2003Observation(model, ex, `#coexist-section policies\r\n${policies.replace(/\n/g, '\r\n')}#coexist-section users\r\n\r\n`);
}

d('slapd: the windows2003 LDIF', () => {
  it('ldapmodify -n parses every exported .ldf (both scenarios)', () => {
    for (const scenario of SCENARIOS) {
      const r = ldapmodifyDryRun(exportLdf(scenarioModel(scenario)));
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('modifying entry "CN=Default Policy,');
    }
  });

  for (const scenario of SCENARIOS) {
    describe(scenario, () => {
      let slapd: Slapd;
      const model = scenarioModel(scenario);
      beforeAll(async () => {
        slapd = await startSlapd(seed(model.organization));
      });
      afterAll(() => slapd?.stop());

      it("applied twice, the export adds the model's values, keeps the X.400 template and every other value, and the second run changes nothing", () => {
        const before = flat(slapd.dump());
        const ldf = exportLdf(model);
        const first = slapd.modify(ldf);
        const afterFirst = flat(slapd.dump());
        const second = slapd.modify(ldf);
        const afterSecond = flat(slapd.dump());
        expect(afterSecond, second.output).toEqual(afterFirst);
        // The only errors of the second run are "value exists" / "already exists" (what ldifde -k skips).
        for (const code of [...second.output.matchAll(/ldap_\w+: .*\((\d+)\)/g)].map((m) => m[1])) expect(['20', '68']).toContain(code);
        expect(first.output).not.toMatch(/\((?!20\)|68\))\d+\)/);
        const def = Object.keys(afterFirst).find((k) => k.startsWith('cn=default policy,'))!;
        expect(afterFirst[def]!.gatewayproxy).toEqual([X400, CCMAIL, 'SMTP:@northwindtraders.com'].sort());
        expect(afterFirst[def]!.disabledgatewayproxy).toEqual(['smtp:@disabled.northwindtraders.com']);
        expect(afterFirst[def]!.msexchpurportedsearchui).toEqual(['opaque UI state']);
        // Nothing else changed: every entry of the seed is as it was, apart from the new policy.
        for (const [dn, attrs] of Object.entries(before)) expect(afterFirst[dn], dn).toEqual(attrs);
        const added = Object.keys(afterFirst).filter((k) => !(k in before));
        expect(added).toEqual(
          model.exchange.recipientPolicies
            .filter((p) => p.name !== 'Default Policy')
            .map((p) => expect.stringMatching(new RegExp(`^cn=${p.name.toLowerCase()},`))),
        );
      });

      it('planned from what slapd holds, the model needs no further change', () => {
        const changes = w.plan(model, ex, { fingerprint: 'x', state: observe(model, slapd) });
        expect(changes.filter((c) => c.object.startsWith('Recipient policy')).map((c) => [c.object, c.details])).toEqual([]);
      });
    });
  }

  it('the observed path fixes a wrong primary and a wrong non-authoritative mark with exact deletes, keeps the rest, then plans nothing', async () => {
    const model = scenarioModel('shared-domain');
    const s = seed(model.organization)
      .replace('gatewayProxy: SMTP:@northwindtraders.com', 'gatewayProxy: smtp:@northwindtraders.com\ngatewayProxy: SMTP:@old.example')
      .replace(
        'purportedSearch: (mailnickname=*)',
        'purportedSearch: (mailnickname=*)\nmsExchNonAuthoritativeDomains: smtp:@northwindtraders.com',
      );
    const slapd = await startSlapd(s);
    try {
      const changes = w.plan(model, ex, { fingerprint: 'x', state: observe(model, slapd) });
      const def = changes.find((c) => c.object === 'Recipient policy Default Policy')!;
      expect(def.details).toEqual([
        '- gatewayProxy smtp:@northwindtraders.com',
        '- gatewayProxy SMTP:@old.example',
        '+ gatewayProxy SMTP:@northwindtraders.com',
        '- msExchNonAuthoritativeDomains smtp:@northwindtraders.com',
      ]);
      const ldif = changes.map(ldifOf).filter(Boolean).join('\n');
      const r = slapd.modify(ldif);
      expect(r.status, r.output).toBe(0);
      const after = flat(slapd.dump());
      const dn = Object.keys(after).find((k) => k.startsWith('cn=default policy,'))!;
      expect(after[dn]!.gatewayproxy).toEqual([X400, CCMAIL, 'SMTP:@northwindtraders.com'].sort());
      expect(after[dn]!.msexchnonauthoritativedomains).toBeUndefined();
      expect(
        w.plan(model, ex, { fingerprint: 'x', state: observe(model, slapd) }).filter((c) => c.object.startsWith('Recipient policy')),
      ).toEqual([]);
    } finally {
      slapd.stop();
    }
  });

  it("hostile organisation and policy names: slapd stores exactly the model's names, and a second run is a no-op", async () => {
    // Names the model accepts (the schema refuses line breaks, control characters and direction overrides with a message).
    const names = HOSTILE_NAMES.filter((n) => ModelSchema.shape.organization.safeParse(n).success);
    for (let i = 0; i < names.length; i += 6) {
      const org = names[i]!;
      const input = structuredClone(scenarioModel('shared-domain')) as unknown as Record<string, any>;
      input.organization = org;
      input.exchange.recipientPolicies[1].name = names[i + 1] ?? 'POP User Addresses';
      const model = ModelSchema.parse(input);
      const slapd = await startSlapd(seed(org));
      try {
        const ldf = exportLdf(model);
        expect(ldapmodifyDryRun(ldf).status).toBe(0);
        slapd.modify(ldf);
        const once = flat(slapd.dump());
        slapd.modify(ldf);
        expect(flat(slapd.dump())).toEqual(once);
        const obs = observe(model, slapd);
        expect(obs.policies!.map((p) => p.name).sort()).toEqual(
          ['Default Policy', 'Legal', model.exchange.recipientPolicies[1]!.name].sort(),
        );
        expect(w.plan(model, ex, { fingerprint: 'x', state: obs }).filter((c) => c.object.startsWith('Recipient policy'))).toEqual([]);
      } finally {
        slapd.stop();
      }
    }
  }, 120_000);
});
