// The Exchange side of the seed: mail-enabled POP3 users (Exchange Tasks), the recipient policy that finds
// them, the SMTP connector to the POP3 server (shared domain or separate domains), and Method 2 of letting
// the POP3 server relay (the relay list of an Exchange SMTP virtual server).
import type { ConnectorT, ExchangeServerT, Model, Pop3ServerT, RecipientPolicyT } from '../../model/schema.js';
import { hostWithName } from './pop3-steps.js';
import { b, c, list, note, systemManager, type Line, type RunbookStep } from './text.js';

const mailEnabled = (model: Model) => model.users.filter((u) => u.kind === 'pop3' && u.externalAddress);

export function mailEnableStep(model: Model): RunbookStep[] {
  const users = mailEnabled(model);
  if (users.length === 0) return [];
  const [first, ...rest] = users;
  const who = (u: typeof first) => `${c(u!.logon)} (${u!.displayName.replace(/[`*_]/g, ' ')})`;
  const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1);
  const en: Line[] = [
    `On your Exchange server, click ${b('Start')}, point to ${b('All Programs')}, point to ${b('Microsoft Exchange')}, and then click ${b('Active Directory Users and Computers')}.`,
    'Navigate to the container where your users reside.',
    `Right-click the first POP3 user account, ${who(first)}, and then click ${b('Exchange Tasks')}.`,
    `In the Exchange Task Wizard, click ${b('Establish E-mail Address')}.`,
    `Click ${b('Next')}.`,
    `On the ${b('Establish E-mail Address')} page, the external e-mail address is the address assigned to your POP3 user, which must be on the mail domain of the server running the Windows Server POP3 service: ${c(first!.externalAddress!)} (${c(domainOf(first!.externalAddress!))}).`,
    `Click ${b('Next')}, and then click ${b('Finish')}.`,
  ];
  const fr: Line[] = [
    `Sur votre serveur Exchange, cliquez sur ${b('Démarrer')}, pointez sur ${b('Tous les programmes')}, puis sur ${b('Microsoft Exchange')}, puis cliquez sur ${b('Utilisateurs et ordinateurs Active Directory')}.`,
    "Naviguez jusqu'au conteneur où résident vos utilisateurs.",
    `Cliquez avec le bouton droit de la souris sur le premier compte d'utilisateur POP3, ${who(first)}, et cliquez sur ${b('Tâches Exchange')}.`,
    `Dans l'Assistant Tâches Exchange, cliquez sur ${b('Établir une adresse de messagerie')}.`,
    `Cliquez sur ${b('Suivant')}.`,
    `Sur la page ${b('Establish E-mail Address')}, l'adresse de messagerie externe indique l'adresse de messagerie affectée à votre utilisateur POP3, qui doit être identique au domaine de messagerie sur le serveur exécutant le service Windows Server POP3 : ${c(first!.externalAddress!)} (${c(domainOf(first!.externalAddress!))}).`,
    `Cliquez sur ${b('Suivant')}, puis sur ${b('Terminer')}.`,
  ];
  if (rest.length > 0) {
    const others = rest.map((u) => `${who(u)}: ${c(u.externalAddress!)}`).join('; ');
    en.push(`Repeat steps 2 to 7 for each POP3 user account: ${others}.`);
    fr.push(`Répétez les étapes 2 à 7 pour chaque compte d'utilisateur POP3 : ${others.replace(/: /g, ' : ')}.`);
  }
  return [
    {
      title: `Mail-enable the POP3 users ${users.map((u) => u.logon).join(', ')}`,
      titleFr: `Attribuer une extension messagerie aux comptes d'utilisateur POP3 ${users.map((u) => u.logon).join(', ')}`,
      introEn:
        'Each POP3 user exists as a mail-enabled user account in Active Directory, with an e-mail address on the POP3 mail domain. Do this before the recipient policy: its filter finds these users.',
      introFr:
        "Chaque utilisateur POP3 existe en tant que compte utilisateur doté d'une extension messagerie dans Active Directory. À faire avant la stratégie de destinataire : son filtre retrouve ces utilisateurs.",
      en,
      fr,
      objects: users.flatMap((u) => [`Mail-enabled user ${u.logon}`, `Mail user ${u.logon}`]),
    },
  ];
}

const FILTER = {
  'users-with-external-addresses': { en: 'Users with external e-mail addresses', fr: 'Utilisateurs avec adresses de messagerie externes' },
  'users-with-mailboxes': { en: 'Users with Exchange mailbox', fr: 'Utilisateurs avec une boîte aux lettres Exchange' },
} as const;

