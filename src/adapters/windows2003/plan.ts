// windows2003: desired state, observation program and plan for the original systems.
// A POP3 server target gets winpop domains and mailboxes and its IIS SMTP metabase (remote domains,
// relay list, smart host, Outbound Security); an Exchange server target gets LDIF for ldifde
// (recipient policies and mail-enabled users). Every change is a VBScript run by the fixed WINDOWS_RUNNER.
import type { Change } from '../types.js';
import type { Model, Pop3ServerT, TargetT } from '../../model/schema.js';
import { cmdWord, domainToDn, ldifFold, ldifLine, rdn, UnsafeValueError, vbString } from '../quoting/index.js';
import { RUNNER_ARGV, vbArray, vbProgram } from './vbs.js';
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

/** The AD domain's DN: options.adDomain, else the Exchange server's DNS domain. */
export function domainDn(model: Model, target: TargetT): string {
  const explicit = target.options?.adDomain;
  const fqdn = model.exchange.servers[0]?.fqdn ?? model.pop3.servers[0]?.fqdn ?? '';
  const domain = explicit ?? fqdn.split('.').slice(1).join('.');
  return domainToDn(domain, explicit ? `targets.${target.id}.options.adDomain` : 'exchange.servers[0].fqdn');
}

export function policyDn(model: Model, target: TargetT, name: string, index: number): string {
  return [rdn('CN', name, `exchange.recipientPolicies[${index}].name`), 'CN=Recipient Policies', rdn('CN', model.organization, 'organization'),
    'CN=Microsoft Exchange', 'CN=Services', 'CN=Configuration', domainDn(model, target)].join(',');
}

const envName = (logon: string) => `COEXIST_POP3_PASSWORD_${logon.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

function change(action: Change['action'], object: string, body: string, after?: string, before?: string): Change {
  return {
    action, object, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}),
    commands: [{ argv: RUNNER_ARGV, stdin: vbProgram([body]), description: `${action === 'create' ? 'Create' : 'Update'} ${object}`, timeoutMs: 120_000 }],
  };
}

function ipGrantEntry(entry: string, field: string): string {
  const [ip, prefixText] = entry.split('/');
  if (!ip || ip.includes(':')) throw new UnsafeValueError(field, 'IIS 6 relay lists hold IPv4 addresses only', entry);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${ip}, ${[24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.')}`;
}

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
    account: os.mode === 'anonymous' ? '' : os.account ?? '',
    secret: os.secret,
  };
}

