// POSIX sh quoting (reliability.md 5.2): every value inside '...', with ' written as '\''.
// Inside single quotes sh gives no character a meaning, so $(), backticks, ;, |, newlines and
// globbing are all inert. NUL cannot exist in a shell word or an argv entry, so it is refused.
import { assertNoLeadingDash, assertText } from './errors.js';

export function shQuote(value: string, field: string): string {
  assertText(value, field);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A quoted positional argument for a command: also refuses a leading dash (option injection). */
export function shArg(value: string, field: string): string {
  assertNoLeadingDash(value, field);
  return shQuote(value, field);
}
