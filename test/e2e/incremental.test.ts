// Incremental rendering in a real terminal: after each key only the changed lines are written, and the
// screen must then be exactly what a full repaint (Ctrl+L) draws. Without patches/ink+6.8.0.patch every
// changed line lands one row too low and this fails on the first key.
import { describe, expect, it } from 'vitest';
import { ptySession, type Tui } from '../helpers/pty.js';
import { KEY } from '../helpers/keys.js';

const pty = ptySession();

let tui: Tui | undefined;

/** The screen without the status bar (a message may come and go there) and the empty last row. */
const body = (t: Tui) => t.screen().split('\n').slice(0, -2).join('\n');
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CLEAR = '\u001B[2J';
const clears = (t: Tui) => t.raw().split(CLEAR).length - 1;

/**
 * The body once the key took effect and nothing changed for 150 ms. On a loaded machine a key can take
 * longer than that to be read, so first wait for a sign that it was: the body changed (every key of the
 * walk below changes the screen), or, for Ctrl+L, one more full repaint written.
 */
async function settled(t: Tui, sign: () => boolean, what = ''): Promise<string> {
  const end = performance.now() + 15000;
  while (!sign()) {
    if (performance.now() > end) throw new Error(`the key had no effect within 15 s (${what})\n${t.screen()}`);
    await settle(10);
  }
  return stableBody(t);
}

/** The body once every byte written has been drawn and nothing changed for 150 ms. */
async function stableBody(t: Tui): Promise<string> {
  let last = '';
  let since = performance.now();
  for (;;) {
    await t.waitFor(/[\s\S]/);
    const now = body(t);
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= 150) return now;
    await settle(20);
  }
}

describe('incremental rendering (pty, 80x24)', () => {
  it('after every key the screen equals a full repaint, and a tree move writes far less than a frame', async () => {
    tui = pty.start(['--example'], { env: { LANG: 'C.UTF-8' } });
    const t = tui;
    await t.waitFor('q quit');
    const keys = [
      KEY.down,
      KEY.down,
      KEY.down,
      KEY.right,
      KEY.down,
      'p',
      KEY.down,
      KEY.down,
      ']',
      KEY.esc,
      KEY.tab,
      KEY.down,
      KEY.tab,
      KEY.down,
      KEY.esc,
      '3',
      KEY.down,
      KEY.down,
      '2',
      KEY.down,
      'f',
      'f',
      '/',
      'POP',
      KEY.enter,
      KEY.esc,
    ];
    // Right on a leaf (Default Policy) changes nothing on screen.
    const unchanged = new Set([3]);
    for (const [i, k] of keys.entries()) {
      const before = body(t);
      t.press(k);
      const incremental = unchanged.has(i)
        ? (await settle(500), await stableBody(t))
        : await settled(t, () => body(t) !== before, `key ${i}`);
      const repaints = clears(t);
      t.press(KEY['C-l']);
      expect(await settled(t, () => clears(t) > repaints && body(t).includes('Findings')), `after ${JSON.stringify(k)}`).toBe(incremental);
    }
    // One Down in the tree: the bytes written are a fraction of a full frame's.
    const before = t.raw().length;
    const shown = body(t);
    t.press(KEY.down);
    await settled(t, () => body(t) !== shown);
    const moved = t.raw().length - before;
    const start = t.raw().length;
    const repaints = clears(t);
    t.press(KEY['C-l']);
    await settled(t, () => clears(t) > repaints && body(t).includes('Findings'));
    const full = t.raw().length - start;
    console.log(`[incremental] one Down in the tree writes ${moved} bytes; a full repaint of the same screen ${full}`);
    expect(moved).toBeLessThan(full / 2);
  }, 60000);

  it('after resizes 80x24 -> 60x20 -> 200x60 -> 80x24, then B or 5, the screen equals a full repaint', async () => {
    for (const key of ['B', '5']) {
      tui = pty.start(['--example'], { env: { LANG: 'C.UTF-8' } });
      const t = tui;
      await t.waitFor('q quit');
      t.resize(60, 20);
      await t.waitFor(/60x20/);
      t.resize(200, 60);
      await t.waitFor(/Findings: 0 errors[\s\S]*q quit/);
      t.resize(80, 24);
      await t.waitFor((s: string) => !s.includes('200x') && /│Northwind Traders \(Exchange\)/.test(s) && s.split('\n')[0]!.length <= 80);
      await stableBody(t);
      const before = body(t);
      t.press(key);
      const incremental = await settled(t, () => body(t) !== before, key);
      const repaints = clears(t);
      t.press(KEY['C-l']);
      expect(await settled(t, () => clears(t) > repaints && body(t).includes('Findings')), `after the resizes and ${key}`).toBe(
        incremental,
      );
      t.kill();
    }
  }, 60000);
});
