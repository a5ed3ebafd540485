// One entry of a relay list (Relay Restrictions > Add...), as ESM and IIS Manager offer them: "Single
// computer" (an IP address), "Group of computers" (a subnet: address/prefix) or "Domain" (every computer
// whose name, found by reverse DNS of the connecting address, is the domain or under it). Pure.
import { cidrContains, parseCidr, parseDomain, type Cidr, type Result } from './net.js';

export type RelayEntryKind = 'single' | 'group' | 'domain';

export type ParsedRelayEntry = { kind: 'single' | 'group'; text: string; cidr: Cidr } | { kind: 'domain'; text: string; domain: string };

/** ESM's labels for the three kinds of entry (Computer: Single computer / Group of computers / Domain). */
export const RELAY_ENTRY_LABELS: Record<RelayEntryKind, string> = {
  single: 'Single computer',
  group: 'Group of computers',
  domain: 'Domain',
};

/** An IP address, a subnet (address/prefix) or a domain name; the stored text is canonical. */
export function parseRelayEntry(input: string): Result<ParsedRelayEntry> {
  if (typeof input !== 'string' || input.length === 0) return { ok: false, error: 'empty relay entry' };
  // An IP address or subnet has a digit-only last label or a colon; a domain name never does.
  const looksLikeAddress = input.includes(':') || input.includes('/') || /^[0-9.]+$/.test(input);
  if (looksLikeAddress) {
    const c = parseCidr(input);
    if (!c.ok) return c;
    const max = c.value.family === 'ipv4' ? 32 : 128;
    return { ok: true, value: { kind: c.value.prefix === max ? 'single' : 'group', text: c.value.text, cidr: c.value } };
  }
  const d = parseDomain(input);
  if (!d.ok) return { ok: false, error: `"${input}" is neither an IP address, a subnet (IP/prefix) nor a domain name: it ${d.error}` };
  return { ok: true, value: { kind: 'domain', text: d.value, domain: d.value } };
}

/** Whether a name is the domain or under it (IIS grants a Domain entry to every computer in it). */
export function nameUnderDomain(name: string, domain: string): boolean {
  const n = name.toLowerCase();
  return n === domain || n.endsWith(`.${domain}`);
}

/**
 * Whether an entry covers a connecting computer: by its address, or (a Domain entry) by the name reverse
 * DNS gives for it. `name` is undefined when the address has no reverse DNS name the model knows.
 */
export function relayEntryCovers(entry: ParsedRelayEntry, ip: string, name: string | undefined): boolean {
  if (entry.kind === 'domain') return name !== undefined && nameUnderDomain(name, entry.domain);
  return cidrContains(entry.cidr, ip);
}
