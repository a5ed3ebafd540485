// lowerCase is String.prototype.toLowerCase without a copy of text it leaves as it is: the same value for any text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lowerCase } from '../../src/model/lower-case.js';

describe('lowerCase', () => {
  it('gives what toLowerCase gives, for ASCII, accented, Turkish, title-case, Greek and astral text', () => {
    for (const text of [
      '',
      'alice',
      'Alice',
      'ALICE@POP.Contoso.com',
      'x-y.z_1@[10.0.0.1]',
      'Éric',
      'éric',
      'İstanbul',
      'aİ',
      'ǅ',
      'ΟΔΟΣ',
      '𐐀x',
      '\uD800',
    ])
      expect(lowerCase(text), text).toBe(text.toLowerCase());
  });

  it('gives what toLowerCase gives for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        expect(lowerCase(text)).toBe(text.toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });
});
