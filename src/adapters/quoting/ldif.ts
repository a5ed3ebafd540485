// LDIF (RFC 2849) writing and reading, and DN building (RFC 4514).
// A value is written as "attr: value" only when it is a SAFE-STRING (ASCII 0x01-0x7F without CR/LF,
// not starting with space, ":" or "<", not ending with a space); every other value is written as
// "attr:: base64(UTF-8)". Lines longer than 76 characters are folded (newline + one space), which
// ldifde reads back.
import { assertText, UnsafeValueError } from './errors.js';

const SAFE_INIT = /^[\u0001-\u0009\u000b\u000c\u000e-\u001f\u0021-\u0039\u003b\u003d-\u007f]$/;
const SAFE_CHAR = /^[\u0001-\u0009\u000b\u000c\u000e-\u007f]*$/;

export function isLdifSafeString(value: string): boolean {
  if (value === '') return true;
  if (!SAFE_INIT.test(value[0]!)) return false;
  if (!SAFE_CHAR.test(value)) return false;
  return !value.endsWith(' ');
}

const ATTR = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$/;

export function ldifAttributeName(name: string): string {
  if (!ATTR.test(name)) throw new UnsafeValueError('LDIF attribute', 'must be an attribute description (letters, digits, hyphens)', name);
  return name;
}

/** One attribute line (not yet folded). */
export function ldifLine(attr: string, value: string, field: string): string {
  assertText(value, field);
  ldifAttributeName(attr);
  if (isLdifSafeString(value)) return `${attr}: ${value}`;
  return `${attr}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** Folds one logical line into physical lines of at most `width` characters (RFC 2849 continuation). */
export function ldifFold(line: string, width = 76): string {
  if (line.length <= width) return line;
  const parts = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width - 1) parts.push(` ${line.slice(i, i + width - 1)}`);
  return parts.join('\n');
}

// ---- DN building (RFC 4514 attribute value escaping) ----

/** An RDN value escaped for a DN string: , + " \ < > ; = and NUL, a leading space or #, a trailing space. */
export function dnEscapeValue(value: string, field: string): string {
  assertText(value, field);
  if (value === '') throw new UnsafeValueError(field, 'must not be empty in a distinguished name', value);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = ch.charCodeAt(0);
    if (',+"\\<>;='.includes(ch)) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).padStart(2, '0')}`;
    else if ((i === 0 && (ch === ' ' || ch === '#')) || (i === value.length - 1 && ch === ' ')) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

export function rdn(type: 'CN' | 'OU' | 'DC', value: string, field: string): string {
  return `${type}=${dnEscapeValue(value, field)}`;
}

/** DC=northwindtraders,DC=com from an AD DNS domain name. */
export function domainToDn(domain: string, field: string): string {
  const labels = domain.split('.').filter((l) => l !== '');
  if (labels.length === 0) throw new UnsafeValueError(field, 'must be a DNS domain name', domain);
  return labels.map((l) => rdn('DC', l, field)).join(',');
}

/** Reads back one RDN value escaped by dnEscapeValue (or any RFC 4514 string value). */
export function dnUnescapeValue(escaped: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i]!;
    if (ch === '\\') {
      const next = escaped.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(next)) {
        bytes.push(parseInt(next, 16));
        i += 2;
      } else {
        bytes.push(...enc.encode(escaped[i + 1] ?? ''));
        i += 1;
      }
    } else {
      const cp = escaped.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      bytes.push(...enc.encode(s));
      i += s.length - 1;
    }
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(bytes));
}

/** Splits a DN into [type, value] pairs, honouring escapes. */
export function parseDn(dn: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let cur = '';
  const flush = () => {
    const eq = cur.indexOf('=');
    if (eq > 0) out.push([cur.slice(0, eq).trim(), dnUnescapeValue(cur.slice(eq + 1))]);
    cur = '';
  };
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === '\\') {
      cur += ch + (dn[i + 1] ?? '');
      i++;
    } else if (ch === ',') flush();
    else cur += ch;
  }
  flush();
  return out;
}

// ---- Reading (ldifde -f exports) ----

export interface LdifRecord {
  dn: string;
  changetype?: string;
  /** Attribute name (lower-cased) -> values in file order. */
  attributes: Map<string, string[]>;
}

export class LdifParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`LDIF line ${line}: ${message}`);
    this.name = 'LdifParseError';
  }
}

/** Parses LDIF content records: folded lines, comments, base64 values, CRLF or LF line ends. */
export function parseLdif(text: string): LdifRecord[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // Unfold: a line starting with one space continues the previous one.
  const logical: Array<{ text: string; line: number }> = [];
  physical.forEach((raw, idx) => {
    if (raw.startsWith(' ') && logical.length > 0 && logical[logical.length - 1]!.text !== '') {
      logical[logical.length - 1]!.text += raw.slice(1);
    } else {
      logical.push({ text: raw, line: idx + 1 });
    }
  });
  const records: LdifRecord[] = [];
  let current: LdifRecord | null = null;
  for (const { text: l, line } of logical) {
    if (l === '') {
      if (current) records.push(current);
      current = null;
      continue;
    }
    if (l.startsWith('#')) continue;
    if (l === '-' && current?.changetype === 'modify') continue;
    if (current === null && /^version:/i.test(l)) continue;
    const m = /^([A-Za-z][A-Za-z0-9;-]*)(::?|:<)\s?(.*)$/.exec(l);
    if (!m) throw new LdifParseError(`expected "attribute: value", got ${JSON.stringify(l.slice(0, 60))}`, line);
    const [, name, sep, rest] = m as unknown as [string, string, string, string];
    let value: string;
    if (sep === '::') value = Buffer.from(rest.trim(), 'base64').toString('utf8');
    else if (sep === ':<') throw new LdifParseError(`URL values are not supported (${name})`, line);
    else value = rest.replace(/^ +/, '');
    const key = name.toLowerCase();
    if (key === 'dn') {
      if (current) records.push(current);
      current = { dn: value, attributes: new Map() };
      continue;
    }
    if (!current) throw new LdifParseError(`"${name}" before any "dn:" line`, line);
    if (key === 'changetype') {
      current.changetype = value.trim().toLowerCase();
      continue;
    }
    const list = current.attributes.get(key) ?? [];
    list.push(value);
    current.attributes.set(key, list);
  }
  if (current) records.push(current);
  return records;
}
