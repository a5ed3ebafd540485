// windows2003: desired state, observation program and plan for the original systems.
// A POP3 server target gets winpop domains and mailboxes and its IIS SMTP metabase (remote domains,
// relay list, smart host, Outbound Security, authentication); an Exchange server target gets LDIF for
// ldifde (recipient policies) and ADSI writes (mail-enabled users found by sAMAccountName). Every change
// is a VBScript run by the fixed WINDOWS_RUNNER, and every write is read back.
//
// Never destroy what was not read: multi-valued attributes (gatewayProxy, msExchNonAuthoritativeDomains)
// are only changed with add:/delete: of exact values. Without an observation (export) values are only
// added; with one, the exact values to remove are known and removed.
import { diffResources, diffValues } from '../diff.js';
import type { Change } from '../types.js';
import type { Model, Pop3ServerT, RecipientPolicyT, TargetT } from '../../model/schema.js';
import { parseDomain } from '../../model/net.js';
import { parseRelayEntry } from '../../model/relay-entry.js';
import { cmdWord, domainToDn, ldifFold, ldifLine, rdn, UnsafeValueError, vbString } from '../quoting/index.js';
import { RUNNER_ARGV, vbArray, vbProgram, WINPOP } from './vbs.js';
import type { AdPolicy, AdUser, MetabaseState, WinpopEntry } from './parse.js';

export interface W2003State {
  role: 'pop3' | 'exchange';
  domains?: WinpopEntry[];
  mailboxes?: Record<string, WinpopEntry[]>;
  metabase?: MetabaseState;
  policies?: AdPolicy[];
  users?: AdUser[];
}

const ROUTE_SMARTHOST = 0x2;
const ROUTE_AUTH_NTLM = 0x80;
const ROUTE_AUTH_CLEARTEXT = 0x100;
const ROUTE_DOMAIN_RELAY = 0x1000;
const LOWEST = 2147483647;

export const PURPORTED_SEARCH: Record<string, string> = {
  all: '(mailnickname=*)',
  'users-with-external-addresses': '(&(mailnickname=*)(objectCategory=person)(objectClass=user)(targetAddress=*)(!(homeMDB=*)))',
  'users-with-mailboxes': '(&(mailnickname=*)(objectCategory=person)(objectClass=user)(homeMDB=*))',
};

export function roleOf(model: Model, target: TargetT): 'pop3' | 'exchange' {
  if (model.pop3.servers.some((s) => s.name === target.server)) return 'pop3';
  if (model.exchange.servers.some((s) => s.name === target.server)) return 'exchange';
  throw new UnsafeValueError(`targets.${target.id}.server`, 'names no POP3 or Exchange server of the model', target.server);
}

/** The AD domain's DNS name: options.adDomain, else the Exchange server's DNS domain (its FQDN less the host). */
export function adDomainName(model: Model, target: TargetT): string {
  const explicit = target.options?.adDomain;
  const fqdn = model.exchange.servers[0]?.fqdn ?? model.pop3.servers[0]?.fqdn ?? '';
  const field = explicit !== undefined ? `targets.${target.id}.options.adDomain` : 'exchange.servers[0].fqdn';
  const text = explicit ?? fqdn.split('.').slice(1).join('.');
  const d = parseDomain(text);
  if (!d.ok)
    throw new UnsafeValueError(field, `must be the Active Directory domain's DNS name, e.g. northwindtraders.com (${d.error})`, text);
  return d.value;
}

/** The AD domain's DN (DC=northwindtraders,DC=com). */
export function domainDn(model: Model, target: TargetT): string {
  return domainToDn(
    adDomainName(model, target),
    target.options?.adDomain !== undefined ? `targets.${target.id}.options.adDomain` : 'exchange.servers[0].fqdn',
  );
}

