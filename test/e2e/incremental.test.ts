// Incremental rendering in a real terminal: after each key only the changed lines are written, and the
// screen must then be exactly what a full repaint (Ctrl+L) draws. Without patches/ink+6.8.0.patch every
// changed line lands one row too low and this fails on the first key.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle, startTui, type Tui } from '../helpers/pty.js';

const DOWN = '\u001B[B';
const RIGHT = '\u001B[C';
const ENTER = '\r';
const TAB = '\t';
const ESC = '\u001B';
const CTRL_L = '\u000C';

let tui: Tui | undefined;
beforeAll(() => ensureBundle(), 120000);
afterEach(() => { tui?.kill(); tui = undefined; });

/** The screen without the status bar (a message may come and go there) and the empty last row. */
const body = (t: Tui) => t.screen().split('\n').slice(0, -2).join('\n');
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The body once every byte written has been drawn and nothing changed for 150 ms. */
async function stableBody(t: Tui): Promise<string> {
  let last = '';
  let since = performance.now();
  for (;;) {
    await t.waitFor(/[\s\S]/);
    const now = body(t);
    if (now !== last) { last = now; since = performance.now(); }
    else if (performance.now() - since >= 150) return now;
    await settle(20);
  }
}

describe('incremental rendering (pty, 80x24)', () => {
  it('after every key the screen equals a full repaint, and a tree move writes far less than a frame', async () => {
    tui = startTui(['--example'], { env: { LANG: 'C.UTF-8' } });
    const t = tui;
    await t.waitFor('q quit');
    const keys = [DOWN, DOWN, DOWN, RIGHT, DOWN, 'p', DOWN, DOWN, ']', ESC, TAB, DOWN, TAB, DOWN, ESC, '3', DOWN, DOWN, '2', DOWN, 'f', 'f', '/', 'POP', ENTER, ESC];
    for (const k of keys) {
      t.press(k);
      const incremental = await stableBody(t);
      t.press(CTRL_L);
      await settle(100);
      expect(await stableBody(t), `after ${JSON.stringify(k)}`).toBe(incremental);
    }
    // One Down in the tree: the bytes written are a fraction of a full frame's.
    const before = t.raw().length;
    t.press(DOWN);
    await stableBody(t);
    const moved = t.raw().length - before;
    const start = t.raw().length;
    t.press(CTRL_L);
    await settle(100);
    await stableBody(t);
    const full = t.raw().length - start;
    console.log(`[incremental] one Down in the tree writes ${moved} bytes; a full repaint of the same screen ${full}`);
    expect(moved).toBeLessThan(full / 2);
  }, 60000);
});
