// "A new view = one file + one line" (docs/architecture.md, "Adding a view"): a view added by one line, here
// registerView (the same ViewDef a line of VIEWS is), gets its key, its command in the table, its line in the
// help and the README's key reference, its tab in the title bar, and its key shows its tree.
// registerView must run before the console's command table is assembled, so the console is imported after it.
import { afterEach, describe, expect, it } from 'vitest';
import { registerView } from '../../src/screens/views/index.js';
import type { Model } from '../../src/model/schema.js';

registerView({
  id: 'domains',
  title: 'Domains',
  key: '6',
  help: 'View: the POP3 domains (a test-only view)',
  tree: (model: Model) =>
    model.pop3.servers.flatMap((s, i) =>
      s.domains.map((d, j) => ({ id: `domains/${i}/${j}`, label: `Domain ${d.name}`, kind: 'POP3 domain', children: [] })),
    ),
});

const { COMMANDS, commandFor, keyReference } = await import('../../src/screens/commands.js');
const { renderConsole } = await import('../helpers/console.js');
type Harness = ReturnType<typeof renderConsole>;

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

describe('a view registered with one line', () => {
  it('is in the command table with its key, and in the key reference', () => {
    const c = COMMANDS.find((x) => x.id === 'view.domains');
    expect(c).toMatchObject({ scope: 'global', keys: ['6'], title: 'View: the POP3 domains (a test-only view)' });
    expect(commandFor('tree', '6', true)?.id).toBe('view.domains');
    expect(keyReference()).toContainEqual(expect.stringMatching(/^6 +View: the POP3 domains \(a test-only view\) \(Everywhere\)$/));
  });

  it('has a tab, a line in the help, and its key shows its tree', async () => {
    h = renderConsole({ cols: 120, rows: 40 });
    let s = await h.waitForText('1 System');
    expect(s).toContain('6 Domains');
    s = await h.press('?');
    expect(s).toContain('View: the POP3 domains (a test-only view)');
    await h.press('esc');
    s = await h.press('6');
    expect(s).toContain('[6 Domains]');
    expect(s).toContain('Domain pop.northwindtraders.com');
    expect(h.state().viewId).toBe('domains');
  });

  it('cannot be registered once the command table is assembled (it would have no key)', () => {
    expect(() => registerView({ id: 'late', title: 'Late', key: '7', help: 'View: late', tree: () => [] })).toThrow(
      /register views before the console's command table is assembled/,
    );
  });
});
