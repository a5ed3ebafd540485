// x zooms the focused pane: its whole text wrapped at 80x24, Esc returns to the panes.
import { afterEach, expect, it } from 'vitest';
import { scenarioModel } from '../../src/model/scenarios.js';
import { applyEdit } from '../../src/model/edits/index.js';
import { validate } from '../../src/model/rules/index.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { renderConsole, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const words = (s: string) => s.replace(/[|+]/g, ' ').replace(/\s+/g, ' ');

it('zooms the routing preview: every hop whole, with the setting by name; Esc returns', async () => {
  h = renderConsole();
  await h.press('tab', 'tab');
  let s = await h.press('x');
  expect(h.state().zoom).not.toBeNull();
  expect(s).toMatch(/Routing preview: alice@northwindtraders\.com from internet/);
  const trace = simulate(scenarioModel('shared-domain'), { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } });
  // The fourth hop's decision is cut in the normal layout; zoomed it is there whole.
  expect(words(s)).toContain(words(`4. ${trace.steps[3]!.server} ${trace.steps[3]!.component}: ${trace.steps[3]!.decision}`));
  expect(words(s)).toContain('Setting: POP3 Connector');
  s = await h.press('esc');
  expect(h.state().zoom).toBeNull();
  expect(s).toContain('Findings: 0 errors');
  expect(h.state().focus).toBe('preview');
});

it('zooms the findings: the message, the fix and the seed are read in full', async () => {
  const r = applyEdit(scenarioModel('shared-domain'), (m) => {
    m.exchange.connectors[0]!.smartHosts = ['[10.0.0.99]'];
    return m;
  });
  if (!r.ok) throw new Error('refused');
  const f = validate(r.model).find((x) => x.severity === 'error')!;
  h = renderConsole({ model: r.model });
  await h.press('tab', 'tab', 'tab');
  let s = await h.press('x');
  for (let i = 0; i < 3 && !words(s).includes(words(`Seed: ${f.seed}`)); i++) s = await h.press('pgdn');
  expect(words(h.state().zoom ? s : '')).toContain(words(`Seed: ${f.seed}`).slice(0, 60));
  s = await h.press('x');
  expect(s).toContain('Findings: 1 error');
});
