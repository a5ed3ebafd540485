// The bundle's V8 code cache (bin/code-cache.js, written by bin/coexist.js): written once per bundle, Node
// and kind of run, reused while V8 accepts it, rewritten when V8 rejects it, and never read from or written
// to a place someone else could write (a code cache is code).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle, startTui, type Tui } from '../helpers/pty.js';
import { cli } from './run-cli.js';

let tui: Tui | undefined;
beforeAll(() => ensureBundle(), 120000);
afterEach(() => {
  tui?.kill();
  tui = undefined;
});

const freshCacheDir = () => mkdtempSync(join(tmpdir(), 'coexist-code-cache-'));
const entries = (base: string, kind: string) =>
  existsSync(join(base, 'code')) ? readdirSync(join(base, 'code')).filter((n) => n.endsWith(`-${kind}.v8`)) : [];
const route = (base: string, extra: Record<string, string> = {}) =>
  cli(['route', 'alice@northwindtraders.com', '--json'], { env: { COEXIST_CACHE_DIR: base, ...extra } });

describe('code cache', () => {
  it('a command writes its cache once, owner-only; the next run uses it and answers the same', () => {
    const base = freshCacheDir();
    const first = route(base);
    expect(first.code, first.stderr).toBe(0);
    const [name] = entries(base, 'command');
    expect(name).toMatch(/^[0-9a-f]{32}-v\d+\.\d+\.\d+-[a-z0-9]+-command\.v8$/);
    const path = join(base, 'code', name!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(base, 'code')).mode & 0o777).toBe(0o700);
    const bytes = readFileSync(path);
    const second = route(base);
    expect(second.stdout).toBe(first.stdout);
    // Accepted by V8, so not written again.
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(entries(base, 'command')).toEqual([name]);
  });

  it('a damaged entry is rejected by V8, changes nothing in the answer, and is replaced', () => {
    const base = freshCacheDir();
    const good = route(base);
    const [name] = entries(base, 'command');
    const path = join(base, 'code', name!);
    const valid = readFileSync(path);
    writeFileSync(path, Buffer.alloc(valid.length, 0x5a));
    const again = route(base);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(good.stdout);
    expect(readFileSync(path).subarray(0, 64).equals(Buffer.alloc(64, 0x5a))).toBe(false);
  });

  it('an entry others can write, or in a directory others can write, is neither used nor replaced', () => {
    const base = freshCacheDir();
    route(base);
    const [name] = entries(base, 'command');
    const path = join(base, 'code', name!);
    // Group-writable entry: not trusted, so not read; a new one replaces it (owner-only again).
    chmodSync(path, 0o664);
    expect(route(base).code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // World-writable directory: nothing in it is read, and nothing is written there.
    const planted = Buffer.from('not a code cache');
    writeFileSync(path, planted);
    chmodSync(join(base, 'code'), 0o777);
    const run = route(base);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path).equals(planted)).toBe(true);
    chmodSync(join(base, 'code'), 0o700);
  });

  it('COEXIST_CODE_CACHE=off neither reads nor writes one', () => {
    const base = freshCacheDir();
    mkdirSync(base, { recursive: true });
    expect(route(base, { COEXIST_CODE_CACHE: 'off' }).code).toBe(0);
    expect(existsSync(join(base, 'code'))).toBe(false);
  });

  it('the console writes its own cache after the first frame, while it keeps running', async () => {
    const base = freshCacheDir();
    tui = startTui(['--example'], { env: { COEXIST_CACHE_DIR: base } });
    await tui.waitFor('q quit');
    const deadline = Date.now() + 15000;
    while (entries(base, 'console').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(entries(base, 'console')).toHaveLength(1);
    tui.press('q');
    expect((await tui.exited).exitCode).toBe(0);
  }, 30000);
});