/** options.usersContainer: the DN under which the POP3 users' accounts are searched ("" = the whole domain). */
export function usersContainer(target: TargetT): string {
  const c = target.options?.usersContainer ?? '';
  // No , = ; < > " \\ inside a value: the DN goes into an ADSI search (<LDAP://...>;filter;attrs;scope).
  if (c !== '' && !/^(?:OU|CN|DC)=[^,=;<>"\\]+(?:,(?:OU|CN|DC)=[^,=;<>"\\]+)*$/i.test(c)) {
    throw new UnsafeValueError(
      `targets.${target.id}.options.usersContainer`,
      'must be a distinguished name such as OU=POP3 Users,DC=northwindtraders,DC=com',
      c,
    );
  }
  return c;
}

export function policyDn(model: Model, target: TargetT, name: string, index: number): string {
  return [
    rdn('CN', name, `exchange.recipientPolicies[${index}].name`),
    'CN=Recipient Policies',
    rdn('CN', model.organization, 'organization'),
    'CN=Microsoft Exchange',
    'CN=Services',
    'CN=Configuration',
    domainDn(model, target),
  ].join(',');
}

const envName = (logon: string) => `COEXIST_POP3_PASSWORD_${logon.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

function change(
  action: Change['action'],
  object: string,
  body: string,
  extra: { after?: string; before?: string; details?: string[]; ldif?: string } = {},
): Change {
  const c: W2003Change = {
    action,
    object,
    ...(extra.before !== undefined ? { before: extra.before } : {}),
    ...(extra.after !== undefined ? { after: extra.after } : {}),
    ...(extra.details && extra.details.length > 0 ? { details: extra.details } : {}),
    commands: [
      {
        argv: RUNNER_ARGV,
        stdin: vbProgram([body]),
        description: `${action === 'create' ? 'Create' : 'Update'} ${object}`,
        timeoutMs: 120_000,
      },
    ],
  };
  Object.defineProperty(c, 'w2003', { value: { body, ldif: extra.ldif }, enumerable: false });
  return c;
}

type W2003Change = Change & { w2003?: { body: string; ldif?: string } };

/** The VBScript body of one change (without the helpers), for the exported script. */
export function bodyOf(c: Change): string {
  return (c as W2003Change).w2003?.body ?? '';
}

/** The LDIF records one change imports (recipient policies), for the exported .ldf. */
export function ldifOf(c: Change): string | undefined {
  return (c as W2003Change).w2003?.ldif;
}

function ipGrantEntry(entry: string, field: string): string {
  const parsed = parseRelayEntry(entry);
  if (parsed.ok && parsed.value.kind === 'domain') {
    // IIsIPSecurity keeps Domain entries in DomainGrant/DomainDeny, which this script does not write or read back.
    throw new UnsafeValueError(
      field,
      'is a Domain entry (Relay Restrictions > Add > Domain, matched by reverse DNS); this adapter writes IP addresses and subnets only (IPGrant/IPDeny, not DomainGrant/DomainDeny), so it cannot apply it: list the computers by IP address (Single computer or Group of computers)',
      entry,
    );
  }
  const [ip, prefixText] = entry.split('/');
  if (!ip || ip.includes(':')) throw new UnsafeValueError(field, 'IIS 6 relay lists hold IPv4 addresses only', entry);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${ip}, ${[24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.')}`;
}

/** IIS SMTP AuthFlags bits (AuthFlags Metabase Property, cc785637 / IIS 6 SDK ms524513, also on /LM/SMTPSVC/n): AuthAnonymous 1, AuthBasic 2, AuthNTLM 4. */
const AUTH_BASIC_AND_INTEGRATED = 2 | 4;

function serverSettings(s: Pop3ServerT, field: string) {
  const os = s.smtp.outboundSecurity;
  const authBits = os.mode === 'integrated' ? ROUTE_AUTH_NTLM : os.mode === 'basic' ? ROUTE_AUTH_CLEARTEXT : 0;
  const relay = s.smtp.relay;
  return {
    smartHost: s.smtp.smartHost ?? '',
    smartHostType: s.smtp.smartHost ? 2 : 0,
    hopCount: s.maxHopCount,
    relayForAuth: relay.allowAuthenticated,
    grantByDefault: relay.mode === 'all-except-list',
    list: relay.computers.map((c, i) => ipGrantEntry(c, `${field}.smtp.relay.computers[${i}]`)),
    authBits,
    requireAuthentication: s.smtp.requireAuthentication,
    account: os.mode === 'anonymous' ? '' : (os.account ?? ''),
    secret: os.secret,
  };
}

