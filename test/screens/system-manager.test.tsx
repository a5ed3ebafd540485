import { afterEach, describe, expect, it } from 'vitest';
import { renderConsole, treeText, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** Move the tree selection down until the selected row contains `label`. */
async function selectTree(ui: Harness, label: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const line = ui
      .screen()
      .split('\n')
      .find((l) => l.includes('|>') || l.includes('│›'));
    if (line?.includes(label)) return ui.screen();
    await ui.press('j');
  }
  throw new Error(`${label} not found in the tree\n${ui.screen()}`);
}

describe('System Manager view', () => {
  it("shows the seed's tree, the details of the selection, the preview and the findings at 80x24", async () => {
    h = renderConsole();
    const s = await h.waitForText('System Manager');
    for (const label of [
      'Northwind Traders (Exchange)',
      'Recipients',
      'Recipient Policies',
      'Default Policy',
      'POP User Addresses',
      'Administrative Groups',
      'First Administrative Group',
      'Servers',
    ]) {
      expect(s).toContain(label);
    }
    expect(s).toContain('built-in example (read-only)');
    expect(s).toContain('Routing preview: alice@northwindtraders.com from internet');
    expect(s).toContain('DELIVERED to pop3 POP01 alice@pop.northwindtraders.com');
    expect(s).toContain('Findings: 0 errors, 0 warnings');
    expect(s.split('\n').length).toBe(23);
    await selectTree(h, 'Connectors');
    const deeper = await h.press('j');
    for (const label of [
      'EX01',
      'Protocols',
      'SMTP',
      'Default SMTP Virtual Se',
      'Routing Groups',
      'First Routing Group',
      'Connectors',
      'POP3 Connector',
    ])
      expect(deeper).toContain(label);
    expect(deeper).toContain('Kind: SMTP connector');
    expect(deeper).toContain('Smart hosts: [10.0.0.20]');
  });

  it('vim and arrow keys move the same way; h collapses and goes to the parent; Esc goes up and never quits', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.press('down', 'j');
    expect(h.state().views.system!.selected).toBe('sm/policies');
    await h.press('h');
    expect(treeText(h.screen())).not.toContain('Default Policy');
    await h.press('l');
    expect(treeText(h.screen())).toContain('Default Policy');
    await h.press('esc');
    expect(h.state().views.system!.selected).toBe('sm/recipients');
    await h.press('esc', 'esc', 'esc');
    expect(h.screen()).toContain('Esc never quits');
    expect(h.exits).toEqual([]);
  });

  it("several keys in one chunk each see the previous key's state", async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.type('jjj');
    expect(h.state().views.system!.selected).toBe('sm/policy/0');
  });

  it('/ filters the tree and Esc clears the filter', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.press('/');
    const s = await h.type('pop3');
    expect(treeText(s)).toContain('POP3 Connector');
    expect(treeText(s)).not.toContain('Default Policy');
    expect(h.state().views.system!.selected).toBe('sm/connector/0');
    await h.press('enter');
    expect(h.screen()).toContain('filter: pop3');
    await h.press('esc');
    expect(h.state().views.system!.filter).toBe('');
    expect(h.state().views.system!.selected).toBe('sm/connector/0');
    expect(treeText(h.screen())).toContain('Routing Groups');
  });

  it('Tab moves between panes; Enter on a finding jumps to the node and field it names', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    // Break the connector's smart host so that a finding appears.
    await h.press('/');
    await h.type('POP3 Conn');
    await h.press('enter', 'p', 'j', 'enter', 'C-u');
    await h.type('[10.0.0.99]');
    let s = await h.press('enter');
    expect(s).toContain('Smart host: [10.0.0.99]');
    expect(s).toContain('BOUNCED 4.4.7 at EX01');
    expect(s).toContain('Findings: 1 error');
    expect(s).toContain('connector.smart-host-unresolved');
    await h.press('esc');
    await h.press('/', 'C-u');
    await h.press('esc', 'g');
    expect(h.state().views.system!.selected).toBe('sm/org');
    await h.press('tab', 'tab', 'tab');
    expect(h.state().focus).toBe('findings');
    s = h.screen();
    expect(s).toContain('Finding');
    // At 80x24 the field's whole name comes first; the fix is read in the zoomed pane.
    expect(s).toContain('Field: POP3 Connector > General >');
    expect(await h.press('x')).toContain('Fix: Enter the POP3 server');
    s = await h.press('esc', 'enter');
    expect(s).toContain('POP3 Connector Properties');
    expect(s.split('\n').find((l) => l.includes('|>'))).toContain('Smart host: [10.0.0.99]');
    s = await h.press('z');
    expect(s).toContain('Smart host: [10.0.0.20]');
    expect(s).toContain('DELIVERED to pop3 POP01');
    expect(s).toContain('Findings: 0 errors');
    s = await h.press('Z');
    expect(s).toContain('Smart host: [10.0.0.99]');
  });
});
