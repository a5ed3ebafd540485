// The trace dialog (t) takes the sender and the receiving server, so a relay probe of EX01 or POP01 is
// made from the console as `coexist route --via` makes it.
import { afterEach, expect, it } from 'vitest';
import { scenarioModel } from '../../src/model/scenarios.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { verdictLine } from '../../src/screens/components/PreviewPane.js';
import { renderConsole, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

it('traces from the Internet via POP01 with a sender, as route --via POP01 --sender does', async () => {
  h = renderConsole({ rows: 40, cols: 120 });
  let s = await h.press('t');
  expect(s).toContain('Sender (MAIL FROM)');
  expect(s).toContain('Via (receiving server)');
  await h.press('C-u');
  await h.type('stranger@example.com');
  await h.press('tab', 'tab');
  await h.type('spammer@example.net');
  await h.press('tab');
  s = await h.type('POP02');
  expect(s).toContain('"POP02" is not a server of the model (EX01, POP01)');
  await h.press('backspace', 'backspace');
  await h.type('01');
  s = await h.press('enter');
  expect(s).toContain('Routing preview: stranger@example.com from internet via POP01, MAIL FROM spammer@example.net');
  const expected = simulate(scenarioModel('shared-domain'), {
    recipient: 'stranger@example.com',
    origin: { kind: 'internet' },
    via: 'POP01',
    sender: 'spammer@example.net',
  });
  expect(h.state().preview.message).toEqual({
    recipient: 'stranger@example.com',
    origin: { kind: 'internet' },
    via: 'POP01',
    sender: 'spammer@example.net',
  });
  expect(s).toContain(verdictLine(expected.verdict).text.slice(0, 60));
});
