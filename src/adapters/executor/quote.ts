// POSIX sh quoting: every value becomes one single-quoted word, so nothing in it is ever parsed as code.

/** Quotes a value for POSIX sh: 'it'\''s' — the only character that ends a single-quoted string is '. */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell argument cannot contain a NUL character');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** argv as one line of sh: each word quoted. */
export function shCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty command');
  return argv.map(shQuote).join(' ');
}

/**
 * Refuses a value that a program would take as an option (leading "-"), or that carries a line break or NUL.
 * Adapters call it on every model value they place in an argv position that is an argument, not an option.
 */
export function checkArgument(value: string, what: string): string {
  if (value.startsWith('-')) throw new Error(`${what} "${value}" starts with "-" and would be read as an option; refused`);
  if (/[\r\n\0]/.test(value)) throw new Error(`${what} contains a line break or NUL; refused`);
  return value;
}