/** The address a new policy's E-Mail Addresses tab starts with: the Default Policy's primary SMTP address. */
function prefilledAddress(model: Model): string | undefined {
  const def = model.exchange.recipientPolicies.find((p) => p.priority === 'lowest');
  return def?.addresses.find((a) => a.primary)?.address;
}

export function policySteps(model: Model): RunbookStep[] {
  return model.exchange.recipientPolicies.filter((p) => p.addresses.some((a) => !a.responsible)).map((p) => policyStep(model, p));
}

function policyStep(model: Model, p: RecipientPolicyT): RunbookStep {
  const prefilled = prefilledAddress(model);
  const primary = p.addresses.find((a) => a.primary)!.address;
  const added = p.addresses.filter((a) => a.address !== prefilled);
  const found =
    p.filter === 'users-with-external-addresses'
      ? mailEnabled(model).map((u) => c(u.logon))
      : p.filter === 'users-with-mailboxes'
        ? model.users.filter((u) => u.kind === 'exchange').map((u) => c(u.logon))
        : [];
  const en: Line[] = [
    systemManager.en,
    `In the console tree, expand ${b('Recipients')}, right-click ${b('Recipient Policies')}, point to ${b('New')}, and then click ${b('Recipient Policy')}.`,
    `In ${b('New Policy')}, select the ${b('E-Mail Addresses')} check box, and then click ${b('OK')}.`,
    `On the ${b('General')} tab, in the ${b('Name')} box, type ${c(p.name)}.`,
  ];
  const fr: Line[] = [
    systemManager.fr,
    `Dans l'arborescence de la console, développez ${b('Destinataires')}, cliquez avec le bouton droit de la souris sur ${b('Stratégies de destinataire')}, pointez sur ${b('Nouveau')}, puis cliquez sur ${b('Stratégie de destinataire')}.`,
    `Dans ${b('Nouvelle stratégie')}, cochez la case ${b('Adresse de messagerie')}, puis cliquez sur ${b('OK')}.`,
    `Sous l'onglet ${b('Général')}, dans la zone ${b('Nom')}, entrez ${c(p.name)}.`,
  ];
  if (p.filter === 'all') {
    en.push(`Under ${b('Filter rules')}, leave the filter that selects all recipients.`);
    fr.push(`Sous ${b('Règles de filtrage')}, laissez le filtre qui sélectionne tous les destinataires.`);
  } else {
    const f = FILTER[p.filter];
    en.push(
      `Under ${b('Filter rules')}, click ${b('Modify')}, and then create a filter that selects only the POP3 users.`,
      note(
        'The steps for creating a filter for your POP3 users assume that the POP3 users are the only users with external addresses. If that is not the case in your environment, you may need to change the filter criteria.',
      ),
      `In ${b('Find Exchange Recipients')}, in the ${b('Find')} box, select ${b('Users, Contacts, and Groups')} from the list.`,
      `Click the ${b('Exchange')} tab.`,
      `Select the ${b('Show only Exchange recipients')} check box.`,
      `Click ${b(f.en)} and check that no other box is selected.`,
      `Click ${b('Find Now')} and make sure that the results return only your POP3 users${found.length ? `: ${list(found)}` : ''}.`,
      `Click ${b('OK')}.`,
    );
    fr.push(
      `Sous ${b('Règles de filtrage')}, cliquez sur ${b('Modifier')}, puis créez un filtre pour sélectionner uniquement les utilisateurs POP3.`,
      note(
        "Les étapes de création d'un filtre pour vos utilisateurs POP3 supposent que les utilisateurs POP3 sont les utilisateurs uniques et qu'ils disposent d'adresses externes. Si cela n'est pas le cas dans votre environnement, vous devez peut-être modifier les critères de filtre.",
      ),
      `Dans ${b('Rechercher les destinataires Exchange')}, dans la zone ${b('Rechercher')}, sélectionnez ${b('Utilisateurs, contacts et groupes')} dans la liste déroulante.`,
      `Cliquez sur l'onglet ${b('Exchange')}.`,
      `Cochez la case ${b("N'afficher que les destinataires Exchange")}.`,
      `Cliquez sur ${b(f.fr)} et vérifiez qu'aucune autre case n'est cochée.`,
      `Cliquez sur ${b('Rechercher')} et assurez-vous que les résultats renvoient uniquement vos utilisateurs POP3${found.length ? ` : ${list(found, false)}` : ''}.`,
      `Cliquez sur ${b('OK')}.`,
    );
  }
  en.push(
    `On the ${b('E-Mail Addresses (Policy)')} tab, ${prefilled ? `the shared SMTP domain appears as the primary address: ${c(prefilled)}. ` : ''}Click ${b('New')} to create a new SMTP address.`,
  );
  fr.push(
    `Sous l'onglet ${b('les adresses de courrier électronique (Stratégie)')}, ${prefilled ? `le domaine SMTP partagé apparaît comme domaine principal : ${c(prefilled)}. ` : ''}Cliquez sur ${b('Nouveau')} pour créer une nouvelle adresse SMTP.`,
  );
  added.forEach((a, i) => {
    if (i > 0) {
      en.push(`Click ${b('New')} again.`);
      fr.push(`Cliquez de nouveau sur ${b('Nouveau')}.`);
    }
    en.push(
      `In ${b('New E-mail Address')}, select ${b('SMTP Address')}, and then click ${b('OK')}.`,
      `In ${b('SMTP Address Properties')}, in the ${b('Address')} box, type ${c(a.address)}.`,
    );
    fr.push(
      `Dans ${b('Nouvelle adresse de messagerie')}, sélectionnez ${b('SMTP')}, puis cliquez sur ${b('OK')}.`,
      `Dans ${b("Propriétés d'adresse SMTP")}, dans la zone ${b('Adresse')}, entrez ${c(a.address)}.`,
    );
    if (!a.responsible) {
      en.push(
        `So that Exchange Server is not authoritative for this SMTP address, clear the ${b('This Exchange Organization is responsible for all mail delivery to this address')} check box.`,
        note(
          'Exchange Server must be configured as not authoritative for the POP3 domain, so that it can send messages to the server running the Windows Server POP3 service.',
        ),
      );
      fr.push(
        `Pour configurer Exchange Server afin qu'il ne fasse pas autorité pour cette adresse SMTP, désélectionnez la case ${b("L'organisation Exchange est responsable de la remise de tous les messages à cette adresse")}.`,
        note(
          'Exchange Server doit être configuré afin de ne pas faire autorité sur le domaine POP3. Ainsi, il pourra envoyer des messages au serveur exécutant le service Windows Server POP3.',
        ),
      );
    }
    en.push(`In ${b('SMTP Address Properties')}, click ${b('OK')}.`);
    fr.push(`Dans ${b("Propriétés d'adresse SMTP")}, cliquez sur ${b('OK')}.`);
  });
  if (primary !== prefilled) {
    en.push(
      `On the ${b('E-Mail Addresses (Policy)')} tab, select the SMTP address you just created, ${c(primary)}, and then click ${b('Set as Primary')}.`,
      `A message asks whether you want to update all corresponding recipient e-mail addresses. Click ${b('Yes')}.`,
    );
    fr.push(
      `Sous l'onglet ${b("Stratégie d'adresse de messagerie")}, sélectionnez l'adresse SMTP que vous venez de créer, ${c(primary)}, puis cliquez sur ${b('Définir comme principale')}.`,
      `Un message vous demande si vous souhaitez mettre à jour toutes les adresses de messagerie de destinataire correspondantes. Cliquez sur ${b('Oui')}.`,
    );
  }
  en.push(`On the ${b('E-Mail Addresses (Policy)')} tab, click ${b('OK')}.`);
  fr.push(`Sous l'onglet ${b('Adresse de messagerie')}, cliquez sur ${b('OK')}.`);
  return {
    title: `Configure the recipient policy ${p.name} for the POP3 users`,
    titleFr: `Configurer la stratégie de destinataire ${p.name} pour les utilisateurs POP3`,
    introEn:
      'This policy gives the POP3 users a secondary proxy SMTP address on the shared SMTP mail domain, so that Exchange Server associates them with the shared domain; their primary address stays on the POP3 domain, for which Exchange is not authoritative.',
    introFr:
      "Cette stratégie attribuera une adresse SMTP proxy secondaire du domaine de messagerie SMTP partagé afin qu'Exchange Server associe vos utilisateurs POP3 au domaine SMTP partagé.",
    en,
    fr,
    objects: [`Recipient policy ${p.name}`, `Email address policy ${p.name}`],
  };
}

