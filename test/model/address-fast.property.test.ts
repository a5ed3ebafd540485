// parseRecipient answers the common shape (ASCII dot-atom @ letters-digits-dots-hyphens) without the general
// path: on texts of that shape and just outside it (%, !, a leading "-", quotes, long parts, bare IPs, trailing
// dots, IDN, hostile text) it must give exactly what the general parser gives, error or value. The same for a
// plain domain name, answered without the general domain checks.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDomainOrLiteralFast, parseDomainOrLiteralGeneral, parseRecipient, parseRecipientGeneral } from '../../src/model/address.js';
import { params } from '../hardening/fc-seed.js';
import { hostileText, PAYLOADS } from '../hardening/hostile.js';

const atextish = fc.constantFrom(...'abcXYZ019!#$%&\'*+/=?^_`{|}~-.@"\\ <>[]:,;'.split(''));
const domainish = fc.constantFrom(...'abcXYZ019.-_[]:'.split(''));
const local = fc.oneof(
  fc.string({ unit: atextish, minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    'alice',
    'Bob.Smith',
    'x+y',
    '-dash',
    'a..b',
    '.a',
    'a.',
    'a%b',
    'x%example.org',
    'y%z.example%partner.example',
    'host.example!user',
    'b!c',
    'x'.repeat(64),
    'x'.repeat(65),
    'pöstmaster',
    'postmaster',
  ),
);
const domain = fc.oneof(
  fc.string({ unit: domainish, minLength: 1, maxLength: 20 }),
  fc.constantFrom(
    'northwindtraders.com',
    'Example.ORG',
    'example.org.',
    'example..org',
    '.example.org',
    '10.0.0.1',
    '1.2.3.4.',
    '[10.0.0.1]',
    'bücher.example',
    'xn--bcher-kva.example',
    `${'a'.repeat(63)}.example`,
    `${'a'.repeat(64)}.example`,
    `${'b.'.repeat(120)}com`,
    '-bad.example',
    'bad-.example',
    'under_score.example',
    '123',
  ),
);

describe('parseRecipient fast path', () => {
  it('gives what the general parser gives', () => {
    const text = fc.oneof(
      fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`),
      fc.tuple(local, domain, domain).map(([l, d, e]) => `${l}@${d}@${e}`),
      fc.tuple(local, domain).map(([l, d]) => `<${l}@${d}>`),
      fc.tuple(local, domain).map(([l, d]) => ` ${l}@${d}\t`),
      fc.tuple(local, domain).map(([l, d]) => `${'y'.repeat(200)}${l}@${d}`),
      hostileText(16),
      fc.constantFrom(...PAYLOADS),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(parseRecipient(t)).toEqual(parseRecipientGeneral(t));
      }),
      params(4000),
    );
  });
});

describe('a plain domain name', () => {
  it('gives what the general domain parser gives, notes included', () => {
    const label = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'abz09-'.split('')), minLength: 1, maxLength: 8 }),
      fc.constantFrom(
        'xn--bcher-kva',
        'xn--',
        'xn',
        'xn--a',
        'xn--zz9',
        'xn--ls8h',
        'a'.repeat(63),
        'a'.repeat(64),
        '123',
        '0',
        'A',
        'b_c',
        'ö',
        '-',
        'a-',
        '-a',
      ),
    );
    const name = fc.oneof(
      { weight: 4, arbitrary: fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('.')) },
      fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => `${ls.join('.')}.`),
      fc.integer({ min: 120, max: 130 }).map((n) => `${'b.'.repeat(n)}com`),
      fc.constantFrom('example.org', 'mail.example.org', '10.0.0.1', '1.2.3.4', 'a.123', '123.a', 'sub.xn--bcher-kva.example', ''),
      domain,
    );
    fc.assert(
      fc.property(name, (text) => {
        const fastNotes: string[] = [];
        const generalNotes: string[] = [];
        expect(parseDomainOrLiteralFast(text, fastNotes)).toEqual(parseDomainOrLiteralGeneral(text, generalNotes));
        expect(fastNotes).toEqual(generalNotes);
      }),
      params(4000),
    );
  });
});
