// Settings by their ESM / IIS Manager / ADUC names wherever a person reads them; the YAML path stays in a
// details line (and in --json).
import { afterEach, expect, it } from 'vitest';
import { scenarioModel } from '../../src/model/scenarios.js';
import { applyEdit } from '../../src/model/edits/index.js';
import { settingName } from '../../src/screens/setting-names.js';
import { renderConsole, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

it('names a path as the consoles do', () => {
  const m = scenarioModel('shared-domain');
  expect(settingName(m, 'exchange.recipientPolicies[1].addresses[0].responsible')).toBe(
    'POP User Addresses › E-Mail Addresses (Policy) › @pop.northwindtraders.com › This Exchange Organization is responsible for all mail delivery to this address',
  );
  expect(settingName(m, 'exchange.connectors[0].smartHosts[0]')).toBe('POP3 Connector › General › [10.0.0.20]');
  expect(settingName(m, 'pop3.servers[0].smtp.relay')).toBe('POP01 › Default SMTP Virtual Server › Access › Relay restrictions');
  expect(settingName(m, 'users[0].externalAddress')).toBe('Alice Martin (alice) › Exchange Tasks › External E-mail Address');
  expect(settingName(m, 'exchange.servers[0]')).toBe('EX01');
});

it("the findings pane, the finding's details and the jump name the setting; the details keep the YAML path", async () => {
  const base = scenarioModel('shared-domain');
  const r = applyEdit(base, (m) => {
    m.exchange.connectors[0]!.smartHosts = ['[10.0.0.99]'];
    return m;
  });
  if (!r.ok) throw new Error('edit refused');
  h = renderConsole({ model: r.model, cols: 120, rows: 40 });
  let s = h.screen();
  expect(s.replace(/[|\s]+/g, ' ')).toContain('ERROR connector.smart-host-unresolved POP3 Connector > General > [10.0.0.99]:');
  s = await h.press('tab', 'tab', 'tab');
  expect(s).toContain('Field: POP3 Connector > General > [10.0.0.99]');
  expect(s).toContain('YAML path: exchange.connectors[0].smartHosts[0]');
  s = await h.press('enter');
  expect(s).toContain('POP3 Connector Properties');
  expect(s.split('\n').at(-1)).toContain('POP3 Connector > General > [10.0.0.99]');
});

it('at 80x24 a finding takes two lines in the findings pane', async () => {
  const base = scenarioModel('shared-domain');
  const r = applyEdit(base, (m) => {
    m.exchange.connectors[0]!.smartHosts = ['[10.0.0.99]'];
    return m;
  });
  if (!r.ok) throw new Error('edit refused');
  h = renderConsole({ model: r.model });
  const lines = h.screen().split('\n');
  const at = lines.findIndex((l) => l.includes('Findings: 1 error'));
  expect(lines[at + 1]).toContain('ERROR connector.smart-host-unresolved POP3 Connector > General > [10.0.0.99]:');
  // The second line goes on with the message instead of the pane's bottom border.
  expect(lines[at + 2]).toMatch(/^\| +\S/);
});

it("at 80x24 the finding's details show the field's whole ESM name, wrapped, not cut at the pane's edge", async () => {
  const base = scenarioModel('shared-domain');
  const r = applyEdit(base, (m) => {
    m.exchange.recipientPolicies[1]!.addresses[0]!.responsible = true;
    return m;
  });
  if (!r.ok) throw new Error('edit refused');
  h = renderConsole({ model: r.model });
  await h.press('tab', 'tab', 'tab');
  const s = await h.waitForText('Field:');
  const details = s
    .split('\n')
    .map((l) => /^\|.*?\|\|(.*)\|$/.exec(l)?.[1]?.trim() ?? '')
    .join(' ')
    .replace(/\s+/g, ' ');
  expect(details).toContain(
    'Field: POP User Addresses > E-Mail Addresses (Policy) > @pop.northwindtraders.com > This Exchange Organization is responsible for all mail delivery to this address',
  );
});

it('the status bar names an edited field as ESM does (policy, tab, address, box), not by its label alone', async () => {
  h = renderConsole({ model: scenarioModel('shared-domain'), cols: 120, rows: 40 });
  await h.press('/');
  await h.type('POP User');
  await h.press('enter', 'p', ']');
  const s = await h.press('down', 'down', 'down', 'space');
  const status = s.split('\n').slice(-3).join(' ').replace(/\s+/g, ' ');
  expect(status).toContain(
    'Cleared: POP User Addresses > E-Mail Addresses (Policy) > @northwindtraders.com > This Exchange Organization is responsible for all mail delivery to this address',
  );
  const undone = (await h.press('z')).split('\n').slice(-3).join(' ').replace(/\s+/g, ' ');
  expect(undone).toContain('Undone: Cleared: POP User Addresses > E-Mail Addresses (Policy) > @northwindtraders.com');
});
