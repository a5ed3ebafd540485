// Parses what a client can send in RCPT TO (RFC 5321 paths) the way a careful MTA resolves it:
// angle brackets, source routes, quoted local parts, the percent hack, bang paths, double @,
// address literals, a trailing dot, case and IDN. A routed address is resolved to its real final
// destination, and every domain on the way is kept so the relay check can judge each of them. A source
// route is not a way: RFC 5321 3.3 (RFC 2821 3.3 before it, which the Windows SMTP service implements) has the
// server ignore it and send to the final destination, as Postfix does; its domains are kept apart (`route`).
import { parseDomain, parseIP, displayDomain, type Result } from './net.js';
import { keptPerText } from './kept-per-text.js';

export type RoutingTrick = 'source-route' | 'percent-hack' | 'bang-path' | 'double-at' | 'quoted-at';

export interface Mailbox {
  /** Local part as typed (unquoted content, escapes removed). */
  local: string;
  /** Lowercase A-label domain, or an address literal such as "[10.0.0.20]"; "" for a bare postmaster. */
  domain: string;
  domainKind: 'name' | 'ipv4' | 'ipv6' | 'none';
}

export interface ParsedRecipient {
  input: string;
  /** The real final destination after undoing every routing trick. */
  final: Mailbox;
  /** Every domain the address names after the source route, outermost first, to the final one: the relay check's. */
  path: string[];
  /** The source route's domains (@a,@b:), ignored by the receiving server (RFC 5321 3.3); empty without one. */
  route: string[];
  routed: boolean;
  tricks: RoutingTrick[];
  /** Notes on what the parser normalised (trailing dot removed, IDN converted, ...). */
  notes: string[];
  /** Non-ASCII local part: only deliverable with SMTPUTF8 (RFC 6531). */
  smtputf8: boolean;
}

const ATEXT_UTF8 = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\u{10FFFF}-]+$/u;
const MAX_LOCAL = 64;
const MAX_PATH = 256;
const MAX_DEPTH = 16;

const fail = (error: string): Result<ParsedRecipient> => ({ ok: false, error });

export function mailboxText(m: Mailbox): string {
  if (m.domainKind === 'none') return m.local;
  return `${quoteLocal(m.local)}@${m.domain}`;
}

export function displayMailbox(m: Mailbox): string {
  if (m.domainKind !== 'name') return mailboxText(m);
  return `${quoteLocal(m.local)}@${displayDomain(m.domain)}`;
}

/** RFC 5321 atoms (atext) joined by single dots: one test instead of a split per call (mailboxText is on every hop). */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

