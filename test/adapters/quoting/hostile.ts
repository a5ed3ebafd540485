// Hostile strings for property tests: every kind of quote PowerShell, sh, cmd or VBScript knows,
// substitutions, separators, line breaks, NUL, look-alikes of the example domains, and long strings.
import fc from 'fast-check';

export const FRAGMENTS = [
  "'",
  '"',
  '`',
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '\u201C',
  '\u201D',
  '\u201E',
  '$(',
  ')',
  '${',
  '}',
  '$x',
  '$env:PATH',
  "@'",
  "'@",
  '@"',
  '"@',
  '#',
  '<#',
  '#>',
  ';',
  '|',
  '&',
  '&&',
  '||',
  '>',
  '<',
  '%PATH%',
  '!x!',
  '^',
  '\\',
  "\\'",
  '\n',
  '\r\n',
  '\r',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u0000',
  '\t',
  ' ',
  '-',
  '\u2013',
  '\u2014',
  '\u2015',
  '--',
  '-Force',
  ':',
  '::',
  ':<',
  '=',
  ',',
  '+',
  'rm -rf /',
  'Remove-Item C:\\ -Recurse',
  'Invoke-Expression',
  'New-Object',
  'WScript.Echo 1',
  'n\u043erthwindtraders.com',
  'northwindtr\u0430ders.com',
  'northwindtraders\u3002com',
  'xn--',
  '\uff07',
  '\uff02',
  '\ufeff',
  '\u200b',
  '\u00e9',
  '\u{1F600}',
  'Ã©',
] as const;

/** A string made of random hostile fragments and random Unicode text. */
export const hostileString = (maxParts = 12): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));

/** Mostly hostile strings, sometimes a very long one. */
export const anyHostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: hostileString() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileString(4), fc.integer({ min: 1000, max: 20000 }))
      .map(([s, n]) => (s || "'").repeat(Math.ceil(n / Math.max(1, (s || "'").length))).slice(0, n)),
  },
);

/** Same as anyHostile without NUL and lone surrogates (for formats that refuse them). */
export const hostileText: fc.Arbitrary<string> = anyHostile.map((s) =>
  s.replace(/\u0000/g, '').replace(/[\uD800-\uDFFF]/g, (c, i: number, all: string) => {
    const code = c.charCodeAt(0);
    if (code < 0xdc00) return /[\uDC00-\uDFFF]/.test(all[i + 1] ?? '') ? c : '\uFFFD';
    return /[\uD800-\uDBFF]/.test(all[i - 1] ?? '') ? c : '\uFFFD';
  }),
);

export const SEED = 20250705;