function serverBody(s: Pop3ServerT, field: string): string {
  const w = serverSettings(s, field);
  const name = vbString(`SMTP virtual server ${s.name}`, `${field}.name`);
  const lines = [
    'Dim vs, ipsec, listed',
    'Set vs = GetObject("IIS://localhost/SMTPSVC/1")',
    `vs.SmartHost = ${vbString(w.smartHost, `${field}.smtp.smartHost`)}`,
    `vs.SmartHostType = ${w.smartHostType}`,
    `vs.HopCount = ${w.hopCount}`,
    `vs.RelayForAuth = ${w.relayForAuth ? -1 : 0}`,
    'Set ipsec = vs.RelayIpList',
    `ipsec.GrantByDefault = ${w.grantByDefault ? 'True' : 'False'}`,
    `ipsec.${w.grantByDefault ? 'IPDeny' : 'IPGrant'} = ${vbArray(w.list, `${field}.smtp.relay.computers`)}`,
    'vs.RelayIpList = ipsec',
    `vs.RouteAction = (vs.RouteAction And Not ${ROUTE_AUTH_NTLM + ROUTE_AUTH_CLEARTEXT}) Or ${w.authBits}`,
    `vs.RouteUserName = ${vbString(w.account, `${field}.smtp.outboundSecurity.account`)}`,
  ];
  if (w.requireAuthentication) lines.push(`vs.AuthFlags = vs.AuthFlags Or ${AUTH_BASIC_AND_INTEGRATED}`);
  if (w.authBits !== 0) {
    const env = w.secret?.startsWith('env:') ? w.secret.slice(4) : '';
    lines.push(
      `vs.RoutePassword = ReadSecret(${vbString(env, `${field}.smtp.outboundSecurity.secret`)}, ${vbString(`Outbound Security password for ${w.account}`, 'prompt')})`,
    );
  }
  lines.push(
    'vs.SetInfo',
    'Set vs = GetObject("IIS://localhost/SMTPSVC/1")',
    'Set ipsec = vs.RelayIpList',
    `If ipsec.GrantByDefault Then listed = ipsec.IPDeny Else listed = ipsec.IPGrant`,
    `If LCase(vs.SmartHost) <> ${vbString(w.smartHost.toLowerCase(), `${field}.smtp.smartHost`)} Or vs.HopCount <> ${w.hopCount} Or (vs.RelayForAuth <> 0) <> ${w.relayForAuth ? 'True' : 'False'} Or ipsec.GrantByDefault <> ${w.grantByDefault ? 'True' : 'False'} Or UBound(listed) <> ${w.list.length - 1} Then Fail ${name} & ": the smart host, hop count or relay settings read back differ from what was written"`,
    `If (vs.RouteAction And ${ROUTE_AUTH_NTLM + ROUTE_AUTH_CLEARTEXT}) <> ${w.authBits} Or LCase(vs.RouteUserName) <> ${vbString(w.account.toLowerCase(), `${field}.smtp.outboundSecurity.account`)} Then Fail ${name} & ": Outbound Security read back differs from what was written"`,
  );
  if (w.requireAuthentication)
    lines.push(
      `If (vs.AuthFlags And ${AUTH_BASIC_AND_INTEGRATED}) <> ${AUTH_BASIC_AND_INTEGRATED} Then Fail ${name} & ": AuthFlags read back lacks Basic or Integrated Windows authentication"`,
    );
  lines.push('WScript.Echo "SMTP virtual server 1 updated"');
  return lines.join('\n');
}

/**
 * A POP3 server's changes: winpop domains (each followed by its mailboxes), the SMTP remote domains, then the
 * SMTP virtual server; each kind through the shared differ. winpop and the metabase are only added to and set:
 * nothing the model does not name is removed.
 */
