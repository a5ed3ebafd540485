// The POP3 server's procedures: its domain and mailboxes (the seed assumes them), authentication on its SMTP
// virtual server, the remote domain for the Exchange mail domain, Exchange as its smart host ("hôte actif"),
// and Method 1 of letting it relay through Exchange (Outbound Security).
import type { Model, Pop3ServerT } from '../../model/schema.js';
import { b, c, iisManager, iisVirtualServerProperties, note, type RunbookStep } from './text.js';

/** "[10.0.0.10] (EX01)": a smart host with the name of the model's server it points at, if any. */
export function hostWithName(model: Model, host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const server = [...model.exchange.servers, ...model.pop3.servers].find((s) => s.ip === bare || s.fqdn === bare);
  return server ? `${c(host)} (${server.name})` : c(host);
}

export function pop3DomainSteps(s: Pop3ServerT): RunbookStep[] {
  return s.domains.map((d) => ({
    title: `Create the POP3 domain ${d.name} and its mailboxes on ${s.name}`,
    titleFr: `Créer le domaine POP3 ${d.name} et ses boîtes aux lettres sur ${s.name}`,
    en: [
      `On ${c(s.name)}, open the POP3 Service snap-in (or a command prompt).`,
      `Create the domain ${c(d.name)} (${c(`winpop add ${d.name}`)}).`,
      ...d.mailboxes.map((m) => `Create the mailbox ${c(`${m}@${d.name}`)} (${c(`winpop add ${m}@${d.name}`)}).`),
    ],
    fr: [
      `Sur ${c(s.name)}, ouvrez le composant logiciel enfichable Service POP3 (ou une invite de commandes).`,
      `Créez le domaine ${c(d.name)} (${c(`winpop add ${d.name}`)}).`,
      ...d.mailboxes.map((m) => `Créez la boîte aux lettres ${c(`${m}@${d.name}`)} (${c(`winpop add ${m}@${d.name}`)}).`),
    ],
    objects: [`POP3 domain ${d.name}`, ...d.mailboxes.map((m) => `POP3 mailbox ${m}@${d.name}`)],
  }));
}

/** The seed: clients that send through the POP3 server's SMTP service make its virtual server use authentication. */
export function authenticationStep(s: Pop3ServerT): RunbookStep[] {
  if (!s.smtp.requireAuthentication) return [];
  const start = iisManager(s.name);
  const props = iisVirtualServerProperties(s.name);
  return [
    {
      title: `Require authentication on ${s.name}'s SMTP virtual server`,
      titleFr: `Exiger l'authentification sur le serveur virtuel SMTP de ${s.name}`,
      introEn:
        'If you configure your POP3 clients to use the SMTP service on the server running the Windows Server POP3 service, you must configure the SMTP virtual server to use authentication.',
      introFr:
        "Si vous configurez vos clients POP3 en vue d'utiliser le service SMTP sur le serveur exécutant le service Windows Server POP3, vous devez configurer le serveur virtuel SMTP afin d'utiliser l'authentification.",
      en: [
        start.en,
        props.en,
        `On the ${b('Access')} tab, click ${b('Authentication')}.`,
        `Clear ${b('Anonymous access')} and select ${b('Basic authentication')}.`,
        `Click ${b('OK')} twice.`,
      ],
      fr: [
        start.fr,
        props.fr,
        `Sous l'onglet ${b('Accès')}, cliquez sur ${b('Authentification')}.`,
        `Désactivez ${b('Accès anonyme')} et cochez ${b('Authentification de base')}.`,
        `Cliquez deux fois sur ${b('OK')}.`,
      ],
      objects: [`SMTP virtual server ${s.name}`],
    },
  ];
}

