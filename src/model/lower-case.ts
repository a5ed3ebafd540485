// The two lowercases of the model. lowerCase: String.prototype.toLowerCase, without a new text for one it leaves
// as it is (V8 copies every text it lowercases, even one already in lowercase, and validate lowercases the names
// of every POP3 user and mailbox, 35,000 of each at 100,000 users, in several rules). asciiLower: ASCII capitals
// only, for local parts.

/** A character toLowerCase can change: an ASCII capital, or anything beyond ASCII. */
const MAY_CHANGE = /[A-Z\u0080-\uFFFF]/;

/** `text.toLowerCase()`: the same value, and the same text when it has no capital and is ASCII. */
export function lowerCase(text: string): string {
  return MAY_CHANGE.test(text) ? text.toLowerCase() : text;
}

/**
 * Local parts compare case-insensitively in ASCII only: full Unicode lowercasing would turn the Kelvin sign
 * (U+212A) into "k", so "\u212Aim" would reach kim's mailbox. Mailbox names and logons are ASCII.
 */
export const asciiLower = (s: string): string => (/[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (c) => c.toLowerCase()) : s);
