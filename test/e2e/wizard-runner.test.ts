import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullRepaint, ptySession, stableScreen, type Tui, withTimeout } from '../helpers/pty.js';
import { KEY } from '../helpers/keys.js';

const pty = ptySession();

let tui: Tui | undefined;

function startWizard(env: Record<string, string>, size: { cols?: number; rows?: number } = {}): Tui {
  const dir = pty.tempDir('coexist-wizard-runner-');
  tui = pty.start(['init', '--out', join(dir, 'm.yaml')], { cwd: dir, env, ...size });
  return tui;
}

/** One byte per write, as a person types. */
const type = (t: Tui, text: string) => {
  for (const ch of text) t.press(ch);
};

const nonAscii = (screen: string) => [...new Set(screen.replace(/[\x20-\x7e\n]/g, ''))].join('');

describe('the guided setup in the console runner (pty)', () => {
  for (const [what, env] of [
    ['LANG=C', { LANG: 'C' }],
    ['COEXIST_ASCII=1 under a UTF-8 locale', { LANG: 'C.UTF-8', COEXIST_ASCII: '1' }],
  ] as const) {
    it(`draws only ASCII when the terminal asks for it (${what}), as the console does`, async () => {
      const t = startWizard(env);
      const screens = [await t.waitFor('Step 1 of 9')];
      t.press(KEY.enter);
      screens.push(await t.waitFor(/> Scenario[\s\S]*\(\*\) Shared domain/));
      t.press(KEY.enter);
      screens.push(await t.waitFor(/Step 3 of 9[\s\S]*> Organization name/));
      for (const s of screens) expect(nonAscii(s), s).toBe('');
    }, 30000);
  }

  it("draws the console's glyphs under a UTF-8 locale (select marker, radio buttons, steps done)", async () => {
    const t = startWizard({ LANG: 'C.UTF-8' });
    await t.waitFor('Step 1 of 9');
    t.press(KEY.enter);
    const s = await t.waitFor(/› Scenario[\s\S]*\(•\) Shared domain/);
    expect(s).toMatch(/✓ 1\. Welcome/);
    expect(s).toMatch(/› 2\. Scenario/);
  }, 30000);

  it('uses the console theme: its colours with colour on, none at all under NO_COLOR', async () => {
    const colour = startWizard({ LANG: 'C.UTF-8' });
    await colour.waitFor('Step 1 of 9');
    colour.press(KEY.enter);
    await colour.waitFor('› Scenario');
    // The console's tones: muted text gray (90), the focused field cyan (36), never Ink's dim (2).
    expect(colour.raw()).toContain('\x1b[90m');
    expect(colour.raw()).toContain('\x1b[36m');
    expect(colour.raw()).not.toMatch(/\x1b\[2m/);
    colour.kill();

    const plain = startWizard({ LANG: 'C.UTF-8', NO_COLOR: '1' });
    await plain.waitFor('Step 1 of 9');
    plain.press(KEY.enter);
    await plain.waitFor('› Scenario');
    plain.press(KEY.enter);
    await plain.waitFor('Organization name');
    type(plain, 'Acme');
    await plain.waitFor('Acme');
    const sgr = [...plain.raw().matchAll(/\x1b\[([\d;]*)m/g)].flatMap((m) => m[1]!.split(';'));
    const colours = sgr.filter((p) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(p));
    expect(colours).toEqual([]);
  }, 40000);

  it('after every key (one byte per write) the screen equals a full repaint, and a typed character writes far less than a frame', async () => {
    const t = startWizard({ LANG: 'C.UTF-8' });
    await t.waitFor('Step 1 of 9');
    await stableScreen(t);
    const steps: [string, RegExp][] = [
      [KEY.enter, /› Scenario/],
      ['\x1b[C', /\(•\) Separate domains/],
      ['\x1b[D', /\(•\) Shared domain/],
      [KEY.enter, /› Organization name/],
      ['A', /Organization name +A/],
      ['c', /Organization name +Ac/],
      ['m', /Organization name +Acm/],
      ['e', /Organization name +Acme/],
      ['x', /Organization name +Acmex/],
      [KEY.backspace, /Organization name +Acme(?!x)/],
      [KEY.tab, /› Shared mail domain/],
      ['\x1b[Z', /› Organization name/],
      // Next is refused: the message comes and goes incrementally too.
      [KEY.pgdn, /Fix the 2 problems on this page first/],
    ];
    for (const [key, sign] of steps) {
      t.press(key);
      await t.waitFor(sign);
      const incremental = await stableScreen(t);
      expect(await fullRepaint(t, incremental), `after ${JSON.stringify(key)}`).toBe(incremental);
    }
    // One more character in a field: the bytes written are a fraction of a full frame's.
    await fullRepaint(t, await stableScreen(t));
    const before = t.raw().length;
    t.press('s');
    await t.waitFor(/Organization name +Acmes/);
    const typedScreen = await stableScreen(t);
    const typed = t.raw().length - before;
    const start = t.raw().length;
    await fullRepaint(t, typedScreen);
    const full = t.raw().length - start;
    console.log(`[wizard] one character typed writes ${typed} bytes; a full repaint of the same screen ${full}`);
    expect(typed).toBeLessThan(full / 2);
    t.press(KEY.esc);
    await t.waitFor('Discard this setup?');
    t.press('y');
    await withTimeout(t.exited, 10000, 'the wizard to close');
  }, 90000);

  it('after resizes 80x24 -> 60x20 -> 120x40 -> 80x24 the answers are kept and the screen equals a full repaint', async () => {
    const t = startWizard({ LANG: 'C.UTF-8' });
    await t.waitFor('Step 1 of 9');
    t.press(KEY.enter);
    await t.waitFor('› Scenario');
    t.press(KEY.enter);
    await t.waitFor('› Organization name');
    type(t, 'Acme');
    await t.waitFor('Acme');
    t.resize(60, 20);
    await t.waitFor((s) => s.split('\n')[18]?.includes('Esc cancel') === true);
    t.resize(120, 40);
    await t.waitFor((s) => s.split('\n')[38]?.includes('Esc cancel') === true);
    t.resize(80, 24);
    await t.waitFor((s) => s.split('\n')[22]?.includes('Esc cancel') === true && s.includes('Acme'));
    await stableScreen(t);
    t.press('!');
    await t.waitFor('Acme!');
    const incremental = await stableScreen(t);
    expect(await fullRepaint(t, incremental)).toBe(incremental);
  }, 60000);
});