function planPop3(model: Model, _target: TargetT, s: Pop3ServerT, obs: W2003State | null): Change[] {
  const si = model.pop3.servers.indexOf(s);
  const field = `pop3.servers[${si}]`;
  const haveDomains = new Set((obs?.domains ?? []).map((d) => d.name));
  const domains = diffResources(
    s.domains.map((d, di) => [`POP3 domain ${d.name}`, { d, di }] as const),
    (_address, { d }) => (haveDomains.has(d.name) ? d.name : undefined),
    { same: () => true },
  );
  const out: Change[] = [];
  s.domains.forEach((d, di) => {
    const df = `${field}.domains[${di}].name`;
    for (const c of domains.filter((x) => x.desired.d === d))
      out.push(
        change(
          'create',
          c.address,
          `WScript.Echo RunProgram(${vbString(WINPOP, 'winpop')}, Array("add", ${vbString(cmdWord(d.name, df), df)}))`,
          {
            after: 'winpop add',
          },
        ),
      );
    const have = new Set((obs?.mailboxes?.[d.name] ?? []).map((m) => m.name));
    const mailboxes = diffResources(
      d.mailboxes.map((m, mi) => [`${m}@${d.name}`, { m, mi }] as const),
      (_address, { m }) => (have.has(m.toLowerCase()) ? m : undefined),
      { same: () => true },
    );
    for (const { desired: mailbox } of mailboxes) {
      const { m, mi } = mailbox;
      const mf = `${field}.domains[${di}].mailboxes[${mi}]`;
      const address = cmdWord(`${m}@${d.name}`, mf);
      const body =
        s.authentication === 'active-directory'
          ? `WScript.Echo RunProgram(${vbString(WINPOP, 'winpop')}, Array("add", ${vbString(address, mf)}))`
          : `WScript.Echo RunProgram(${vbString(WINPOP, 'winpop')}, Array("add", ${vbString(address, mf)}, "/createuser", ReadSecret(${vbString(envName(m), mf)}, ${vbString(`Password for ${address}`, mf)})))`;
      out.push(
        change('create', `POP3 mailbox ${address}`, body, {
          after: s.authentication === 'active-directory' ? 'linked to the AD account' : 'password asked at run time',
        }),
      );
    }
  });
  const routeOf = (r: Pop3ServerT['smtp']['remoteDomains'][number]) => ({
    action: (r.allowRelay ? ROUTE_DOMAIN_RELAY : 0) | (r.smartHost ? ROUTE_SMARTHOST : 0),
    host: r.smartHost ?? '',
  });
  const remoteDomains = diffResources(
    s.smtp.remoteDomains.map((r, ri) => [`SMTP remote domain ${r.name}`, { r, ri }] as const),
    (_address, { r }) => obs?.metabase?.domains.find((d) => d.name === r.name),
    {
      same: (o, { r }) => o.routeAction === routeOf(r).action && o.routeActionString.toLowerCase() === routeOf(r).host.toLowerCase(),
    },
  );
  for (const c of remoteDomains) {
    const { r, ri } = c.desired;
    const rf = `${field}.smtp.remoteDomains[${ri}]`;
    const { action, host } = routeOf(r);
    const o = c.action === 'update' ? c.observed : undefined;
    out.push(
      change(
        c.action,
        c.address,
        `SetRemoteDomain ${vbString(cmdWord(r.name, `${rf}.name`), `${rf}.name`)}, ${action}, ${vbString(host, `${rf}.smartHost`)}`,
        {
          after: `RouteAction ${action}${host ? `, smart host ${host}` : ''}`,
          before: o ? `RouteAction ${o.routeAction}${o.routeActionString ? `, smart host ${o.routeActionString}` : ''}` : undefined,
        },
      ),
    );
  }
  const w = serverSettings(s, field);
  const summary = `smart host ${w.smartHost || '(none)'}, relay ${w.grantByDefault ? 'all except' : 'only'} [${w.list.join('; ')}], authenticated relay ${w.relayForAuth ? 'on' : 'off'}, outbound ${s.smtp.outboundSecurity.mode}${w.account ? ` as ${w.account}` : ''}, hop count ${w.hopCount}${w.requireAuthentication ? ', Basic and Integrated Windows authentication offered' : ''}`;
  const virtualServer = diffResources([[`SMTP virtual server ${s.name}`, w] as const], () => obs?.metabase?.server ?? undefined, {
    same: (o, w) =>
      o.smartHost.toLowerCase() === w.smartHost.toLowerCase() &&
      o.smartHostType === w.smartHostType &&
      o.hopCount === w.hopCount &&
      o.relayForAuth === w.relayForAuth &&
      o.grantByDefault === w.grantByDefault &&
      [...(w.grantByDefault ? o.ipDeny : o.ipGrant)]
        .map((x) => x.replace(/\s/g, ''))
        .sort()
        .join(';') ===
        [...w.list]
          .map((x) => x.replace(/\s/g, ''))
          .sort()
          .join(';') &&
      (o.routeAction & (ROUTE_AUTH_NTLM | ROUTE_AUTH_CLEARTEXT)) === w.authBits &&
      o.routeUserName.toLowerCase() === w.account.toLowerCase() &&
      (!w.requireAuthentication || (o.authFlags & AUTH_BASIC_AND_INTEGRATED) === AUTH_BASIC_AND_INTEGRATED),
  });
  for (const c of virtualServer) {
    const o = c.action === 'update' ? c.observed : undefined;
    out.push(
      change(c.action, c.address, serverBody(s, field), {
        after: summary,
        before: o
          ? `smart host ${o.smartHost || '(none)'}, relay ${o.grantByDefault ? 'all except' : 'only'} [${(o.grantByDefault ? o.ipDeny : o.ipGrant).join('; ')}], hop count ${o.hopCount}, AuthFlags ${o.authFlags}`
          : undefined,
      }),
    );
  }
  return out;
}

