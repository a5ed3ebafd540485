// Every key as a terminal sends it, one key per write: Backspace is one DEL byte (0x7f), Delete is
// ESC [3~, Ctrl+W is 0x17. Ink 6 reports DEL and ESC [3~ alike; the console's decoder reads the raw
// bytes, so Backspace edits every text field and never asks to delete the selected object.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ptySession, type Tui, withTimeout } from '../helpers/pty.js';
import { KEY } from '../helpers/keys.js';

const pty = ptySession();

let tui: Tui | undefined;

/** One write per byte of text (a slow typist, or a terminal over SSH), waiting for each echo. */
async function typeSlowly(t: Tui, text: string, shows: (typed: string) => string | RegExp): Promise<void> {
  let typed = '';
  for (const ch of text) {
    t.press(ch);
    typed += ch;
    await t.waitFor(shows(typed));
  }
}

describe('keys on a real terminal, one write per key', () => {
  it('Backspace, Del, Left, Home, End, Ctrl+W and Ctrl+K edit the tree filter; on the tree Backspace deletes nothing and Del asks', async () => {
    const { dir, file } = pty.sharedExample();
    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    await tui.waitFor('q quit');

    // The tree filter.
    tui.press('/');
    await tui.waitFor('/_  (Enter keeps, Esc clears)');
    await typeSlowly(tui, 'POP3 Cx', (t) => `/${t}_`);
    tui.press(KEY.backspace);
    await tui.waitFor('/POP3 C_');
    tui.press(KEY.backspace);
    tui.press(KEY.backspace);
    await tui.waitFor('/POP3_');
    tui.press(KEY['C-w']); // Ctrl+W
    await tui.waitFor('/_  (Enter');
    await typeSlowly(tui, 'Conector', (t) => `/${t}_`);
    for (let i = 0; i < 5; i++) tui.press(KEY.left);
    await tui.waitFor('/Con_ector');
    tui.press('n');
    await tui.waitFor('/Conn_ector');
    tui.press(KEY.home);
    await tui.waitFor('/_Connector');
    tui.press(KEY.delete);
    await tui.waitFor('/_onnector');
    tui.press('C');
    tui.press(KEY.end);
    await tui.waitFor('/Connector_');
    tui.press(KEY.home);
    tui.press(KEY['C-k']);
    await tui.waitFor('/_  (Enter');
    await typeSlowly(tui, 'POP3 Connector', (t) => `/${t}_`);
    tui.press(KEY.enter);
    await tui.waitFor('filter: POP3 Connector');

    // Backspace on the tree does nothing to the selected object; Del asks to delete it.
    tui.press(KEY.backspace);
    await new Promise((r) => setTimeout(r, 300));
    expect(tui.screen()).not.toContain('Confirm delete');
    tui.press(KEY.delete);
    await tui.waitFor('Delete connector "POP3 Connector"?');
    tui.press(KEY.esc);
    await tui.waitFor('Cancelled');
  });

  it('Backspace and Ctrl+U edit a property field and the trace dialog', async () => {
    const { dir, file } = pty.sharedExample();
    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    await tui.waitFor('q quit');
    tui.press('/');
    for (const ch of 'POP3 Connector') tui.press(ch);
    await tui.waitFor('/POP3 Connector_');
    tui.press(KEY.enter);
    await tui.waitFor('filter: POP3 Connector');

    // A property field: Smart host.
    tui.press('p');
    await tui.waitFor('POP3 Connector Properties');
    tui.press(KEY.down);
    await tui.waitFor(/› +Smart host: \[10\.0\.0\.20\]/);
    tui.press(KEY.enter);
    await tui.waitFor('Smart host: [10.0.0.20]_');
    tui.press(KEY.backspace);
    tui.press(KEY.backspace);
    tui.press(KEY.backspace);
    await tui.waitFor('Smart host: [10.0.0._');
    tui.press('9');
    tui.press('9');
    tui.press(']');
    await tui.waitFor('Smart host: [10.0.0.99]_');
    tui.press(KEY.esc);
    await tui.waitFor(/› +Smart host: \[10\.0\.0\.20\]/);
    tui.press(KEY.esc);
    await tui.waitFor('Enter open');

    // The trace dialog (t): Ctrl+U empties the recipient, Backspace corrects a typo.
    tui.press('t');
    await tui.waitFor(/Recipient \(RCPT TO\): .*_/);
    tui.press(KEY['C-u']);
    await tui.waitFor('(RCPT TO): _');
    await typeSlowly(tui, 'bob@northwindtraders.comm', (t) => `(RCPT TO): ${t}_`);
    tui.press(KEY.backspace);
    await tui.waitFor('(RCPT TO): bob@northwindtraders.com_');
    for (let i = 0; i < 4; i++) tui.press(KEY.enter); // recipient, origin, sender, via
    await tui.waitFor('Routing preview: bob@northwindtraders.com');
  });

  it('Backspace edits the help search and a New... form; q quits', async () => {
    const { dir, file } = pty.sharedExample();
    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    await tui.waitFor('q quit');

    // The help search.
    tui.press('?');
    await tui.waitFor('Search: _');
    await typeSlowly(tui, 'undoo', (t) => `Search: ${t}_`);
    tui.press(KEY.backspace);
    await tui.waitFor('Search: undo_');
    expect(tui.screen()).toContain('Undo the last edit');
    tui.press(KEY.esc);
    await tui.waitFor('q quit');

    // A New... form: users (view 3), n.
    tui.press('3');
    await tui.waitFor('Active Directory Users and Computers');
    tui.press(KEY.down);
    await tui.waitFor(/› ▾ Users/);
    tui.press('n');
    await tui.waitFor(/› [^\n]*_/);
    await typeSlowly(tui, 'carolx', (t) => `${t}_`);
    tui.press(KEY.backspace);
    await tui.waitFor(/carol_/);
    tui.press(KEY.esc);
    await tui.waitFor('q quit');

    tui.press('q');
    expect((await withTimeout(tui.exited, 10000, 'q')).exitCode).toBe(0);
  });

  it("Backspace edits the wizard's fields", async () => {
    const dir = pty.tempDir('coexist-keys-');
    tui = pty.start(['init', '--out', join(dir, 'm.yaml')], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    await tui.waitFor('Step 1 of');
    tui.press(KEY.enter);
    await tui.waitFor('Step 2 of');
    tui.press(KEY.enter);
    await tui.waitFor('Step 3 of');
    for (const ch of 'Contosoo') tui.press(ch);
    await tui.waitFor('Contosoo');
    tui.press(KEY.backspace);
    await tui.waitFor(/Contoso(?!o)/);
    tui.press(KEY['C-w']);
    await tui.waitFor(/^(?![\s\S]*Contoso)[\s\S]*Organization name/);
    tui.press(KEY.esc);
    tui.press(KEY.esc);
    tui.press('y');
    await withTimeout(tui.exited, 10000, 'the wizard to close');
  });
});
