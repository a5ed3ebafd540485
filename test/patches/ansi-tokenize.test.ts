// patches/@alcalzone+ansi-tokenize+0.2.5.patch: Ink tokenizes every line it writes; text of printable ASCII,
// common narrow characters and escape sequences is walked unit by unit instead of through Intl.Segmenter.
// The tokens must be exactly those of the segmenter path: a trailing "e" + combining acute (one grapheme, one
// token) sends the same text down that path to compare.
import { diffAnsiCodes, styledCharsFromTokens, tokenize, undoAnsiCodes } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const NARROW = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0xff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x21ff],
  [0x2500, 0x25fc],
  [0x25ff, 0x25ff],
].flatMap(([a, b]) => Array.from({ length: b! - a! + 1 }, (_, i) => String.fromCodePoint(a! + i)));
const ESCAPES = [
  '\x1b[31m',
  '\x1b[39m',
  '\x1b[1;3;31m',
  '\x1b[38;2;1;2;3m',
  '\x1b[48;5;200m',
  '\x1b[0m',
  '\x1b]8;;https://example.org\x07',
  '\x1b]8;;\x07',
  '\x1b',
  '\x07',
  '\x1b[',
  '\x1b[3',
  '\x1b]8;',
  '[',
  'm',
  ';',
];
const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NARROW) }, { weight: 1, arbitrary: fc.constantFrom(...ESCAPES) });
const viaSegmenter = (s: string, endChar?: number) => {
  const tokens = tokenize(`${s}e\u0301`, endChar);
  const last = tokens[tokens.length - 1];
  return last?.type === 'char' && last.value === 'e\u0301' ? tokens.slice(0, -1) : tokens;
};

describe('ansi-tokenize fast path (patch)', () => {
  it("gives the segmenter path's tokens for text of narrow characters and escape sequences", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
        (s) => {
          expect(tokenize(s)).toEqual(viaSegmenter(s));
        },
      ),
      { numRuns: 4000, seed: 20261203 },
    );
  });

  it('stops at the same place with a visible-width limit', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
        fc.nat({ max: 20 }),
        (s, n) => {
          const limit = n + 1;
          const fast = tokenize(s, limit);
          const visible = fast.filter((t) => t.type === 'char').length;
          // When the limit stops the walk first, the appended grapheme is never reached either.
          expect(fast).toEqual(visible >= limit ? tokenize(`${s}e\u0301`, limit) : viaSegmenter(s, limit));
        },
      ),
      { numRuns: 2000, seed: 20261203 },
    );
  });

  it('still segments what needs it: combining marks, CRLF, emoji, CJK', () => {
    expect(tokenize('e\u0301x').map((t) => t.type === 'char' && t.value)).toEqual(['e\u0301', 'x']);
    expect(tokenize('a\r\nb').map((t) => t.type === 'char' && t.value)).toEqual(['a', '\r\n', 'b']);
    expect(tokenize('\u{1F468}\u200D\u{1F469}')).toHaveLength(1);
    expect(tokenize('漢')).toEqual([{ type: 'char', value: '漢', fullWidth: true }]);
  });
});

// The package's diffAnsiCodes before the patch's early return for the same style on both sides.
type Code = ReturnType<typeof styledCharsFromTokens>[number]['styles'][number];
function originalDiff(from: Code[], to: Code[]): Code[] {
  const intensity = (c: Code) => c.code === '\x1b[1m' || c.code === '\x1b[2m';
  const endCodesInTo = new Set(to.map((c) => c.endCode));
  const startCodesInTo = new Set(to.map((c) => c.code));
  const startCodesInFrom = new Set(from.map((c) => c.code));
  return [
    ...undoAnsiCodes(from.filter((c) => (intensity(c) ? !startCodesInTo.has(c.code) : !endCodesInTo.has(c.endCode)))),
    ...to.filter((c) => !startCodesInFrom.has(c.code)),
  ];
}

describe('ansi-tokenize diffAnsiCodes: the same style on both sides (patch)', () => {
  const SGR = [
    '\x1b[1m',
    '\x1b[2m',
    '\x1b[22m',
    '\x1b[3m',
    '\x1b[31m',
    '\x1b[36m',
    '\x1b[39m',
    '\x1b[7m',
    '\x1b[27m',
    '\x1b[0m',
    '\x1b[38;5;200m',
    '\x1b[48;2;1;2;3m',
    '\x1b[49m',
  ];
  const styles = fc
    .array(fc.constantFrom(...SGR), { maxLength: 6 })
    .map((codes) => styledCharsFromTokens(tokenize(`${codes.join('')}x`))[0]!.styles);

  it('gives the codes the original gave, for random styles and for equal ones', () => {
    fc.assert(
      fc.property(styles, styles, fc.boolean(), (from, other, same) => {
        const to = same ? from.map((c) => ({ ...c })) : other;
        expect(diffAnsiCodes(from, to)).toEqual(originalDiff(from, to));
      }),
      { numRuns: 4000, seed: 20261203 },
    );
  });
});
