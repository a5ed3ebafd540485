// The seed's procedures (Exchange System Manager, IIS Manager, ADUC, Outlook Express) in the seed's order,
// filled with the model's values, in English and in French (labels as in the seed's French original):
//   the POP3 domain the seed assumes; the client computers (the seed's first procedure) and the
//   authentication they need on the POP3 server's SMTP service; the mail-enabled POP3 users, before the
//   recipient policy whose filter finds them; the connector (shared domain); the remote domain on the POP3
//   server; the connector (separate domains); Exchange as the POP3 server's smart host; and the two ways of
//   letting it relay through Exchange, the model's first.
import type { Model, Pop3ServerT } from '../../model/schema.js';
import { clientStep } from './client-steps.js';
import { connectorStep, mailEnableStep, method2Steps, policySteps, sharedDomainFor } from './exchange-steps.js';
import { authenticationStep, method1Step, pop3DomainSteps, remoteDomainSteps, smartHostStep } from './pop3-steps.js';
import type { RunbookStep } from './text.js';

export type { Line, RunbookStep } from './text.js';

/** Method 1 or 2 first: the one the model uses; the other is the seed's alternative. */
function relayMethods(model: Model, s: Pop3ServerT): RunbookStep[] {
  const m1 = s.smtp.outboundSecurity.mode !== 'anonymous';
  const m2 = model.exchange.servers.some((ex) =>
    ex.smtpVirtualServers.some((vs) => vs.relay.mode === 'only-list' && vs.relay.computers.includes(s.ip)),
  );
  const firstIs1 = m1 || !m2;
  const both = m1 && m2;
  const first = {
    en: `Method ${firstIs1 ? 1 : 2} (${m1 || m2 ? 'used by this model' : 'neither is in the model: use one'})`,
    fr: `Méthode ${firstIs1 ? 1 : 2} (${m1 || m2 ? 'utilisée par ce modèle' : "aucune dans le modèle : utilisez l'une des deux"})`,
  };
  const second = {
    en: `Method ${firstIs1 ? 2 : 1} (the alternative${both ? '; this model sets it too' : ''})`,
    fr: `Méthode ${firstIs1 ? 2 : 1} (l'autre façon${both ? ' ; ce modèle la configure aussi' : ''})`,
  };
  const one = firstIs1 ? [method1Step(s, first, m1)] : method2Steps(model, s, first);
  const two = firstIs1 ? method2Steps(model, s, second) : [method1Step(s, second, m1)];
  const intro = {
    introEn: `Allow the SMTP service on ${s.name} to relay through Exchange Server in one of two ways: Method 1, the Outbound Security of ${s.name}'s SMTP virtual server; Method 2, an Exchange SMTP virtual server that allows relaying from ${s.name}'s IP address. Either one is enough.`,
    introFr: `Vous devez configurer le service SMTP de ${s.name} avec l'autorisation d'utiliser le relais via Exchange Server, de l'une des deux façons suivantes : méthode 1, la sécurité sortante du serveur virtuel SMTP de ${s.name} ; méthode 2, un serveur virtuel SMTP d'Exchange Server qui autorise le relais à partir de l'adresse IP de ${s.name}.`,
  };
  return [...one.map((st, i) => (i === 0 ? { ...st, ...intro } : st)), ...two];
}

export function runbookSteps(model: Model): RunbookStep[] {
  const pop3 = model.pop3.servers;
  const shared = model.exchange.connectors.filter((con) => sharedDomainFor(model, con) !== undefined);
  const separate = model.exchange.connectors.filter((con) => sharedDomainFor(model, con) === undefined);
  return [
    ...pop3.flatMap(pop3DomainSteps),
    ...model.clients.map((cl, i) => clientStep(model, cl, i === 0)),
    ...pop3.flatMap(authenticationStep),
    ...mailEnableStep(model),
    ...policySteps(model),
    ...shared.map((con) => connectorStep(model, con)),
    ...pop3.flatMap(remoteDomainSteps),
    ...separate.map((con) => connectorStep(model, con)),
    ...pop3.flatMap((s) => smartHostStep(model, s)),
    ...pop3.flatMap((s) => relayMethods(model, s)),
  ];
}
