// keptPerText (src/model/kept-per-text.ts): each text is computed once while kept, and the table is cleared
// when full rather than growing with a stream of distinct texts.
import { describe, expect, it } from 'vitest';
import { keptPerText } from '../../src/model/kept-per-text.js';

describe('keptPerText', () => {
  it('computes a text once, and keeps falsy answers (null) too', () => {
    const seen: string[] = [];
    const f = keptPerText((t) => {
      seen.push(t);
      return t === 'none' ? null : t.length;
    });
    expect([f('ab'), f('ab'), f('none'), f('none')]).toEqual([2, 2, null, null]);
    expect(seen).toEqual(['ab', 'none']);
  });

  it('is cleared when 20,000 texts are kept: the first is computed again after that', () => {
    let calls = 0;
    const f = keptPerText((t) => {
      calls++;
      return t;
    });
    for (let i = 0; i < 20_000; i++) f(`t${i}`);
    f('t0');
    expect(calls).toBe(20_000);
    f('another');
    f('t0');
    expect(calls).toBe(20_002);
  });
});
