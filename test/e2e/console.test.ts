// The console in a real terminal at 80x24: open on a copy of the shared example, break the POP3
// connector's smart host, watch the preview and findings react, undo, save, and check the file.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readModelFile } from '../../src/persistence/file.js';
import { validate } from '../../src/model/rules/index.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { ptySession, type Tui, withTimeout } from '../helpers/pty.js';
import { KEY } from '../helpers/keys.js';

const pty = ptySession();

const ALICE = { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' as const } };

let tui: Tui | undefined;

describe('console end to end (pty, 80x24)', () => {
  it("breaks the POP3 connector's smart host, sees the preview bounce and a finding, undoes, saves a valid file", async () => {
    const { dir, file } = pty.sharedExample();
    const before = simulate(readModelFile(file).model, ALICE);
    expect(before.verdict.kind).toBe('delivered');

    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    let s = await tui.waitFor('q quit');
    expect(s).toContain('System Manager');
    expect(s).toContain('DELIVERED to pop3 POP01 alice@pop.northwindtraders.com');
    expect(s.split('\n')[0]).toContain('model.yaml');
    expect(tui.raw()).toContain('\u001B[?1049h');

    // Go to the POP3 connector: Connectors is the 15th row of the tree.
    tui.press('/');
    await tui.waitFor('(Enter keeps, Esc clears)');
    tui.press('POP3 Connector');
    await tui.waitFor(/›\s+POP3 Connector/);
    tui.press(KEY.enter);
    await tui.waitFor('filter: POP3 Connector');
    tui.press('p');
    s = await tui.waitFor('POP3 Connector Properties');
    tui.press(KEY.down);
    await tui.waitFor(/› +Smart host: \[10\.0\.0\.20\]/);
    tui.press(KEY.enter);
    tui.press(KEY['C-u']); // clears the field
    await tui.waitFor(/Smart host: _/);
    tui.press('[10.0.0.99]');
    await tui.waitFor('Smart host: [10.0.0.99]_');
    tui.press(KEY.enter);
    s = await tui.waitFor('BOUNCED 4.4.7');
    expect(s).toContain('Findings: 1 error');
    expect(s).toContain('connector.smart-host-unresolved');
    expect(s).toContain('(modified)');

    tui.press('z');
    s = await tui.waitFor('DELIVERED to pop3 POP01 alice@pop.northwindtraders.com');
    expect(s).toContain('Smart host: [10.0.0.20]');
    expect(s).toContain('Findings: 0 errors');
    tui.press(KEY.esc);
    await tui.waitFor('Enter open');
    tui.press('s');
    await tui.waitFor('Saved');
    tui.press('q');
    const { exitCode } = await withTimeout(tui.exited, 10000, 'the console to exit after q');
    expect(exitCode).toBe(0);
    expect(tui.raw()).toContain('\u001B[?1049l');

    expect(existsSync(`${file}.bak`)).toBe(true);
    const saved = readModelFile(file);
    expect(validate(saved.model).filter((f) => f.severity === 'error')).toEqual([]);
    expect(saved.model.exchange.connectors[0]!.smartHosts).toEqual(['[10.0.0.20]']);
    expect(simulate(saved.model, ALICE)).toEqual(before);
  });

  it('redraws on resize, shows the notice below 80x24, and asks before dropping edits on q', async () => {
    const { dir, file } = pty.sharedExample();
    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    await tui.waitFor('q quit');
    tui.resize(70, 20);
    await tui.waitFor('coexist needs a terminal of at least 80x24; this one is 70x20');
    tui.resize(100, 30);
    let s = await tui.waitFor(/Findings: 0 errors/);
    expect(s).not.toContain('needs a terminal');
    expect(s.split('\n')[0]).toMatch(/\[1 System Manager\]/);
    tui.press('3');
    await tui.waitFor('Active Directory Users and Computers');
    tui.press(`${KEY.down}${KEY.down}d`);
    await tui.waitFor('Delete user alice (Alice Martin)?');
    tui.press(KEY.right);
    await tui.waitFor(/›\[ Delete \]/);
    tui.press(KEY.enter);
    await tui.waitFor('(modified)');
    tui.press('q');
    s = await tui.waitFor('Quit and drop them?');
    tui.press(KEY.enter); // Cancel is the default
    await tui.waitFor('Cancelled');
    tui.press('q');
    await tui.waitFor('Quit and drop them?');
    tui.press(KEY.left); // left from Cancel wraps to "Quit without saving"
    await tui.waitFor(/›\[ Quit without saving \]/);
    tui.press(KEY.enter);
    const { exitCode } = await withTimeout(tui.exited, 10000, 'the console to exit');
    expect(exitCode).toBe(0);
    expect(readModelFile(file).model.users.map((u) => u.logon)).toContain('alice');
  });
});

describe('console end to end: colours and Ctrl+C', () => {
  it('uses 16-colour escapes by default, none with NO_COLOR (the selection is still marked), and Ctrl+C quits with 130', async () => {
    const { dir, file } = pty.sharedExample();
    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    await tui.waitFor('q quit');
    // eslint-disable-next-line no-control-regex
    expect(tui.raw()).toMatch(/\u001B\[(3[0-7]|9[0-7])m/);
    expect(tui.raw()).not.toMatch(/\u001B\[38;[25];/);
    tui.press(KEY['C-c']);
    expect((await withTimeout(tui.exited, 10000, 'Ctrl+C')).exitCode).toBe(130);
    tui.kill();

    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8', NO_COLOR: '1' } });
    const s = await tui.waitFor('q quit');
    // eslint-disable-next-line no-control-regex
    expect(tui.raw()).not.toMatch(/\u001B\[(3[0-7]|9[0-7]|4[0-7])m/);
    expect(s).toMatch(/│›▾ Northwind Traders/);
    tui.press('q');
    expect((await withTimeout(tui.exited, 10000, 'q')).exitCode).toBe(0);
  });
});
