import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelFile } from '../../src/persistence/file.js';
import { initialState, reducer, type WizardState } from '../../src/screens/wizard/reducer.js';
import { layoutPage } from '../../src/screens/wizard/layout.js';
import { PAGES, pageIndex } from '../../src/screens/wizard/pages.js';
import { fileIO } from '../../src/screens/wizard/run.js';
import { KEY, startWizard } from './drive.js';
import { seedAnswers } from './seed-answers.js';

const enter = (s: WizardState) => reducer(s, { type: 'key', name: 'enter' });
const pageText = (s: WizardState) =>
  layoutPage(s, 56)
    .rows.map((r) => r.map((x) => x.text).join(''))
    .join('\n');

describe('Finish', () => {
  it('is refused while errors remain, and says why', () => {
    const answers = seedAnswers('shared-domain');
    answers.pop3 = { ...answers.pop3, ip: '10.0.0.256' };
    const s: WizardState = { ...initialState({ out: 'x.yaml', answers }), page: pageIndex('summary') };
    expect(pageText(s)).toMatch(/The answers cannot make a model yet:[\s\S]*pop3\.ip: "10\.0\.0\.256" is not an IPv4 address/);
    const after = enter(s);
    expect(after.request).toBeNull();
    expect(after.outcome).toBeNull();
    expect(after.notice).toEqual({ tone: 'error', text: expect.stringMatching(/^Finish refused: "10\.0\.0\.256" is not an IPv4 address/) });
  });

  it('asks for the write when the answers are good', () => {
    const s: WizardState = { ...initialState({ out: 'x.yaml', answers: seedAnswers('separate-domains') }), page: PAGES.length - 1 };
    const after = enter(s);
    expect(after.request).toMatchObject({ kind: 'finish', overwrite: false, model: { scenario: 'separate-domains' } });
  });

  it('allows warnings: an expiring service-account password is shown, then written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coexist-wizard-'));
    try {
      const out = join(dir, 'm.yaml');
      const w = startWizard({ out, io: fileIO(out), answers: { ...seedAnswers('shared-domain'), passwordNeverExpires: false }, rows: 60 });
      for (let i = 0; i < PAGES.length - 1; i++) await w.press(KEY.pageDown);
      const summary = await w.waitForText('Step 9 of 9: Summary');
      expect(summary).toMatch(/Findings: 0 error\(s\), 1 warning\(s\)/);
      const page = summary
        .split('\n')
        .map((l) => l.slice(24).trim())
        .join(' ');
      expect(page).toContain('WARNING POP01: the password of NWTRADERS\\svc-pop3-relay can expire');
      await w.press(KEY.enter);
      expect(await w.waitForOutcome()).toEqual({ kind: 'written', path: out });
      w.ui.unmount();
      expect(readModelFile(out).model.pop3.servers[0]!.smtp.outboundSecurity.passwordNeverExpires).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fields', () => {
  it('adds and removes Exchange servers; a removed server takes its answers with it', () => {
    let s: WizardState = { ...initialState({ out: 'x.yaml', answers: seedAnswers('shared-domain') }), page: pageIndex('exchange') };
    // Focus "Add another Exchange server" (the last field) and press it.
    for (let i = 0; i < 4; i++) s = reducer(s, { type: 'key', name: 'tab' });
    s = enter(s);
    expect(s.answers.exchange).toHaveLength(2);
    expect(s.focus).toBe(5); // the new server's name (a Remove button now follows server 1)
    for (const ch of 'EX02') s = reducer(s, { type: 'key', name: ch });
    expect(s.answers.exchange[1]!.name).toBe('EX02');
    // Problems show once a field is left, not before the administrator got to it.
    expect(pageText(s)).not.toMatch(/an IP address is required/);
    for (let i = 0; i < 3; i++) s = reducer(s, { type: 'key', name: 'tab' });
    expect(pageText(s)).toMatch(/x an IP address is required/);
    s = { ...s, focus: 9 }; // [ Remove server 2 ]
    s = enter(s);
    expect(s.answers.exchange.map((x) => x.name)).toEqual(['EX01']);
  });
});

describe('separate domains', () => {
  it("suggests a pop.contoso.com-style domain of the POP3 users' own, never pop.<the Exchange domain>", () => {
    let s: WizardState = { ...initialState({ out: 'x.yaml' }), page: pageIndex('domains') };
    s = {
      ...s,
      answers: { ...s.answers, scenario: 'separate-domains', organization: 'Northwind Traders', sharedDomain: 'northwindtraders.com' },
    };
    const text = pageText(s);
    expect(text).toContain('e.g. pop.contoso.com');
    expect(text).not.toContain('pop.northwindtraders.com');
    // An example is not an answer: Next is refused until the POP3 domain is typed.
    s = { ...s, focus: 3 }; // the page's last field (Runbook language): Enter there tries the next page
    const refused = enter(s);
    expect(refused.page).toBe(pageIndex('domains'));
    expect(refused.notice?.text).toMatch(/the POP3 domain is required/);
  });
  it('the shared-domain scenario still suggests the routing subdomain', () => {
    let s: WizardState = { ...initialState({ out: 'x.yaml' }), page: pageIndex('domains') };
    s = {
      ...s,
      answers: { ...s.answers, scenario: 'shared-domain', organization: 'Northwind Traders', sharedDomain: 'northwindtraders.com' },
    };
    expect(pageText(s)).toContain('pop.northwindtraders.com');
  });
});
