// The seed's first procedure: a POP3 client computer (Outlook Express) that sends through Exchange.
import type { ClientT, Model } from '../../model/schema.js';
import { b, c, type RunbookStep } from './text.js';

/** `first`: the first client's procedure carries the seed's introduction. */
export function clientStep(model: Model, cl: ClientT, first: boolean): RunbookStep {
  const toExchange = model.exchange.servers.some((s) => s.fqdn === cl.outgoing.server);
  const out = c(cl.outgoing.server);
  const auth = cl.outgoing.requiresAuthentication ? '' : ' (the model leaves it cleared: outgoing.requiresAuthentication)';
  const authFr = cl.outgoing.requiresAuthentication ? '' : ' (le modèle la laisse décochée : outgoing.requiresAuthentication)';
  return {
    title: `Configure ${cl.program} for ${cl.user} to send through ${cl.outgoing.server}`,
    titleFr: `Configurer ${cl.program} de ${cl.user} pour envoyer via ${cl.outgoing.server}`,
    ...(first
      ? {
          introEn:
            'The Windows Server POP3 service lets the users retrieve their mail while the SMTP service in Exchange lets them send it: one system through which all outgoing messages flow. POP3 clients authenticate on their outgoing mail server.',
          introFr:
            "Dans cette configuration, le service Windows Server POP3 permet aux utilisateurs de récupérer leur mail tandis que le service SMTP dans Exchange leur permet de l'envoyer. Les clients du service Windows Server POP3 sont configurés pour utiliser l'authentification sur leur serveur de courrier sortant.",
        }
      : {}),
    en: [
      `On the client computer of ${c(cl.user)}, open ${c(cl.program)}.`,
      `On the ${b('Tools')} menu, click ${b('Accounts')}.`,
      `In ${b('Internet Accounts')}, click the ${b('Mail')} tab, select the mail account ${c(cl.emailAddress)}, and then click ${b('Properties')}.`,
      `Click the ${b('Servers')} tab.`,
      toExchange
        ? `Under ${b('Server Information')}, in ${b('Outgoing mail (SMTP)')}, type the fully qualified domain name of your Exchange server: ${out}.`
        : `Under ${b('Server Information')}, in ${b('Outgoing mail (SMTP)')}, type ${out} (not an Exchange server of the model: its SMTP virtual server must use authentication).`,
      `Check that ${b('Incoming mail (POP3)')} is ${c(cl.incoming.server)}.`,
      `Under ${b('Outgoing Mail Server')}, select ${b('My server requires authentication')}${auth}, and then click ${b('OK')}.`,
    ],
    fr: [
      `Sur l'ordinateur client de ${c(cl.user)}, ouvrez ${c(cl.program)}.`,
      `Dans le menu ${b('Outils')}, cliquez sur ${b('Comptes')}.`,
      `Dans ${b('Comptes Internet')}, cliquez sur l'onglet ${b('Courrier')}, sélectionnez le compte de messagerie ${c(cl.emailAddress)}, puis cliquez sur ${b('Propriétés')}.`,
      `Cliquez sur l'onglet ${b('Serveurs')}.`,
      toExchange
        ? `Sous ${b('Informations sur le serveur')}, dans ${b('Courrier sortant (SMTP)')}, entrez le nom de domaine complet de votre serveur Exchange : ${out}.`
        : `Sous ${b('Informations sur le serveur')}, dans ${b('Courrier sortant (SMTP)')}, entrez ${out} (pas un serveur Exchange du modèle : son serveur virtuel SMTP doit utiliser l'authentification).`,
      `Vérifiez que ${b('Courrier entrant (POP3)')} est ${c(cl.incoming.server)}.`,
      `Sous ${b('Serveur de courrier sortant')}, cochez ${b('Mon serveur requiert une authentification')}${authFr}, puis cliquez sur ${b('OK')}.`,
    ],
    objects: [],
  };
}