/** The shared domain a connector's POP3 domain stands behind: a policy's non-authoritative address (seed, shared domain). */
export function sharedDomainFor(model: Model, con: ConnectorT): string | undefined {
  for (const p of model.exchange.recipientPolicies) {
    if (!p.addresses.some((a) => !a.responsible && con.addressSpaces.some((s) => `@${s.domain}` === a.address))) continue;
    const shared =
      p.addresses.find((a) => a.responsible) ??
      model.exchange.recipientPolicies.find((q) => q.priority === 'lowest')?.addresses.find((a) => a.primary);
    return shared?.address.slice(1);
  }
  return undefined;
}

export function connectorStep(model: Model, con: ConnectorT): RunbookStep {
  const shared = sharedDomainFor(model, con);
  const spaces = con.addressSpaces.map((s) => s.domain);
  const gateways = model.exchange.servers.filter((s) => s.acceptsInternetMail);
  const others = model.exchange.servers.filter((s) => !s.acceptsInternetMail);
  const serverList = (xs: ExchangeServerT[]) => list(xs.map((s) => `${c(s.name)} (${c(s.fqdn)})`));
  const en: Line[] = [
    systemManager.en,
    `In the console tree, right-click ${b('Connectors')}, point to ${b('New')}, and then click ${b('SMTP Connector')}.`,
  ];
  const fr: Line[] = [
    systemManager.fr,
    `Dans l'arborescence de la console, cliquez avec le bouton droit de la souris sur ${b('Connecteurs')}, pointez sur ${b('Nouveau')}, puis cliquez sur ${b('Connecteur SMTP')}.`,
  ];
  if (con.smartHosts.length > 0) {
    const hosts = list(con.smartHosts.map((h) => hostWithName(model, h)));
    en.push(
      `On the ${b('General')} tab, type the name ${c(con.name)}, click ${b('Forward all mail through this connector to the following smart hosts')}, and type the fully qualified domain name or, in brackets, the IP address of the server the SMTP address space's mail is routed to: ${hosts}.`,
    );
    fr.push(
      `Sous l'onglet ${b('Général')}, entrez le nom ${c(con.name)}, cliquez sur l'option ${b('Forward all mail through this connector to the following smart hosts')}, entrez le nom de domaine complet ou entrez, entre crochets, l'adresse IP du serveur vers lequel le courrier électronique de l'espace d'adressage SMTP doit être routé : ${hosts}.`,
    );
  } else {
    en.push(
      `On the ${b('General')} tab, type the name ${c(con.name)} and click ${b('Use DNS to route to each address space on this connector')}.`,
    );
    fr.push(
      `Sous l'onglet ${b('Général')}, entrez le nom ${c(con.name)} et cliquez sur ${b("Utiliser DNS pour acheminer vers chaque espace d'adressage de ce connecteur")}.`,
    );
  }
  const heads = list(con.bridgeheads.map(c));
  en.push(
    `Click ${b('Add')} to configure your bridgeheads, and then select your Exchange gateway servers that accept Internet mail for this domain: ${heads || '(none in the model)'}.`,
  );
  fr.push(
    `Cliquez sur ${b('Ajouter')} pour configurer vos serveurs têtes de pont, puis sélectionnez vos serveurs de passerelle Exchange qui acceptent les messages Internet de ce domaine : ${heads || '(aucun dans le modèle)'}.`,
  );
  for (const s of con.addressSpaces) {
    const cost = s.cost !== 1 ? ` In ${b('Cost')}, type ${s.cost}.` : '';
    const costFr = s.cost !== 1 ? ` Dans ${b('Coût')}, entrez ${s.cost}.` : '';
    en.push(
      `Click the ${b('Address Space')} tab, then ${b('Add')}, ${b('SMTP')}, and ${b('OK')}.`,
      `In the ${b('E-mail domain')} box, type the SMTP address space of the POP3 users, ${c(s.domain)}, and then click ${b('OK')}.${cost} On the ${b('Address Space')} tab, the mail domain appears.`,
    );
    fr.push(
      `Cliquez sur l'onglet ${b("Espace d'adressage")}, puis sur ${b('Ajouter')}, ${b('SMTP')} et enfin sur ${b('OK')}.`,
      `Dans la zone ${b('Domaine de messagerie')}, entrez le nom de l'espace d'adressage SMTP des utilisateurs POP3, ${c(s.domain)}, puis cliquez sur ${b('OK')}.${costFr} Sous l'onglet ${b("Espace d'adressage")}, le domaine de messagerie apparaît.`,
    );
  }
  en.push(
    note(
      `Caution: type the specific SMTP mail domain. Never type ${c('*')} (asterisk) on the SMTP connector: it makes Exchange Server accept mail for every external domain and relay it, an open relay anyone on the Internet can use. It is not secure at all.`,
    ),
  );
  fr.push(
    note(
      `Attention : il est important d'entrer le domaine de messagerie SMTP spécifique. N'entrez pas le caractère ${c('*')} (astérisque) sur le connecteur SMTP. La saisie du caractère * incite Exchange Server à accepter le courrier de tous les domaines externes et à utiliser ensuite le relais externe. Cette configuration permet à toutes les personnes utilisant Internet de se servir du relais ouvert. Elle n'est absolument pas sécurisée.`,
    ),
  );
  const model_ = con.allowRelay ? 'This model selects it.' : 'This model leaves it cleared.';
  const modelFr = con.allowRelay ? 'Ce modèle la coche.' : 'Ce modèle la laisse décochée.';
  if (shared !== undefined) {
    const pop = list(spaces.map(c));
    en.push(
      `If you accept messages for the POP3 users addressed to the POP3 domain ${pop}, select the ${b('Allow messages to be relayed to these domains')} check box on the ${b('Address Space')} tab. This step is not needed if all inbound messages for your POP3 users are addressed to ${c(shared)}. ${model_}`,
    );
    fr.push(
      `Si vous acceptez les messages destinés aux utilisateurs POP3 qui se servent du domaine POP3 de ${list(spaces.map(c), false)}, cochez la case ${b('Autoriser les messages à être relayés vers ce domaine')} sous l'onglet ${b("Espace d'adressage")}. Cette étape n'est pas nécessaire si tous les messages entrants destinés à vos utilisateurs POP3 comportent l'adresse de messagerie suivante : ${c(shared)}. ${modelFr}`,
    );
  } else if (con.allowRelay) {
    en.push(
      `Because Exchange Server 2003 must also receive messages for this domain, on the ${b('Address Space')} tab, click ${b('Allow messages to be relayed to these domains')}. This setting lets every SMTP virtual server listed under ${b('Local bridgeheads')} accept messages for this domain.`,
    );
    fr.push(
      `Étant donné qu'Exchange Server 2003 doit également recevoir des messages pour ce domaine, sous l'onglet ${b("Espace d'adressage")}, cliquez sur ${b('Autoriser les messages à être relayés vers ces domaines')}. Ce paramètre permet à tous les serveurs virtuels SMTP listés sous ${b('Serveurs têtes de pont locaux')} d'accepter les messages pour ce domaine.`,
    );
  } else {
    en.push(
      `Leave ${b('Allow messages to be relayed to these domains')} cleared, as the model does: the SMTP virtual servers listed under ${b('Local bridgeheads')} then do not accept messages for this domain from the Internet.`,
    );
    fr.push(
      `Laissez ${b('Autoriser les messages à être relayés vers ces domaines')} décochée, comme le modèle : les serveurs virtuels SMTP listés sous ${b('Serveurs têtes de pont locaux')} n'acceptent alors pas les messages pour ce domaine venant d'Internet.`,
    );
  }
  en.push(`Click ${b('OK')}.`);
  fr.push(`Cliquez sur ${b('OK')}.`);
  const left = others.length
    ? ` ${serverList(others)} ${others.length > 1 ? 'do' : 'does'} not accept inbound Internet mail and ${others.length > 1 ? 'are' : 'is'} left out.`
    : '';
  const leftFr = others.length
    ? ` ${serverList(others).replace(/ and /g, ' et ')} n'${others.length > 1 ? 'acceptent' : 'accepte'} pas le courrier Internet entrant : inutile d'y répéter.`
    : '';
  if (gateways.length > 0) {
    en.push(
      `Repeat this procedure on each Exchange server that accepts inbound Internet mail: ${serverList(gateways)}. They receive the POP3 users' mail from the Internet and must route it to the POP3 server.${left}`,
    );
    fr.push(
      `Répétez cette procédure sur chaque serveur Exchange qui accepte le message Internet entrant : ${serverList(gateways).replace(/ and /g, ' et ')}. Ils reçoivent d'Internet le courrier des utilisateurs POP3 et doivent le router vers le serveur POP3.${leftFr}`,
    );
  } else {
    en.push(
      `No Exchange server of the model accepts inbound Internet mail (acceptsInternetMail), so there is no other server to repeat this on.`,
    );
    fr.push(
      `Aucun serveur Exchange du modèle n'accepte le courrier Internet entrant (acceptsInternetMail) : il n'y a pas d'autre serveur où répéter cette procédure.`,
    );
  }
  return {
    title: `Create the SMTP connector ${con.name} to ${spaces.join(', ')}`,
    titleFr: `Créer le connecteur SMTP ${con.name} vers ${spaces.join(', ')}`,
    introEn:
      shared !== undefined
        ? 'The connector routes messages to the server running the Windows Server POP3 service, for the POP3 users in this domain.'
        : 'Exchange and the POP3 users use different SMTP mail domains: the connector routes the POP3 domain to the server running the Windows Server POP3 service.',
    introFr:
      shared !== undefined
        ? "Le connecteur permet aux messages d'être routés vers les utilisateurs POP3 dans ce domaine."
        : 'Exchange et les utilisateurs POP3 utilisent des domaines de messagerie SMTP différents : le connecteur route le domaine POP3 vers le serveur exécutant le service Windows Server POP3.',
    en,
    fr,
    objects: [`Send connector ${con.name}`],
  };
}

