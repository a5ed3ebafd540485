// Secrets through the real CLI, end to end: a service-account password given as env:NAME reaches the
// Postfix SASL map (positive control) and nothing else: not the model, a plan (text, JSON, saved file),
// the command log, the apply journal, an exported script, or any process's argv (PATH shims record the argv
// of every tool, and /proc is scanned while the CLI runs). A keyring that cannot be reached fails closed.
// Settings and logs are owner-only even under umask 000.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Model } from '../../src/model/schema.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback, localPopTarget } from '../adapters/helpers/postfix-instance.js';
import { coexist, ensureBuilt, filesUnder, makeShims, secretForms, type CliRun } from './cli-harness.js';

const CORE = 'Zq7Cn4ryS3cretXw';
/** Quotes of every kind, command substitution and separators around a unique core. */
const SECRET = `${CORE}'"$(touch /tmp/coexist-pwned)\`;|&\u2019\u2018\u201C ${CORE}`;
const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED CLI secrets tests that need Postfix: ${skip}`);

let work = '';
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'coexist-secrets-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function setup(name: string, secretRef = 'env:COEXIST_POP3_RELAY_PASSWORD') {
  const dir = join(work, name);
  mkdirSync(dir);
  const inst = createPostfixInstance(name, '127.0.0.3', 2525, mkdtempSync(join(dir, 'pf-')));
  const model: Model = sharedModelOnLoopback();
  model.pop3.servers[0]!.smtp.outboundSecurity.secret = secretRef;
  model.targets = [localPopTarget(inst)];
  const file = join(dir, 'coexist.yaml');
  writeFileSync(file, `# model for the secrets test\n${stringify(model)}`);
  const cfg = join(dir, 'cfg');
  const shims = makeShims(join(dir, 'shims'));
  return { dir, inst, file, cfg, shims, env: { COEXIST_CONFIG_DIR: cfg, PATH: shims.path } };
}

function leaks(where: string, text: string): string[] {
  return secretForms(SECRET)
    .concat(CORE)
    .filter((f) => text.includes(f))
    .map((f) => `${where} holds the secret (as ${JSON.stringify(f.slice(0, 24))}...)`);
}

