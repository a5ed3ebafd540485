// Hostile values never leave their quoting: shQuote round-trips through a real sh, and the remote script
// form (what the SSH executor sends to `sh -s`) runs exactly the argv and the data it was given.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkArgument, shCommandLine, shQuote } from '../../../src/adapters/executor/quote.js';
import { remoteScript } from '../../../src/adapters/executor/ssh.js';

const hostile = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      "'",
      '"',
      '`id`',
      '$(id)',
      '${x}',
      ';',
      '|',
      '&',
      '\n',
      '\r\n',
      '\\',
      '’',
      '‘',
      '“',
      '”',
      '*',
      '~',
      '#',
      '-n',
      "'\\''",
      'COEXIST_DATA_x',
    ),
    fc
      .array(fc.constantFrom("'", '"', '`', '$', '(', ')', ';', '|', '\n', '\r', ' ', '\\', 'a', '’', '-', '#', '!', '*'), {
        maxLength: 30,
      })
      .map((a) => a.join('')),
  )
  .filter((s) => !s.includes('\0'));

describe('POSIX sh quoting', () => {
  it('round-trips every value through a real sh', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 5 }), (values) => {
        const out = execFileSync('sh', ['-c', `printf '%s\\0' ${values.map(shQuote).join(' ')}`]).toString();
        expect(out.split('\0').slice(0, -1)).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });

  it('the SSH remote script runs exactly the argv and feeds exactly the data', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 4 }), hostile, (args, data) => {
        const script = remoteScript(['printf', '%s\\0', ...args], '');
        expect(execFileSync('sh', ['-s'], { input: script }).toString().split('\0').slice(0, -1)).toEqual(args);
        const cat = execFileSync('sh', ['-s'], { input: remoteScript(['cat'], data) }).toString();
        expect(cat).toBe(data === '' ? '' : data.endsWith('\n') ? data : `${data}\n`);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses NUL, and values that would be read as options or break a line', () => {
    expect(() => shQuote('a\0b')).toThrow(/NUL/);
    expect(() => checkArgument('-oQ/tmp', 'recipient')).toThrow(/starts with "-"/);
    expect(() => checkArgument('a\nb', 'value')).toThrow(/line break/);
    expect(shCommandLine(['echo', "it's"])).toBe(`'echo' 'it'\\''s'`);
  });
});