function quoteLocal(local: string): string {
  return DOT_ATOM.test(local) ? local : `"${local.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The common shape: an ASCII dot-atom local part without routing characters (% !) or a leading "-", one "@",
 * and a domain of letters, digits, dots and hyphens. For such a text every check below passes the same way
 * and only the domain can refuse it, so the answer is built at once (test/model/address-fast.property.test.ts
 * holds it to the full path). A batch of a hundred thousand recipients parses each one.
 */
const PLAIN = /^[A-Za-z0-9#$&'*+/=?^_`{|}~][A-Za-z0-9#$&'*+/=?^_`{|}~-]*(?:\.[A-Za-z0-9#$&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9.-]+$/;

/**
 * Where the @ is in a recipient of the common shape (the only one; no quote or backslash in it), or -1: what
 * parseRecipient makes of such a recipient depends on its domain text alone, besides the local part kept as it is.
 */
export function plainShapeAt(raw: string): number {
  if (raw.length + 2 > MAX_PATH || !PLAIN.test(raw)) return -1;
  const at = raw.indexOf('@');
  return at > MAX_LOCAL ? -1 : at;
}

function parsePlain(raw: string): Result<ParsedRecipient> | undefined {
  const at = plainShapeAt(raw);
  if (at < 0) return undefined;
  const notes: string[] = [];
  const domain = parseDomainOrLiteral(raw.slice(at + 1), notes);
  if (!domain.ok) return undefined;
  const final: Mailbox = { local: raw.slice(0, at), domain: domain.value.domain, domainKind: domain.value.kind };
  return { ok: true, value: { input: raw, final, path: [final.domain], route: [], routed: false, tricks: [], notes, smtputf8: false } };
}

/** Parse an RCPT TO argument (with or without angle brackets). Never throws. */
export function parseRecipient(raw: string): Result<ParsedRecipient> {
  return (typeof raw === 'string' && parsePlain(raw)) || parseRecipientGeneral(raw);
}

/** parseRecipient without the fast path for the common shape: exported for the test that holds the two together. */
export function parseRecipientGeneral(raw: string): Result<ParsedRecipient> {
  if (typeof raw !== 'string') return fail('recipient is not text');
  if (/[\r\n\0]/.test(raw)) return fail('contains a line break or NUL, which would end or corrupt the SMTP command');
  if (Buffer.byteLength(raw, 'utf8') > 1000) return fail('is longer than an SMTP command line allows');
  // Only SP and HTAB around the argument: String.trim() would also drop U+FEFF, U+00A0 and other Unicode
  // spaces, silently turning "bob@northwindtraders.com\uFEFF" into a local address.
  let text = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (text.startsWith('<') || text.endsWith('>')) {
    if (!(text.startsWith('<') && text.endsWith('>'))) return fail('has an unbalanced angle bracket');
    text = text.slice(1, -1);
  }
  if (Buffer.byteLength(text, 'utf8') + 2 > MAX_PATH)
    return fail(`is longer than ${MAX_PATH} octets including the angle brackets (RFC 5321 4.5.3.1.3)`);
  if (text === '') return fail('is the null path <>, which is valid only as a sender');
  const notes: string[] = [];
  const tricks: RoutingTrick[] = [];
  const path: string[] = [];
  const route: string[] = [];

  // Source route: @a,@b:user@domain. RFC 5321 3.3: the route is ignored; what remains is the destination.
  if (text.startsWith('@')) {
    const colon = text.indexOf(':');
    if (colon < 0) return fail('starts a source route ("@host:") without the colon that ends it');
    const hops = text.slice(0, colon).split(',');
    for (const hop of hops) {
      if (!hop.startsWith('@')) return fail(`has a malformed source route element "${hop}"`);
      const d = parseDomainOrLiteral(hop.slice(1));
      if (!d.ok) return fail(`has a source route through "${hop.slice(1)}", which ${d.error}`);
      route.push(d.value.domain);
    }
    tricks.push('source-route');
    text = text.slice(colon + 1);
    if (text === '') return fail('has a source route but no mailbox after it');
  }

  const resolved = resolve(text, path, tricks, notes, 0);
  if (!resolved.ok) return resolved;
  const final = resolved.value;
  if (final.domainKind === 'none' && final.local.toLowerCase() !== 'postmaster') {
    return fail(`"${final.local}" has no domain (only "postmaster" may be given without one)`);
  }
  if (final.local.startsWith('-')) return fail('has a local part starting with "-", refused like Postfix allow_min_user=no');
  const smtputf8 = /[^\x00-\x7f]/.test(final.local);
  if (smtputf8) notes.push('the local part is not ASCII: deliverable only with SMTPUTF8 (RFC 6531)');
  if (final.domainKind !== 'none' && path[path.length - 1] !== final.domain) path.push(final.domain);
  return { ok: true, value: { input: raw, final, path, route, routed: tricks.length > 0, tricks, notes, smtputf8 } };
}

function resolve(text: string, path: string[], tricks: RoutingTrick[], notes: string[], depth: number): Result<Mailbox> {
  if (depth > MAX_DEPTH) return { ok: false, error: 'nests routing tricks too deeply' };
  const split = splitAddress(text);
  if (!split.ok) return split;
  const { local, domainText, quoted } = split.value;

  if (domainText === undefined) {
    // No domain. A quoted local part with an inner @ is still an address to a careful MTA
    // (Postfix resolve_dequoted_address=yes): look inside the quotes.
    if (quoted && local.includes('@')) {
      tricks.push('quoted-at');
      return resolve(local, path, tricks, notes, depth + 1);
    }
    const bang = local.indexOf('!');
    if (bang > 0) {
      tricks.push('bang-path');
      return resolveBang(local, path, tricks, notes, depth);
    }
    if (quoted && local.includes('%')) {
      tricks.push('percent-hack');
      return resolve(percentToAt(local), path, tricks, notes, depth + 1);
    }
    const checked = checkLocal(local, quoted);
    if (!checked.ok) return checked;
    return { ok: true, value: { local, domain: '', domainKind: 'none' } };
  }

  const domain = parseDomainOrLiteral(domainText, notes);
  if (!domain.ok) return { ok: false, error: `domain "${domainText}" ${domain.error}` };
  path.push(domain.value.domain);

  // The local part itself routes further: user@inner@outer, "user@inner"@outer, user%inner@outer, inner!user@outer.
  if (local.includes('@')) {
    tricks.push(quoted ? 'quoted-at' : 'double-at');
    return resolve(local, path, tricks, notes, depth + 1);
  }
  if (local.includes('!') && local.indexOf('!') > 0) {
    tricks.push('bang-path');
    return resolveBang(local, path, tricks, notes, depth);
  }
  if (local.includes('%')) {
    // The rightmost % becomes the @. When what is left does not resolve further (a%b with b not a
    // domain), the local part keeps its % and the destination is the domain just reached, as in Postfix.
    const pathLength = path.length;
    const trickCount = tricks.length;
    tricks.push('percent-hack');
    const inner = resolve(percentToAt(local), path, tricks, notes, depth + 1);
    if (inner.ok) return inner;
    path.length = pathLength;
    tricks.length = trickCount;
  }
  const checked = checkLocal(local, quoted);
  if (!checked.ok) return checked;
  return { ok: true, value: { local, domain: domain.value.domain, domainKind: domain.value.kind } };
}

/** host!user -> user@host; h1!h2!user -> h2!user@h1 (the first element is the next hop). */
function resolveBang(local: string, path: string[], tricks: RoutingTrick[], notes: string[], depth: number): Result<Mailbox> {
  const bang = local.indexOf('!');
  const host = local.slice(0, bang);
  const rest = local.slice(bang + 1);
  if (rest === '') return { ok: false, error: `bang path "${local}" names no user` };
  return resolve(`${rest.includes('@') ? `"${rest}"` : rest}@${host}`, path, tricks, notes, depth + 1);
}

/** The rightmost % becomes the @ (Postfix allow_percent_hack). */
function percentToAt(local: string): string {
  const i = local.lastIndexOf('%');
  return `${local.slice(0, i)}@${local.slice(i + 1)}`;
}

/** Controls, format characters (bidi overrides, zero-width, BOM), line separators and Unicode spaces other than SP. */
const INVISIBLE_IN_LOCAL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

function checkLocal(local: string, quoted: boolean): Result<true> {
  if (local === '') return { ok: false, error: 'has an empty local part' };
  if (INVISIBLE_IN_LOCAL.test(local)) return { ok: false, error: 'has an invisible, control or Unicode space character in its local part' };
  if (Buffer.byteLength(local, 'utf8') > MAX_LOCAL)
    return { ok: false, error: `has a local part longer than ${MAX_LOCAL} octets (RFC 5321 4.5.3.1.1)` };
  if (quoted) return { ok: true, value: true };
  const atoms = local.split('.');
  for (const atom of atoms) {
    if (atom === '') return { ok: false, error: `local part "${local}" has a leading, trailing or double dot` };
    if (!ATEXT_UTF8.test(atom)) {
      return { ok: false, error: `local part "${local}" has a character that must be quoted` };
    }
  }
  return { ok: true, value: true };
}

interface Split {
  local: string;
  domainText: string | undefined;
  quoted: boolean;
}

/** Split at the last @ outside quotes; unquote a quoted local part. */
function splitAddress(text: string): Result<Split> {
  let inQuote = false;
  let lastAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && inQuote) {
      i++;
      continue;
    }
    if (c === '"') inQuote = !inQuote;
    else if (c === '@' && !inQuote) lastAt = i;
  }
  if (inQuote) return { ok: false, error: 'has an unterminated quoted string' };
  const localText = lastAt < 0 ? text : text.slice(0, lastAt);
  const domainText = lastAt < 0 ? undefined : text.slice(lastAt + 1);
  if (domainText === '') return { ok: false, error: 'ends with "@" and no domain' };
  if (localText === '') return { ok: false, error: 'has an empty local part' };
  if (localText.startsWith('"')) {
    if (!localText.endsWith('"') || localText.length < 2) return { ok: false, error: 'has text after a quoted local part' };
    const inner = localText.slice(1, -1);
    let out = '';
    for (let i = 0; i < inner.length; i++) {
      const c = inner[i]!;
      if (c === '\\') {
        const next = inner[i + 1];
        if (next === undefined) return { ok: false, error: 'ends a quoted string with a lone backslash' };
        out += next;
        i++;
      } else if (c === '"') {
        return { ok: false, error: 'has an unescaped quote inside a quoted local part' };
      } else {
        out += c;
      }
    }
    if (/[\x00-\x1f\x7f]/.test(out)) return { ok: false, error: 'has a control character in its quoted local part' };
    return { ok: true, value: { local: out, domainText, quoted: true } };
  }
  if (localText.includes('"')) return { ok: false, error: 'has a quote in the middle of its local part' };
  return { ok: true, value: { local: localText, domainText, quoted: false } };
}

