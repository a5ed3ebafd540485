// Fuzzing the RCPT TO parser (src/model/address.ts): it never throws, what it accepts round-trips,
// its final domain is always a valid A-label domain or address literal, and the RFC 5321 limits hold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRecipient, parseSender, mailboxText, type ParsedRecipient } from '../../src/model/address.js';
import { parseDomain, parseIP, parseIPv4 } from '../../src/model/net.js';
import { params } from './fc-seed.js';
import { hostileText, longText, lookAlike, INVISIBLES } from './hostile.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

/** Address-shaped input: atoms, quoted strings, routing tricks, IDN and literals, so that many cases parse. */
const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/),
  fc.constantFrom(
    'northwindtraders',
    'pop',
    'contoso',
    'example',
    'xn--80aalaxjd5d',
    'уайлддак',
    'παράδειγμα',
    'NorthWind',
    'a'.repeat(63),
    'a'.repeat(64),
  ),
);
const domainText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('com', 'org', 'fr', 'рф', 'invalid'))
      .map(([ls, tld]) => [...ls, tld].join('.')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'northwindtraders.com',
      'pop.northwindtraders.com',
      'northwindtraders.com.',
      'NORTHWINDTRADERS.COM',
      'example.org',
      'ex01.northwindtraders.com',
    ),
  },
  { weight: 1, arbitrary: lookAlike('northwindtraders.com') },
  { weight: 1, arbitrary: fc.ipV4().map((ip) => `[${ip}]`) },
  { weight: 1, arbitrary: fc.ipV6().map((ip) => `[IPv6:${ip}]`) },
  { weight: 1, arbitrary: fc.oneof(fc.ipV4Extended(), fc.ipV4()).map((ip) => ip) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const atom = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9!#$&'*+/=?^_`{|}~-]{1,10}$/),
  fc.constantFrom('alice', 'bob', 'carl', 'postmaster', 'Bob', 'relaytest', 'é', 'ｂob', '-oQ', 'a'.repeat(64), 'a'.repeat(65)),
);
const quoted = fc.string({ maxLength: 10 }).map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`);
const localText = fc.oneof(
  { weight: 4, arbitrary: fc.array(atom, { minLength: 1, maxLength: 3 }).map((a) => a.join('.')) },
  { weight: 1, arbitrary: quoted },
  { weight: 1, arbitrary: fc.tuple(atom, domainText).map(([a, d]) => `${a}%${d}`) },
  { weight: 1, arbitrary: fc.tuple(domainText, atom).map(([d, a]) => `${d}!${a}`) },
  { weight: 1, arbitrary: fc.tuple(atom, domainText).map(([a, d]) => `"${a}@${d}"`) },
  { weight: 1, arbitrary: fc.tuple(atom, domainText).map(([a, d]) => `${a}@${d}`) },
);
const route = fc.array(domainText, { minLength: 1, maxLength: 3 }).map((ds) => `${ds.map((d) => `@${d}`).join(',')}:`);
export const addressLike = fc
  .tuple(
    fc.option(route, { nil: '' }),
    localText,
    fc.option(domainText, { nil: undefined }),
    fc.constantFrom(['<', '>'], ['', ''], ['<', ''], [' <', '> ']),
  )
  .map(([r, l, d, [open, close]]) => `${open}${r}${l}${d === undefined ? '' : `@${d}`}${close}`);

const anyInput = fc.oneof(
  { weight: 4, arbitrary: addressLike },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: hostileText(12) },
  { weight: 1, arbitrary: fc.tuple(hostileText(6), addressLike, hostileText(6)).map((p) => p.join('')) },
  { weight: 1, arbitrary: longText },
  { weight: 1, arbitrary: fc.emailAddress() },
);

function checkAccepted(r: ParsedRecipient): void {
  const { final } = r;
  // The final destination: a valid A-label domain or a literal, never Unicode or an odd form.
  switch (final.domainKind) {
    case 'name': {
      expect(final.domain).toMatch(/^[a-z0-9.-]+$/);
      const again = parseDomain(final.domain);
      expect(again.ok && again.value).toBe(final.domain);
      expect(final.domain.length).toBeLessThanOrEqual(253);
      for (const l of final.domain.split('.')) expect(l.length).toBeLessThanOrEqual(63);
      break;
    }
    case 'ipv4': {
      const m = /^\[(.*)\]$/.exec(final.domain);
      expect(m).not.toBeNull();
      expect(parseIPv4(m![1]!).ok).toBe(true);
      break;
    }
    case 'ipv6': {
      const m = /^\[IPv6:(.*)\]$/.exec(final.domain);
      expect(m).not.toBeNull();
      const ip = parseIP(m![1]!);
      expect(ip.ok && ip.value).toBe(m![1]);
      break;
    }
    case 'none':
      expect(final.domain).toBe('');
      expect(final.local.toLowerCase()).toBe('postmaster');
      break;
  }
  // Limits (RFC 5321 4.5.3.1): local part 64 octets, path 256 octets with the brackets.
  expect(final.local.length).toBeGreaterThan(0);
  expect(octets(final.local)).toBeLessThanOrEqual(64);
  expect(octets(r.input)).toBeLessThanOrEqual(1000);
  expect(octets(r.input.trim().replace(/^<|>$/g, '')) + 2).toBeLessThanOrEqual(256);
  expect(final.local).not.toMatch(/[\u0000-\u001f\u007f]/);
  expect(final.local.startsWith('-')).toBe(false);
  // The relay check sees every domain on the way, and the final one last.
  if (final.domainKind !== 'none') expect(r.path[r.path.length - 1]).toBe(final.domain);
  for (const d of r.path) expect(d === '' || /^[a-z0-9.-]+$|^\[[0-9A-Fa-f.:IPv]+\]$/.test(d)).toBe(true);
  expect(r.routed).toBe(r.tricks.length > 0);
}

describe('parseRecipient under fuzzing', () => {
  it('never throws and always answers ok or a non-empty error, on any input', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(anyInput, (input) => {
        total++;
        const r = parseRecipient(input);
        if (r.ok) {
          accepted++;
          checkAccepted(r.value);
        } else {
          expect(typeof r.error).toBe('string');
          expect(r.error.length).toBeGreaterThan(0);
        }
        const s = parseSender(input);
        expect(typeof s.ok).toBe('boolean');
      }),
      params(6000),
    );
    // The generator must exercise the accepting paths too, or the checks above prove nothing.
    expect(accepted / total).toBeGreaterThan(0.05);
  });

  it('what it accepts round-trips: the final mailbox, written out, parses to itself and is not routed', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(addressLike, (input) => {
        total++;
        const r = parseRecipient(input);
        if (!r.ok) return;
        accepted++;
        const text = mailboxText(r.value.final);
        const again = parseRecipient(text);
        expect(again.ok, `${JSON.stringify(input)} -> ${JSON.stringify(text)}: ${again.ok ? '' : again.error}`).toBe(true);
        if (!again.ok) return;
        expect(again.value.final).toEqual(r.value.final);
        expect(again.value.routed).toBe(false);
        expect(mailboxText(again.value.final)).toBe(text);
        // Angle brackets, surrounding spaces and domain case do not change the destination.
        const bracketed = parseRecipient(` <${text.replace(/@([^@"]+)$/, (_m, d: string) => `@${d.toUpperCase()}`)}> `);
        if (r.value.final.domainKind === 'name') {
          expect(bracketed.ok && bracketed.value.final).toEqual(r.value.final);
        }
      }),
      params(4000),
    );
    expect(accepted / total).toBeGreaterThan(0.1);
  });

  it('fast-check e-mail addresses that fit the RFC 5321 limits are accepted with their domain lowercased', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (addr) => {
        const at = addr.lastIndexOf('@');
        const local = addr.slice(0, at);
        const domain = addr.slice(at + 1);
        // A "!" or "%" in the local part is a routing trick: the parser resolves it (tested elsewhere).
        const fits =
          octets(addr) + 2 <= 256 &&
          octets(local) <= 64 &&
          domain.length <= 253 &&
          !local.startsWith('-') &&
          !/[!%]/.test(local) &&
          !/^[0-9]+$/.test(domain.split('.').pop()!);
        const r = parseRecipient(addr);
        if (!fits) return;
        expect(r.ok, `${addr}: ${r.ok ? '' : r.error}`).toBe(true);
        if (r.ok) expect(mailboxText(r.value.final)).toBe(`${local}@${domain.toLowerCase()}`);
      }),
      params(2000),
    );
  });

  it('refuses line breaks, NUL and every control or invisible character in a domain, wherever they are', () => {
    fc.assert(
      fc.property(addressLike, fc.constantFrom('\r', '\n', '\r\n', '\0'), fc.nat(), (input, bad, n) => {
        const at = n % (input.length + 1);
        expect(parseRecipient(input.slice(0, at) + bad + input.slice(at)).ok).toBe(false);
      }),
      params(1500),
    );
    fc.assert(
      fc.property(fc.constantFrom(...INVISIBLES), fc.nat({ max: 20 }), (inv, at) => {
        const d = 'northwindtraders.com';
        const r = parseRecipient(`bob@${d.slice(0, at)}${inv}${d.slice(at)}`);
        expect(r.ok).toBe(false);
      }),
      params(300),
    );
  });

  it('does not trim Unicode spaces or invisible characters around the address into a valid one', () => {
    const around = ['\uFEFF', '\u00A0', '\u2000', '\u200B', '\u3000', '\u2028', '\u1680', '\u180E', '\u00AD'];
    fc.assert(
      fc.property(
        fc.constantFrom(...around),
        fc.constantFrom('bob@northwindtraders.com', '<bob@northwindtraders.com>'),
        fc.boolean(),
        (ch, addr, before) => {
          expect(parseRecipient(before ? ch + addr : addr + ch).ok).toBe(false);
        },
      ),
      params(200),
    );
    expect(parseRecipient(' \t<bob@northwindtraders.com> \t').ok).toBe(true);
  });

  it('enforces the length limits exactly at the edges', () => {
    const d = 'northwindtraders.com';
    expect(parseRecipient(`${'a'.repeat(64)}@${d}`).ok).toBe(true);
    expect(parseRecipient(`${'a'.repeat(65)}@${d}`).ok).toBe(false);
    expect(parseRecipient(`"${'é'.repeat(32)}"@${d}`).ok).toBe(true); // 64 octets
    expect(parseRecipient(`"${'é'.repeat(33)}"@${d}`).ok).toBe(false); // 66 octets
    const label63 = 'a'.repeat(63);
    expect(parseRecipient(`u@${label63}.com`).ok).toBe(true);
    expect(parseRecipient(`u@${label63}a.com`).ok).toBe(false);
    // Path: 254 octets of mailbox is the most that fits in <...> of 256.
    const dom = (n: number) => `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(n)}.com`;
    const fitting = `${'a'.repeat(64)}@${dom(57)}`;
    expect(octets(fitting)).toBe(254);
    expect(parseRecipient(`<${fitting}>`).ok).toBe(true);
    expect(parseRecipient(`<${'a'.repeat(64)}@${dom(58)}>`).ok).toBe(false);
  });

  it('answers in bounded time on large adversarial input (no super-linear parsing)', () => {
    const nasty = [
      '"'.repeat(16_384),
      '\\'.repeat(16_384),
      '@'.repeat(999),
      '%'.repeat(999),
      '!'.repeat(999),
      `<${'@a.com,'.repeat(30)}:u@b.com>`,
      `${'a@'.repeat(120)}b.com`,
      `${'a%'.repeat(120)}b.com`,
      `${'a!'.repeat(120)}b`,
      `"${'\\"'.repeat(120)}"@b.com`,
      `${'a.'.repeat(120)}a@b.com`,
      `u@${'a.'.repeat(120)}com`,
      `u@[${'1.'.repeat(120)}1]`,
      `${'"a@'.repeat(60)}b.com${'"'.repeat(60)}`,
    ];
    for (const input of nasty) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) parseRecipient(input);
      const ms = (performance.now() - t0) / 20;
      expect(ms, `${input.slice(0, 30)}...: ${ms.toFixed(2)} ms`).toBeLessThan(25);
    }
  });
});
