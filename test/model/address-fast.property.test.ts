// parseRecipient answers the common shape (ASCII dot-atom @ letters-digits-dots-hyphens) without the general
// path: on texts of that shape and just outside it (%, !, a leading "-", quotes, long parts, bare IPs, trailing
// dots, IDN, hostile text) it must give exactly what the general parser gives, error or value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRecipient, parseRecipientGeneral } from '../../src/model/address.js';
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
