// B switches line and ASCII borders on a mounted console: the frame must be the one a fresh ASCII
// console draws. (Ink applies only changed style props: switching borderStyle re-enabled each pane's top
// border in the layout, blanking the first line of every pane and shifting the findings down a row.)
import { expect, it } from 'vitest';
import { renderConsole } from '../helpers/console.js';

const body = (s: string) => s.split('\n').slice(0, -1).join('\n');

it('B draws exactly what a console started with ASCII borders draws', async () => {
  const a = renderConsole({ ascii: false, color: true });
  const switched = await a.press('B');
  const fresh = renderConsole({ ascii: true, color: true });
  expect(body(switched)).toBe(body(fresh.screen()));
  a.unmount();
  fresh.unmount();
});
