// coexist plan / apply / export through the built CLI (dist/coexist.cjs, built by `npm test`'s pretest).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scenarioModel } from '../../../src/model/scenarios.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback, localPopTarget } from '../helpers/postfix-instance.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'coexist.js');
const work = mkdtempSync(join(tmpdir(), 'coexist-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function coexist(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('node', [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, COEXIST_CONFIG_DIR: join(work, 'cfg'), ...env },
    input: '',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, '..', '..', '..', 'dist', 'coexist.cjs'))) execFileSync('npm', ['run', 'build', '--silent']);
});

describe('coexist export', () => {
  it('writes one script per suitable server when the model has no target', () => {
    const r = coexist(['export', '--adapter', 'postfix-dovecot', '--out', join(work, 'out')]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(join(work, 'out')).sort()).toEqual(['postfix-ex01.sh', 'postfix-pop01.sh']);
    const script = readFileSync(join(work, 'out', 'postfix-pop01.sh'), 'utf8');
    expect(script).toMatch(/^#!\/bin\/sh/);
    execFileSync('sh', ['-n', join(work, 'out', 'postfix-pop01.sh')]);
    expect(coexist(['export', '--adapter', 'nope', '--out', work]).code).toBe(2);
  });

  it('windows2003: a .cmd launcher, the .vbs and (Exchange servers) the .ldf for ldifde, in Windows line endings', () => {
    const out = join(work, 'w2003');
    const r = coexist(['export', '--adapter', 'windows2003', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['w2003-ex01.cmd', 'w2003-ex01.ldf', 'w2003-ex01.vbs', 'w2003-pop01.cmd', 'w2003-pop01.vbs']);
    const launcher = readFileSync(join(out, 'w2003-pop01.cmd'), 'utf8');
    expect(launcher).toMatch(/^@echo off\r\n/);
    expect(launcher).toContain('cscript //nologo "%~dp0w2003-pop01.vbs"\r\n');
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8'), f).not.toMatch(/[^\r]\n/);
    expect(readFileSync(join(out, 'w2003-ex01.ldf'), 'utf8')).toMatch(/^dn: /m);
    expect(r.out.trim().split('\n')).toHaveLength(5);
  });
});

describe('coexist export --adapter runbook', () => {
  it("writes the seed's procedures in English then French, in the seed's order; a target's language: fr writes French only", () => {
    const out = join(work, 'runbook');
    const r = coexist(['export', '--adapter', 'runbook', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out)).toEqual(['runbook.md']);
    const md = readFileSync(join(out, 'runbook.md'), 'utf8');
    const fr = md.slice(md.indexOf('# Northwind Traders : procédure'));
    expect(fr.length).toBeGreaterThan(1000);
    const order = [
      'Outlook Express',
      "Exiger l'authentification",
      'Attribuer une extension messagerie',
      'stratégie de destinataire',
      'Créer le connecteur SMTP',
      'Créer le domaine distant',
      'hôte actif',
      'Méthode 1',
      'Méthode 2',
    ];
    const at = order.map((t) => fr.search(new RegExp(`^## \\d+\\. .*${t}`, 'm')));
    expect(
      at.every((i) => i > 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md.indexOf('Mail-enable the POP3 users')).toBeLessThan(md.indexOf('Configure the recipient policy'));

    const model = scenarioModel('shared-domain');
    model.targets = [{ id: 'runbook-fr', adapter: 'runbook', server: 'EX01', options: { language: 'fr' } }];
    const file = join(work, 'runbook-fr.yaml');
    writeFileSync(file, stringify(model));
    const one = coexist(['export', '--adapter', 'runbook', '--model', file, '--out', join(work, 'runbook-fr')]);
    expect(one.code, one.err).toBe(0);
    const only = readFileSync(join(work, 'runbook-fr', 'runbook-fr.md'), 'utf8');
    expect(only).toMatch(/^# Northwind Traders : procédure de coexistence/);
    expect(only).not.toContain('coexistence runbook');
  });
});

describe('coexist plan and apply', () => {
  it('needs targets, a known target, and confirmation', () => {
    expect(coexist(['plan']).code).toBe(2);
    const file = join(work, 'one.yaml');
    const model = scenarioModel('shared-domain');
    model.targets = [{ id: 'pop', adapter: 'postfix-dovecot', server: 'POP01', connection: { kind: 'local' } }];
    writeFileSync(file, stringify(model));
    expect(coexist(['plan', '--model', file, '--target', 'other']).code).toBe(2);
    const r = coexist(['apply', '--model', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--yes/);
  });

  it('a runbook target plans without a connection; one that observes through another adapter still needs one', () => {
    const model = scenarioModel('shared-domain');
    model.targets = [{ id: 'runbook', adapter: 'runbook', server: 'EX01' }];
    const file = join(work, 'runbook.yaml');
    writeFileSync(file, stringify(model));
    const p = coexist(['plan', '--model', file]);
    expect(p.code, p.err).toBe(0);
    expect(p.out).toMatch(/\+ Configure the recipient policy POP User Addresses/);
    model.targets = [{ id: 'runbook', adapter: 'runbook', server: 'EX01', options: { observeWith: 'windows2003' } }];
    writeFileSync(file, stringify(model));
    const observed = coexist(['plan', '--model', file]);
    expect(observed.code).toBe(1);
    expect(observed.err).toMatch(/target runbook: no connection; set targets\[\]\.connection/);
  });

  it.runIf(!canRunPostfix())('plan --out, apply --plan, then an empty plan; a stale saved plan is refused', () => {
    const inst = createPostfixInstance('clipop', '127.0.0.3', 2525, mkdtempSync(join(work, 'pf-')));
    const model = sharedModelOnLoopback();
    model.targets = [localPopTarget(inst)];
    const file = join(work, 'model.yaml');
    writeFileSync(file, stringify(model));
    const planFile = join(work, 'pop.plan');
    const env = { COEXIST_POP3_RELAY_PASSWORD: 'cli-secret-value' };
    const p = coexist(['plan', '--model', file, '--out', planFile], env);
    expect(p.code, p.err).toBe(0);
    expect(p.out).toMatch(/\+ map transport/);
    expect(statSync(planFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(planFile, 'utf8')).not.toContain('cli-secret-value');
    const a = coexist(['apply', '--model', file, '--plan', planFile, '--yes'], env);
    expect(a.code, a.err + a.out).toBe(0);
    expect(a.out).toMatch(/Apply complete/);
    // The same saved plan again: the target changed since, so it is stale.
    const again = coexist(['apply', '--model', file, '--plan', planFile, '--yes'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/stale/);
    const empty = coexist(['plan', '--model', file, '--json'], env);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.out).plans[0].changes).toEqual([]);
    expect(readFileSync(join(work, 'cfg', 'logs', 'commands.log'), 'utf8')).not.toContain('cli-secret-value');
  });
});
