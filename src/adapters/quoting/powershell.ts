// PowerShell literals, safe by construction (reliability.md 5.1).
// Data only ever goes into single-quoted (verbatim) strings: `$()`, `$x` and backticks are inert there,
// and the only special characters are the five single quotes PowerShell accepts (ASCII ' and the
// typographic U+2018, U+2019, U+201A, U+201B), each escaped by doubling, exactly as
// [CodeGeneration]::EscapeSingleQuotedStringContent does. Double-quoted strings and here-strings are
// never used for data.
//
// Scripts are plain ASCII: Windows PowerShell (the Exchange Management Shell's host) reads a file without
// a BOM as ANSI (Windows-1252), where the UTF-8 bytes of a Cyrillic letter or a dash can contain 0x91-0x94,
// the typographic quotes, and end the string. So psString writes every character outside printable ASCII
// as a [char] code, concatenated to the literal parts: ('Caf' + [char]0x00E9). The file reads the same
// in every code page, and a line break or quote in the data cannot even appear in the text.
import { assertText, UnsafeValueError } from './errors.js';

export const PS_SINGLE_QUOTES = ['\u0027', '\u2018', '\u2019', '\u201A', '\u201B'] as const;
export const PS_DOUBLE_QUOTES = ['\u0022', '\u201C', '\u201D', '\u201E'] as const;

const SINGLE_QUOTE_SET = new Set<string>(PS_SINGLE_QUOTES);

export function isPsSingleQuote(ch: string): boolean {
  return SINGLE_QUOTE_SET.has(ch);
}

/** The content of a single-quoted string: every one of the five quote characters doubled. */
export function psEscapeSingleQuotedContent(value: string): string {
  let out = '';
  for (const ch of value) out += SINGLE_QUOTE_SET.has(ch) ? ch + ch : ch;
  return out;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A PowerShell expression for exactly `value`, in printable ASCII: a single-quoted literal, or when the
 * value holds anything else, a parenthesised concatenation of literals and [char] codes (UTF-16 units).
 */
export function psString(value: string, field: string): string {
  assertText(value, field);
  if (PRINTABLE_ASCII.test(value)) return `'${psEscapeSingleQuotedContent(value)}'`;
  // The first operand is always a string, so + concatenates ([char] + [char] would add numbers).
  const parts: string[] = [];
  let run = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      run += value[i];
      continue;
    }
    if (run !== '' || parts.length === 0) parts.push(`'${psEscapeSingleQuotedContent(run)}'`);
    run = '';
    parts.push(`[char]0x${unit.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (run !== '') parts.push(`'${psEscapeSingleQuotedContent(run)}'`);
  return `(${parts.join(' + ')})`;
}

/** A PowerShell value: a string, an array of strings, a boolean, a whole number, or a well-known SID. */
export type PsValue = string | number | boolean | readonly string[] | { sid: string };

const SID = /^S-1-\d+(-\d+){1,14}$/;

export function psValue(value: PsValue, field: string): string {
  if (typeof value === 'string') return psString(value, field);
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new UnsafeValueError(field, 'must be a whole number', String(value));
    return String(value);
  }
  if (Array.isArray(value)) return `@(${value.map((v, i) => psString(v, `${field}[${i}]`)).join(', ')})`;
  const sid = (value as { sid: string }).sid;
  if (!SID.test(sid)) throw new UnsafeValueError(field, 'must be a security identifier such as S-1-5-7', sid);
  return `(Resolve-CoexistSid ${psString(sid, field)})`;
}

const IDENT = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const CMDLET = /^[A-Z][a-z]+-[A-Za-z0-9]{1,60}$/;

/** A parameter or hashtable key name: letters and digits only, from our own code, never from data. */
export function psIdentifier(name: string, field: string): string {
  if (!IDENT.test(name)) throw new UnsafeValueError(field, 'must be a PowerShell identifier (letters and digits)', name);
  return name;
}

export function psCmdletName(name: string): string {
  if (!CMDLET.test(name)) throw new UnsafeValueError('cmdlet', 'must be a Verb-Noun cmdlet name', name);
  return name;
}

/** A splatting hashtable, one key per line, values quoted. */
export function psHashtable(params: Readonly<Record<string, PsValue>>, field: string, indent = ''): string {
  const keys = Object.keys(params);
  if (keys.length === 0) return '@{}';
  const lines = keys.map((k) => `${indent}  ${psIdentifier(k, `${field}.${k}`)} = ${psValue(params[k]!, `${field}.${k}`)}`);
  return `@{\n${lines.join('\n')}\n${indent}}`;
}

/** A comment line: anything outside printable ASCII is shown as \u{...} so no data can end the comment. */
export function psComment(text: string): string {
  return `# ${printableAscii(text)}`;
}

export function printableAscii(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0x20 && cp <= 0x7e ? ch : `\\u{${cp.toString(16)}}`;
  }
  return out;
}
