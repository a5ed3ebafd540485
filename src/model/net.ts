// Domains, host names, IP addresses and CIDR blocks, validated strictly.
// Pure: no I/O. Every function returns a result object instead of throwing.
import { domainToASCII, domainToUnicode } from 'node:url';
import ipaddr from 'ipaddr.js';
import { keptPerText } from './kept-per-text.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

// Controls, format characters and default-ignorables that UTS-46 mapping would silently drop or fold.
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched on its own, combining marks included
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A parser that keeps its answers per text (kept-per-text.ts), frozen with their value: a caller cannot
 * change a shared answer.
 */
function keepingAnswers<T>(parse: (text: string) => Result<T>): (text: string) => Result<T> {
  return keptPerText((text) => {
    const answer = parse(text);
    if (answer.ok && typeof answer.value === 'object' && answer.value !== null) Object.freeze(answer.value);
    return Object.freeze(answer);
  });
}

const domainNoDot = keepingAnswers((text) => parseDomainText(text, {}));
const domainDotAllowed = keepingAnswers((text) => parseDomainText(text, { allowTrailingDot: true }));

/** A domain name (host or mail domain) stored as lowercase A-labels, without a trailing dot. */
export function parseDomain(input: string, opts: { allowTrailingDot?: boolean } = {}): Result<string> {
  if (typeof input !== 'string') return parseDomainText(input, opts);
  return opts.allowTrailingDot ? domainDotAllowed(input) : domainNoDot(input);
}

function parseDomainText(input: string, opts: { allowTrailingDot?: boolean }): Result<string> {
  if (typeof input !== 'string' || input.length === 0) return fail('empty domain');
  if (INVISIBLE.test(input)) return fail('contains control or invisible characters');
  if (/\s/u.test(input)) return fail('contains white space');
  let text = input;
  if (text.endsWith('.')) {
    if (!opts.allowTrailingDot) return fail('has a trailing dot');
    text = text.slice(0, -1);
  }
  if (text.startsWith('.') || text.endsWith('.') || text.includes('..')) return fail('has an empty label');
  // Ascii input is checked as typed: domainToASCII would accept underscores and other oddities.
  const isAscii = /^[\x20-\x7e]*$/.test(text);
  const ascii = isAscii ? text.toLowerCase() : domainToASCII(text);
  if (!ascii) return fail('is not a valid internationalised domain name');
  if (!isAscii) {
    // UTS-46 folds full-width and compatibility characters (ｎ, 𝐧, the Kelvin sign, 。) into plain ASCII:
    // such a look-alike would silently become a real domain, possibly one of ours. Refuse it.
    if (/[\u3002\uff0e\uff61]/u.test(text)) return fail('uses a look-alike of the dot (ideographic or full-width full stop); type "."');
    const typed = text.split('.');
    const labels = ascii.split('.');
    if (typed.length !== labels.length) return fail('is not a valid internationalised domain name');
    for (let i = 0; i < typed.length; i++) {
      const label = typed[i]!;
      if (/^[\x20-\x7e]*$/.test(label)) continue;
      // The label must be what it says: decoding its A-label gives back the label as typed (lowercased).
      // Otherwise UTS-46 folded look-alikes into something else: "ｎ" into "n", "xｎ--…" into an A-label.
      const decoded = labels[i]!.startsWith('xn--') ? domainToUnicode(labels[i]!) : labels[i]!;
      if (decoded !== label.normalize('NFC').toLowerCase()) {
        return fail(
          `has a label "${label}" written with full-width, compatibility or other look-alike characters that stand for "${labels[i]}"; type it as "${decoded}"`,
        );
      }
    }
  }
  if (ascii.length > 253) return fail(`is ${ascii.length} characters long (at most 253)`);
  const labels = ascii.split('.');
  for (const label of labels) {
    if (label.length > 63) return fail(`has a label longer than 63 characters ("${label.slice(0, 20)}...")`);
    if (!LABEL.test(label)) return fail(`has an invalid label "${label}" (letters, digits and inner hyphens only)`);
    if (label.startsWith('xn--') && domainToUnicode(label) === '') return fail(`has an invalid A-label "${label}"`);
  }
  if (labels.length < 2) return fail('is a single label; use a fully qualified name such as pop.example.com');
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return fail('ends in a numeric label (an IP address is not a domain)');
  return ok(ascii);
}

/** The Unicode form of a stored A-label domain, for display. */
export function displayDomain(ascii: string): string {
  return ascii.includes('xn--') ? domainToUnicode(ascii) || ascii : ascii;
}

/** Strict IPv4: four decimal parts without leading zeros (no 127.1, no 0x7f.0.0.1, no 010.0.0.1). */
export function parseIPv4(input: string): Result<string> {
  if (!ipaddr.IPv4.isValidFourPartDecimal(input)) return fail(`"${input}" is not an IPv4 address (four decimal parts, e.g. 10.0.0.20)`);
  return ok(input);
}

