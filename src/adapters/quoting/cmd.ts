// cmd.exe has no quoting that is safe for arbitrary data (%, !, ^, & and " all act inside and outside
// quotes). So .cmd files never carry free data: only values from a strict allow-list of characters that
// cmd gives no meaning to. Anything else is refused with the field's name.
import { assertNoLeadingDash, assertText, UnsafeValueError } from './errors.js';

const CMD_SAFE = /^[A-Za-z0-9][A-Za-z0-9._@:\\[\]/-]*$/;

export function cmdWord(value: string, field: string): string {
  assertText(value, field);
  assertNoLeadingDash(value, field);
  if (!CMD_SAFE.test(value)) {
    throw new UnsafeValueError(field, 'can only hold letters, digits and . _ @ : \\ / [ ] - in a .cmd script', value);
  }
  return value;
}

/** A REM line: printable ASCII only, with % and ! (expanded even in REM lines) and ^ shown as \\u{..}. */
export function cmdComment(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0x20 && cp <= 0x7e && !'%!^&|<>"'.includes(ch) ? ch : `\\u{${cp.toString(16)}}`;
  }
  return `rem ${out}`;
}
