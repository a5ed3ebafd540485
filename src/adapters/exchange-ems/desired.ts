// What Exchange 2010 to Server SE must hold for the model (domain-reference.md section 5.1):
// accepted domains, email address policies, mail users, send connectors and the relay receive connector.
import { parseRelayEntry } from '../../model/relay-entry.js';
import type { Model, TargetT } from '../../model/schema.js';
import { UnsafeValueError } from '../quoting/index.js';

export type DomainType = 'Authoritative' | 'InternalRelay' | 'ExternalRelay';
export type PolicyFilter = 'all' | 'users-with-external-addresses' | 'users-with-mailboxes';

export interface DesiredAcceptedDomain {
  name: string;
  domainName: string;
  domainType: DomainType;
}
export interface DesiredPolicy {
  name: string;
  priority: number | 'lowest';
  templates: string[];
  filter: PolicyFilter;
  isDefault: boolean;
}
export interface DesiredMailUser {
  identity: string;
  externalEmailAddress: string;
}
export interface DesiredSendConnector {
  name: string;
  addressSpaces: string[];
  smartHosts: string[];
  sourceTransportServers: string[];
  dnsRoutingEnabled: boolean;
}
export interface DesiredReceiveConnector {
  name: string;
  server: string;
  remoteIPRanges: string[];
}

export interface EmsDesired {
  acceptedDomains: DesiredAcceptedDomain[];
  policies: DesiredPolicy[];
  mailUsers: DesiredMailUser[];
  sendConnectors: DesiredSendConnector[];
  receiveConnectors: DesiredReceiveConnector[];
}

/** The OPATH filter for the seed's "Users with external e-mail addresses". */
export const POP_USERS_FILTER = "RecipientType -eq 'MailUser'";
export const DEFAULT_POLICY = 'Default Policy';
export const ANONYMOUS_LOGON_SID = 'S-1-5-7';
export const ACCEPT_ANY_RECIPIENT = 'ms-Exch-SMTP-Accept-Any-Recipient';

export function receiveConnectorName(vsName: string): string {
  return `Relay (${vsName})`;
}

export function desiredEms(model: Model, target: TargetT): EmsDesired {
  const types = new Map<string, DomainType>();
  for (const p of model.exchange.recipientPolicies) {
    for (const a of p.addresses) {
      const d = a.address.slice(1);
      if (a.responsible) types.set(d, 'Authoritative');
      else if (!types.has(d)) types.set(d, 'InternalRelay');
    }
  }
  // A connector that allows relaying to its domains makes Exchange accept mail it does not hold: ExternalRelay.
  for (const c of model.exchange.connectors) {
    if (!c.allowRelay) continue;
    for (const s of c.addressSpaces) if (!s.domain.startsWith('*') && !types.has(s.domain)) types.set(s.domain, 'ExternalRelay');
  }
  const acceptedDomains = [...types].map(([d, t]) => ({ name: d, domainName: d, domainType: t }));

  const policies = model.exchange.recipientPolicies.map((p) => ({
    name: p.name,
    priority: p.priority,
    templates: p.addresses.map((a) => `${a.primary ? 'SMTP' : 'smtp'}:${a.address}`),
    filter: p.filter,
    isDefault: p.name === DEFAULT_POLICY && p.priority === 'lowest',
  }));

  const mailUsers = model.users
    .filter((u) => u.kind === 'pop3' && u.externalAddress)
    .map((u) => ({ identity: u.logon, externalEmailAddress: `SMTP:${u.externalAddress!}` }));

  const sendConnectors = model.exchange.connectors.map((c) => ({
    name: c.name,
    addressSpaces: c.addressSpaces.map((s) => `SMTP:${s.domain};${s.cost}`),
    smartHosts: c.smartHosts.map((h) => (h.startsWith('[') ? h.slice(1, -1) : h)),
    sourceTransportServers: c.bridgeheads.length > 0 ? [...c.bridgeheads] : [target.server],
    dnsRoutingEnabled: c.smartHosts.length === 0,
  }));

  const server = model.exchange.servers.find((s) => s.name === target.server);
  const serverIndex = server ? model.exchange.servers.indexOf(server) : -1;
  // A receive connector's RemoteIPRanges holds addresses only: a Domain entry (IIS matches it by reverse
  // DNS of the connecting computer) has no equivalent, and dropping it would grant other computers than the model says.
  server?.smtpVirtualServers.forEach((vs, j) =>
    vs.relay.computers.forEach((c, k) => {
      const entry = parseRelayEntry(c);
      if (entry.ok && entry.value.kind === 'domain') {
        throw new UnsafeValueError(
          `exchange.servers[${serverIndex}].smtpVirtualServers[${j}].relay.computers[${k}]`,
          "is a Domain entry (IIS matches it by reverse DNS of the connecting computer); a receive connector's RemoteIPRanges holds addresses only, so this adapter cannot apply it: list the computers by IP address (Single computer or Group of computers)",
          c,
        );
      }
    }),
  );
  const receiveConnectors = (server?.smtpVirtualServers ?? [])
    .filter((vs) => vs.relay.mode === 'only-list' && vs.relay.computers.length > 0)
    .map((vs) => ({ name: receiveConnectorName(vs.name), server: server!.name, remoteIPRanges: [...vs.relay.computers] }));

  return { acceptedDomains, policies, mailUsers, sendConnectors, receiveConnectors };
}