type DomainOrLiteral = Result<{ domain: string; kind: 'name' | 'ipv4' | 'ipv6' }>;

/** The answer (and notes) per domain text, frozen: a batch names the same few domains again and again. */
const domainAnswer = keptPerText((text) => {
  const notes: string[] = [];
  const answer = parseDomainOrLiteralText(text, notes);
  if (answer.ok) Object.freeze(answer.value);
  return { answer: Object.freeze(answer), notes: Object.freeze(notes) };
});

/** What a domain or address literal in an address gives (the fast path for a plain name first). */
export function parseDomainOrLiteralFast(text: string, notes: string[]): DomainOrLiteral {
  return parseDomainOrLiteralText(text, notes);
}

function parseDomainOrLiteral(text: string, notes?: string[]): DomainOrLiteral {
  const known = domainAnswer(text);
  if (notes && known.notes.length > 0) notes.push(...known.notes);
  return known.answer;
}

/**
 * A domain written plainly: two labels or more of lowercase letters, digits and inner hyphens, none an A-label
 * (no "xn--" anywhere), the last not all digits, 253 characters at most. The general path answers such a text
 * with itself and no note; this answers it without the dozen checks (test/model/address-fast.property.test.ts
 * holds the two together). A batch of a hundred thousand recipients names thousands of such domains.
 */
