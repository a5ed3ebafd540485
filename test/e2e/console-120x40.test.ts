// The console at 120x40 on a real terminal, as a new administrator walks the seed's steps: one key per
// write (as a person types), every frame within the terminal, the bigger panes used (the whole tree, a
// finding read whole in the findings pane), and the screen after incremental updates equal to a full
// repaint (Ctrl+L).
import { rmSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEY } from '../helpers/keys.js';
import { ensureBundle, fullRepaint, sharedExample, stableScreen, startTui, typeText, withTimeout, type Tui } from '../helpers/pty.js';

const COLS = 120;
const ROWS = 40;

let tui: Tui | undefined;
const dirs: string[] = [];
beforeAll(() => ensureBundle(), 120000);
afterEach(() => {
  tui?.kill();
  tui = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The screen without its last two rows (the status bar's message may come and go). */
const body = (s: string) => s.split('\n').slice(0, -2).join('\n');

/** The frame drawn incrementally equals what Ctrl+L (a full repaint) draws. */
async function expectFullRepaintEqual(t: Tui, what: string): Promise<void> {
  const incremental = await stableScreen(t, body);
  expect(await fullRepaint(t, incremental, body), what).toBe(incremental);
}

const fits = (s: string) => s.split('\n').every((l) => l.length <= COLS);

describe('the console at 120x40 (pty), the seed step by step', () => {
  it('policy, connector, relay, users, a trace via POP01, and a finding read whole', async () => {
    const { dir, file } = sharedExample(dirs);
    tui = startTui(['--model', file], { cols: COLS, rows: ROWS, cwd: dir, env: { LANG: 'C.UTF-8' } });
    const t = tui;
    let s = await t.waitFor('q quit');
    // The status bar is on the last row the frame uses, the whole tree fits (its last node shown), nothing is wider.
    expect(s.split('\n')[ROWS - 2]).toContain('q quit');
    expect(s).toContain('Internet DNS (MX records)');
    expect(fits(s)).toBe(true);

    // Recipient policy for the POP3 users: its filter shows every option, its addresses tab both addresses.
    t.press('/');
    await typeText(t, 'POP User');
    await t.waitFor('/POP User_');
    t.press(KEY.enter);
    t.press('p');
    s = await t.waitFor('POP User Addresses Properties');
    expect(s).toMatch(/\( \) All recipients/);
    expect(s).toMatch(/\(•\) Users with external e-mail addresses/);
    expect(s).toMatch(/\( \) Users with Exchange mailbox/);
    t.press(']');
    s = await t.waitFor('[E-Mail Addresses (Policy)]');
    expect(s).toMatch(/SMTP \(Primary\): @pop\.northwindtraders\.com\s+│\n│ +\[ \] This Exchange Organization is responsible/);
    await expectFullRepaintEqual(t, 'the policy sheet');

    // Ticking "responsible" on the POP3 domain: the finding is read whole in the findings pane at 120x40.
    t.press('j');
    await t.waitFor(/› +\[ \] This Exchange Organization/);
    t.press(' ');
    s = await t.waitFor('Findings: 1 error');
    const findings = s.slice(s.indexOf('Findings: 1 error')).replace(/[│\s]+/g, ' ');
    expect(findings).toContain('Exchange would never forward it (NDR 5.4.6)');
    t.press('z');
    await t.waitFor('Findings: 0 errors');

    // The SMTP connector to the POP3 server: its smart host.
    t.press(KEY.esc);
    await t.waitFor((x) => !x.includes('local model'));
    t.press('/');
    t.press(KEY['C-u']);
    await typeText(t, 'POP3 Conn');
    await t.waitFor('/POP3 Conn_');
    t.press(KEY.enter);
    t.press('p');
    s = await t.waitFor('POP3 Connector Properties');
    expect(s).toContain('Smart host: [10.0.0.20]');

    // Exchange's relay restrictions: both options of the radio group, the POP3 server's address listed, and
    // ESM's three ways to add one.
    t.press(KEY.esc);
    await t.waitFor((x) => !x.includes('local model'));
    t.press('/');
    t.press(KEY['C-u']);
    await typeText(t, 'Default SMTP');
    await t.waitFor('/Default SMTP_');
    t.press(KEY.enter);
    t.press('p');
    await t.waitFor('Default SMTP Virtual Server Properties (EX01)');
    t.press(']');
    s = await t.waitFor('[Access]');
    expect(s).toMatch(/Relay restrictions: \(•\) Only the list below {2}\( \) All except the list below/);
    expect(s).toContain('Single computer: 10.0.0.20');
    expect(s).toMatch(/\[ Add\.\.\. Single computer \][\s\S]*\[ Add\.\.\. Group of computers \][\s\S]*\[ Add\.\.\. Domain \]/);
    await expectFullRepaintEqual(t, 'the relay restrictions');

    // Users: Alice is a POP3 user (mail-enabled, external address).
    t.press(KEY.esc);
    await t.waitFor((x) => !x.includes('local model'));
    t.press('3');
    await t.waitFor('[3 Users]');
    t.press('j');
    t.press('j');
    t.press('p');
    s = await t.waitFor('Alice Martin Properties');
    expect(s).toMatch(/\(•\) POP3 user \(mail-enabled, external e-mail address\)/);
    t.press(KEY.esc);
    await t.waitFor((x) => !x.includes('local model'));

    // The trace dialog: probe POP01 for relaying from the Internet, as route --via does.
    t.press('t');
    await t.waitFor('Routing preview: trace a message');
    t.press(KEY['C-u']);
    await typeText(t, 'someone@example.org');
    t.press(KEY.enter);
    t.press(KEY.enter);
    t.press(KEY.enter);
    await typeText(t, 'POP01');
    await t.waitFor('Via (receiving server): POP01');
    t.press(KEY.enter);
    s = await t.waitFor('via POP01');
    expect(s).toMatch(/Routing preview: someone@example\.org from internet via POP01/);
    expect(fits(s)).toBe(true);
    await expectFullRepaintEqual(t, 'the trace via POP01');

    // The findings pane, zoomed: its text wrapped to the whole screen.
    t.press(KEY.tab);
    t.press(KEY.tab);
    t.press(KEY.tab);
    t.press('x');
    await t.waitFor((x) => x.split('\n')[ROWS - 2]?.includes('back') === true);
    t.press(KEY.esc);
    t.press('q');
    expect((await withTimeout(t.exited, 10000, 'q')).exitCode).toBe(0);
  }, 120000);
});
