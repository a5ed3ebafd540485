// The status bar offers only the keys that work on what is selected, and a key that does not work (or
// the help) says why (issue 13).
import { afterEach, expect, it } from 'vitest';
import type { Model } from '../../src/model/schema.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { renderConsole, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const statusBar = (screen: string) => screen.split('\n').at(-1) ?? '';

function modelWithTarget(): Model {
  const m = scenarioModel('shared-domain');
  m.targets = [{ id: 'pop', adapter: 'postfix-dovecot', server: 'POP01', connection: { kind: 'local' } }];
  return m;
}

it('Plan/Apply before any plan: "a apply" is not offered, a says why, and the help marks it', async () => {
  h = renderConsole({ model: modelWithTarget(), cols: 100, rows: 30 });
  let s = await h.press('5');
  expect(statusBar(s)).toContain('Enter plan');
  expect(statusBar(s)).not.toContain('apply');
  s = await h.press('a');
  expect(statusBar(s)).toContain('Not applied: no plan for pop yet: Enter makes one');
  s = await h.press('?');
  await h.type('apply');
  s = h.screen();
  expect(s.replace(/[|\s]+/g, ' ')).toMatch(/Apply exactly the plan shown .* \(not now: no plan for pop yet: Enter makes one\)/);
});

it('Plan/Apply without targets: neither plan nor apply is offered, and Enter says how to add one', async () => {
  h = renderConsole({ cols: 100, rows: 30 });
  let s = await h.press('5');
  expect(statusBar(s)).not.toMatch(/Enter plan|a apply/);
  s = await h.press('enter');
  expect(s).toContain('Not planned: The model has no targets: add one under targets');
});

it('a property sheet with one tab offers no "] tab", and ] says why', async () => {
  h = renderConsole({ model: scenarioModel('shared-domain'), cols: 100, rows: 30 });
  await h.press('2', '/');
  await h.type('pop.north');
  // The last match: the POP3 Service's domain (the SMTP server's Local domain above it has no sheet).
  let s = await h.press('enter', 'G', 'p');
  expect(s).toContain('pop.northwindtraders.com Properties');
  expect(statusBar(s)).not.toContain('] tab');
  s = await h.press(']');
  expect(statusBar(s)).toContain('pop.northwindtraders.com Properties has one tab');
  await h.press('esc', '1', '/');
  await h.type('POP User');
  s = await h.press('enter', 'p');
  expect(statusBar(s)).toContain('] tab');
});