// ---- Exchange: recipient policies (LDIF) and mail-enabled users (ADSI) ----

const anyCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const proxyOf = (a: { address: string; primary: boolean }) => `${a.primary ? 'SMTP' : 'smtp'}:${a.address}`;

/**
 * The exact add/delete operations that turn `have` into `want` for the values this model manages
 * (SMTP templates); other values (X400:, custom types) are never touched. A value present in another
 * case (smtp: vs SMTP:, primary vs secondary) is deleted and added in its new case.
 */
function valueOps(have: string[], want: string[]): { add: string[]; del: string[] } {
  const { add, remove } = diffValues(have, want, { key: (v) => v.toLowerCase(), managed: (v) => /^smtp:/i.test(v) });
  return { add, del: remove };
}

function modifyLines(attr: string, kind: 'add' | 'delete' | 'replace', values: string[], field: string): string[] {
  return [`${kind}: ${attr}`, ...values.map((v) => ldifLine(attr, v, field)), '-'];
}

/** The values the model gives a recipient policy's attributes. */
function policyValues(p: RecipientPolicyT) {
  return {
    gatewayProxy: p.addresses.map(proxyOf),
    nonAuth: p.addresses.filter((a) => !a.responsible).map(proxyOf),
    responsible: p.addresses.filter((a) => a.responsible).map(proxyOf),
    search: PURPORTED_SEARCH[p.filter]!,
    order: p.priority === 'lowest' ? LOWEST : p.priority,
    isDefault: p.name === 'Default Policy' && p.priority === 'lowest',
  };
}

/** What differs between a policy read from the directory and the model's: exact values to delete and add. */
function policyDrift(o: AdPolicy, p: RecipientPolicyT) {
  const v = policyValues(p);
  const gw = valueOps(o.gatewayProxy, v.gatewayProxy);
  const na = valueOps(o.nonAuthoritative, v.nonAuth);
  const search = o.purportedSearch !== v.search;
  const order = o.order !== v.order && !v.isDefault;
  return { gw, na, none: gw.del.length + gw.add.length + na.del.length + na.add.length === 0 && !search && !order };
}

