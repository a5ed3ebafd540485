// What the bundle is made of (build/bundle.mjs), read from its source map: one copy of signal-exit 3 (the
// three byte-identical copies of proper-lockfile, Ink and restore-cursor, each evaluated at every console
// start, are one), whose assert.equal is the build's stand-in rather than node:assert; and only ASCII, which
// its first line says (bin/coexist.js then reads it as Latin-1 instead of decoding UTF-8).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../helpers/pty.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
beforeAll(() => ensureBundle(), 120000);

describe('the bundle', () => {
  it('holds one copy of signal-exit 3, with the assert stand-in', () => {
    const map = JSON.parse(readFileSync(join(ROOT, 'dist', 'coexist.cjs.map'), 'utf8')) as { sources: string[] };
    const copies = map.sources.filter((s) => /signal-exit\/index\.js$/.test(s));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(/proper-lockfile\/node_modules\/signal-exit\/index\.js$/);
    expect(map.sources.some((s) => s.endsWith('build/signal-exit-assert.cjs'))).toBe(true);
  });

  it('is ASCII only, and says so on its first line', () => {
    const bytes = readFileSync(join(ROOT, 'dist', 'coexist.cjs'));
    const firstLine = bytes.subarray(0, bytes.indexOf(0x0a)).toString('latin1');
    expect(firstLine).toMatch(/^\/\/coexist-bundle [0-9a-f]{32} ascii$/);
    const at = bytes.findIndex((b) => b >= 0x80);
    expect(at, at < 0 ? '' : bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')).toBe(-1);
  });
});
