// Reading what the Get-* cmdlets report, piped to ConvertTo-Json -Depth 4. Deserialized Exchange objects
// arrive as strings ("SMTP:pop.northwindtraders.com;1"), enums as names or numbers, one-element arrays
// sometimes as a bare value, and Windows PowerShell 5.1 wraps some arrays as {"value": [...], "Count": n}.
// The parser takes all of these and returns one normalised shape.

export interface ObservedAcceptedDomain {
  name: string;
  domainName: string;
  domainType: string;
  isDefault: boolean;
}
/** recipientFilterType "Legacy": a policy made by Exchange 2003 (LDAP filter), to be upgraded when set. */
export interface ObservedPolicy {
  name: string;
  priority: string;
  templates: string[];
  recipientFilter: string;
  includedRecipients: string;
  recipientFilterType: string;
}
export interface ObservedMailUser {
  identity: string;
  samAccountName: string;
  alias: string;
  externalEmailAddress: string;
}
export interface ObservedSendConnector {
  name: string;
  addressSpaces: string[];
  smartHosts: string[];
  sourceTransportServers: string[];
  dnsRoutingEnabled: boolean;
}
export interface ObservedReceiveConnector {
  identity: string;
  name: string;
  server: string;
  remoteIPRanges: string[];
  permissionGroups: string[];
  anonymousRelay: boolean;
}

export interface EmsState {
  acceptedDomains: ObservedAcceptedDomain[];
  policies: ObservedPolicy[];
  mailUsers: ObservedMailUser[];
  sendConnectors: ObservedSendConnector[];
  receiveConnectors: ObservedReceiveConnector[];
}

export class EmsObservationError extends Error {
  constructor(message: string) {
    super(`exchange-ems observation: ${message}`);
    this.name = 'EmsObservationError';
  }
}

type J = unknown;

function unwrap(v: J): J {
  if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in v && 'Count' in v) return (v as { value: J }).value;
  return v;
}

function list(v: J): J[] {
  const u = unwrap(v);
  if (u === null || u === undefined) return [];
  return Array.isArray(u) ? u : [u];
}

function str(v: J): string {
  const u = unwrap(v);
  if (u === null || u === undefined) return '';
  if (typeof u === 'string') return u;
  if (typeof u === 'number' || typeof u === 'boolean') return String(u);
  if (Array.isArray(u)) return u.map(str).join(', ');
  if (typeof u === 'object') {
    // Objects that were not turned into strings: take the field that is their ToString().
    for (const k of ['Address', 'Domain', 'Name', 'ProxyAddressString', 'AddressString', 'Value']) {
      const o = u as Record<string, J>;
      if (k in o) return str(o[k]);
    }
  }
  return JSON.stringify(u);
}

function strs(v: J): string[] {
  return list(v)
    .map(str)
    .filter((s) => s !== '');
}

function bool(v: J): boolean {
  const u = unwrap(v);
  if (typeof u === 'boolean') return u;
  if (typeof u === 'string') return /^true$/i.test(u.trim());
  if (typeof u === 'number') return u !== 0;
  return false;
}

const DOMAIN_TYPES = ['Authoritative', 'ExternalRelay', 'InternalRelay'];
const PERMISSION_GROUPS: Array<[number, string]> = [
  [1, 'AnonymousUsers'],
  [2, 'ExchangeUsers'],
  [4, 'ExchangeServers'],
  [8, 'ExchangeLegacyServers'],
  [16, 'Partners'],
  [32, 'Custom'],
];

function domainType(v: J): string {
  const u = unwrap(v);
  if (typeof u === 'number') return DOMAIN_TYPES[u & 3] ?? String(u);
  const s = str(u).trim();
  return DOMAIN_TYPES.find((t) => t.toLowerCase() === s.toLowerCase()) ?? s;
}

function permissionGroups(v: J): string[] {
  const u = unwrap(v);
  if (typeof u === 'number') return PERMISSION_GROUPS.filter(([bit]) => (u & bit) !== 0).map(([, n]) => n);
  return strs(u)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'None');
}

function field(o: J, name: string): J {
  return o && typeof o === 'object' ? (o as Record<string, J>)[name] : undefined;
}

/** Parses the observation script's output. Throws EmsObservationError with a clear message if it is not that. */
export function parseEmsObservation(text: string): EmsState {
  let data: J;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, '').trim());
  } catch (e) {
    throw new EmsObservationError(
      `the output of pwsh is not JSON (${(e as Error).message}); first characters: ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new EmsObservationError(
      'expected a JSON object with AcceptedDomains, EmailAddressPolicies, MailUsers, SendConnectors and ReceiveConnectors',
    );
  for (const k of ['AcceptedDomains', 'EmailAddressPolicies', 'MailUsers', 'SendConnectors', 'ReceiveConnectors']) {
    if (!(k in (data as object))) throw new EmsObservationError(`the JSON has no "${k}"`);
  }
  return {
    acceptedDomains: list(field(data, 'AcceptedDomains')).map((d) => ({
      name: str(field(d, 'Name')),
      domainName: str(field(d, 'DomainName')).toLowerCase(),
      domainType: domainType(field(d, 'DomainType')),
      isDefault: bool(field(d, 'Default')),
    })),
    policies: list(field(data, 'EmailAddressPolicies')).map((p) => ({
      name: str(field(p, 'Name')),
      priority: str(field(p, 'Priority')),
      templates: strs(field(p, 'EnabledEmailAddressTemplates')),
      recipientFilter: str(field(p, 'RecipientFilter')),
      includedRecipients: str(field(p, 'IncludedRecipients')),
      recipientFilterType: str(field(p, 'RecipientFilterType')),
    })),
    mailUsers: list(field(data, 'MailUsers')).map((u) => ({
      identity: str(field(u, 'Identity')),
      samAccountName: str(field(u, 'SamAccountName')),
      alias: str(field(u, 'Alias')),
      externalEmailAddress: str(field(u, 'ExternalEmailAddress')),
    })),
    sendConnectors: list(field(data, 'SendConnectors')).map((c) => ({
      name: str(field(c, 'Name')),
      addressSpaces: strs(field(c, 'AddressSpaces')),
      smartHosts: strs(field(c, 'SmartHosts')),
      sourceTransportServers: strs(field(c, 'SourceTransportServers')),
      dnsRoutingEnabled: bool(field(c, 'DNSRoutingEnabled')),
    })),
    receiveConnectors: list(field(data, 'ReceiveConnectors')).map((c) => ({
      identity: str(field(c, 'Identity')),
      name: str(field(c, 'Name')),
      server: str(field(c, 'Server')),
      remoteIPRanges: strs(field(c, 'RemoteIPRanges')),
      permissionGroups: permissionGroups(field(c, 'PermissionGroups')),
      anonymousRelay: bool(field(c, 'AnonymousRelay')),
    })),
  };
}

export function emptyEmsState(): EmsState {
  return { acceptedDomains: [], policies: [], mailUsers: [], sendConnectors: [], receiveConnectors: [] };
}