export function remoteDomainSteps(s: Pop3ServerT): RunbookStep[] {
  return s.smtp.remoteDomains.map((r) => {
    const start = iisManager(s.name);
    return {
      title: `Create the remote domain ${r.name} on ${s.name}`,
      titleFr: `Créer le domaine distant ${r.name} sur ${s.name}`,
      en: [
        start.en,
        `Expand ${b('Internet Information Services (IIS)')}, ${c(s.name)}, and then your SMTP virtual server.`,
        `Right-click ${b('Domains')}, point to ${b('New')}, and then click ${b('Domain')}. The New SMTP Domain Wizard starts.`,
        `In the New SMTP Domain Wizard, under ${b('Specify domain type')}, click ${b('Remote')}, and then click ${b('Next')}.`,
        `On the ${b('Domain Name')} page, in the ${b('Name')} box, type the Exchange Server mail domain: ${c(r.name)}.`,
        `Click ${b('Finish')}.`,
        `In the details pane, right-click the remote domain you just created, and then click ${b('Properties')}.`,
        r.allowRelay
          ? `On the ${b('General')} tab, select the ${b('Allow incoming mail to be relayed to this domain')} check box.`
          : `On the ${b('General')} tab, leave the ${b('Allow incoming mail to be relayed to this domain')} check box cleared (the model does not relay to this domain).`,
        `Click ${b('OK')}.`,
      ],
      fr: [
        start.fr,
        `Développez ${b('Services Internet (IIS)')}, ${c(s.name)}, puis votre serveur virtuel SMTP.`,
        `Cliquez avec le bouton droit de la souris sur ${b('Domaines')}, pointez sur ${b('Nouveau')}, puis cliquez sur ${b('Domaine')}. L'assistant Nouvel Assistant SMTP démarre.`,
        `Dans Nouvel Assistant SMTP, sous ${b('Spécifiez le type de domaine')}, cliquez sur ${b('Distant')}, puis sur ${b('Suivant')}.`,
        `Sur la page ${b('Nom du domaine')}, dans la zone ${b('Nom')}, entrez le domaine de messagerie d'Exchange Server : ${c(r.name)}.`,
        `Cliquez sur ${b('Terminer')}.`,
        `Dans le volet d'informations, cliquez avec le bouton droit de la souris sur le domaine distant que vous venez de créer, puis cliquez sur ${b('Propriétés')}.`,
        r.allowRelay
          ? `Sous l'onglet ${b('Général')}, cochez la case ${b('Autoriser le courrier entrant à être relayé vers ce domaine')}.`
          : `Sous l'onglet ${b('Général')}, laissez la case ${b('Autoriser le courrier entrant à être relayé vers ce domaine')} décochée (le modèle ne relaie pas vers ce domaine).`,
        `Cliquez sur ${b('OK')}.`,
      ],
      objects: [`SMTP remote domain ${r.name}`],
    };
  });
}

/** The seed: "Exchange Server doit être configuré comme hôte actif" for the POP3 server's SMTP service. */
export function smartHostStep(model: Model, s: Pop3ServerT): RunbookStep[] {
  const routed = s.smtp.remoteDomains.filter((r) => r.smartHost);
  if (!s.smtp.smartHost && routed.length === 0) return [];
  const start = iisManager(s.name);
  const props = iisVirtualServerProperties(s.name);
  const en = [start.en];
  const fr = [start.fr];
  if (s.smtp.smartHost) {
    const host = hostWithName(model, s.smtp.smartHost);
    en.push(
      props.en,
      `On the ${b('Delivery')} tab, click ${b('Advanced')}.`,
      `In ${b('Smart host')}, type ${host}.`,
      `Click ${b('OK')} twice.`,
    );
    fr.push(
      props.fr,
      `Sous l'onglet ${b('Livraison')}, cliquez sur ${b('Avancé')}.`,
      `Dans ${b('Hôte actif')}, entrez ${host}.`,
      `Cliquez deux fois sur ${b('OK')}.`,
    );
  }
  for (const r of routed) {
    const host = hostWithName(model, r.smartHost!);
    en.push(
      `Under your SMTP virtual server, click ${b('Domains')}; right-click the remote domain ${c(r.name)}, and then click ${b('Properties')}.`,
      `On the ${b('General')} tab, click ${b('Forward all mail to smart host')}, type ${host}, and then click ${b('OK')}.`,
    );
    fr.push(
      `Sous votre serveur virtuel SMTP, cliquez sur ${b('Domaines')} ; cliquez avec le bouton droit de la souris sur le domaine distant ${c(r.name)}, puis cliquez sur ${b('Propriétés')}.`,
      `Sous l'onglet ${b('Général')}, cliquez sur ${b("Transférer tout le courrier vers l'hôte actif")}, entrez ${host}, puis cliquez sur ${b('OK')}.`,
    );
  }
  return [
    {
      title: `Make Exchange the smart host of ${s.name}'s SMTP virtual server`,
      titleFr: `Configurer Exchange comme hôte actif du serveur virtuel SMTP de ${s.name}`,
      introEn:
        'The SMTP service on the server running Windows Server POP3 is allowed to relay through Exchange Server: Exchange Server must be configured as its smart host, and the Windows POP3 service must be allowed to relay (Method 1 or Method 2 below).',
      introFr:
        "Le service SMTP sur le serveur exécutant Windows Server POP3 a l'autorisation d'utiliser le relais via Exchange Server : Exchange Server doit être configuré comme hôte actif et le service Windows POP3 doit avoir l'autorisation d'utiliser le relais (méthode 1 ou méthode 2 ci-dessous).",
      en,
      fr,
      objects: [...(s.smtp.smartHost ? [`SMTP virtual server ${s.name}`] : []), ...routed.map((r) => `SMTP remote domain ${r.name}`)],
    },
  ];
}

