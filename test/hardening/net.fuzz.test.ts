// Fuzzing the domain, IP and CIDR validators (src/model/net.ts) against independent oracles: Node's
// own network stack (net.isIP, net.BlockList), the WHATWG URL host parser and UTS-46 (url.domainToASCII).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { domainToASCII } from 'node:url';
import { cidrContains, parseCidr, parseDomain, parseDomainPattern, parseIP, parseIPv4, parseSmartHost } from '../../src/model/net.js';
import { params } from './fc-seed.js';
import { hostileText, longText, lookAlike } from './hostile.js';

const whatwgV6 = (s: string): string | null => {
  try {
    return new URL(`http://[${s}]/`).hostname;
  } catch {
    return null;
  }
};

const ipish = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc
    .array(fc.oneof(fc.nat({ max: 300 }).map(String), fc.constantFrom('0x7f', '00', '010', '08', '', ' 1', '1 ', '+1', '-1', '١')), {
      minLength: 1,
      maxLength: 6,
    })
    .map((p) => p.join('.')),
  fc.tuple(fc.ipV6(), fc.constantFrom('%eth0', '%1', '%', '%25en0')).map(([a, z]) => a + z),
  fc.tuple(fc.constantFrom('::ffff:', '::', '1::', '64:ff9b::', '::ffff:0:'), fc.ipV4Extended()).map(([a, b]) => a + b),
  fc.tuple(fc.constantFrom('::ffff:', '::', '1::'), fc.ipV4()).map(([a, b]) => a + b),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%x '.split('')), maxLength: 45 }),
);

describe('IP validators under fuzzing', () => {
  it('strict IPv4 agrees with the network stack: four decimal parts, no leading zeros, nothing else', () => {
    fc.assert(
      fc.property(ipish, (s) => {
        const r = parseIPv4(s);
        expect(r.ok, s).toBe(net.isIPv4(s));
        if (r.ok) expect(r.value).toBe(s);
      }),
      params(4000),
    );
  });

  it('parseIP accepts exactly what the network stack accepts, minus zone ids, and returns a canonical form', () => {
    fc.assert(
      fc.property(ipish, (s) => {
        const r = parseIP(s);
        const stack = net.isIP(s);
        if (s.includes('%')) {
          expect(r.ok, s).toBe(false);
          return;
        }
        expect(r.ok, `${s}: ${r.ok ? r.value : r.error}`).toBe(stack !== 0);
        if (!r.ok) return;
        expect(parseIP(r.value)).toEqual(r);
        if (stack === 6) {
          // The same 128 bits as the WHATWG parser sees (an IPv4-mapped address comes back as IPv4).
          const expected = whatwgV6(s);
          const got = r.value.includes(':') ? whatwgV6(r.value) : whatwgV6(`::ffff:${r.value}`);
          expect(got, s).toBe(expected);
        }
      }),
      params(5000),
    );
  });

  it('names the problem for the forms other parsers read differently', () => {
    for (const s of [
      '127.1',
      '0x7f.0.0.1',
      '010.0.0.1',
      '08.0.0.1',
      '1.2.3.4.5',
      '1.2.3',
      '256.0.0.1',
      ' 10.0.0.1',
      '10.0.0.1 ',
      'fe80::1%eth0',
      '::ffff:010.0.0.1',
      '::ffff:1.2.3',
    ]) {
      const r = parseIP(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/IP|zone/);
    }
  });
});

describe('CIDR validator under fuzzing', () => {
  const v4Network = (ip: string, prefix: number): string => {
    const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    const mask = prefix === 0 ? 0 : Number((0xffffffffn << BigInt(32 - prefix)) & 0xffffffffn);
    const base = Number(BigInt(n) & BigInt(mask));
    return [24, 16, 8, 0].map((sh) => (base >>> sh) & 255).join('.');
  };

  it('accepts a block only without host bits, and its text round-trips', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.nat({ max: 32 }), (ip, prefix) => {
        const network = v4Network(ip, prefix);
        const r = parseCidr(`${ip}/${prefix}`);
        expect(r.ok, `${ip}/${prefix}`).toBe(network === ip);
        if (!r.ok) expect(r.error).toContain(`did you mean ${network}/${prefix}`);
        const good = parseCidr(`${network}/${prefix}`);
        expect(good.ok).toBe(true);
        if (good.ok) {
          expect(good.value.prefix).toBe(prefix);
          expect(parseCidr(good.value.text)).toEqual(good);
        }
      }),
      params(3000),
    );
  });

  it('matches addresses exactly like net.BlockList', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.nat({ max: 32 }), fc.ipV4(), (ip, prefix, probe) => {
        const network = v4Network(ip, prefix);
        const c = parseCidr(`${network}/${prefix}`);
        if (!c.ok) throw new Error(c.error);
        const list = new net.BlockList();
        list.addSubnet(network, prefix, 'ipv4');
        expect(cidrContains(c.value, probe)).toBe(list.check(probe, 'ipv4'));
        expect(cidrContains(c.value, network)).toBe(true);
      }),
      params(3000),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.nat({ max: 128 }), fc.ipV6(), (ip, prefix, probe) => {
        const list = new net.BlockList();
        list.addSubnet(ip, prefix, 'ipv6');
        const c = parseCidr(`${ip}/${prefix}`);
        if (!c.ok) return; // host bits set: refused (checked above for IPv4)
        const mapped = parseIP(probe);
        if (!mapped.ok || !mapped.value.includes(':')) return;
        expect(cidrContains(c.value, probe)).toBe(list.check(probe, 'ipv6'));
      }),
      params(2000),
    );
  });

  it('refuses malformed prefixes and anything that is not an address', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.constantFrom('', '08', '+8', ' 8', '8 ', '33', '-1', '1e1', '0x8', '8/8', '٨', '32.0'), (ip, p) => {
        expect(parseCidr(`${ip}/${p}`).ok).toBe(false);
      }),
      params(500),
    );
    fc.assert(
      fc.property(fc.oneof(hostileText(10), longText, fc.string()), (s) => {
        const r = parseCidr(s);
        if (r.ok) {
          expect(net.isIP(r.value.address)).not.toBe(0);
          expect(s.includes('%')).toBe(false);
        }
      }),
      params(2000),
    );
  });
});