function planPolicy(model: Model, target: TargetT, p: RecipientPolicyT, i: number, o: AdPolicy | undefined, observed: boolean): Change {
  const f = `exchange.recipientPolicies[${i}]`;
  const { gatewayProxy, nonAuth, responsible, search, order, isDefault } = policyValues(p);
  const dn = o?.dn ?? policyDn(model, target, p.name, i);
  const object = `Recipient policy ${p.name}`;
  const after = `${gatewayProxy.join(', ')}; not responsible for ${nonAuth.join(', ') || '(none)'}; order ${order}`;
  const dnLine = ldifLine('dn', dn, `${f}.name`);
  const records: string[][] = [];
  const details: string[] = [];
  const checks: string[] = [];
  const advice = observed
    ? 'Plan again to see what the directory holds now.'
    : 'This script did not read the policy before writing (export), so it only adds values: fix it in System Manager (Recipients, Recipient Policies) or run coexist apply, which reads the policy first.';
  const adviceVb = vbString(advice, 'advice');
  const dnVb = vbString(dn, `${f}.name`);
  const objectVb = vbString(object, `${f}.name`);

  if (!o && !(isDefault && !observed)) {
    // The policy does not exist (observed), or it is a new one (export): one add record with every value.
    records.push([
      'changetype: add',
      'objectClass: msExchRecipientPolicy',
      ldifLine('cn', p.name, `${f}.name`),
      ...gatewayProxy.map((g) => ldifLine('gatewayProxy', g, f)),
      ...nonAuth.map((g) => ldifLine('msExchNonAuthoritativeDomains', g, f)),
      ldifLine('purportedSearch', search, f),
      `msExchPolicyOrder: ${order}`,
    ]);
    details.push(...gatewayProxy.map((g) => `+ gatewayProxy ${g}`), ...nonAuth.map((g) => `+ msExchNonAuthoritativeDomains ${g}`));
    checks.push(
      `ExpectValues ${objectVb}, ${dnVb}, "gatewayProxy", ${vbArray(gatewayProxy, f)}, Array(), ${adviceVb}`,
      `ExpectValues ${objectVb}, ${dnVb}, "msExchNonAuthoritativeDomains", ${vbArray(nonAuth, f)}, ${vbArray(responsible, f)}, ${adviceVb}`,
      `ExpectValue ${objectVb}, ${dnVb}, "purportedSearch", ${vbString(search, f)}`,
      `ExpectValue ${objectVb}, ${dnVb}, "msExchPolicyOrder", ${order}`,
    );
  } else if (!o) {
    // The Default Policy, not read (export): add the model's values one record each, so a value that is
    // already there ("attribute or value exists", skipped by ldifde -k) does not cancel the others.
    for (const g of gatewayProxy) records.push(['changetype: modify', ...modifyLines('gatewayProxy', 'add', [g], f)]);
    for (const g of nonAuth) records.push(['changetype: modify', ...modifyLines('msExchNonAuthoritativeDomains', 'add', [g], f)]);
    records.push(['changetype: modify', ...modifyLines('purportedSearch', 'replace', [search], f)]);
    details.push(
      ...gatewayProxy.map((g) => `+ gatewayProxy ${g}`),
      ...nonAuth.map((g) => `+ msExchNonAuthoritativeDomains ${g}`),
      `~ purportedSearch ${search}`,
    );
    checks.push(
      `ExpectValues ${objectVb}, ${dnVb}, "gatewayProxy", ${vbArray(gatewayProxy, f)}, Array(), ${adviceVb}`,
      `ExpectValues ${objectVb}, ${dnVb}, "msExchNonAuthoritativeDomains", ${vbArray(nonAuth, f)}, ${vbArray(responsible, f)}, ${adviceVb}`,
      `ExpectValue ${objectVb}, ${dnVb}, "purportedSearch", ${vbString(search, f)}`,
    );
  } else {
    // Read before: one modify record of exact deletes and adds (atomic), nothing else touched.
    const { gw, na } = policyDrift(o, p);
    const ops: string[] = [];
    if (gw.del.length) ops.push(...modifyLines('gatewayProxy', 'delete', gw.del, f));
    if (gw.add.length) ops.push(...modifyLines('gatewayProxy', 'add', gw.add, f));
    if (na.del.length) ops.push(...modifyLines('msExchNonAuthoritativeDomains', 'delete', na.del, f));
    if (na.add.length) ops.push(...modifyLines('msExchNonAuthoritativeDomains', 'add', na.add, f));
    if (o.purportedSearch !== search) ops.push(...modifyLines('purportedSearch', 'replace', [search], f));
    if (o.order !== order && !isDefault) ops.push(...modifyLines('msExchPolicyOrder', 'replace', [String(order)], f));
    records.push(['changetype: modify', ...ops]);
    details.push(
      ...gw.del.map((g) => `- gatewayProxy ${g}`),
      ...gw.add.map((g) => `+ gatewayProxy ${g}`),
      ...na.del.map((g) => `- msExchNonAuthoritativeDomains ${g}`),
      ...na.add.map((g) => `+ msExchNonAuthoritativeDomains ${g}`),
    );
    if (o.purportedSearch !== search) details.push(`~ purportedSearch ${search}`);
    if (o.order !== order && !isDefault) details.push(`~ msExchPolicyOrder ${order}`);
    const gone = (del: string[], want: string[]) => del.filter((d) => !want.some((w) => anyCase(w, d)));
    checks.push(
      `ExpectValues ${objectVb}, ${dnVb}, "gatewayProxy", ${vbArray(gatewayProxy, f)}, ${vbArray(gone(gw.del, gatewayProxy), f)}, ${adviceVb}`,
      `ExpectValues ${objectVb}, ${dnVb}, "msExchNonAuthoritativeDomains", ${vbArray(nonAuth, f)}, ${vbArray([...gone(na.del, nonAuth), ...responsible], f)}, ${adviceVb}`,
      `ExpectValue ${objectVb}, ${dnVb}, "purportedSearch", ${vbString(search, f)}`,
    );
    if (!isDefault) checks.push(`ExpectValue ${objectVb}, ${dnVb}, "msExchPolicyOrder", ${order}`);
  }
  const ldif = records.map((r) => `${[dnLine, ...r].map((l) => ldifFold(l)).join('\n')}\n`).join('\n');
  const body = [
    `ImportLdif ${vbString(ldif.replace(/\n/g, '\r\n'), object)}`,
    ...checks,
    `WScript.Echo ${vbString(`${object}: written and read back`, object)}`,
  ].join('\n');
  return change(o ? 'update' : 'create', object, body, {
    after,
    before: o ? `${o.gatewayProxy.join(', ')}; order ${o.order}` : undefined,
    details,
    ldif,
  });
}

