// `coexist init` without a terminal: one flag per page of the guided setup, turned into the same
// SetupAnswers the wizard fills, so both write the same file for the same answers.
import { readFileSync } from 'node:fs';
import { SCENARIOS, type ScenarioId } from '../../model/scenarios.js';
import {
  CLIENTS_SEND_TO,
  DEFAULT_SERVICE_SECRET,
  POP3_AUTHS,
  RELAY_METHODS,
  RUNBOOK_LANGUAGES,
  emptyAnswers,
  formatCsvProblem,
  parseServerSpec,
  parseUsersCsv,
  usesOutboundSecurity,
  type ClientsSendTo,
  type FieldProblem,
  type Pop3Auth,
  type RelayMethod,
  type RunbookLanguage,
  type SetupAnswers,
} from '../../model/setup/index.js';
import type { OptionSpec } from './types.js';

/** The flags that describe the setup itself (as opposed to --scenario, --out and --force). */
export const PAGE_OPTIONS: Record<string, OptionSpec> = {
  organization: { type: 'string', value: 'NAME', help: 'the organization name (default: the shared domain)' },
  'shared-domain': { type: 'string', value: 'DOMAIN', help: 'the public mail domain Exchange owns, e.g. northwindtraders.com' },
  'pop3-domain': { type: 'string', value: 'DOMAIN', help: "the POP3 server's mail domain (default: pop.<shared domain>)" },
  exchange: { type: 'string', multiple: true, value: 'NAME=FQDN/IP', help: 'an Exchange server (repeat for several)' },
  'internet-server': {
    type: 'string',
    multiple: true,
    value: 'NAME',
    help: 'an Exchange server that takes Internet mail (repeatable; default: the first)',
  },
  pop3: { type: 'string', value: 'NAME=FQDN/IP', help: 'the POP3 server' },
  'pop3-auth': {
    type: 'string',
    value: POP3_AUTHS.join('|'),
    help: "the POP3 service's authentication method (default: active-directory)",
  },
  'relay-method': { type: 'string', value: RELAY_METHODS.join('|'), help: 'how the POP3 server relays through Exchange' },
  'service-account': { type: 'string', value: 'DOMAIN\\user', help: 'Outbound Security account (password that never expires)' },
  'service-account-secret': {
    type: 'string',
    value: 'env:NAME|keyring:NAME',
    help: `where its password is kept (default: ${DEFAULT_SERVICE_SECRET})`,
  },
  'password-expires': { type: 'boolean', help: "the service account's password can expire (a warning)" },
  users: { type: 'string', value: 'FILE.csv', help: 'users to import: CSV with the header logon,displayName,kind (pop3|exchange)' },
  'clients-send-to': {
    type: 'string',
    value: CLIENTS_SEND_TO.join('|'),
    help: "the outgoing (SMTP) server of the POP3 users' clients (default: exchange)",
  },
  'runbook-language': { type: 'string', value: RUNBOOK_LANGUAGES.join('|'), help: "the runbook's language (default: both)" },
  'policy-name': {
    type: 'string',
    value: 'NAME',
    help: "the POP3 users' recipient policy (default: the seed's, in French with --runbook-language fr)",
  },
};

export type Values = Record<string, string | boolean | string[] | undefined>;

export const hasPageFlags = (values: Values) => Object.keys(PAGE_OPTIONS).some((k) => values[k] !== undefined);

export interface FlagsResult {
  answers: SetupAnswers;
  /** Problems with the flags themselves: a value out of the list, a malformed server, a bad CSV row. */
  messages: string[];
  /** The --exchange value each parsed Exchange server came from, in order. */
  exchangeSpecs: string[];
  /** Answers whose flag was missing or unreadable: checking them would only repeat `messages`. */
  skip(field: string): boolean;
}

const str = (v: Values[string]) => (typeof v === 'string' ? v : undefined);
const list = (v: Values[string]) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

function oneOf<T extends string>(
  values: Values,
  flag: string,
  allowed: readonly T[],
  fallback: T | undefined,
  messages: string[],
): T | undefined {
  const v = str(values[flag]);
  if (v === undefined) {
    if (fallback === undefined) messages.push(`--${flag} is required (${allowed.join(' or ')})`);
    return fallback;
  }
  if (!allowed.includes(v as T)) {
    messages.push(`--${flag} "${v}": expected ${allowed.join(' or ')}`);
    return fallback;
  }
  return v as T;
}

