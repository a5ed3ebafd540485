// Judges setup answers field by field, with the same validators the model file uses, so a page of the
// wizard (or a flag of `coexist init`) is refused for exactly the reasons the file would be.
import type * as z from 'zod';
import { parseDomain, parseIP } from '../net.js';
import { Logon, OutboundSecurity, SecretRef, ServerName, Text } from '../schema.js';
import {
  SEPARATE_POP3_EXAMPLE,
  effectivePop3Domain,
  pop3HostDomain,
  suggestFqdn,
  suggestPolicyName,
  usesOutboundSecurity,
  type SetupAnswers,
} from './answers.js';

export interface FieldProblem {
  /** The answer it is about: organization, exchange[0].ip, pop3.fqdn, users[3].logon, ... */
  field: string;
  severity: 'error' | 'warning';
  message: string;
}

function zodMessage(schema: z.ZodType, value: string): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'is not valid');
}

const ACCOUNT = OutboundSecurity.shape.account.unwrap();

/** Fill the suggestions the administrator accepted by leaving a field empty. */
export function resolveAnswers(a: SetupAnswers): SetupAnswers {
  const resolved: SetupAnswers = {
    ...a,
    pop3Domain: effectivePop3Domain(a),
    policyName: a.policyName.trim() || suggestPolicyName(a.runbookLanguage),
  };
  resolved.exchange = a.exchange.map((s) => ({ ...s, fqdn: s.fqdn.trim() || suggestFqdn(s.name, a.sharedDomain) }));
  resolved.pop3 = { ...a.pop3, fqdn: a.pop3.fqdn.trim() || suggestFqdn(a.pop3.name, pop3HostDomain(resolved)) };
  return resolved;
}

function checkDomain(value: string, what: string): string | null {
  if (value.trim() === '') return `${what} is required`;
  const r = parseDomain(value.trim());
  return r.ok ? null : `"${value}" ${r.error}`;
}

function checkIp(value: string): string | null {
  if (value.trim() === '') return 'an IP address is required';
  const r = parseIP(value.trim());
  return r.ok ? null : r.error;
}

function checkServer(prefix: string, s: { name: string; fqdn: string; ip: string }, out: FieldProblem[]): void {
  const push = (field: string, message: string | null) => {
    if (message) out.push({ field: `${prefix}.${field}`, severity: 'error', message });
  };
  push('name', s.name.trim() === '' ? 'a computer name is required, e.g. EX01' : zodMessage(ServerName, s.name.trim()));
  push('fqdn', checkDomain(s.fqdn, 'a fully qualified host name'));
  push('ip', checkIp(s.ip));
}

/** Every problem with the answers; errors stop the setup, warnings are shown and allowed. */
export function checkAnswers(raw: SetupAnswers): FieldProblem[] {
  const a = resolveAnswers(raw);
  const out: FieldProblem[] = [];
  const error = (field: string, message: string | null) => {
    if (message) out.push({ field, severity: 'error', message });
  };
  const warning = (field: string, message: string) => out.push({ field, severity: 'warning', message });

  error(
    'organization',
    a.organization.trim() === '' ? 'the organization name is required, e.g. Northwind Traders' : zodMessage(Text, a.organization.trim()),
  );
  error('sharedDomain', checkDomain(a.sharedDomain, 'the mail domain'));
  const popDomain = checkDomain(a.pop3Domain, 'the POP3 domain');
  error('pop3Domain', popDomain);
  const shared = parseDomain(a.sharedDomain.trim());
  const pop = parseDomain(a.pop3Domain.trim());
  if (!popDomain && shared.ok && pop.ok && shared.value === pop.value) {
    error(
      'pop3Domain',
      `the POP3 server must not own exactly the same domain as Exchange (${pop.value}): mail to an unknown user would loop; use e.g. ${a.scenario === 'shared-domain' ? `pop.${shared.value}` : `${SEPARATE_POP3_EXAMPLE}, the POP3 users' own domain`}`,
    );
  }

  if (a.scenario === 'shared-domain') error('policyName', zodMessage(Text, a.policyName));
  if (a.scenario === 'shared-domain' && a.policyName.toLowerCase() === 'default policy')
    error('policyName', "the Default Policy already exists; name the POP3 users' policy, e.g. POP User Addresses");
  if (a.exchange.length === 0) error('exchange', 'at least one Exchange server is required');
  a.exchange.forEach((s, i) => checkServer(`exchange[${i}]`, s, out));
  if (a.exchange.length > 0 && !a.exchange.some((s) => s.internet))
    error('exchange', 'mark at least one Exchange server as taking Internet mail (the MX points at it)');
  checkServer('pop3', a.pop3, out);

  // The same name, host name or address twice would make the routing preview pick the wrong server.
  const servers = [
    ...a.exchange.map((s, i) => ({ s, field: `exchange[${i}]`, label: `Exchange server ${i + 1}` })),
    { s: a.pop3, field: 'pop3', label: 'the POP3 server' },
  ];
  for (const key of ['name', 'fqdn', 'ip'] as const) {
    const seen = new Map<string, string>();
    for (const { s, field, label } of servers) {
      const v = s[key].trim().toLowerCase();
      if (!v) continue;
      const first = seen.get(v);
      if (first) error(`${field}.${key}`, `${s[key].trim()} is already used by ${first}`);
      else seen.set(v, label);
    }
  }

  if (usesOutboundSecurity(a.relayMethod)) {
    error(
      'serviceAccount',
      a.serviceAccount.trim() === ''
        ? 'Outbound Security needs a service account, e.g. NWTRADERS\\svc-pop3-relay'
        : zodMessage(ACCOUNT, a.serviceAccount.trim()),
    );
    error(
      'serviceSecret',
      a.serviceSecret.trim() === ''
        ? 'name where the password is kept, e.g. env:COEXIST_POP3_RELAY_PASSWORD'
        : zodMessage(SecretRef, a.serviceSecret.trim()),
    );
    if (!a.passwordNeverExpires)
      warning(
        'passwordNeverExpires',
        "the seed says the account's password must never expire: the day it expires, the POP3 server can no longer send to Exchange",
      );
  }

  const logons = new Map<string, number>();
  a.users.forEach((u, i) => {
    error(`users[${i}].logon`, u.logon.trim() === '' ? 'a logon name is required' : zodMessage(Logon, u.logon.trim()));
    error(`users[${i}].displayName`, u.displayName.trim() === '' ? 'a display name is required' : zodMessage(Text, u.displayName.trim()));
    if (u.kind !== 'pop3' && u.kind !== 'exchange') error(`users[${i}].kind`, `"${String(u.kind)}" must be pop3 or exchange`);
    const key = u.logon.trim().toLowerCase();
    if (key) {
      const first = logons.get(key);
      if (first !== undefined) error(`users[${i}].logon`, `duplicate logon "${u.logon.trim()}" (already user ${first + 1})`);
      else logons.set(key, i);
    }
  });
  if (!a.users.some((u) => u.kind === 'pop3'))
    warning('users', 'no POP3 user yet: the routing preview has nobody to deliver to on the POP3 server');
  return out;
}

export const hasErrors = (problems: readonly FieldProblem[]) => problems.some((p) => p.severity === 'error');