function planExchange(model: Model, target: TargetT, obs: W2003State | null): Change[] {
  const policies = diffResources(
    model.exchange.recipientPolicies.map((p, i) => [`Recipient policy ${p.name}`, { p, i }] as const),
    (_address, { p }) => obs?.policies?.find((x) => x.name.toLowerCase() === p.name.toLowerCase()),
    { same: (o, { p }) => policyDrift(o, p).none },
  ).map((c) => planPolicy(model, target, c.desired.p, c.desired.i, c.action === 'update' ? c.observed : undefined, obs !== null));

  // A mail-enabled user is found by sAMAccountName; one without a targetAddress is not mail-enabled yet.
  const base = usersContainer(target) || domainDn(model, target);
  const userOf = (u: Model['users'][number]) => obs?.users?.find((x) => x.sam === u.logon.toLowerCase());
  const hasProxy = (u: Model['users'][number]) => (userOf(u)?.proxyAddresses ?? []).some((p) => anyCase(p, `SMTP:${u.externalAddress}`));
  const users = diffResources(
    model.users.flatMap((u, i) => (u.kind === 'pop3' && u.externalAddress ? [[`Mail-enabled user ${u.logon}`, { u, i }] as const] : [])),
    (_address, { u }) => (userOf(u)?.targetAddress ? userOf(u) : undefined),
    { same: (o, { u }) => anyCase(o.targetAddress, `SMTP:${u.externalAddress}`) && anyCase(o.mailNickname, u.logon) && hasProxy(u) },
  ).map((c) => {
    const { u, i } = c.desired;
    const f = `users[${i}]`;
    const targetAddress = `SMTP:${u.externalAddress}`;
    const body = `MailEnableUser ${vbString(u.logon, `${f}.logon`)}, ${vbString(base, 'usersContainer')}, ${vbString(targetAddress, `${f}.externalAddress`)}, ${vbString(u.logon, `${f}.logon`)}`;
    return change(c.action, c.address, body, {
      after: targetAddress,
      before: c.action === 'update' ? c.observed.targetAddress : undefined,
      details: [
        `~ targetAddress ${targetAddress}`,
        `~ mailNickname ${u.logon}`,
        ...(hasProxy(u) ? [] : [`+ proxyAddresses ${targetAddress}`]),
      ],
    });
  });
  return [...policies, ...users];
}

