// The seed's procedures (Exchange System Manager, IIS Manager, ADUC, Outlook Express), filled with the
// model's values, in English and in French (labels as in the seed's French original).
import type { Model } from '../../model/schema.js';

export interface RunbookStep {
  /** Stable title (English), also the change's object. */
  title: string;
  titleFr: string;
  en: string[];
  fr: string[];
  /** Objects of the windows2003 / exchange-ems plans this step configures; empty: cannot be observed. */
  objects: string[];
}

const b = (s: string) => `**${s}**`;
const c = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function runbookSteps(model: Model): RunbookStep[] {
  const steps: RunbookStep[] = [];
  const exFqdn = model.exchange.servers.map((s) => s.fqdn);
  for (const s of model.pop3.servers) {
    for (const d of s.domains) {
      steps.push({
        title: `Create the POP3 domain ${d.name} and its mailboxes on ${s.name}`,
        titleFr: `Créer le domaine POP3 ${d.name} et ses boîtes aux lettres sur ${s.name}`,
        en: [`On ${s.name}, open the POP3 Service snap-in (or a command prompt).`, `Create the domain ${c(d.name)} (${c(`winpop add ${d.name}`)}).`,
          ...d.mailboxes.map((m) => `Create the mailbox ${c(`${m}@${d.name}`)} (${c(`winpop add ${m}@${d.name}`)}).`)],
        fr: [`Sur ${s.name}, ouvrez le composant logiciel enfichable Service POP3 (ou une invite de commandes).`, `Créez le domaine ${c(d.name)} (${c(`winpop add ${d.name}`)}).`,
          ...d.mailboxes.map((m) => `Créez la boîte aux lettres ${c(`${m}@${d.name}`)} (${c(`winpop add ${m}@${d.name}`)}).`)],
        objects: [`POP3 domain ${d.name}`, ...d.mailboxes.map((m) => `POP3 mailbox ${m}@${d.name}`)],
      });
    }
  }
  for (const p of model.exchange.recipientPolicies) {
    const nonResp = p.addresses.filter((a) => !a.responsible);
    if (nonResp.length === 0) continue;
    const primary = p.addresses.find((a) => a.primary)?.address ?? nonResp[0]!.address;
    steps.push({
      title: `Configure the recipient policy ${p.name} for the POP3 users`,
      titleFr: `Configurer la stratégie de destinataire ${p.name} pour les utilisateurs POP3`,
      en: [`Click ${b('Start')}, point to ${b('All Programs')}, point to ${b('Microsoft Exchange')}, and then click ${b('System Manager')}.`,
        `In the console tree, expand ${b('Recipients')}, right-click ${b('Recipient Policies')}, point to ${b('New')}, and then click ${b('Recipient Policy')}.`,
        `In ${b('New Policy')}, select the ${b('E-Mail Addresses')} check box, and then click ${b('OK')}.`,
        `On the ${b('General')} tab, in the ${b('Name')} box, type ${c(p.name)}.`,
        `Under ${b('Filter rules')}, click ${b('Modify')}; on the ${b('Exchange')} tab select ${b('Show only Exchange recipients')} and ${b('Users with external e-mail addresses')} only; click ${b('Find Now')}, check that only the POP3 users are listed, click ${b('OK')}.`,
        ...nonResp.map((a) => `On the ${b('E-Mail Addresses (Policy)')} tab, click ${b('New')}, select ${b('SMTP Address')}, type ${c(a.address)}, and clear ${b('This Exchange Organization is responsible for all mail delivery to this address')}.`),
        `Select ${c(primary)} and click ${b('Set as Primary')}; answer ${b('Yes')} to update the matching addresses; click ${b('OK')}.`],
      fr: [`Cliquez sur ${b('Démarrer')}, pointez sur ${b('Tous les programmes')}, pointez sur ${b('Microsoft Exchange')}, puis cliquez sur ${b('Gestionnaire système')}.`,
        `Dans l'arborescence de la console, développez ${b('Destinataires')}, cliquez avec le bouton droit sur ${b('Stratégies de destinataire')}, pointez sur ${b('Nouveau')}, puis cliquez sur ${b('Stratégie de destinataire')}.`,
        `Dans ${b('Nouvelle stratégie')}, cochez la case ${b('Adresse de messagerie')}, puis cliquez sur ${b('OK')}.`,
        `Sous l'onglet ${b('Général')}, dans la zone ${b('Nom')}, entrez ${c(p.name)}.`,
        `Sous ${b('Règles de filtrage')}, cliquez sur ${b('Modifier')} ; sous l'onglet ${b('Exchange')}, cochez ${b("N'afficher que les destinataires Exchange")} et uniquement ${b('Utilisateurs avec adresses de messagerie externes')} ; cliquez sur ${b('Rechercher')}, vérifiez que seuls les utilisateurs POP3 apparaissent, cliquez sur ${b('OK')}.`,
        ...nonResp.map((a) => `Sous l'onglet ${b('les adresses de courrier électronique (Stratégie)')}, cliquez sur ${b('Nouveau')}, sélectionnez ${b('SMTP')}, entrez ${c(a.address)} et désélectionnez ${b("L'organisation Exchange est responsable de la remise de tous les messages à cette adresse")}.`),
        `Sélectionnez ${c(primary)} et cliquez sur ${b('Définir comme principale')} ; répondez ${b('Oui')} à la mise à jour des adresses ; cliquez sur ${b('OK')}.`],
      objects: [`Recipient policy ${p.name}`, `Email address policy ${p.name}`],
    });
  }
  for (const con of model.exchange.connectors) {
    const spaces = con.addressSpaces.map((s) => s.domain);
    steps.push({
      title: `Create the SMTP connector ${con.name} to ${spaces.join(', ')}`,
      titleFr: `Créer le connecteur SMTP ${con.name} vers ${spaces.join(', ')}`,
      en: [`In ${b('System Manager')}, right-click ${b('Connectors')}, point to ${b('New')}, and click ${b('SMTP Connector')}.`,
        `On the ${b('General')} tab, type the name ${c(con.name)}, click ${b('Forward all mail through this connector to the following smart hosts')} and type ${con.smartHosts.map(c).join(', ') || '(use DNS)'}.`,
        `Click ${b('Add')} under ${b('Local bridgeheads')} and add ${con.bridgeheads.map(c).join(', ')}.`,
        ...con.addressSpaces.map((s) => `On the ${b('Address Space')} tab, click ${b('Add')}, ${b('SMTP')}, ${b('OK')}; in ${b('E-mail domain')} type ${c(s.domain)} (cost ${s.cost}). Never type ${c('*')}.`),
        con.allowRelay ? `Select ${b('Allow messages to be relayed to these domains')}.` : `Leave ${b('Allow messages to be relayed to these domains')} cleared.`,
        `Click ${b('OK')}. Repeat on every Exchange server that accepts inbound Internet mail (${exFqdn.map(c).join(', ')}).`],
      fr: [`Dans le ${b('Gestionnaire système')}, cliquez avec le bouton droit sur ${b('Connecteurs')}, pointez sur ${b('Nouveau')}, puis cliquez sur ${b('Connecteur SMTP')}.`,
        `Sous l'onglet ${b('Général')}, entrez le nom ${c(con.name)}, cliquez sur ${b('Forward all mail through this connector to the following smart hosts')} et entrez ${con.smartHosts.map(c).join(', ') || '(DNS)'}.`,
        `Cliquez sur ${b('Ajouter')} pour les serveurs têtes de pont et ajoutez ${con.bridgeheads.map(c).join(', ')}.`,
        ...con.addressSpaces.map((s) => `Sous l'onglet ${b('Espace d\'adressage')}, cliquez sur ${b('Ajouter')}, ${b('SMTP')}, ${b('OK')} ; dans ${b('Domaine de messagerie')}, entrez ${c(s.domain)} (coût ${s.cost}). N'entrez jamais ${c('*')}.`),
        con.allowRelay ? `Cochez ${b('Autoriser les messages à être relayés vers ces domaines')}.` : `Laissez ${b('Autoriser les messages à être relayés vers ces domaines')} décoché.`,
        `Cliquez sur ${b('OK')}. Répétez sur chaque serveur Exchange qui accepte le courrier Internet entrant (${exFqdn.map(c).join(', ')}).`],
      objects: [`Send connector ${con.name}`],
    });
  }
  for (const s of model.pop3.servers) {
    for (const r of s.smtp.remoteDomains) {
      steps.push({
        title: `Create the remote domain ${r.name} on ${s.name}`,
        titleFr: `Créer le domaine distant ${r.name} sur ${s.name}`,
        en: [`On ${s.name}, open ${b('Internet Information Services (IIS) Manager')}, expand the server and ${b('Default SMTP Virtual Server')}.`,
          `Right-click ${b('Domains')}, point to ${b('New')}, click ${b('Domain')}, choose ${b('Remote')}, type ${c(r.name)}, click ${b('Finish')}.`,
          `Open the domain's ${b('Properties')}; on the ${b('General')} tab ${r.allowRelay ? 'select' : 'clear'} ${b('Allow incoming mail to be relayed to this domain')}${r.smartHost ? ` and set ${b('Forward all mail to smart host')} to ${c(r.smartHost)}` : ''}; click ${b('OK')}.`],
        fr: [`Sur ${s.name}, ouvrez le ${b('Gestionnaire des services Internet (IIS)')}, développez le serveur et votre serveur virtuel SMTP.`,
          `Cliquez avec le bouton droit sur ${b('Domaines')}, pointez sur ${b('Nouveau')}, cliquez sur ${b('Domaine')}, choisissez ${b('Distant')}, entrez ${c(r.name)}, cliquez sur ${b('Terminer')}.`,
          `Ouvrez les ${b('Propriétés')} du domaine ; sous l'onglet ${b('Général')}, ${r.allowRelay ? 'cochez' : 'décochez'} ${b('Autoriser le courrier entrant à être relayé vers ce domaine')}${r.smartHost ? ` et transférez tout le courrier vers l'hôte actif ${c(r.smartHost)}` : ''} ; cliquez sur ${b('OK')}.`],
        objects: [`SMTP remote domain ${r.name}`],
      });
    }
  }
  for (const u of model.users.filter((x) => x.kind === 'pop3' && x.externalAddress)) {
    steps.push({
      title: `Mail-enable the POP3 user ${u.logon}`,
      titleFr: `Attribuer une extension messagerie à l'utilisateur POP3 ${u.logon}`,
      en: [`On the Exchange server, open ${b('Active Directory Users and Computers')} and go to the container of ${c(u.displayName)}.`,
        `Right-click the account, click ${b('Exchange Tasks')}, choose ${b('Establish E-mail Address')}, click ${b('Next')}.`,
        `Set the external e-mail address to ${c(`SMTP:${u.externalAddress}`)}; click ${b('Next')}, then ${b('Finish')}.`],
      fr: [`Sur le serveur Exchange, ouvrez ${b('Utilisateurs et ordinateurs Active Directory')} et allez au conteneur de ${c(u.displayName)}.`,
        `Cliquez avec le bouton droit sur le compte, cliquez sur ${b('Tâches Exchange')}, choisissez ${b('Établir une adresse de messagerie')}, cliquez sur ${b('Suivant')}.`,
        `Indiquez l'adresse de messagerie externe ${c(`SMTP:${u.externalAddress}`)} ; cliquez sur ${b('Suivant')}, puis sur ${b('Terminer')}.`],
      objects: [`Mail-enabled user ${u.logon}`, `Mail user ${u.logon}`],
    });
  }
  for (const s of model.pop3.servers) {
    const os = s.smtp.outboundSecurity;
    if (os.mode === 'integrated' || os.mode === 'basic') {
      const label = os.mode === 'integrated' ? 'Integrated Windows Authentication' : 'Basic authentication';
      const labelFr = os.mode === 'integrated' ? 'Authentification intégrée Windows' : 'Authentification de base';
      steps.push({
        title: `Method 1: Outbound Security of ${s.name}'s SMTP virtual server`,
        titleFr: `Méthode 1 : sécurité sortante du serveur virtuel SMTP de ${s.name}`,
        en: [`On ${s.name}, in ${b('IIS Manager')}, right-click the SMTP virtual server, click ${b('Properties')}, the ${b('Delivery')} tab, then ${b('Outbound Security')}.`,
          `Click ${b(label)}; in ${b('Account')} type ${c(os.account ?? '')} and its password (kept outside coexist: ${c(os.secret ?? 'ask the account owner')}). The account's password must never expire.`, `Click ${b('OK')} twice.`],
        fr: [`Sur ${s.name}, dans le ${b('Gestionnaire des services Internet (IIS)')}, cliquez avec le bouton droit sur le serveur virtuel SMTP, cliquez sur ${b('Propriétés')}, l'onglet ${b('Livraison')}, puis ${b('Sécurité sortante')}.`,
          `Cliquez sur ${b(labelFr)} ; dans ${b('Compte')}, entrez ${c(os.account ?? '')} et son mot de passe (conservé hors de coexist : ${c(os.secret ?? 'demandez-le au propriétaire du compte')}). Le mot de passe de ce compte ne doit jamais expirer.`, `Cliquez deux fois sur ${b('OK')}.`],
        objects: [`SMTP virtual server ${s.name}`],
      });
    }
  }
  for (const ex of model.exchange.servers) {
    for (const vs of ex.smtpVirtualServers) {
      const ips = model.pop3.servers.map((p) => p.ip).filter((ip) => vs.relay.computers.includes(ip));
      if (vs.relay.mode !== 'only-list' || ips.length === 0) continue;
      steps.push({
        title: `Method 2: let ${ips.join(', ')} relay through ${ex.name} (${vs.name})`,
        titleFr: `Méthode 2 : autoriser le relais de ${ips.join(', ')} via ${ex.name} (${vs.name})`,
        en: [`In ${b('System Manager')}, expand ${b('Servers')}, ${c(ex.name)}, ${b('Protocols')}, ${b('SMTP')}; right-click ${c(vs.name)}, click ${b('Properties')}.`,
          `On the ${b('Access')} tab click ${b('Relay')}; check that ${b('Only the list below')} is selected.`,
          ...ips.map((ip) => `Click ${b('Add')}, ${b('Single computer')}, type ${c(ip)} in ${b('IP address')}, click ${b('OK')}.`)],
        fr: [`Dans le ${b('Gestionnaire système')}, développez ${b('Serveurs')}, ${c(ex.name)}, ${b('Protocoles')}, ${b('SMTP')} ; cliquez avec le bouton droit sur ${c(vs.name)}, puis sur ${b('Propriétés')}.`,
          `Sous l'onglet ${b('Accès')}, cliquez sur ${b('Relais')} ; vérifiez que ${b('Uniquement la liste ci-dessous')} est sélectionnée.`,
          ...ips.map((ip) => `Cliquez sur ${b('Ajouter')}, ${b('Ordinateur unique')}, entrez ${c(ip)} dans ${b('Adresse IP')}, cliquez sur ${b('OK')}.`)],
        objects: [`Receive connector ${ex.name}\\Relay (${vs.name})`],
      });
    }
  }
  for (const cl of model.clients) {
    steps.push({
      title: `Configure ${cl.program} for ${cl.user} to send through ${cl.outgoing.server}`,
      titleFr: `Configurer ${cl.program} de ${cl.user} pour envoyer via ${cl.outgoing.server}`,
      en: [`On the client computer, open ${c(cl.program)}; on the ${b('Tools')} menu click ${b('Accounts')}.`,
        `In ${b('Internet Accounts')}, on the ${b('Mail')} tab, select ${c(cl.emailAddress)} and click ${b('Properties')}, then the ${b('Servers')} tab.`,
        `Set ${b('Incoming mail (POP3)')} to ${c(cl.incoming.server)} and ${b('Outgoing mail (SMTP)')} to ${c(cl.outgoing.server)}.`,
        `${cl.outgoing.requiresAuthentication ? 'Select' : 'Select (the seed requires it)'} ${b('My server requires authentication')}; click ${b('OK')}.`],
      fr: [`Sur l'ordinateur client, ouvrez ${c(cl.program)} ; dans le menu ${b('Outils')}, cliquez sur ${b('Comptes')}.`,
        `Dans ${b('Comptes Internet')}, sous l'onglet ${b('Courrier')}, sélectionnez ${c(cl.emailAddress)} et cliquez sur ${b('Propriétés')}, puis sur l'onglet ${b('Serveurs')}.`,
        `Dans ${b('Courrier entrant (POP3)')}, entrez ${c(cl.incoming.server)} et dans ${b('Courrier sortant (SMTP)')}, ${c(cl.outgoing.server)}.`,
        `Cochez ${b('Mon serveur requiert une authentification')} ; cliquez sur ${b('OK')}.`],
      objects: [],
    });
  }
  return steps;
}
