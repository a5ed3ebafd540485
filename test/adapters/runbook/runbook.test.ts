import { describe, expect, it } from 'vitest';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { CommandResult, Executor } from '../../../src/adapters/types.js';
import type { Model, TargetT } from '../../../src/model/schema.js';
import { runbookAdapter as rb } from '../../../src/adapters/runbook/index.js';
import { runbookSteps } from '../../../src/adapters/runbook/steps.js';
import { addEx02 } from '../../helpers/model-fixtures.js';

const t: TargetT = { id: 'runbook', adapter: 'runbook', server: 'POP01' };
const render = (m: Model, target = t) => rb.exporter.render(m, target, rb.plan(m, target, rb.unobserved(m, target)));
const step = (m: Model, title: RegExp) => {
  const s = runbookSteps(m).find((x) => title.test(x.title));
  if (!s) throw new Error(`no step ${title}`);
  return {
    ...s,
    enText: s.en.map((l) => (typeof l === 'string' ? l : l.note)).join('\n'),
    frText: s.fr.map((l) => (typeof l === 'string' ? l : l.note)).join('\n'),
  };
};

describe('runbook', () => {
  it('lists every procedure without observation, in English and in French, with the model values', () => {
    const m = scenarioModel('shared-domain');
    const changes = rb.plan(m, t, rb.unobserved(m, t));
    const md = rb.exporter.render(m, t, changes);
    expect(changes.length).toBe(11);
    expect(md).toContain('Create the POP3 domain pop.northwindtraders.com');
    expect(md).toContain('Créer le domaine distant northwindtraders.com sur POP01');
    expect(md).toContain('`@pop.northwindtraders.com`');
    expect(md).toContain('Never type `*`');
  });

  it("follows the seed's order: clients, users mail-enabled before the policy that finds them, connector, remote domain, smart host, relay", () => {
    const titles = runbookSteps(scenarioModel('shared-domain')).map((s) => s.title);
    expect(titles).toEqual([
      'Create the POP3 domain pop.northwindtraders.com and its mailboxes on POP01',
      'Configure Outlook Express for alice to send through ex01.northwindtraders.com',
      'Configure Outlook Express for carl to send through ex01.northwindtraders.com',
      "Require authentication on POP01's SMTP virtual server",
      'Mail-enable the POP3 users alice, carl',
      'Configure the recipient policy POP User Addresses for the POP3 users',
      'Create the SMTP connector POP3 Connector to pop.northwindtraders.com',
      'Create the remote domain northwindtraders.com on POP01',
      "Make Exchange the smart host of POP01's SMTP virtual server",
      "Method 1 (used by this model): Outbound Security of POP01's SMTP virtual server",
      'Method 2 (the alternative; this model sets it too): let 10.0.0.20 relay through EX01 (Default SMTP Virtual Server)',
    ]);
    // Separate domains: the remote domain (the seed's procedure before it) comes before the connector.
    const separate = runbookSteps(scenarioModel('separate-domains')).map((s) => s.title);
    expect(separate.indexOf('Create the remote domain northwindtraders.com on POP01')).toBeLessThan(
      separate.indexOf('Create the SMTP connector POP3 Connector to pop.contoso.com'),
    );
  });

  it("says to make Exchange the POP3 server's smart host (« hôte actif ») and to require authentication there", () => {
    const m = scenarioModel('shared-domain');
    const smart = step(m, /smart host of POP01/);
    expect(smart.enText).toContain('In **Smart host**, type `[10.0.0.10]` (EX01).');
    expect(smart.frText).toContain('Dans **Hôte actif**, entrez `[10.0.0.10]` (EX01).');
    expect(smart.frText).toContain("**Transférer tout le courrier vers l'hôte actif**, entrez `[10.0.0.10]`");
    expect(smart.objects).toContain('SMTP virtual server POP01');
    const auth = step(m, /Require authentication on POP01/);
    expect(auth.enText).toContain('Clear **Anonymous access** and select **Basic authentication**.');
    expect(auth.introFr).toContain("vous devez configurer le serveur virtuel SMTP afin d'utiliser l'authentification");
    // The remote-domain procedure is the seed's: no smart host in it.
    expect(step(m, /remote domain northwindtraders.com/).frText).not.toMatch(/hôte actif/);
    const noAuth = structuredClone(m);
    noAuth.pop3.servers[0]!.smtp.requireAuthentication = false;
    expect(runbookSteps(noAuth).map((s) => s.title)).not.toContain("Require authentication on POP01's SMTP virtual server");
  });

  it('repeats the connector only on the Exchange servers that accept inbound Internet mail, and says why', () => {
    const m = scenarioModel('shared-domain');
    addEx02(m, { acceptsInternetMail: false });
    const con = step(m, /SMTP connector/);
    expect(con.enText).toContain(
      "Repeat this procedure on each Exchange server that accepts inbound Internet mail: `EX01` (`ex01.northwindtraders.com`). They receive the POP3 users' mail from the Internet and must route it to the POP3 server. `EX02` (`ex02.northwindtraders.com`) does not accept inbound Internet mail and is left out.",
    );
    expect(con.frText).toMatch(
      /Répétez cette procédure sur chaque serveur Exchange qui accepte le message Internet entrant : `EX01` \(`ex01\.northwindtraders\.com`\)\. /,
    );
    expect(con.frText).not.toMatch(/Répétez[^\n]*`EX02`[^\n]*\. Ils/);
  });

  it("keeps the seed's condition on the relay box, in its singular for the shared domain and with its explanation for separate domains", () => {
    const shared = step(scenarioModel('shared-domain'), /SMTP connector/);
    expect(shared.frText).toContain(
      "Si vous acceptez les messages destinés aux utilisateurs POP3 qui se servent du domaine POP3 de `pop.northwindtraders.com`, cochez la case **Autoriser les messages à être relayés vers ce domaine** sous l'onglet **Espace d'adressage**. Cette étape n'est pas nécessaire si tous les messages entrants destinés à vos utilisateurs POP3 comportent l'adresse de messagerie suivante : `northwindtraders.com`. Ce modèle la laisse décochée.",
    );
    expect(shared.enText).toContain(
      'This step is not needed if all inbound messages for your POP3 users are addressed to `northwindtraders.com`.',
    );
    const separate = step(scenarioModel('separate-domains'), /SMTP connector/);
    expect(separate.frText).toContain(
      "Ce paramètre permet à tous les serveurs virtuels SMTP listés sous **Serveurs têtes de pont locaux** d'accepter les messages pour ce domaine.",
    );
    expect(separate.enText).toContain(
      'This setting lets every SMTP virtual server listed under **Local bridgeheads** accept messages for this domain.',
    );
  });

  it('gives Methods 1 and 2 as alternatives, the one the model uses first', () => {
    const shared = runbookSteps(scenarioModel('shared-domain')).filter((s) => /^Method/.test(s.title));
    expect(shared[0]!.introEn).toMatch(/in one of two ways.*Either one is enough/);
    expect(shared[0]!.introFr).toContain("de l'une des deux façons suivantes");
    const separate = runbookSteps(scenarioModel('separate-domains'))
      .filter((s) => /^Method/.test(s.title))
      .map((s) => s.title);
    expect(separate).toEqual([
      'Method 2 (used by this model): let 10.0.0.20 relay through EX01 (Default SMTP Virtual Server)',
      "Method 1 (the alternative): Outbound Security of POP01's SMTP virtual server",
    ]);
    // The alternative the model does not use names no account of its own and cannot be observed as done.
    const alt = step(scenarioModel('separate-domains'), /^Method 1/);
    expect(alt.enText).toContain('In **Account**, type a valid Active Directory user account.');
    expect(alt.objects).toEqual([]);
  });

  it("keeps the seed's remark on the filter, its dialog names, and the Start-menu path of the connector step", () => {
    const m = scenarioModel('shared-domain');
    const policy = step(m, /recipient policy/);
    expect(policy.frText).toContain(
      "Les étapes de création d'un filtre pour vos utilisateurs POP3 supposent que les utilisateurs POP3 sont les utilisateurs uniques et qu'ils disposent d'adresses externes.",
    );
    for (const label of [
      '**Utilisateurs, contacts et groupes**',
      '**Nouvelle adresse de messagerie**',
      "**Propriétés d'adresse SMTP**",
      'dans la zone **Adresse**',
      '`POP User Addresses`',
    ]) {
      expect(policy.frText).toContain(label);
    }
    expect(policy.enText).toContain('`alice` and `carl`');
    const con = step(m, /SMTP connector/);
    expect(con.en[0]).toBe(
      'Click **Start**, point to **All Programs**, point to **Microsoft Exchange**, and then click **System Manager**.',
    );
    expect(con.fr[0]).toBe(
      'Cliquez sur **Démarrer**, pointez sur **Tous les programmes**, pointez sur **Microsoft Exchange**, puis cliquez sur **Gestionnaire système**.',
    );
  });

  it('writes one language when options.language says so, and refuses an unknown one', () => {
    const m = scenarioModel('shared-domain');
    const fr = render(m, { ...t, options: { language: 'fr' } });
    expect(fr).toMatch(/^# Northwind Traders : procédure de coexistence/);
    expect(fr).not.toContain('runbook (runbook)');
    expect(render(m, { ...t, options: { language: 'en' } })).not.toContain('procédure(s)');
    expect(() => render(m, { ...t, options: { language: 'de' } })).toThrow(/options\.language/);
  });

  it('drops the steps an observation shows as done', async () => {
    const m = scenarioModel('shared-domain');
    const target: TargetT = { ...t, options: { observeWith: 'windows2003' } };
    const out =
      '#coexist-section winpop-domains\r\n------\r\n  pop.northwindtraders.com\r\n#coexist-section winpop-mailboxes pop.northwindtraders.com\r\n------\r\n  alice\r\n  carl\r\n#coexist-section metabase\r\nDOMAIN|Name=northwindtraders.com|RouteAction=4098|RouteActionString=%5B10.0.0.10%5D\r\n';
    const ex: Executor = {
      description: 'fake',
      async run(c): Promise<CommandResult> {
        return { argv: c.argv, exitCode: 0, stdout: out, stderr: '', durationMs: 1, timedOut: false };
      },
    };
    const observed = await rb.observe(m, target, ex);
    const titles = rb.plan(m, target, observed).map((c) => c.object);
    expect(titles).not.toContain('Create the POP3 domain pop.northwindtraders.com and its mailboxes on POP01');
    expect(titles).not.toContain('Create the remote domain northwindtraders.com on POP01');
    expect(titles).toContain("Method 1 (used by this model): Outbound Security of POP01's SMTP virtual server");
    expect(titles).toContain('Mail-enable the POP3 users alice, carl');
    expect(titles.length).toBe(9);
  });
});