/** IPv4 (strict) or IPv6 (no zone id); IPv4-mapped IPv6 is unwrapped to IPv4. Returns the canonical text. */
export function parseIP(input: string): Result<string> {
  if (typeof input !== 'string' || input.length === 0) return fail('empty IP address');
  if (input.includes('.') && !input.includes(':')) return parseIPv4(input);
  if (input.includes('%')) return fail(`"${input}" has an IPv6 zone id, which a configuration cannot use`);
  let text = input;
  if (input.includes('.')) {
    // An embedded IPv4 part (::ffff:10.0.0.1) must be strict too, and ipaddr.js reads ::1.2.3.4 as
    // IPv4-mapped: convert the dotted part to two hex groups ourselves, as the network stack does.
    const m = /^(.*:)([^:]*)$/.exec(input);
    if (!m || !ipaddr.IPv4.isValidFourPartDecimal(m[2]!)) return fail(`"${input}" is not an IP address`);
    const [a, b, c, d] = m[2]!.split('.').map(Number) as [number, number, number, number];
    text = `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(text)) return fail(`"${input}" is not an IP address`);
  const v6 = ipaddr.IPv6.parse(text);
  if (v6.isIPv4MappedAddress()) return ok(v6.toIPv4Address().toString());
  return ok(v6.toString());
}

export interface Cidr {
  text: string;
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** An IP or CIDR block as used in relay lists. Host bits set (10.0.0.1/8) are refused: the intent is ambiguous. */
export function parseCidr(input: string): Result<Cidr> {
  if (typeof input !== 'string' || input.length === 0) return fail('empty address');
  const slash = input.indexOf('/');
  const addressText = slash < 0 ? input : input.slice(0, slash);
  const address = parseIP(addressText);
  if (!address.ok) return address;
  const family = address.value.includes(':') ? 'ipv6' : 'ipv4';
  const max = family === 'ipv4' ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = input.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > max) return fail(`"${input}" has an invalid prefix length (0 to ${max})`);
    prefix = Number(p);
  }
  const parsed = ipaddr.parse(address.value);
  const network = ipaddr.parseCIDR(`${address.value}/${prefix}`);
  const base =
    family === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.value}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.value}/${prefix}`);
  void network;
  if (base.toString() !== parsed.toString()) {
    return fail(`"${input}" has host bits set; did you mean ${base.toString()}/${prefix}?`);
  }
  return ok({ text: prefix === max ? address.value : `${address.value}/${prefix}`, address: address.value, prefix, family });
}

/**
 * ipaddr.js's reading of an address text, kept per text (null: parseIP refuses it; `canonical` texts are
 * parseIP's answers, read as they are). A relay check holds the same few client and server addresses
 * against every entry of a list, for every probe: parsing both each time was most of relay.open-simulated.
 */
const readAddress = keptPerText((ip): ipaddr.IPv4 | ipaddr.IPv6 | null => {
  const parsed = parseIP(ip);
  return parsed.ok ? ipaddr.parse(parsed.value) : null;
});

/** ipaddr.js's reading of a canonical address (a CIDR's), kept per text. */
const readCanonical = keptPerText((address) => ipaddr.parse(address));

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const addr = readAddress(ip);
  if (addr === null) return false;
  if (addr.kind() !== (cidr.family === 'ipv4' ? 'ipv4' : 'ipv6')) return false;
  return addr.match(readCanonical(cidr.address), cidr.prefix);
}

export function isPrivateIP(ip: string): boolean {
  const parsed = parseIP(ip);
  if (!parsed.ok) return false;
  const range = ipaddr.parse(parsed.value).range();
  return range !== 'unicast';
}

export type SmartHost = { kind: 'ip'; ip: string; text: string } | { kind: 'fqdn'; fqdn: string; text: string };

/** A smart host as Exchange and IIS take it: an FQDN, or an IP address in square brackets. */
export function parseSmartHost(input: string): Result<SmartHost> {
  return typeof input === 'string' ? smartHostAnswers(input) : parseSmartHostText(input);
}
const smartHostAnswers = keepingAnswers(parseSmartHostText);

function parseSmartHostText(input: string): Result<SmartHost> {
  if (typeof input !== 'string' || input.length === 0) return fail('empty smart host');
  if (input.startsWith('[')) {
    if (!input.endsWith(']')) return fail(`"${input}" opens a bracket it does not close`);
    const ip = parseIP(input.slice(1, -1));
    if (!ip.ok) return fail(`"${input}": ${ip.error}`);
    return ok({ kind: 'ip', ip: ip.value, text: `[${ip.value}]` });
  }
  if (parseIP(input).ok)
    return fail(`"${input}" is an IP address without square brackets; write [${input}] or Exchange looks it up as a host name`);
  const d = parseDomain(input);
  if (!d.ok) return fail(`smart host "${input}" ${d.error}`);
  return ok({ kind: 'fqdn', fqdn: d.value, text: d.value });
}

/** An address-space or remote-domain pattern: "*", "*.example.com" or a domain. */
export function parseDomainPattern(input: string): Result<string> {
  if (input === '*') return ok('*');
  if (input.startsWith('*.')) {
    const d = parseDomain(input.slice(2));
    return d.ok ? ok(`*.${d.value}`) : fail(`"${input}" ${d.error}`);
  }
  const d = parseDomain(input);
  return d.ok ? ok(d.value) : fail(`"${input}" ${d.error}`);
}

/** Whether a domain pattern covers a domain; returns the specificity (higher is more specific) or -1. */
export function patternMatch(pattern: string, domain: string): number {
  if (pattern === '*') return 0;
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return domain === base || domain.endsWith(`.${base}`) ? base.length : -1;
  }
  return pattern === domain ? pattern.length + 1000 : -1;
}
