// Parsers for what the Windows Server 2003 tools print: `winpop list` (domains), `winpop list <domain>`
// (mailboxes), the metabase report our observation VBScript prints, and `ldifde -f` exports.
import { parseLdif } from '../quoting/index.js';

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const MAILBOX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NOISE = /^(\d+\s+(domain|mailbox)|the command completed|total|winpop|usage)/i;

export interface WinpopEntry {
  name: string;
  locked: boolean;
}

function entries(text: string, valid: RegExp): WinpopEntry[] {
  const lines = text.split(/\r?\n/);
  const dash = lines.findIndex((l) => /^\s*-{5,}\s*$/.test(l));
  const body = dash >= 0 ? lines.slice(dash + 1) : lines;
  const out: WinpopEntry[] = [];
  for (const raw of body) {
    const line = raw.trim();
    if (line === '' || NOISE.test(line) || /^-+$/.test(line)) continue;
    // An entry is one name, optionally flagged "L" (locked) before or "(locked)" after it.
    const m = /^(?:(L)\s+)?(\S+)(?:\s+\((locked)\))?$/i.exec(line);
    if (m && valid.test(m[2]!)) out.push({ name: m[2]!.toLowerCase(), locked: Boolean(m[1] || m[3]) });
  }
  return out;
}

/** Domains from `winpop list`. */
export function parseWinpopDomains(text: string): WinpopEntry[] {
  return entries(text, DOMAIN);
}

/** Mailboxes from `winpop list <domain>`. */
export function parseWinpopMailboxes(text: string): WinpopEntry[] {
  return entries(text, MAILBOX);
}

export interface MetabaseServer {
  smartHost: string;
  smartHostType: number;
  routeAction: number;
  routeUserName: string;
  relayForAuth: boolean;
  grantByDefault: boolean;
  ipGrant: string[];
  ipDeny: string[];
  hopCount: number;
  authFlags: number;
}
export interface MetabaseDomain {
  name: string;
  routeAction: number;
  routeActionString: string;
}
export interface MetabaseState {
  server: MetabaseServer | null;
  domains: MetabaseDomain[];
}

/** The observation VBScript prints "SERVER|key=value|..." and "DOMAIN|key=value|..." with values Escape()d. */
export function parseMetabaseReport(text: string): MetabaseState {
  const state: MetabaseState = { server: null, domains: [] };
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split('|');
    const kind = parts.shift();
    if (kind !== 'SERVER' && kind !== 'DOMAIN') continue;
    const kv = new Map(
      parts.map((p) => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq), unescape(p.slice(eq + 1))] as [string, string];
      }),
    );
    const num = (k: string) => Number.parseInt(kv.get(k) ?? '0', 10) || 0;
    // Entries are "ip, mask": the report joins them with ";".
    const list = (k: string) =>
      (kv.get(k) ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);
    if (kind === 'SERVER') {
      state.server = {
        smartHost: kv.get('SmartHost') ?? '',
        smartHostType: num('SmartHostType'),
        routeAction: num('RouteAction'),
        routeUserName: kv.get('RouteUserName') ?? '',
        relayForAuth: num('RelayForAuth') !== 0,
        grantByDefault: /^(true|-1|1)$/i.test(kv.get('GrantByDefault') ?? ''),
        ipGrant: list('IPGrant'),
        ipDeny: list('IPDeny'),
        hopCount: num('HopCount'),
        authFlags: num('AuthFlags'),
      };
    } else {
      state.domains.push({
        name: (kv.get('Name') ?? '').toLowerCase(),
        routeAction: num('RouteAction'),
        routeActionString: kv.get('RouteActionString') ?? '',
      });
    }
  }
  return state;
}

export interface AdPolicy {
  dn: string;
  name: string;
  gatewayProxy: string[];
  nonAuthoritative: string[];
  purportedSearch: string;
  order: number;
}
export interface AdUser {
  dn: string;
  sam: string;
  targetAddress: string;
  mailNickname: string;
  proxyAddresses: string[];
}

export function parsePolicyExport(ldif: string): AdPolicy[] {
  return parseLdif(ldif).map((r) => {
    const a = (k: string) => r.attributes.get(k.toLowerCase()) ?? [];
    return {
      dn: r.dn,
      name: a('cn')[0] ?? /^CN=([^,]*)/i.exec(r.dn)?.[1] ?? '',
      gatewayProxy: a('gatewayProxy'),
      nonAuthoritative: a('msExchNonAuthoritativeDomains'),
      purportedSearch: a('purportedSearch')[0] ?? '',
      order: Number(a('msExchPolicyOrder')[0] ?? 0),
    };
  });
}

export function parseUserExport(ldif: string): AdUser[] {
  return parseLdif(ldif).map((r) => {
    const a = (k: string) => r.attributes.get(k.toLowerCase()) ?? [];
    return {
      dn: r.dn,
      sam: (a('sAMAccountName')[0] ?? '').toLowerCase(),
      targetAddress: a('targetAddress')[0] ?? '',
      mailNickname: a('mailNickname')[0] ?? '',
      proxyAddresses: a('proxyAddresses'),
    };
  });
}

/** Splits the observation output into its "#coexist-section NAME" parts. */
export function splitSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let buf: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^#coexist-section (.+)$/.exec(line.trim());
    if (m) {
      if (name !== null) out.set(name, buf.join('\n'));
      name = m[1]!;
      buf = [];
    } else if (name !== null) buf.push(line);
  }
  if (name !== null) out.set(name, buf.join('\n'));
  return out;
}
