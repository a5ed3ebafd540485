// What the guided setup asks, as the administrator typed it (strings, unvalidated). The wizard and
// `coexist init` flags both fill this shape; checkAnswers judges it and buildModel turns it into a Model.
import type { ScenarioId } from '../scenarios.js';

export type Pop3Auth = 'active-directory' | 'local-windows-accounts' | 'encrypted-password-file';
export const POP3_AUTHS: readonly Pop3Auth[] = ['active-directory', 'local-windows-accounts', 'encrypted-password-file'];

/**
 * How the POP3 server's SMTP service gets to relay through Exchange (seed: "method 1" and "method 2").
 * `both` sets the two at once, as the seed's Northwind Traders example does.
 */
export type RelayMethod = 'outbound-security' | 'relay-list' | 'both';
export const RELAY_METHODS: readonly RelayMethod[] = ['outbound-security', 'relay-list', 'both'];

export type ClientsSendTo = 'exchange' | 'pop3';
export const CLIENTS_SEND_TO: readonly ClientsSendTo[] = ['exchange', 'pop3'];

export type UserKind = 'pop3' | 'exchange';

/** The language of the runbook (`coexist export --adapter runbook`): the seed is French. */
export type RunbookLanguage = 'both' | 'en' | 'fr';
export const RUNBOOK_LANGUAGES: readonly RunbookLanguage[] = ['both', 'en', 'fr'];

export interface ServerAnswer {
  name: string;
  fqdn: string;
  ip: string;
}

export interface ExchangeAnswer extends ServerAnswer {
  /** Takes Internet mail (the MX points at it; the POP3 Connector runs on it). */
  internet: boolean;
}

export interface UserAnswer {
  logon: string;
  displayName: string;
  kind: UserKind;
}

export interface SetupAnswers {
  organization: string;
  scenario: ScenarioId;
  /** shared-domain: the one public domain; separate-domains: Exchange's own domain. */
  sharedDomain: string;
  /** The POP3 server's mail domain; empty means the suggestion `pop.` + the shared domain. */
  pop3Domain: string;
  exchange: ExchangeAnswer[];
  pop3: ServerAnswer & { authentication: Pop3Auth };
  relayMethod: RelayMethod;
  /** Outbound Security: DOMAIN\user of a dedicated service account. */
  serviceAccount: string;
  passwordNeverExpires: boolean;
  /** Where the service account's password lives (env:NAME or keyring:NAME); never the password itself. */
  serviceSecret: string;
  users: UserAnswer[];
  clientsSendTo: ClientsSendTo;
  runbookLanguage: RunbookLanguage;
  /** The POP3 users' recipient policy (shared domain); empty means the seed's name in the runbook's language. */
  policyName: string;
}

export const DEFAULT_SERVICE_SECRET = 'env:COEXIST_POP3_RELAY_PASSWORD';

export function emptyAnswers(scenario: ScenarioId = 'shared-domain'): SetupAnswers {
  return {
    organization: '',
    scenario,
    sharedDomain: '',
    pop3Domain: '',
    exchange: [{ name: '', fqdn: '', ip: '', internet: true }],
    pop3: { name: '', fqdn: '', ip: '', authentication: 'active-directory' },
    relayMethod: 'outbound-security',
    serviceAccount: '',
    passwordNeverExpires: true,
    serviceSecret: DEFAULT_SERVICE_SECRET,
    users: [],
    clientsSendTo: 'exchange',
    runbookLanguage: 'both',
    policyName: '',
  };
}

export const usesOutboundSecurity = (m: RelayMethod) => m === 'outbound-security' || m === 'both';
export const usesRelayList = (m: RelayMethod) => m === 'relay-list' || m === 'both';

/** The seed's name for the POP3 users' recipient policy, in French when the runbook is French only. */
export function suggestPolicyName(language: RunbookLanguage): string {
  return language === 'fr' ? 'Adresses utilisateur POP' : 'POP User Addresses';
}

/** The POP3 domain the seed suggests: a routing subdomain of the shared domain. */
export function suggestPop3Domain(sharedDomain: string): string {
  const d = sharedDomain.trim().toLowerCase();
  return d ? `pop.${d}` : '';
}

/**
 * The POP3 domain, or the suggestion when it is left empty. Only the shared-domain scenario derives one
 * (a routing subdomain, pop.<shared domain>); with separate domains the POP3 users keep a domain of their
 * own (pop.contoso.com in the seed), which cannot be guessed from the Exchange domain.
 */
export function effectivePop3Domain(a: SetupAnswers): string {
  return a.pop3Domain.trim() || (a.scenario === 'shared-domain' ? suggestPop3Domain(a.sharedDomain) : '');
}

/** The example the separate-domains page shows in an empty POP3 domain (the seed's). */
export const SEPARATE_POP3_EXAMPLE = 'pop.contoso.com';

/** A host name suggestion: the computer name under the domain its users know (ex01.northwindtraders.com). */
export function suggestFqdn(name: string, domain: string): string {
  const n = name.trim().toLowerCase();
  const d = domain.trim().toLowerCase();
  return n && d && /^[a-z0-9-]+$/.test(n) ? `${n}.${d}` : '';
}

/** The domain a POP3 server's host name lives under: its mail domain without a leading "pop." label. */
export function pop3HostDomain(a: SetupAnswers): string {
  if (a.scenario === 'shared-domain') return a.sharedDomain.trim().toLowerCase();
  const d = effectivePop3Domain(a).toLowerCase();
  return d.startsWith('pop.') && d.split('.').length > 2 ? d.slice(4) : d;
}
