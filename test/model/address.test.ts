import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRecipient, mailboxText } from '../../src/model/address.js';

const final = (s: string) => {
  const r = parseRecipient(s);
  if (!r.ok) throw new Error(`${s}: ${r.error}`);
  return r.value;
};
const error = (s: string) => {
  const r = parseRecipient(s);
  if (r.ok) throw new Error(`${s} should not parse, got ${mailboxText(r.value.final)}`);
  return r.error;
};

describe('parseRecipient: plain addresses', () => {
  it('takes angle brackets, keeps the local part as typed and lowercases the domain', () => {
    const r = final('<Alice.Martin@NorthwindTraders.COM>');
    expect(r.final).toEqual({ local: 'Alice.Martin', domain: 'northwindtraders.com', domainKind: 'name' });
    expect(r.routed).toBe(false);
  });
  it('accepts postmaster without a domain (RFC 5321 4.1.1.3) and nothing else', () => {
    expect(final('<postmaster>').final.domainKind).toBe('none');
    expect(error('<alice>')).toMatch(/no domain/);
  });
  it('refuses the null path as a recipient', () => {
    expect(error('<>')).toMatch(/null path/);
  });
  it('removes one trailing dot and says so', () => {
    const r = final('alice@northwindtraders.com.');
    expect(r.final.domain).toBe('northwindtraders.com');
    expect(r.notes.join(' ')).toMatch(/trailing dot/);
    expect(error('alice@northwindtraders.com..')).toMatch(/empty label/);
  });
  it('keeps quoted local parts with their content', () => {
    expect(final('<"john smith"@example.com>').final.local).toBe('john smith');
    expect(error('<john smith@example.com>')).toMatch(/must be quoted/);
    expect(error('<"unterminated@example.com>')).toMatch(/unterminated/);
  });
  it('takes IPv4 and IPv6 address literals and refuses bare numeric domains', () => {
    expect(final('user@[10.0.0.20]').final).toMatchObject({ domain: '[10.0.0.20]', domainKind: 'ipv4' });
    expect(final('user@[IPv6:2001:db8::1]').final).toMatchObject({ domain: '[IPv6:2001:db8::1]', domainKind: 'ipv6' });
    expect(error('user@1.2.3.4')).toMatch(/square brackets/);
    expect(error('user@[321.1.2.3]')).toMatch(/IPv4 address literal/);
    expect(error('user@[010.0.0.1]')).toMatch(/IPv4 address literal/);
    expect(error('user@host:25')).toMatch(/port/);
  });
  it('converts IDN to A-labels (Haraka fixtures)', () => {
    expect(final('user@уайлддак.орг').final.domain).toBe('xn--80aalaxjd5d.xn--c1avg');
    expect(final('user@παράδειγμα.δοκιμή').final.domain).toBe('xn--hxajbheg2az3al.xn--jxalpdlp');
    expect(final('user@с-балалайкой.рф').final.domain).toBe('xn----8sbaac5cahfb0b0a.xn--p1ai');
  });
  it('never maps a look-alike onto the real domain', () => {
    const cyrillic = final('alice@northwindtr\u0430ders.com').final.domain; // Cyrillic a
    expect(cyrillic).not.toBe('northwindtraders.com');
    expect(cyrillic.startsWith('xn--')).toBe(true);
    expect(error('alice@north\u00adwindtraders.com')).toMatch(/invisible/); // soft hyphen
    expect(error('alice@north\u200dwindtraders.com')).toMatch(/invisible/); // zero-width joiner
  });
  it('enforces the RFC 5321 length limits', () => {
    expect(final(`${'a'.repeat(64)}@example.com`).final.local).toHaveLength(64);
    expect(error(`${'a'.repeat(65)}@example.com`)).toMatch(/64 octets/);
    expect(final(`u@${'a'.repeat(63)}.com`).final.domain).toHaveLength(67);
    expect(error(`u@${'a'.repeat(64)}.com`)).toMatch(/63/);
    expect(error(`<${'a'.repeat(60)}@${Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.')}.com>`)).toMatch(/256 octets|253/);
  });
  it('refuses line breaks, NUL and a leading dash', () => {
    expect(error('alice@example.com\r\nRCPT TO:<x@evil.example>')).toMatch(/line break/);
    expect(error('alice\0@example.com')).toMatch(/line break or NUL/);
    expect(error('-oQ/tmp@example.com')).toMatch(/starting with "-"/);
  });
  it('parses a 16 KB hostile input in well under a second', () => {
    const start = performance.now();
    parseRecipient(`<${'"\\'.repeat(8000)}@example.com>`);
    parseRecipient('@a,'.repeat(4000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('parseRecipient: routed addresses resolve to their real final destination (Postfix resolve_clnt)', () => {
  const cases: [string, string, string][] = [
    ['relaytest%example.org@northwindtraders.com', 'relaytest@example.org', 'percent-hack'],
    ['a%b%example.org@northwindtraders.com', 'a%b@example.org', 'percent-hack'],
    ['example.org!relaytest@northwindtraders.com', 'relaytest@example.org', 'bang-path'],
    ['example.org!relaytest', 'relaytest@example.org', 'bang-path'],
    ['relaytest@example.org@northwindtraders.com', 'relaytest@example.org', 'double-at'],
    ['"relaytest@example.org"@northwindtraders.com', 'relaytest@example.org', 'quoted-at'],
    ['"relaytest@example.org"', 'relaytest@example.org', 'quoted-at'],
    ['"relaytest%example.org"', 'relaytest@example.org', 'percent-hack'],
    ['<@ex01.northwindtraders.com:relaytest@example.org>', 'relaytest@example.org', 'source-route'],
    ['<@northwindtraders.com,@[10.0.0.10]:relaytest@example.org>', 'relaytest@example.org', 'source-route'],
    ['user@[1.2.3.4]@northwindtraders.com', 'user@[1.2.3.4]', 'double-at'],
  ];
  it.each(cases)('%s -> %s (%s)', (input, expected, trick) => {
    const r = final(input);
    expect(mailboxText(r.final)).toBe(expected);
    expect(r.routed).toBe(true);
    expect(r.tricks).toContain(trick);
    expect(r.path[r.path.length - 1]).toBe(r.final.domain);
  });
  it('keeps every domain on the way so relay control can judge each', () => {
    expect(final('relaytest%example.org@northwindtraders.com').path).toEqual(['northwindtraders.com', 'example.org']);
  });
  it('refuses malformed routes', () => {
    expect(error('@')).toBeTruthy();
    expect(error('@@')).toBeTruthy();
    expect(error('!')).toBeTruthy();
    expect(error('<@host.example.com relaytest@example.org>')).toMatch(/source route/);
    expect(error('<@:relaytest@example.org>')).toBeTruthy();
  });
});

describe('mailboxText quoting (one dot-atom test)', () => {
  it('quotes exactly the local parts that are not atoms joined by single dots, as the split-per-atom test did', () => {
    const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
    const before = (local: string) =>
      local.split('.').every((a) => a.length > 0 && ATEXT.test(a)) ? local : `"${local.replace(/(["\\])/g, '\\$1')}"`;
    const local = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'B', '9', '.', '.', '-', '+', '"', '\\', ' ', '@', '\n', 'é', '`', '~'), maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
    );
    fc.assert(
      fc.property(local, (l) => {
        expect(mailboxText({ local: l, domain: 'example.org', domainKind: 'name' })).toBe(`${before(l)}@example.org`);
      }),
      { numRuns: 3000, seed: 20261203 },
    );
  });
});