/** Method 2: the Exchange SMTP virtual server's relay list holds the POP3 server's IP. */
export function method2Steps(model: Model, s: Pop3ServerT, heading: { en: string; fr: string }): RunbookStep[] {
  const used = model.exchange.servers.flatMap((ex) =>
    ex.smtpVirtualServers
      .filter((vs) => vs.relay.mode === 'only-list' && vs.relay.computers.includes(s.ip))
      .map((vs) => ({ ex, vs: vs.name, used: true })),
  );
  const via =
    model.exchange.servers.find((ex) => s.smtp.smartHost && hostWithName(model, s.smtp.smartHost).includes(`(${ex.name})`)) ??
    model.exchange.servers.find((ex) => ex.acceptsInternetMail) ??
    model.exchange.servers[0];
  const pairs = used.length > 0 ? used : via ? [{ ex: via, vs: via.smtpVirtualServers[0]!.name, used: false }] : [];
  return pairs.map(({ ex, vs, used: inModel }) => ({
    title: `${heading.en}: let ${s.ip} relay through ${ex.name} (${vs})`,
    titleFr: `${heading.fr} : autoriser le relais de ${s.ip} via ${ex.name} (${vs})`,
    en: [
      `On your Exchange server ${c(ex.name)}, click ${b('Start')}, point to ${b('All Programs')}, point to ${b('Microsoft Exchange')}, and then click ${b('System Manager')}.`,
      `Expand ${b('Servers')}, ${c(ex.name)}, ${b('Protocols')}, and then ${b('SMTP')}.`,
      `Right-click the SMTP virtual server responsible for outgoing mail, ${c(vs)}, and then click ${b('Properties')}.`,
      `Click the ${b('Access')} tab.`,
      `On the ${b('Access')} tab, click ${b('Relay')}.`,
      `In the box that selects which computers may relay through this server, check that ${b('Only the list below')} is selected.`,
      `Click ${b('Add')}.`,
      `In ${b('Computer')}, click ${b('Single computer')}, and in ${b('IP address')}, type the IP address of the server running the Windows Server POP3 service: ${c(s.ip)}.`,
      `Click ${b('OK')}.`,
    ],
    fr: [
      `Sur votre serveur Exchange ${c(ex.name)}, cliquez sur ${b('Démarrer')}, pointez sur ${b('Tous les programmes')}, puis sur ${b('Microsoft Exchange')}, puis cliquez sur ${b('Gestionnaire système')}.`,
      `Développez ${b('Serveurs')}, ${c(ex.name)}, ${b('Protocoles')}, puis ${b('SMTP')}.`,
      `Cliquez avec le bouton droit de la souris sur le serveur virtuel SMTP responsable du courrier sortant, ${c(vs)}, puis cliquez sur ${b('Propriétés')}.`,
      `Cliquez sur l'onglet ${b('Accès')}.`,
      `Dans l'onglet ${b('Accès')}, cliquez sur ${b('Relais')}.`,
      `Dans la zone permettant de sélectionner les ordinateurs qui peuvent utiliser le relais via ce serveur, vérifiez que l'option ${b('Uniquement la liste ci-dessous')} est sélectionnée.`,
      `Cliquez sur ${b('Ajouter')}.`,
      `Dans ${b('Ordinateur')}, cliquez sur ${b('Ordinateur unique')} et dans ${b('Adresse IP')}, entrez l'adresse IP du serveur exécutant le service Windows Server POP3 : ${c(s.ip)}.`,
      `Cliquez sur ${b('OK')}.`,
    ],
    objects: inModel ? [`Receive connector ${ex.name}\\Relay (${vs})`] : [],
  }));
}
