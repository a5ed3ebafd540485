// parseDomain and parseSmartHost keep their answers per text (route --batch and the rules parse the same ones over and over):
// the same answer as parsing afresh, shared and frozen so that no caller can change it for the others.
import { expect, it } from 'vitest';
import { parseDomain, parseSmartHost } from '../../src/model/net.js';

it('answers a domain seen before with the same frozen answer, with and without a trailing dot allowed', () => {
  const texts = ['Pop.Example.COM', 'pop.example.com.', 'bad..example', 'xn--bcher-kva.example', 'bücher.example', 'single', '1.2.3.4'];
  for (const text of texts) {
    for (const allowTrailingDot of [false, true]) {
      const first = parseDomain(text, { allowTrailingDot });
      const again = parseDomain(text, { allowTrailingDot });
      expect(again, text).toBe(first);
      expect(Object.isFrozen(first), text).toBe(true);
    }
  }
  expect(parseDomain('pop.example.com.')).toEqual({ ok: false, error: 'has a trailing dot' });
  expect(parseDomain('pop.example.com.', { allowTrailingDot: true })).toEqual({ ok: true, value: 'pop.example.com' });
  expect(parseDomain('Bücher.example')).toEqual({ ok: true, value: 'xn--bcher-kva.example' });
});

it("answers a smart host seen before with the same frozen answer (the model's smart hosts, once per message)", () => {
  for (const text of ['[10.0.0.20]', 'Relay.Example.COM', '10.0.0.20', '[10.0.0.300]']) {
    const first = parseSmartHost(text);
    expect(parseSmartHost(text), text).toBe(first);
    expect(Object.isFrozen(first), text).toBe(true);
    if (first.ok) expect(Object.isFrozen(first.value), text).toBe(true);
  }
  expect(parseSmartHost('[10.0.0.20]')).toEqual({ ok: true, value: { kind: 'ip', ip: '10.0.0.20', text: '[10.0.0.20]' } });
  expect(parseSmartHost('Relay.Example.COM')).toEqual({
    ok: true,
    value: { kind: 'fqdn', fqdn: 'relay.example.com', text: 'relay.example.com' },
  });
  expect(parseSmartHost('10.0.0.20').ok).toBe(false);
});

it('keeps a bounded number of answers: a stream of distinct domains still gets each one right', () => {
  for (let i = 0; i < 25_000; i++) expect(parseDomain(`host${i}.example`).ok).toBe(true);
  expect(parseDomain('host7.example')).toEqual({ ok: true, value: 'host7.example' });
});