const PLAIN_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const plainName = (text: string) => text.length <= 253 && PLAIN_NAME.test(text) && !text.includes('xn--') && !/\.[0-9]+$/.test(text);

function parseDomainOrLiteralText(text: string, notes: string[]): DomainOrLiteral {
  if (plainName(text)) return { ok: true, value: { domain: text, kind: 'name' } };
  return parseDomainOrLiteralGeneral(text, notes);
}

/** What a domain or address literal in an address gives, without the fast path for a plain name (for its test). */
export function parseDomainOrLiteralGeneral(text: string, notes: string[]): DomainOrLiteral {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) return { ok: false, error: 'opens an address literal it does not close' };
    const inner = text.slice(1, -1);
    if (/^ipv6:/i.test(inner)) {
      const ip = parseIP(inner.slice(5));
      if (!ip.ok || !ip.value.includes(':')) return { ok: false, error: `is not a valid IPv6 address literal` };
      return { ok: true, value: { domain: `[IPv6:${ip.value}]`, kind: 'ipv6' } };
    }
    const ip = parseIP(inner);
    if (!ip.ok || ip.value.includes(':')) return { ok: false, error: 'is not a valid IPv4 address literal (IPv6 needs the "IPv6:" tag)' };
    return { ok: true, value: { domain: `[${ip.value}]`, kind: 'ipv4' } };
  }
  if (/^[0-9.]+$/.test(text.replace(/\.$/, ''))) {
    return { ok: false, error: 'is a bare IP address; an address literal needs square brackets, e.g. [10.0.0.20]' };
  }
  if (/:/.test(text)) return { ok: false, error: 'contains ":" (a port or IPv6 address is not a domain)' };
  const trailing = text.endsWith('.') && !text.endsWith('..');
  const d = parseDomain(text, { allowTrailingDot: true });
  if (!d.ok) return d;
  if (trailing) notes.push(`removed the trailing dot of "${text}"`);
  if (d.value !== text.toLowerCase().replace(/\.$/, '')) notes.push(`"${text}" is "${d.value}" in A-labels`);
  return { ok: true, value: { domain: d.value, kind: 'name' } };
}

/** Parse a sender (MAIL FROM): like a recipient, but <> is the valid null sender. */
export function parseSender(raw: string): Result<ParsedRecipient | null> {
  const bare = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (bare === '<>' || bare === '') return { ok: true, value: null };
  return parseRecipient(raw);
}