describe('domain validator under fuzzing', () => {
  const anyDomainish = fc.oneof(
    fc.domain(),
    fc.webUrl().map((u) => new URL(u).hostname),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    hostileText(8),
    longText,
    lookAlike('northwindtraders.com'),
    lookAlike('pop.northwindtraders.com'),
    lookAlike('pop.contoso.com'),
    fc.tuple(fc.domain(), fc.constantFrom('.', '..', '-', '_', ' ', '\u3002')).map(([d, s]) => d + s),
  );

  it('never throws; what it accepts is lowercase LDH A-labels within the DNS limits, stable and agreed by UTS-46', () => {
    fc.assert(
      fc.property(anyDomainish, (s) => {
        const r = parseDomain(s);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          return;
        }
        expect(r.value).toMatch(/^[a-z0-9.-]+$/);
        expect(r.value.length).toBeLessThanOrEqual(253);
        const labels = r.value.split('.');
        expect(labels.length).toBeGreaterThanOrEqual(2);
        for (const l of labels) {
          expect(l.length).toBeGreaterThan(0);
          expect(l.length).toBeLessThanOrEqual(63);
          expect(l.startsWith('-') || l.endsWith('-')).toBe(false);
        }
        expect(parseDomain(r.value)).toEqual(r);
        expect(domainToASCII(r.value)).toBe(r.value);
      }),
      params(5000),
    );
  });

  it('fast-check domains are accepted as typed, lowercased', () => {
    fc.assert(
      fc.property(fc.domain(), (d) => {
        if (d.length > 253 || !d.includes('.')) return;
        const r = parseDomain(d);
        expect(r.ok, `${d}: ${r.ok ? '' : r.error}`).toBe(true);
        if (r.ok) expect(r.value).toBe(d.toLowerCase());
      }),
      params(2000),
    );
  });

  it('a Unicode look-alike of a local domain is never that domain (Cyrillic, Greek, full-width, invisible characters)', () => {
    for (const local of ['northwindtraders.com', 'pop.northwindtraders.com', 'pop.contoso.com', 'ex01.northwindtraders.com']) {
      fc.assert(
        fc.property(lookAlike(local), (fake) => {
          const r = parseDomain(fake);
          if (r.ok) expect(r.value, JSON.stringify(fake)).not.toBe(local);
          const p = parseDomainPattern(`*.${fake}`);
          if (p.ok) expect(p.value).not.toBe(`*.${local}`);
          const sh = parseSmartHost(fake);
          if (sh.ok) expect(sh.value.text).not.toBe(local);
        }),
        params(1500),
      );
    }
  });

  it('keeps genuine internationalised names (Haraka fixtures) and case folding of ASCII', () => {
    expect(parseDomain('уайлддак.орг')).toEqual({ ok: true, value: 'xn--80aalaxjd5d.xn--c1avg' });
    expect(parseDomain('παράδειγμα.δοκιμή')).toEqual({ ok: true, value: 'xn--hxajbheg2az3al.xn--jxalpdlp' });
    expect(parseDomain('с-балалайкой.рф')).toEqual({ ok: true, value: 'xn----8sbaac5cahfb0b0a.xn--p1ai' });
    expect(parseDomain('NorthWindTraders.COM')).toEqual({ ok: true, value: 'northwindtraders.com' });
    expect(parseDomain('Ünïcode.example')).toEqual({ ok: true, value: domainToASCII('ünïcode.example') });
    expect(parseDomain('straße.example')).toEqual({ ok: true, value: domainToASCII('straße.example') });
    // A full-width letter inside an A-label folds into that A-label: the look-alike of an IDN domain.
    expect(parseDomain('x\uFF4E--northwndtraders-d3m.com').ok).toBe(false);
    expect(parseDomain('\uFF58n--northwndtraders-d3m.com').ok).toBe(false);
    expect(parseDomain('xn--northwndtraders-d3m.com')).toEqual({ ok: true, value: 'xn--northwndtraders-d3m.com' });
  });
});