export function planW2003(model: Model, target: TargetT, obs: W2003State | null): Change[] {
  if (roleOf(model, target) === 'exchange') return planExchange(model, target, obs);
  return planPop3(model, target, model.pop3.servers.find((s) => s.name === target.server)!, obs);
}

/** The observation program: winpop lists, the metabase report, or ldifde exports, in sections. */
export function observeProgram(model: Model, target: TargetT): string {
  if (roleOf(model, target) === 'pop3') {
    const s = model.pop3.servers.find((x) => x.name === target.server)!;
    const si = model.pop3.servers.indexOf(s);
    const body = [
      'WScript.Echo "#coexist-section winpop-domains"',
      `WScript.Echo RunProgram(${vbString(WINPOP, 'winpop')}, Array("list"))`,
    ];
    s.domains.forEach((d, i) => {
      const w = cmdWord(d.name, `pop3.servers[${si}].domains[${i}].name`);
      body.push(
        `WScript.Echo ${vbString(`#coexist-section winpop-mailboxes ${w}`, 'section')}`,
        `WScript.Echo RunProgram(${vbString(WINPOP, 'winpop')}, Array("list", ${vbString(w, 'domain')}))`,
      );
    });
    body.push(`WScript.Echo "#coexist-section metabase"
Dim vs, ipsec, d
Set vs = GetObject("IIS://localhost/SMTPSVC/1")
Set ipsec = vs.RelayIpList
WScript.Echo "SERVER|SmartHost=" & Escape(vs.SmartHost) & "|SmartHostType=" & vs.SmartHostType & "|RouteAction=" & vs.RouteAction & _
  "|RouteUserName=" & Escape(vs.RouteUserName) & "|RelayForAuth=" & vs.RelayForAuth & "|GrantByDefault=" & ipsec.GrantByDefault & _
  "|IPGrant=" & Escape(Join(ipsec.IPGrant, ";")) & "|IPDeny=" & Escape(Join(ipsec.IPDeny, ";")) & "|HopCount=" & vs.HopCount & "|AuthFlags=" & vs.AuthFlags
For Each d In GetObject("IIS://localhost/SMTPSVC/1/Domain")
  WScript.Echo "DOMAIN|Name=" & Escape(d.Name) & "|RouteAction=" & d.RouteAction & "|RouteActionString=" & Escape(d.RouteActionString)
Next`);
    return vbProgram(body);
  }
  const base = domainDn(model, target);
  const container = usersContainer(target);
  const exportSection = (name: string, dn: string, filter: string, attrs: string) => `WScript.Echo "#coexist-section ${name}"
path = TempPath()
RunProgram "ldifde", Array("-f", path, "-d", ${vbString(dn, 'dn')}, "-r", ${vbString(filter, 'filter')}, "-l", ${vbString(attrs, 'attrs')}, "-j", Fso.GetSpecialFolder(2).Path)
WScript.Echo ReadAndDelete(path)`;
  return vbProgram([
    'Dim path',
    exportSection(
      'policies',
      `CN=Configuration,${base}`,
      '(objectClass=msExchRecipientPolicy)',
      'cn,gatewayProxy,msExchNonAuthoritativeDomains,disabledGatewayProxy,purportedSearch,msExchPolicyOrder',
    ),
    exportSection(
      'users',
      container || base,
      '(&(objectCategory=person)(objectClass=user)(targetAddress=*))',
      'sAMAccountName,targetAddress,proxyAddresses,mailNickname',
    ),
  ]);
}
