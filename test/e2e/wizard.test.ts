// The guided setup in a real terminal: `node bin/coexist.js init` on a pseudo-terminal of 80x24 (CI
// removed from the child's environment, or Ink only draws the last frame), screen kept by @xterm/headless.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readModelFile } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { validate } from '../../src/model/rules/index.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { KEY } from '../helpers/keys.js';
import { ptySession } from '../helpers/pty.js';

const COLS = 80;
const pty = ptySession();
/** The markers below are the ASCII glyphs ("> "); test/e2e/wizard-runner.test.ts checks the UTF-8 ones. */
const start = (args: string[]) => {
  const dir = pty.tempDir('coexist-e2e-wizard-');
  return { dir, t: pty.start(args, { cwd: dir, env: { COEXIST_ASCII: '1' } }) };
};

describe('coexist init in a real terminal (80x24)', () => {
  it('walks the shared-domain setup by keys, writes the model and restores the screen', async () => {
    const { dir, t } = start(['init', '--out', 'coexist.yaml']);
    const first = await t.waitFor('Step 1 of 9: Welcome');
    expect(t.buffer()).toBe('alternate');
    expect(first.split('\n').every((l) => l.length <= COLS)).toBe(true);
    expect(first).toMatch(/Esc cancel/);

    const step = async (keys: string, until: string | RegExp) => {
      t.press(keys);
      return t.waitFor(until);
    };
    await step(KEY.enter, 'Step 2 of 9: Scenario');
    await step(KEY.enter, 'Step 3 of 9: Domains');
    await step('Northwind Traders', 'Northwind Traders');
    await step(KEY.enter, '> Shared mail domain');
    await step('northwindtraders.com', 'pop.northwindtraders.com');
    await step(KEY.enter, 'Enter keeps the suggestion');
    await step(KEY.enter, />\s+Runbook language/);
    await step(KEY.enter, />\s+Policy name +_?POP User Addresses/);
    await step(KEY.enter, 'Step 4 of 9: Exchange servers');
    await step('EX01', 'ex01.northwindtraders.com');
    await step(KEY.enter, 'Enter keeps the suggestion');
    await step(KEY.enter, />\s+IP address/);
    await step('10.0.0.10', '10.0.0.10');
    await step(KEY.pgdn, 'Step 5 of 9: POP3 server');
    await step('POP01', 'pop01.northwindtraders.com');
    await step(KEY.enter + KEY.enter, />\s+IP address/);
    await step('10.0.0.20', '10.0.0.20');
    await step(KEY.enter + KEY.enter, 'Step 6 of 9: Relay to Exchange');
    await step(KEY.right + KEY.right, '(*) Both');
    await step(KEY.enter, '> Service account');
    await step('NWTRADERS\\svc-pop3-relay', 'NWTRADERS\\svc-pop3-relay');
    await step(KEY.enter + KEY.enter + KEY.enter, 'Step 7 of 9: Users');
    for (const [logon, name, exchange] of [
      ['alice', 'Alice Martin', false],
      ['carl', 'Carl Dubois', false],
      ['bob', 'Bob Kelly', true],
    ] as const) {
      await step(KEY.enter, /> User \d logon/);
      await step(logon, logon);
      await step(KEY.enter, /> +Display name/);
      await step(name, name);
      await step(KEY.enter, /> +Kind/);
      if (exchange) await step(KEY.right, '(*) Exchange mailbox');
      await step('\t\t', '> [ Add a user ]');
    }
    await step(KEY.pgdn, 'Step 8 of 9: Mail clients');
    const summary = await step(KEY.enter, 'Step 9 of 9: Summary');
    expect(summary).toMatch(/Findings: 0 error\(s\)/);
    expect(summary.split('\n').every((l) => l.length <= COLS)).toBe(true);

    // Finish writes the file and opens the console on it.
    t.press(KEY.enter);
    const opened = await t.waitFor('q quit');
    expect(opened.split('\n')[0]).toContain('coexist.yaml');
    expect(opened).toContain('DELIVERED to pop3 POP01 alice@pop.northwindtraders.com');
    expect(existsSync(join(dir, 'coexist.yaml'))).toBe(true);
    t.press('q');
    expect((await t.exited).exitCode).toBe(0);
    await t.waitFor(/wrote .*coexist\.yaml/);
    expect(t.buffer()).toBe('normal');
    expect(t.screen()).not.toContain('Step 9 of 9');

    const model = readModelFile(join(dir, 'coexist.yaml')).model;
    expect(model).toEqual(scenarioModel('shared-domain'));
    expect(validate(model).filter((f) => f.severity === 'error')).toEqual([]);
    expect(simulate(model, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'pop3',
      server: 'POP01',
      mailbox: 'alice@pop.northwindtraders.com',
    });
  }, 60000);

  it('coexist with no model file opens the setup; Esc then y cancels: exit 2, nothing written, screen restored', async () => {
    const { dir, t } = start([]);
    await t.waitFor('Step 1 of 9');
    t.press(KEY.enter);
    await t.waitFor('Step 2 of 9');
    t.press(KEY.enter);
    await t.waitFor('Step 3 of 9');
    t.press('Acme');
    await t.waitFor('Acme');
    // Redrawn at the new size, answers kept: the key bar now sits on row 29 of 30.
    t.resize(100, 30);
    const wide = await t.waitFor((screen) => /Esc cancel/.test(screen.split('\n')[28] ?? ''));
    expect(wide.split('\n')[22]).not.toMatch(/Esc cancel/);
    expect(wide).toContain('Acme');
    t.press(KEY.esc);
    await t.waitFor('Discard this setup?');
    t.press('y');
    expect((await t.exited).exitCode).toBe(2);
    await t.waitFor('setup cancelled; nothing written (coexist --example opens the built-in example)');
    expect(t.buffer()).toBe('normal');
    expect(existsSync(join(dir, 'coexist.yaml'))).toBe(false);
  }, 30000);

  it('coexist --example opens the console on the built-in example, read-only, whatever the directory holds', async () => {
    const { t } = start(['--example']);
    const s = await t.waitFor('q quit');
    expect(s.split('\n')[0]).toContain('built-in example (read-only)');
    t.press('q');
    expect((await t.exited).exitCode).toBe(0);
  }, 30000);
});