/** Method 1: Outbound Security on the POP3 server's SMTP virtual server. `used`: the model sets it. */
export function method1Step(s: Pop3ServerT, heading: { en: string; fr: string }, used: boolean): RunbookStep {
  const os = s.smtp.outboundSecurity;
  const basic = used && os.mode === 'basic';
  const start = iisManager(s.name);
  const account = used && os.account ? c(os.account) : 'a valid Active Directory user account';
  const accountFr = used && os.account ? c(os.account) : "un compte d'utilisateur Active Directory valide";
  const secret = used ? ` Its password is kept outside coexist: ${c(os.secret ?? 'ask the account owner')}.` : '';
  const secretFr = used
    ? ` Son mot de passe est conservé hors de coexist : ${c(os.secret ?? 'demandez-le au propriétaire du compte')}.`
    : '';
  const expires = used && !os.passwordNeverExpires ? ' (the model does not mark this one as never expiring: passwordNeverExpires)' : '';
  const expiresFr =
    used && !os.passwordNeverExpires ? " (le modèle n'indique pas que celui-ci n'expire jamais : passwordNeverExpires)" : '';
  return {
    title: `${heading.en}: Outbound Security of ${s.name}'s SMTP virtual server`,
    titleFr: `${heading.fr} : sécurité sortante du serveur virtuel SMTP de ${s.name}`,
    en: [
      start.en,
      `Expand ${b('Internet Information Services (IIS)')}, then ${c(s.name)}, and then click the SMTP virtual server.`,
      `Right-click your SMTP virtual server, and then click ${b('Properties')}.`,
      `Click the ${b('Delivery')} tab, and then ${b('Outbound Security')}.`,
      `In Outbound Security, click ${b(basic ? 'Basic authentication' : 'Integrated Windows Authentication')}.`,
      `In ${b('Account')}, type ${account}.${secret}`,
      note(
        `We recommend that you create a special account for the SMTP service. Configure this account with a password that never expires so that this server can keep sending messages to Exchange Server${expires}.`,
      ),
      `Click ${b('OK')} twice.`,
    ],
    fr: [
      start.fr,
      `Développez ${b('Services Internet (IIS)')}, puis ${c(s.name)}, puis cliquez sur le serveur virtuel SMTP.`,
      `Cliquez avec le bouton droit de la souris sur votre serveur virtuel SMTP, puis cliquez sur ${b('Propriétés')}.`,
      `Cliquez sur l'onglet ${b('Livraison')}, puis sur ${b('Sécurité sortante')}.`,
      `Dans Sécurité sortante, cliquez sur ${b(basic ? 'Authentification de base' : 'Authentification intégrée Windows')}.`,
      `Dans ${b('Compte')}, entrez ${accountFr}.${secretFr}`,
      note(
        `Il est recommandé de créer un compte spécial pour le service SMTP. Vous devez configurer ce compte avec un mot de passe qui n'expire jamais afin que ce serveur puisse continuer à envoyer des messages à Exchange Server${expiresFr}.`,
      ),
      `Cliquez deux fois sur ${b('OK')}.`,
    ],
    objects: used ? [`SMTP virtual server ${s.name}`] : [],
  };
}
