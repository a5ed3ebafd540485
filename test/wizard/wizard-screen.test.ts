import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelFile } from '../../src/persistence/file.js';
import { SCENARIOS, scenarioModel } from '../../src/model/scenarios.js';
import { validate } from '../../src/model/rules/index.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { fileIO } from '../../src/screens/wizard/run.js';
import { KEY, startWizard } from './drive.js';
import { completeWizard } from './complete.js';
import { seedAnswers } from './seed-answers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coexist-wizard-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the wizard, completed by keys', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: writes a model that validates with zero errors and delivers alice to her POP3 mailbox`, async () => {
      const out = join(dir, 'coexist.yaml');
      const w = startWizard({ out, io: fileIO(out) });
      await completeWizard(w, scenario, 'by-hand');
      const summary = w.frame();
      expect(summary).toMatch(/Findings: 0 error\(s\)/);
      expect(summary).toMatch(/Flow matrix: \d+ passed, 0 failed/);
      await w.press(KEY.enter);
      expect(await w.waitForOutcome()).toEqual({ kind: 'written', path: out });
      w.ui.unmount();

      const loaded = readModelFile(out);
      expect(validate(loaded.model).filter((f) => f.severity === 'error')).toEqual([]);
      expect(loaded.model).toEqual(scenarioModel(scenario));
      const address = scenario === 'shared-domain' ? 'alice@northwindtraders.com' : 'alice@pop.contoso.com';
      const trace = simulate(loaded.model, { recipient: address, origin: { kind: 'internet' } });
      expect(trace.verdict).toMatchObject({
        kind: 'delivered',
        system: 'pop3',
        server: 'POP01',
        mailbox: scenario === 'shared-domain' ? 'alice@pop.northwindtraders.com' : 'alice@pop.contoso.com',
      });
    });
  }
});

describe('the wizard, page by page', () => {
  it('shows a problem as you type and refuses Next until it is fixed', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out) });
    await w.press(KEY.enter, KEY.enter);
    await w.type('Org');
    await w.press(KEY.enter);
    await w.type('northwind');
    expect(await w.waitForText('is a single label')).toContain('Shared mail domain');
    await w.press(KEY.pageDown);
    expect(await w.waitForText('Fix the problem on this page first')).toContain('Step 3 of 9: Domains');
    await w.type('traders.com');
    await w.press(KEY.pageDown);
    await w.waitForText('Step 4 of 9');
    await w.press(KEY.tab, KEY.tab);
    await w.type('10.0.0.300');
    expect(await w.waitForText('not an IPv4 address')).toContain('10.0.0.300');
    w.ui.unmount();
  });

  it('a burst of keys in one chunk (paste, fast typing) is taken key by key', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out) });
    w.ui.stdin.write('\r\rNorthwind Traders\rnorthwindtraders.com\r\r\r\rEX01\r\r10.0.0.19\x7f0\r');
    const frame = await w.waitForText('10.0.0.10');
    expect(frame).toContain('Step 4 of 9: Exchange servers');
    expect(frame).toContain('EX01');
    expect(frame).toMatch(/> +Takes Internet mail/);
    w.ui.unmount();
  });

  it('the Domains page offers « Adresses utilisateur POP » as the policy name once the runbook language is French', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out) });
    await w.press(KEY.enter, KEY.enter);
    await w.waitForText('Step 3 of 9: Domains');
    await w.type('Northwind Traders');
    await w.press(KEY.enter);
    await w.type('northwindtraders.com');
    await w.press(KEY.enter, KEY.enter);
    let frame = await w.waitForText('Runbook language');
    expect(frame).toContain('POP User Addresses');
    await w.press(KEY.right, KEY.right);
    frame = await w.waitForText('French');
    expect(frame).toContain('Adresses utilisateur POP');
    expect(frame).not.toContain('POP User Addresses');
    w.ui.unmount();
  });

  it('a page taller than the terminal shows its first rows intact and says there is more', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out), answers: seedAnswers('shared-domain') });
    for (let i = 0; i < 6; i++) await w.press(KEY.pageDown);
    const users = await w.waitForText('Step 7 of 9: Users');
    const lines = users.split('\n');
    expect(lines).toHaveLength(23);
    expect(lines[2]).toMatch(/1\. Welcome +POP3 users become mail-enabled users whose external$/);
    expect(users).toContain('... more below');
    await w.press(KEY.pageDown, KEY.pageDown);
    await w.waitForText('Step 9 of 9: Summary');
    expect(w.frame().split('\n')[2]).toMatch(/Northwind Traders: shared domain northwindtraders\.com \/$/);
    for (let i = 0; i < 40; i++) w.ui.stdin.write(KEY.down);
    const bottom = await w.waitForText('Relay probes from the Internet: 34 of 34 refused');
    await new Promise((r) => setTimeout(r, 50));
    await w.press(KEY.up); // the scroll was clamped: one Up moves at once
    expect(w.frame()).not.toBe(bottom);
    expect(w.frame()).toContain('Relay probes from the Internet');
    w.ui.unmount();
  });

  it('Back keeps what was entered', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out) });
    await w.press(KEY.enter, KEY.enter);
    await w.type('Northwind Traders');
    await w.press(KEY.enter);
    await w.type('northwindtraders.com');
    await w.press(KEY.pageDown);
    await w.waitForText('Step 4 of 9');
    await w.type('EX01');
    await w.press(KEY.pageUp, KEY.pageUp);
    await w.waitForText('Step 2 of 9');
    await w.press(KEY.pageDown);
    const domains = await w.waitForText('Step 3 of 9');
    expect(domains).toContain('Northwind Traders');
    expect(domains).toContain('northwindtraders.com');
    await w.press(KEY.pageDown);
    expect(await w.waitForText('Step 4 of 9')).toContain('EX01');
    w.ui.unmount();
  });

  it('Esc leaves at once when nothing was typed', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out) });
    w.ui.stdin.write(KEY.esc);
    expect(await w.waitForOutcome()).toEqual({ kind: 'cancelled' });
    w.ui.unmount();
  });

  it('Esc asks before throwing work away; any key but y keeps it, y discards', async () => {
    const out = join(dir, 'm.yaml');
    const w = startWizard({ out, io: fileIO(out) });
    await w.press(KEY.enter, KEY.enter);
    await w.type('Northwind Traders');
    await w.press(KEY.esc);
    expect(await w.waitForText('Discard this setup?')).toContain('y discard');
    await w.press('n');
    expect(await w.waitForText('nothing was thrown away')).toContain('Northwind Traders');
    expect(w.outcomes).toEqual([]);
    await w.press(KEY.esc);
    await w.waitForText('Discard this setup?');
    w.ui.stdin.write('y');
    expect(await w.waitForOutcome()).toEqual({ kind: 'cancelled' });
    w.ui.unmount();
    expect(() => readFileSync(out)).toThrow();
  });

  it('asks before replacing an existing file, and leaves it alone on no', async () => {
    const out = join(dir, 'coexist.yaml');
    writeFileSync(out, 'keep me\n');
    const w = startWizard({ out, io: fileIO(out) });
    await completeWizard(w, 'shared-domain', 'by-hand');
    await w.press(KEY.enter);
    await w.waitForText('already exists. Replace it?');
    await w.press('n');
    await w.waitForText('Not written');
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    await w.press(KEY.enter);
    await w.waitForText('already exists. Replace it?');
    w.ui.stdin.write('y');
    expect(await w.waitForOutcome()).toEqual({ kind: 'written', path: out });
    w.ui.unmount();
    expect(readFileSync(`${out}.bak`, 'utf8')).toBe('keep me\n');
    expect(readModelFile(out).model).toEqual(scenarioModel('shared-domain'));
  });

  it('refuses a CSV import with line and reason, and imports nothing', async () => {
    const out = join(dir, 'm.yaml');
    const csv = join(dir, 'users.csv');
    writeFileSync(csv, 'logon,displayName,kind\r\ndave,"Dave, the new one",pop3\r\nalice,Alice again,pop3\r\nerin,Erin,imap\r\n');
    const w2 = startWizard({ out, io: fileIO(out), rows: 40 });
    await completeWizard(w2, 'separate-domains', 'by-hand');
    await w2.press(KEY.pageUp, KEY.pageUp);
    await w2.waitForText('Step 7 of 9: Users');
    // Focus the CSV field (second to last) and import the bad file.
    for (let i = 0; i < 13; i++) await w2.press(KEY.down);
    expect(w2.frame()).toMatch(/> CSV file/);
    await w2.type(csv);
    await w2.press(KEY.enter);
    const frame = await w2.waitForText('nothing imported');
    // The page column, unwrapped: problems may run over several rows.
    const page = frame
      .split('\n')
      .map((l) => l.slice(24).trim())
      .join(' ');
    expect(page).toContain('users.csv:3: logon: duplicate logon "alice" (already among the users already entered)');
    expect(page).toContain('users.csv:4: kind: "imap" must be pop3 or exchange');
    expect(page).not.toContain('User 4 logon');
    w2.ui.unmount();
  });
});
