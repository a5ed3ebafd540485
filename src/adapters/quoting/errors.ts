// One error type for every value a generator refuses to put into a script, a file or an argv.
// The message names the field (model path or parameter) and says why, so the administrator can fix it.

export class UnsafeValueError extends Error {
  readonly field: string;
  readonly reason: string;
  constructor(field: string, reason: string, value: string) {
    super(`${field}: ${reason} (value ${preview(value)})`);
    this.name = 'UnsafeValueError';
    this.field = field;
    this.reason = reason;
  }
}

/** The value as a short, printable JSON string for messages (control characters escaped). */
export function preview(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks shared by every quoting: real Unicode text (no lone surrogates) and no NUL. */
export function assertText(value: string, field: string): void {
  if (typeof value !== 'string') throw new UnsafeValueError(field, 'must be text', String(value));
  if (value.includes('\u0000'))
    throw new UnsafeValueError(field, 'contains a NUL character, which no script or file format here can carry', value);
  if (LONE_SURROGATE.test(value)) throw new UnsafeValueError(field, 'is not valid Unicode (lone surrogate)', value);
}

/** Dash characters that start a parameter in PowerShell (and "-" for POSIX tools). */
export const DASHES = ['-', '\u2013', '\u2014', '\u2015'] as const;

/** Refuses a value that a command would take for an option (leading dash of any kind). */
export function assertNoLeadingDash(value: string, field: string): void {
  if (value.length > 0 && (DASHES as readonly string[]).includes(value[0]!)) {
    throw new UnsafeValueError(field, 'must not start with a dash (it would be read as an option)', value);
  }
}