function serverBody(s: Pop3ServerT, field: string): string {
  const w = serverSettings(s, field);
  const lines = [
    'Dim vs, ipsec',
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
  if (w.authBits !== 0) {
    const env = w.secret?.startsWith('env:') ? w.secret.slice(4) : '';
    lines.push(`vs.RoutePassword = ReadSecret(${vbString(env, `${field}.smtp.outboundSecurity.secret`)}, ${vbString(`Outbound Security password for ${w.account}`, 'prompt')})`);
  }
  lines.push('vs.SetInfo', 'WScript.Echo "SMTP virtual server 1 updated"');
  return lines.join('\n');
}

function planPop3(model: Model, target: TargetT, s: Pop3ServerT, obs: W2003State | null): Change[] {
  const si = model.pop3.servers.indexOf(s);
  const field = `pop3.servers[${si}]`;
  const out: Change[] = [];
  const haveDomains = new Set((obs?.domains ?? []).map((d) => d.name));
  s.domains.forEach((d, di) => {
    const df = `${field}.domains[${di}].name`;
    if (!haveDomains.has(d.name)) out.push(change('create', `POP3 domain ${d.name}`, `RunProgram "winpop", Array("add", ${vbString(cmdWord(d.name, df), df)})`, 'winpop add'));
    const have = new Set((obs?.mailboxes?.[d.name] ?? []).map((m) => m.name));
    d.mailboxes.forEach((m, mi) => {
      if (have.has(m.toLowerCase())) return;
      const mf = `${field}.domains[${di}].mailboxes[${mi}]`;
      const address = cmdWord(`${m}@${d.name}`, mf);
      const body = s.authentication === 'active-directory'
        ? `RunProgram "winpop", Array("add", ${vbString(address, mf)})`
        : `RunProgram "winpop", Array("add", ${vbString(address, mf)}, "/createuser", ReadSecret(${vbString(envName(m), mf)}, ${vbString(`Password for ${address}`, mf)}))`;
      out.push(change('create', `POP3 mailbox ${address}`, body, s.authentication === 'active-directory' ? 'linked to the AD account' : 'password asked at run time'));
    });
  });
  s.smtp.remoteDomains.forEach((r, ri) => {
    const rf = `${field}.smtp.remoteDomains[${ri}]`;
    const action = (r.allowRelay ? ROUTE_DOMAIN_RELAY : 0) | (r.smartHost ? ROUTE_SMARTHOST : 0);
    const host = r.smartHost ?? '';
    const after = `RouteAction ${action}${host ? `, smart host ${host}` : ''}`;
    const o = obs?.metabase?.domains.find((d) => d.name === r.name);
    if (o && o.routeAction === action && o.routeActionString.toLowerCase() === host.toLowerCase()) return;
    out.push(change(o ? 'update' : 'create', `SMTP remote domain ${r.name}`,
      `SetRemoteDomain ${vbString(cmdWord(r.name, `${rf}.name`), `${rf}.name`)}, ${action}, ${vbString(host, `${rf}.smartHost`)}`, after,
      o ? `RouteAction ${o.routeAction}${o.routeActionString ? `, smart host ${o.routeActionString}` : ''}` : undefined));
  });
  const w = serverSettings(s, field);
  const summary = `smart host ${w.smartHost || '(none)'}, relay ${w.grantByDefault ? 'all except' : 'only'} [${w.list.join('; ')}], authenticated relay ${w.relayForAuth ? 'on' : 'off'}, outbound ${s.smtp.outboundSecurity.mode}${w.account ? ` as ${w.account}` : ''}, hop count ${w.hopCount}`;
  const o = obs?.metabase?.server;
  const same = o && o.smartHost.toLowerCase() === w.smartHost.toLowerCase() && o.smartHostType === w.smartHostType && o.hopCount === w.hopCount
    && o.relayForAuth === w.relayForAuth && o.grantByDefault === w.grantByDefault
    && [...(w.grantByDefault ? o.ipDeny : o.ipGrant)].map((x) => x.replace(/\s/g, '')).sort().join(';') === [...w.list].map((x) => x.replace(/\s/g, '')).sort().join(';')
    && (o.routeAction & (ROUTE_AUTH_NTLM | ROUTE_AUTH_CLEARTEXT)) === w.authBits && o.routeUserName.toLowerCase() === w.account.toLowerCase();
  if (!same) {
    out.push(change(o ? 'update' : 'create', `SMTP virtual server ${s.name}`, serverBody(s, field), summary,
      o ? `smart host ${o.smartHost || '(none)'}, relay ${o.grantByDefault ? 'all except' : 'only'} [${(o.grantByDefault ? o.ipDeny : o.ipGrant).join('; ')}], hop count ${o.hopCount}` : undefined));
  }
  return out;
}

/** The LDIF records (as text) for the Exchange target, and the changes that import them. */
function planExchange(model: Model, target: TargetT, obs: W2003State | null): Change[] {
  const out: Change[] = [];
  const same = (a: string[], b: string[]) => {
    const n = (l: string[]) => l.map((x) => { const i = x.indexOf(':'); return `${x.slice(0, i)}:${x.slice(i + 1).toLowerCase()}`; }).sort().join('\n');
    return n(a) === n(b);
  };
  model.exchange.recipientPolicies.forEach((p, i) => {
    const f = `exchange.recipientPolicies[${i}]`;
    const gatewayProxy = p.addresses.map((a) => `${a.primary ? 'SMTP' : 'smtp'}:${a.address}`);
    const nonAuth = p.addresses.filter((a) => !a.responsible).map((a) => `${a.primary ? 'SMTP' : 'smtp'}:${a.address}`);
    const search = PURPORTED_SEARCH[p.filter]!;
    const order = p.priority === 'lowest' ? LOWEST : p.priority;
    const o = obs?.policies?.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
    const dn = o?.dn ?? policyDn(model, target, p.name, i);
    const after = `${gatewayProxy.join(', ')}; not responsible for ${nonAuth.join(', ') || '(none)'}; order ${order}`;
    const smtpOnly = (l: string[]) => l.filter((x) => /^smtp:/i.test(x));
    // Non-SMTP templates (X400:...) are kept as they are: the model only speaks of SMTP.
    const keep = (o?.gatewayProxy ?? []).filter((x) => !/^smtp:/i.test(x));
    if (o && same(smtpOnly(o.gatewayProxy), gatewayProxy) && same(o.nonAuthoritative, nonAuth) && o.purportedSearch === search && o.order === order) return;
    const lines = [ldifLine('dn', dn, `${f}.name`)];
    const isDefault = p.name === 'Default Policy' && p.priority === 'lowest';
    if (!o && !isDefault) {
      lines.push('changetype: add', 'objectClass: msExchRecipientPolicy', ldifLine('cn', p.name, `${f}.name`));
      for (const g of gatewayProxy) lines.push(ldifLine('gatewayProxy', g, f));
      for (const g of nonAuth) lines.push(ldifLine('msExchNonAuthoritativeDomains', g, f));
      lines.push(ldifLine('purportedSearch', search, f), `msExchPolicyOrder: ${order}`);
    } else {
      lines.push('changetype: modify', 'replace: gatewayProxy', ...[...keep, ...gatewayProxy].map((g) => ldifLine('gatewayProxy', g, f)), '-',
        'replace: msExchNonAuthoritativeDomains', ...nonAuth.map((g) => ldifLine('msExchNonAuthoritativeDomains', g, f)), '-',
        'replace: purportedSearch', ldifLine('purportedSearch', search, f), '-', 'replace: msExchPolicyOrder', `msExchPolicyOrder: ${order}`, '-');
    }
    out.push(ldifChange(o ? 'update' : 'create', `Recipient policy ${p.name}`, lines, after, o ? `${o.gatewayProxy.join(', ')}; order ${o.order}` : undefined));
  });
  model.users.forEach((u, i) => {
    if (u.kind !== 'pop3' || !u.externalAddress) return;
    const f = `users[${i}]`;
    const target2 = `SMTP:${u.externalAddress}`;
    const o = obs?.users?.find((x) => x.sam === u.logon.toLowerCase());
    const hasProxy = (o?.proxyAddresses ?? []).some((p) => p.toLowerCase() === target2.toLowerCase());
    if (o && o.targetAddress.toLowerCase() === target2.toLowerCase() && o.mailNickname.toLowerCase() === u.logon.toLowerCase() && hasProxy) return;
    const dn = o?.dn ?? [rdn('CN', u.displayName, `${f}.displayName`), target.options?.usersContainer ?? 'CN=Users', domainDn(model, target)].join(',');
    const lines = [ldifLine('dn', dn, `${f}.displayName`), 'changetype: modify',
      'replace: targetAddress', ldifLine('targetAddress', target2, `${f}.externalAddress`), '-',
      'replace: mailNickname', ldifLine('mailNickname', u.logon, `${f}.logon`), '-'];
    if (!hasProxy) lines.push('add: proxyAddresses', ldifLine('proxyAddresses', target2, `${f}.externalAddress`), '-');
    out.push(ldifChange(o?.targetAddress ? 'update' : 'create', `Mail-enabled user ${u.logon}`, lines, target2, o?.targetAddress || undefined));
  });
  return out;
}

function ldifChange(action: Change['action'], object: string, lines: string[], after?: string, before?: string): Change {
  const ldif = `${lines.map((l) => ldifFold(l)).join('\n')}\n`;
  const c = change(action, object, `ImportLdif ${vbString(ldif.replace(/\n/g, '\r\n'), object)}`, after, before);
  (c as Change & { ldif?: string }).ldif = ldif;
  return c;
}

export function ldifOf(change: Change): string | undefined {
  return (change as Change & { ldif?: string }).ldif;
}

export function planW2003(model: Model, target: TargetT, obs: W2003State | null): Change[] {
  if (roleOf(model, target) === 'exchange') return planExchange(model, target, obs);
  return planPop3(model, target, model.pop3.servers.find((s) => s.name === target.server)!, obs);
}

/** The observation program: winpop lists, the metabase report, or ldifde exports, in sections. */
export function observeProgram(model: Model, target: TargetT): string {
  const soft = `Sub RunSoft(program, args)
  Dim line, i, exec
  line = Chr(34) & program & Chr(34)
  For i = 0 To UBound(args)
    line = line & " " & QuoteArg(args(i))
  Next
  Set exec = Shell.Exec(line)
  Do While exec.Status = 0
    WScript.Sleep 50
  Loop
  WScript.StdOut.Write exec.StdOut.ReadAll()
End Sub`;
  if (roleOf(model, target) === 'pop3') {
    const s = model.pop3.servers.find((x) => x.name === target.server)!;
    const body = [soft, 'WScript.Echo "#coexist-section winpop-domains"', 'RunSoft "winpop", Array("list")'];
    s.domains.forEach((d, i) => {
      const w = cmdWord(d.name, `pop3.servers.domains[${i}].name`);
      body.push(`WScript.Echo ${vbString(`#coexist-section winpop-mailboxes ${w}`, 'section')}`, `RunSoft "winpop", Array("list", ${vbString(w, 'domain')})`);
    });
    body.push(`WScript.Echo "#coexist-section metabase"
Dim vs, ipsec, d, line
Set vs = GetObject("IIS://localhost/SMTPSVC/1")
Set ipsec = vs.RelayIpList
WScript.Echo "SERVER|SmartHost=" & Escape(vs.SmartHost) & "|SmartHostType=" & vs.SmartHostType & "|RouteAction=" & vs.RouteAction & _
  "|RouteUserName=" & Escape(vs.RouteUserName) & "|RelayForAuth=" & vs.RelayForAuth & "|GrantByDefault=" & ipsec.GrantByDefault & _
  "|IPGrant=" & Escape(Join(ipsec.IPGrant, ";")) & "|IPDeny=" & Escape(Join(ipsec.IPDeny, ";")) & "|HopCount=" & vs.HopCount
For Each d In GetObject("IIS://localhost/SMTPSVC/1/Domain")
  WScript.Echo "DOMAIN|Name=" & Escape(d.Name) & "|RouteAction=" & d.RouteAction & "|RouteActionString=" & Escape(d.RouteActionString)
Next`);
    return vbProgram(body);
  }
  const base = domainDn(model, target);
  const exportSection = (name: string, dn: string, filter: string, attrs: string) => `WScript.Echo "#coexist-section ${name}"
path = Shell.ExpandEnvironmentStrings("%TEMP%") & "\\coexist-${name}.ldf"
RunProgram "ldifde", Array("-f", path, "-d", ${vbString(dn, 'dn')}, "-r", ${vbString(filter, 'filter')}, "-l", ${vbString(attrs, 'attrs')})
WScript.StdOut.Write Fso.OpenTextFile(path).ReadAll()
Fso.DeleteFile path`;
  return vbProgram(['Dim path',
    exportSection('policies', `CN=Configuration,${base}`, '(objectClass=msExchRecipientPolicy)', 'cn,gatewayProxy,msExchNonAuthoritativeDomains,disabledGatewayProxy,purportedSearch,msExchPolicyOrder'),
    exportSection('users', base, '(&(objectCategory=person)(objectClass=user)(targetAddress=*))', 'sAMAccountName,targetAddress,proxyAddresses,mailNickname'),
  ]);
}
