// A filter that matches nothing says so, and leaves nothing selected: the details pane must not keep
// describing a user the list no longer shows, and p or d must not act on him.
import { afterEach, describe, expect, it } from 'vitest';
import { renderConsole, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

describe('the tree filter', () => {
  it('with no match: "No match", "Nothing selected", and p opens nothing; Esc brings the selection back', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.press('3');
    await h.press('/');
    for (const c of 'carl') await h.press(c);
    let s = await h.waitForText('Carl Dubois (carl)');
    for (const c of 'zz') await h.press(c);
    s = await h.waitForText('No match for "carlzz"');
    expect(s).toContain('Nothing selected');
    expect(s).not.toContain('Carl Dubois');
    await h.press('enter');
    s = await h.press('p');
    expect(h.state().sheet).toBeFalsy();
    expect(s).not.toContain('Properties');
    await h.press('esc');
    s = await h.waitForText('Carl Dubois (carl)');
    expect(s).not.toContain('No match');
  });
});
