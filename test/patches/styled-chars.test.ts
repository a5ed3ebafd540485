// patches/@alcalzone+ansi-tokenize+0.2.5.patch (styled characters) and patches/ink+6.8.0.patch (blank cells):
// Ink turns every line of a frame into styled characters and every row of the screen back into text. The
// patches share one styles array between the characters of a run and one blank cell between the blank cells
// of a frame, skip the codes between two cells of the same styles object, and give no codes no text. The text
// of every row must be byte for byte what the package's own functions (copied below as they were) gave.
import {
  ansiCodesToString,
  diffAnsiCodes,
  reduceAnsiCodesIncremental,
  styledCharsFromTokens,
  styledCharsToString,
  tokenize,
} from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Token = ReturnType<typeof tokenize>[number];
type StyledChar = ReturnType<typeof styledCharsFromTokens>[number];
type Code = StyledChar['styles'][number];

// The package's functions before the patch (@alcalzone/ansi-tokenize 0.2.5, build/ansiCodes.js and styledChars.js).
function originalCodesToString(codes: Code[]): string {
  return [...new Set(codes.map((c) => c.code))].join('');
}
function originalFromTokens(tokens: Token[]): StyledChar[] {
  let codes: Code[] = [];
  const ret: StyledChar[] = [];
  for (const token of tokens) {
    if (token.type === 'ansi') codes = reduceAnsiCodesIncremental(codes, [token]);
    else if (token.type === 'char') ret.push({ ...token, styles: [...codes] });
  }
  return ret;
}
function originalToString(chars: StyledChar[]): string {
  let ret = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    ret += i === 0 ? originalCodesToString(char.styles) : originalCodesToString(diffAnsiCodes(chars[i - 1]!.styles, char.styles));
    ret += char.value;
    if (i === chars.length - 1) ret += originalCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}

const PIECES = [
  'a',
  'Z',
  ' ',
  '─',
  '│',
  '▸',
  'é',
  '→',
  '漢',
  '\u{1F600}',
  'e\u0301',
  '\x1b[1m',
  '\x1b[2m',
  '\x1b[22m',
  '\x1b[31m',
  '\x1b[36m',
  '\x1b[39m',
  '\x1b[7m',
  '\x1b[27m',
  '\x1b[0m',
  '\x1b[1;3;31m',
  '\x1b[38;5;200m',
  '\x1b[48;2;1;2;3m',
  '\x1b[49m',
  '\x1b]8;;https://example.org\x07',
  '\x1b]8;;\x07',
];
const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join(''));

describe('styled characters (patch)', () => {
  it("gives each line the package's styled characters and text", () => {
    fc.assert(
      fc.property(line, (s) => {
        const tokens = tokenize(s);
        const chars = styledCharsFromTokens(tokens);
        expect(chars).toEqual(originalFromTokens(tokens));
        expect(styledCharsToString(chars)).toBe(originalToString(originalFromTokens(tokens)));
      }),
      { numRuns: 4000, seed: 20261203 },
    );
  });

  it("gives a row of a frame (pieces of lines over shared or separate blank cells) the package's text", () => {
    const sharedBlank: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: [] };
    const freshBlank = (): StyledChar => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.nat({ max: 40 })), { maxLength: 4 }), fc.integer({ min: 1, max: 50 }), (writes, width) => {
        const patched: StyledChar[] = new Array(width).fill(sharedBlank);
        const original: StyledChar[] = Array.from({ length: width }, freshBlank);
        for (const [text, x] of writes) {
          styledCharsFromTokens(tokenize(text)).forEach((c, i) => {
            patched[x + i] = c;
          });
          originalFromTokens(tokenize(text)).forEach((c, i) => {
            original[x + i] = c;
          });
        }
        const row = (cells: StyledChar[]) => cells.filter((c) => c !== undefined);
        expect(styledCharsToString(row(patched))).toBe(originalToString(row(original)));
      }),
      { numRuns: 4000, seed: 20261203 },
    );
  });

  it('the characters of one run share their styles (what makes the skip apply)', () => {
    const chars = styledCharsFromTokens(tokenize('\x1b[31mab\x1b[1mcd\x1b[0mef'));
    expect(chars[0]!.styles).toBe(chars[1]!.styles);
    expect(chars[2]!.styles).toBe(chars[3]!.styles);
    expect(chars[1]!.styles).not.toBe(chars[2]!.styles);
    expect(chars[4]!.styles).toEqual([]);
  });

  it('no codes are no text; codes are their deduplicated text as before', () => {
    expect(ansiCodesToString([])).toBe('');
    fc.assert(
      fc.property(line, (s) => {
        const codes = styledCharsFromTokens(tokenize(`${s}x`)).at(-1)!.styles;
        expect(ansiCodesToString(codes)).toBe(originalCodesToString(codes));
      }),
      { numRuns: 1000, seed: 20261203 },
    );
  });
});
