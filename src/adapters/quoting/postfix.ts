// Postfix main.cf values and lookup-table (map file) entries. Neither format has quoting:
// in main.cf a newline starts a new parameter and "$name" expands another parameter; in a map file a
// newline starts a new entry, leading whitespace continues the previous line, "#" at the start is a
// comment, and whitespace separates the key from the value. So values that carry any of these are
// REFUSED (with the field's name), never escaped.
import { assertNoLeadingDash, assertText, UnsafeValueError } from './errors.js';

const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const WHITESPACE = /[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

const PARAM_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export interface MainCfValueOptions {
  /** Allow "$name" expansion: only for constants written by our own code, never for model data. */
  allowExpansion?: boolean;
  /** Allow inner spaces and commas (list values such as "a, b"); leading/trailing spaces are still refused. */
  allowList?: boolean;
}

export function postfixParameterName(name: string, field: string): string {
  if (!PARAM_NAME.test(name)) throw new UnsafeValueError(field, 'must be a Postfix parameter name (lowercase letters, digits, _)', name);
  return name;
}

/** A value for "name = value" in main.cf or for `postconf -e name=value`. */
export function postfixMainCfValue(value: string, field: string, opts: MainCfValueOptions = {}): string {
  assertText(value, field);
  if (/[\r\n]/.test(value))
    throw new UnsafeValueError(field, 'must not contain a line break (it would start a new main.cf parameter)', value);
  if (CONTROL.test(value)) throw new UnsafeValueError(field, 'must not contain control characters', value);
  if (!opts.allowExpansion && value.includes('$'))
    throw new UnsafeValueError(field, 'must not contain "$" (Postfix would expand it as a parameter)', value);
  if (value !== value.trim() || (value.length > 0 && WHITESPACE.test(value[0]!))) {
    throw new UnsafeValueError(field, 'must not start or end with whitespace', value);
  }
  if (!opts.allowList && WHITESPACE.test(value)) throw new UnsafeValueError(field, 'must not contain whitespace', value);
  if (value.includes('{') || value.includes('}'))
    throw new UnsafeValueError(field, 'must not contain "{" or "}" (Postfix grouping syntax)', value);
  return value;
}

/** `name = value` for main.cf, both checked. */
export function postfixMainCfLine(name: string, value: string, field: string, opts: MainCfValueOptions = {}): string {
  return `${postfixParameterName(name, `${field} (name)`)} = ${postfixMainCfValue(value, field, opts)}`;
}

function mapToken(value: string, field: string, what: 'key' | 'value'): string {
  assertText(value, field);
  if (value === '') throw new UnsafeValueError(field, `must not be empty (map ${what})`, value);
  if (/[\r\n]/.test(value)) throw new UnsafeValueError(field, `must not contain a line break (it would start a new map entry)`, value);
  if (CONTROL.test(value)) throw new UnsafeValueError(field, 'must not contain control characters', value);
  if (WHITESPACE.test(value))
    throw new UnsafeValueError(field, `must not contain whitespace (it separates a map key from its value)`, value);
  if (value.includes('\\')) throw new UnsafeValueError(field, 'must not contain a backslash (postmap reads it as an escape)', value);
  if (value.includes('"')) throw new UnsafeValueError(field, 'must not contain a double quote (postmap reads quoted keys)', value);
  if (what === 'key' && value.startsWith('#'))
    throw new UnsafeValueError(field, 'must not start with "#" (a comment in a map file)', value);
  if (what === 'key' && value.endsWith(':'))
    throw new UnsafeValueError(field, 'must not end with ":" (postmap would take the line for an aliases entry)', value);
  if (what === 'key') assertNoLeadingDash(value, field);
  return value;
}

export function postfixMapKey(key: string, field: string): string {
  return mapToken(key, field, 'key');
}

export function postfixMapValue(value: string, field: string): string {
  const v = mapToken(value, field, 'value');
  if (v.includes('$')) throw new UnsafeValueError(field, 'must not contain "$" (expanded in some map types)', value);
  return v;
}

/** One map-file line, "key value". */
export function postfixMapLine(key: string, value: string, field: string): string {
  return `${postfixMapKey(key, `${field} (key)`)} ${postfixMapValue(value, `${field} (value)`)}`;
}

/** Parses a map file the way postmap reads it: comments, blank lines, continuation lines, key + value. */
export function parsePostfixMap(text: string): Array<[string, string]> {
  const logical: string[] = [];
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw) || raw.trim() === '') continue;
    if (/^\s/.test(raw) && logical.length > 0) logical[logical.length - 1] += ` ${raw.trim()}`;
    else logical.push(raw);
  }
  return logical.map((l) => {
    const m = /^(\S+)\s*(.*)$/.exec(l.trim())!;
    return [m[1]!, m[2]!.trim()] as [string, string];
  });
}
