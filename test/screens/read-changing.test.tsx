// Text that changes how a terminal reads what follows (C1 controls, U+2028/U+2029, the bidirectional
// embeddings, overrides and isolates) never reaches the terminal from the console: typed or pasted into a
// free-text field (a New User form in the Users view, a property, the tree filter, the trace dialog), each
// becomes a space, so U+202E cannot reverse a row or shift the panes' borders. A model holding one never
// loads (test/hardening/hostile-input.test.ts), so the Users view shows only what was typed here.
import { afterEach, describe, expect, it } from 'vitest';
import { READ_CHANGING } from '../../src/model/schema.js';
import { READ_CHANGING_CORPUS } from '../hardening/read-changing-corpus.js';
import { renderConsole, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const CORPUS = READ_CHANGING_CORPUS;
const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const READ_CHANGING_ALL = new RegExp(READ_CHANGING.source.replace('\\u0000-\\u001f', '').replace('\\u007f-', '\\u0080-'), 'g');

/** Nothing of the corpus in anything written to the terminal, and every row of the screen as wide as the terminal. */
function expectClean(ui: Harness, cols = 80) {
  const found = [...ui.written().matchAll(READ_CHANGING_ALL)].map((m) => hex(m[0]));
  expect(found, 'characters that reached the terminal').toEqual([]);
  const rows = ui.screen().split('\n');
  for (const row of rows.slice(0, -1)) expect([...row].length, row).toBeLessThanOrEqual(cols);
}

describe('no terminal-changing character reaches the screen', () => {
  it.each(CORPUS.map((c) => [hex(c), c]))('%s typed and pasted into the Users view New User form', async (_name, c) => {
    h = renderConsole();
    await h.press('3', 'j');
    let s = await h.press('n');
    expect(s).toContain('New Object - User');
    await h.type('eve');
    await h.press('tab');
    // One character per write (typing), then a paste of the whole name in one write.
    for (const ch of ['E', 'v', 'e', c, 'x']) await h.press(ch);
    await h.type(` Moe${c}rsk`);
    expectClean(h);
    await h.press('tab');
    await h.type('eve@pop.northwindtraders.com');
    s = await h.press('enter');
    const eve = h.state().model.users.find((u) => u.logon === 'eve');
    expect(eve?.displayName).toMatch(/^Eve ?x Moe ?rsk$/);
    expect(s).toMatch(/Eve ?x Moe ?rsk \(eve\)/);
    expectClean(h);
  });

  it('a property, the tree filter and the trace dialog: the whole corpus pasted, never shown', async () => {
    h = renderConsole();
    const all = CORPUS.join('');
    await h.press('3');
    await h.press('/');
    await h.type(`Ali${all}`);
    expectClean(h);
    await h.press('esc');
    await h.press('/');
    await h.type('Alice');
    await h.press('enter');
    let s = await h.press('enter');
    expect(s).toContain('Alice Martin Properties');
    for (let i = 0; i < 20 && !/\|>.*Display name/.test(h.screen()); i++) await h.press('j');
    await h.press('enter', 'C-u');
    await h.type(`Alice${all}Martin`);
    expectClean(h);
    s = await h.press('enter');
    expect(h.state().model.users[0]!.displayName).toMatch(/^Alice +Martin$/);
    expectClean(h);
    await h.press('esc', 'esc', '1', 't');
    await h.type(`bob${all}@northwindtraders.com`);
    expectClean(h);
  });
});
