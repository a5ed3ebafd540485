// patches/string-width+8.3.0.patch: strings of printable ASCII and common narrow characters (Latin-1,
// dashes and quotes, arrows, box drawing, geometric shapes) skip the grapheme segmenter. Their width must
// be exactly what the full algorithm gives: a trailing "e" + combining acute (one column) sends the same
// text down the full path to compare.
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';

const RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0xff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x21ff],
  [0x2500, 0x25fc],
  [0x25ff, 0x25ff],
];
const NARROW = RANGES.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i)));
const fullPath = (s: string) => stringWidth(`${s}e\u0301`) - 1;

describe('string-width fast path for narrow characters (patch)', () => {
  it('every character of the fast path is one column on the full path', () => {
    for (const ch of NARROW) expect(fullPath(ch), `U+${ch.codePointAt(0)!.toString(16)}`).toBe(1);
  });

  it('strings of them measure as on the full path, and their length', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...NARROW), maxLength: 40 }), (s) => {
        expect(stringWidth(s)).toBe(fullPath(s));
        expect(stringWidth(s)).toBe(s.length);
      }),
      { numRuns: 5000, seed: 20261203 },
    );
  });

  it('leaves everything else to the full path: soft hyphen, wide emoji shapes, CJK, combining marks, ambiguous as wide', () => {
    expect(stringWidth('a\u00adb')).toBe(2);
    expect(stringWidth('\u25fd')).toBe(2);
    expect(stringWidth('漢字')).toBe(4);
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('\u2500\u00e9', { ambiguousIsNarrow: false })).toBe(fullPath('') + 4);
  });
});