/** Answers from flags, and every problem with the flags themselves (not only the first). */
export function answersFromFlags(values: Values, readText: (path: string) => string = (p) => readFileSync(p, 'utf8')): FlagsResult {
  const messages: string[] = [];
  const scenario = oneOf<ScenarioId>(values, 'scenario', SCENARIOS, undefined, messages) ?? 'shared-domain';
  const a = emptyAnswers(scenario);
  const shared = str(values['shared-domain']);
  if (shared === undefined) messages.push('--shared-domain is required, e.g. --shared-domain northwindtraders.com');
  a.sharedDomain = shared ?? '';
  a.organization = str(values.organization) ?? a.sharedDomain;
  a.pop3Domain = str(values['pop3-domain']) ?? '';

  const exchange = list(values.exchange);
  if (exchange.length === 0) messages.push('--exchange NAME=FQDN/IP is required (once per Exchange server)');
  const internet = list(values['internet-server']).map((n) => n.toLowerCase());
  a.exchange = [];
  const exchangeSpecs: string[] = [];
  for (const spec of exchange) {
    const r = parseServerSpec(spec);
    if (!r.ok) {
      messages.push(`--exchange ${r.error}`);
      continue;
    }
    exchangeSpecs.push(spec);
    a.exchange.push({
      ...r.value,
      internet: internet.length === 0 ? a.exchange.length === 0 : internet.includes(r.value.name.toLowerCase()),
    });
  }
  for (const name of list(values['internet-server'])) {
    if (!a.exchange.some((s) => s.name.toLowerCase() === name.toLowerCase()))
      messages.push(`--internet-server "${name}" is not one of the --exchange servers`);
  }

  const pop = str(values.pop3);
  let popParsed = false;
  if (pop === undefined) messages.push('--pop3 NAME=FQDN/IP is required');
  else {
    const r = parseServerSpec(pop);
    if (!r.ok) messages.push(`--pop3 ${r.error}`);
    else {
      a.pop3 = { ...a.pop3, ...r.value };
      popParsed = true;
    }
  }
  a.pop3.authentication = oneOf<Pop3Auth>(values, 'pop3-auth', POP3_AUTHS, 'active-directory', messages)!;
  const method = oneOf<RelayMethod>(values, 'relay-method', RELAY_METHODS, undefined, messages);
  a.relayMethod = method ?? 'outbound-security';
  if (method && !usesOutboundSecurity(method)) {
    for (const flag of ['service-account', 'service-account-secret', 'password-expires']) {
      if (values[flag] !== undefined)
        messages.push(`--${flag} only applies to --relay-method outbound-security or both (Outbound Security)`);
    }
  }
  a.serviceAccount = str(values['service-account']) ?? '';
  a.serviceSecret = str(values['service-account-secret']) ?? DEFAULT_SERVICE_SECRET;
  a.passwordNeverExpires = values['password-expires'] !== true;
  a.clientsSendTo = oneOf<ClientsSendTo>(values, 'clients-send-to', CLIENTS_SEND_TO, 'exchange', messages)!;
  a.runbookLanguage = oneOf<RunbookLanguage>(values, 'runbook-language', RUNBOOK_LANGUAGES, 'both', messages)!;
  a.policyName = str(values['policy-name']) ?? '';

  const usersFile = str(values.users);
  let usersRead = true;
  if (usersFile !== undefined) {
    usersRead = false;
    let text: string | undefined;
    try {
      text = readText(usersFile);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      messages.push(`--users ${usersFile}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`);
    }
    if (text !== undefined) {
      const r = parseUsersCsv(text, usersFile);
      if (r.ok) {
        a.users = r.users;
        usersRead = true;
      } else messages.push(...r.problems.map(formatCsvProblem));
    }
  }
  const skip = (field: string): boolean => {
    if (field === 'sharedDomain' || field === 'pop3Domain' || field === 'organization')
      return (
        shared === undefined &&
        values[field === 'sharedDomain' ? 'shared-domain' : field === 'pop3Domain' ? 'pop3-domain' : 'organization'] === undefined
      );
    if (field.startsWith('exchange')) return a.exchange.length === 0;
    if (field.startsWith('pop3.')) return !popParsed;
    if (field === 'serviceAccount' || field === 'serviceSecret' || field === 'passwordNeverExpires') return method === undefined;
    if (field.startsWith('users')) return !usersRead;
    return false;
  };
  return { answers: a, messages, exchangeSpecs, skip };
}

/** The flag an answer came from, so a message names what the administrator typed. */
export function flagOf(problem: FieldProblem, values: Values, exchangeSpecs: readonly string[] = list(values.exchange)): string {
  const f = problem.field;
  const m = /^exchange\[(\d+)\]/.exec(f);
  if (m) return `--exchange ${exchangeSpecs[Number(m[1])] ?? ''}`.trim();
  if (f === 'exchange') return '--exchange/--internet-server';
  if (f.startsWith('pop3.')) return `--pop3 ${str(values.pop3) ?? ''}`.trim();
  if (f.startsWith('users')) return `--users ${str(values.users) ?? ''}`.trim();
  const flags: Record<string, string> = {
    organization: '--organization',
    sharedDomain: '--shared-domain',
    pop3Domain: '--pop3-domain',
    serviceAccount: '--service-account',
    serviceSecret: '--service-account-secret',
    passwordNeverExpires: '--password-expires',
  };
  return flags[f] ?? f;
}