describe.runIf(!skip)('secrets never leave the secret store (real CLI, real Postfix)', () => {
  it('plan, apply and export: the secret reaches the SASL map and nowhere else, never in argv', async () => {
    const s = setup('leak');
    const env = { ...s.env, COEXIST_POP3_RELAY_PASSWORD: SECRET };
    const modelBefore = readFileSync(s.file, 'utf8');
    const planFile = join(s.dir, 'pop.plan');
    const runs: [string, CliRun][] = [];
    const run = async (args: string[]) => {
      const r = await coexist(['--model', s.file, ...args], { env, watch: [CORE] });
      runs.push([args.join(' '), r]);
      return r;
    };
    expect((await run(['plan', '--commands'])).code).toBe(0);
    expect((await run(['plan', '--json'])).code).toBe(0);
    expect((await run(['plan', '--out', planFile])).code).toBe(0);
    const applied = await run(['apply', '--plan', planFile, '--yes']);
    expect(applied.code, applied.err + applied.out).toBe(0);
    expect((await run(['apply', '--yes', '--json'])).code).toBe(0);
    const exportDir = join(s.dir, 'export');
    expect((await run(['export', '--adapter', 'postfix-dovecot', '--out', exportDir])).code).toBe(0);
    expect((await run(['validate'])).code).toBe(0);
    expect((await run(['flows', '--json'])).code).toBe(0);

    // Positive control: the secret was really used, so a leak would have had the chance to happen.
    expect(readFileSync(join(s.inst.etc, 'sasl_passwd'), 'utf8')).toContain(SECRET);
    expect(statSync(join(s.inst.etc, 'sasl_passwd')).mode & 0o777).toBe(0o600);
    expect(s.shims.recordedArgv().some((l) => l.startsWith('postconf '))).toBe(true);
    expect(s.shims.recordedArgv().some((l) => l.startsWith('postmap '))).toBe(true);

    // The detector itself finds every encoding (so an empty list below means something).
    for (const form of secretForms(SECRET)) expect(leaks('probe', `x${form}x`).length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const [args, r] of runs) {
      found.push(...leaks(`stdout of coexist ${args}`, r.out), ...leaks(`stderr of coexist ${args}`, r.err));
      found.push(...r.procHits.map((h) => `a process command line while coexist ${args} ran: ${h.slice(0, 120)}`));
    }
    for (const f of [...filesUnder(s.cfg), planFile, ...filesUnder(exportDir)])
      found.push(...leaks(f, readFileSync(f, 'latin1')), ...leaks(f, readFileSync(f, 'utf8')));
    found.push(...leaks('the argv of a tool run by coexist', readFileSync(s.shims.argvLog, 'utf8')));
    expect(readFileSync(s.file, 'utf8')).toBe(modelBefore);
    expect(found).toEqual([]);
    // The logs exist and say what ran, with the secret's place marked.
    const log = readFileSync(join(s.cfg, 'logs', 'commands.log'), 'utf8');
    expect(log).toMatch(/postconf/);
    expect(readFileSync(join(s.cfg, 'logs', 'journal.jsonl'), 'utf8')).toMatch(/"status":"done"/);
  }, 120_000);

  it('settings, logs, journal and saved plans are owner-only even when the user runs with umask 000', async () => {
    const s = setup('umask');
    // A settings directory someone made world-readable is tightened.
    mkdirSync(s.cfg, { mode: 0o755 });
    chmodSync(s.cfg, 0o755);
    const env = { ...s.env, COEXIST_POP3_RELAY_PASSWORD: SECRET };
    const planFile = join(s.dir, 'saved.plan');
    const p = await coexist(['--model', s.file, 'plan', '--out', planFile], { env, umask: 0 });
    expect(p.code, p.err).toBe(0);
    const a = await coexist(['--model', s.file, 'apply', '--yes'], { env, umask: 0 });
    expect(a.code, a.err).toBe(0);
    const bad: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const st = statSync(path);
        if (st.isDirectory()) {
          if ((st.mode & 0o777) !== 0o700) bad.push(`${path} ${(st.mode & 0o777).toString(8)}`);
          walk(path);
        } else if ((st.mode & 0o777) !== 0o600) bad.push(`${path} ${(st.mode & 0o777).toString(8)}`);
      }
    };
    if ((statSync(s.cfg).mode & 0o777) !== 0o700) bad.push(`${s.cfg} ${(statSync(s.cfg).mode & 0o777).toString(8)}`);
    walk(s.cfg);
    if ((statSync(planFile).mode & 0o777) !== 0o600) bad.push(`${planFile} ${(statSync(planFile).mode & 0o777).toString(8)}`);
    expect(filesUnder(s.cfg).length).toBeGreaterThanOrEqual(2);
    expect(bad).toEqual([]);
    // The secret's own destination on the target is owner-only too.
    expect(statSync(join(s.inst.etc, 'sasl_passwd')).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('a keyring that cannot be reached fails closed: a clear error, the step not applied, no plaintext anywhere', async () => {
    for (const [label, dbus] of [
      ['no D-Bus session', undefined],
      ['a D-Bus address where nothing listens', 'unix:path=/nonexistent/coexist-bus'],
    ] as const) {
      const s = setup(`keyring-${dbus ? 'bogus' : 'none'}`, 'keyring:pop3-relay');
      const env = { ...s.env, DBUS_SESSION_BUS_ADDRESS: dbus, COEXIST_POP3_RELAY_PASSWORD: SECRET };
      const before = new Set(filesUnder(s.dir));
      const r = await coexist(['--model', s.file, 'apply', '--yes'], { env, watch: [CORE] });
      expect(r.code, `${label}: ${r.err}`).toBe(1);
      const text = r.out + r.err;
      expect(text, label).toMatch(/keyring/i);
      expect(text, label).toMatch(/keyring:pop3-relay/);
      if (!dbus) expect(text).toMatch(/never falls back/);
      // The step that needs the secret failed and nothing after it ran; the SASL map holds no password.
      expect(text).toMatch(/failed\s+map sasl_passwd/);
      const sasl = join(s.inst.etc, 'sasl_passwd');
      expect(existsSync(sasl) ? readFileSync(sasl, 'utf8').trim() : '').toBe('');
      // No new file could be a fallback store of secrets.
      const added = filesUnder(s.dir).filter(
        (f) => !before.has(f) && !f.startsWith(s.inst.etc) && !f.startsWith(s.inst.mail) && !f.startsWith(s.shims.dir),
      );
      for (const f of added) expect(f, label).toMatch(/cfg\/(logs\/(commands\.log|journal\.jsonl)|settings\.json)$/);
      // The environment variable of the same name is not used as a silent fallback either.
      expect(JSON.stringify(added.map((f) => readFileSync(f, 'utf8')))).not.toContain(CORE);
      expect(r.procHits).toEqual([]);
    }
  }, 120_000);
});
