import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioModel } from '../../src/model/scenarios.js';
import { buildModel, checkAnswers, emptyAnswers, resolveAnswers } from '../../src/model/setup/index.js';
import { validate } from '../../src/model/rules/index.js';
import { seedAnswers } from './seed-answers.js';
import { runbookAdapter } from '../../src/adapters/runbook/index.js';

describe('buildModel', () => {
  for (const scenario of SCENARIOS) {
    it(`answers with the seed's values give the built-in ${scenario} example`, () => {
      const r = buildModel(seedAnswers(scenario));
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.model).toEqual(scenarioModel(scenario));
      expect(validate(r.model).filter((f) => f.severity === 'error')).toEqual([]);
    });
  }

  it('suggests pop. + the shared domain and host names under it when left empty', () => {
    const a = { ...seedAnswers('shared-domain'), pop3Domain: '' };
    a.exchange = [{ ...a.exchange[0]!, fqdn: '' }];
    a.pop3 = { ...a.pop3, fqdn: '' };
    const r = resolveAnswers(a);
    expect(r.pop3Domain).toBe('pop.northwindtraders.com');
    expect(r.exchange[0]!.fqdn).toBe('ex01.northwindtraders.com');
    expect(r.pop3.fqdn).toBe('pop01.northwindtraders.com');
    const sep = resolveAnswers({ ...seedAnswers('separate-domains'), pop3: { ...seedAnswers('separate-domains').pop3, fqdn: '' } });
    expect(sep.pop3.fqdn).toBe('pop01.contoso.com');
  });

  it("offers the seed's French policy name « Adresses utilisateur POP » when the runbook is French, and a French runbook target", () => {
    const fr = buildModel({ ...seedAnswers('shared-domain'), runbookLanguage: 'fr' });
    if (!fr.ok) throw new Error(JSON.stringify(fr.problems));
    expect(fr.model.exchange.recipientPolicies.map((p) => p.name)).toEqual(['Default Policy', 'Adresses utilisateur POP']);
    expect(fr.model.targets).toEqual([{ id: 'runbook', adapter: 'runbook', server: 'EX01', options: { language: 'fr' } }]);
    const md = runbookAdapter.exporter.render(
      fr.model,
      fr.model.targets[0]!,
      runbookAdapter.plan(fr.model, fr.model.targets[0]!, runbookAdapter.unobserved(fr.model, fr.model.targets[0]!)),
    );
    expect(md).toContain("Sous l'onglet **Général**, dans la zone **Nom**, entrez `Adresses utilisateur POP`.");
    // A name typed by hand wins; the Default Policy's name is refused.
    const own = buildModel({ ...seedAnswers('shared-domain'), runbookLanguage: 'fr', policyName: 'Utilisateurs POP3' });
    expect(own.ok && own.model.exchange.recipientPolicies[1]!.name).toBe('Utilisateurs POP3');
    expect(checkAnswers({ ...seedAnswers('shared-domain'), policyName: 'Default Policy' }).map((p) => p.field)).toContain('policyName');
    const both = buildModel(seedAnswers('shared-domain'));
    expect(both.ok && both.model.exchange.recipientPolicies[1]!.name).toBe('POP User Addresses');
  });

  it('relay-list alone puts the POP3 IP in the relay list and leaves Outbound Security anonymous', () => {
    const r = buildModel({ ...seedAnswers('shared-domain'), relayMethod: 'relay-list' });
    if (!r.ok) throw new Error('expected a model');
    expect(r.model.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual(['10.0.0.20']);
    expect(r.model.pop3.servers[0]!.smtp.outboundSecurity.mode).toBe('anonymous');
    expect(validate(r.model).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('outbound-security alone leaves the relay list empty and still lets the POP3 server relay', () => {
    const r = buildModel({ ...seedAnswers('shared-domain'), relayMethod: 'outbound-security' });
    if (!r.ok) throw new Error('expected a model');
    expect(r.model.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual([]);
    expect(r.model.pop3.servers[0]!.smtp.outboundSecurity).toMatchObject({
      mode: 'integrated',
      account: 'NWTRADERS\\svc-pop3-relay',
      passwordNeverExpires: true,
    });
    expect(validate(r.model).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('refuses the same domain on both systems, bad IPs, duplicate names and logons, with the field', () => {
    const a = seedAnswers('shared-domain');
    a.pop3Domain = 'NorthwindTraders.com';
    a.pop3 = { ...a.pop3, ip: '10.0.0.300', name: 'ex01' };
    a.users.push({ logon: 'ALICE', displayName: 'Alice again', kind: 'pop3' });
    const problems = checkAnswers(a);
    const fields = problems.filter((p) => p.severity === 'error').map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['pop3Domain', 'pop3.ip', 'pop3.name', 'users[3].logon']));
    expect(problems.find((p) => p.field === 'pop3.ip')!.message).toMatch(/not an IPv4 address/);
    expect(buildModel(a).ok).toBe(false);
  });

  it('an empty form has an error on every required field and a warning about users', () => {
    const problems = checkAnswers(emptyAnswers());
    expect(problems.map((p) => p.field)).toEqual(
      expect.arrayContaining([
        'organization',
        'sharedDomain',
        'exchange[0].name',
        'exchange[0].ip',
        'pop3.name',
        'serviceAccount',
        'users',
      ]),
    );
  });

  it('warns, but allows, an Outbound Security password that can expire', () => {
    const r = buildModel({ ...seedAnswers('shared-domain'), passwordNeverExpires: false });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => w.field)).toContain('passwordNeverExpires');
  });
});
