// Hostile values shared by the hardening properties: every quote PowerShell and sh know, command
// substitution, separators, line breaks, NUL, very long strings and Unicode look-alikes of the
// organisation's domains.
import fc from 'fast-check';

/** Quote characters: ASCII, the typographic ones PowerShell treats as quotes (CharTraits.cs), and a few more. */
export const QUOTES = [
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
  '\u00B4',
  '\u2032',
  '\uFF02',
  '\uFF07',
];
export const DASHES = ['-', '\u2013', '\u2014', '\u2015'];
export const SHELL_BITS = [
  '$(',
  ')',
  '${',
  '}',
  '`',
  ';',
  '|',
  '&',
  '&&',
  '||',
  '>',
  '<',
  '*',
  '?',
  '~',
  '#',
  '\\',
  '!',
  '%',
  '@',
  ':',
  ',',
  '[',
  ']',
  ' ',
  '\t',
];
export const BREAKS = ['\n', '\r', '\r\n', '\0', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c', '\u001b'];

/** A few whole hostile payloads, as an attacker would type them. */
export const PAYLOADS = [
  "'; Remove-Mailbox -Identity * -Confirm:$false; '",
  '\u2019; Remove-Item C:\\ -Recurse; \u2018',
  '$(Invoke-Expression "calc")',
  '`$x`',
  '"; rm -rf / #',
  "'$(id)'",
  'a\r\nRCPT TO:<victim@example.org>',
  'a\nmydestination = example.org',
  'x\0y',
  '-oQ/tmp -X/var/www/x.php',
  "@'\n'@; whoami",
];

/** Look-alikes for single ASCII letters: Cyrillic, Greek, Latin variants, full-width. */
const CONFUSABLE: Record<string, string[]> = {
  a: ['\u0430', '\u03B1', '\u0251', '\uFF41'],
  c: ['\u0441', '\u03F2', '\uFF43'],
  d: ['\u0501', '\uFF44'],
  e: ['\u0435', '\u0454', '\uFF45'],
  h: ['\u04BB', '\uFF48'],
  i: ['\u0456', '\u0131', '\u03B9', '\uFF49'],
  m: ['\uFF4D', '\u217F'],
  n: ['\u0578', '\u043F', '\uFF4E'],
  o: ['\u043E', '\u03BF', '\u0585', '\u00F6', '\uFF4F', '\u2134'],
  p: ['\u0440', '\u03C1', '\uFF50'],
  r: ['\u0433', '\uFF52'],
  s: ['\u0455', '\uFF53'],
  t: ['\u0442', '\uFF54'],
  w: ['\u051D', '\u0461', '\uFF57'],
  k: ['\u212A', '\u03BA', '\uFF4B'],
  l: ['\u04CF', '\u217C', '\uFF4C'],
  '.': ['\u3002', '\uFF0E', '\uFF61', '\u2024'],
};
/** Invisible or format characters a domain could hide. */
export const INVISIBLES = ['\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u034F', '\u180E', '\u061C', '\u202E'];

/** A Unicode look-alike of `domain`: at least one character swapped or one invisible inserted. */
export function lookAlike(domain: string): fc.Arbitrary<string> {
  const positions = [...domain].map((ch, i) => ({ ch, i })).filter(({ ch }) => CONFUSABLE[ch]);
  const swap = fc
    .record({
      picks: fc.uniqueArray(fc.constantFrom(...positions), { minLength: 1, maxLength: 3, selector: (p) => p.i }),
      seed: fc.nat(),
    })
    .map(({ picks, seed }) => {
      const chars = [...domain];
      picks.forEach(({ ch, i }, k) => {
        const options = CONFUSABLE[ch]!;
        chars[i] = options[(seed + k) % options.length]!;
      });
      return chars.join('');
    });
  const hide = fc
    .record({ at: fc.nat({ max: domain.length }), inv: fc.constantFrom(...INVISIBLES) })
    .map(({ at, inv }) => domain.slice(0, at) + inv + domain.slice(at));
  const both = fc.tuple(swap, fc.constantFrom(...INVISIBLES), fc.nat()).map(([s, inv, n]) => {
    const at = n % (s.length + 1);
    return s.slice(0, at) + inv + s.slice(at);
  });
  return fc.oneof(swap, hide, both);
}

/** A string made of hostile pieces and ordinary text. */
export const hostileText = (maxLength = 20): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...QUOTES, ...DASHES, ...SHELL_BITS, ...BREAKS) },
        { weight: 1, arbitrary: fc.constantFrom(...PAYLOADS) },
        { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
        { weight: 1, arbitrary: fc.constantFrom(...INVISIBLES) },
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

/** Very long strings, around the limits that matter (64, 253, 256, 512, 1000 octets) and well past them. */
export const longText = fc.oneof(
  fc
    .constantFrom(63, 64, 65, 253, 254, 255, 256, 257, 511, 512, 999, 1000, 1001, 16_384)
    .chain((n) => fc.constantFrom('a', 'é', '"', '.', '@', '%', '\u0430').map((c) => c.repeat(n))),
  fc.string({ minLength: 200, maxLength: 2000 }),
);
