// The README's console sample is what the console draws: the same keys on the built-in example at 80x24
// give exactly the block the README shows (status bar included), so the front door cannot go stale.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderConsole } from '../helpers/console.js';

it("the README's 80x24 sample (/, POP3 Connector, Enter, p) is the console's screen", async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const sample = /## The console\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(sample, 'README has no console sample under "## The console"').toBeDefined();
  expect(readme).toContain('(`/`, `POP3 Connector`, Enter, `p`)');
  const h = renderConsole({ ascii: false });
  await h.press('/');
  await h.type('POP3 Connector');
  const screen = await h.press('enter', 'p');
  h.unmount();
  const lines = (text: string) => text.split('\n').map((l) => l.trimEnd());
  expect(lines(sample!.trimEnd())).toEqual(lines(screen.trimEnd()));
});
