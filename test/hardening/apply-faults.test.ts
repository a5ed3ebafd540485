// Faults during a real apply through the real CLI: a command that fails, a command that hangs past its
// timeout, and the SSH target dying midway (a real sshd on 127.0.0.1 killed with its sessions while
// `coexist apply` runs). Each gives a clear report of what was done, what failed and what did not run,
// and a re-run converges to an empty plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Model, TargetT } from '../../src/model/schema.js';
import { SettingsStore } from '../../src/settings/store.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback } from '../adapters/helpers/postfix-instance.js';
import { canRunSshd, startSshd, type Sshd } from '../adapters/helpers/sshd.js';
import { signalPid } from '../helpers/pid.js';
import { coexist, ensureBuilt, makeShims } from './cli-harness.js';

const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED apply fault tests: ${skip}`);
const skipSsh = skip ?? canRunSshd();
if (skipSsh && !skip) console.warn(`SKIPPED apply fault test over SSH: ${skipSsh}`);

let work = '';
const sshds: Sshd[] = [];
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'coexist-faults-'));
});
afterAll(() => {
  for (const s of sshds) s.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function setup(name: string, connection: TargetT['connection']) {
  const dir = join(work, name);
  mkdirSync(dir);
  const inst = createPostfixInstance(name, '127.0.0.3', 2525, mkdtempSync(join(dir, 'pf-')));
  const model: Model = sharedModelOnLoopback();
  const target: TargetT = {
    id: 'pop',
    adapter: 'postfix-dovecot',
    server: 'POP01',
    options: { configDirectory: inst.etc, mailRoot: inst.mail, mailUid: '65534', mailGid: '65534', dns: 'disabled' },
  };
  if (connection) target.connection = connection;
  model.targets = [target];
  const file = join(dir, 'coexist.yaml');
  writeFileSync(file, stringify(model));
  const cfg = join(dir, 'cfg');
  const shims = makeShims(join(dir, 'shims'));
  const env = { COEXIST_CONFIG_DIR: cfg, PATH: shims.path, COEXIST_POP3_RELAY_PASSWORD: 'relay-pw' };
  const cli = (args: string[], tick?: () => void) => coexist(['--model', file, ...args], { env, ...(tick ? { tick } : {}) });
  const changes = async () => {
    const r = await cli(['plan', '--json']);
    expect(r.code, r.err).toBe(0);
    return (JSON.parse(r.out) as { plans: { changes: { object: string }[] }[] }).plans[0]!.changes.map((c) => c.object);
  };
  return { dir, inst, file, cfg, shims, cli, changes };
}

/** The report's step lines: "done", "FAILED" or "not run" and the object. */
function steps(text: string): { status: string; object: string }[] {
  return [...text.matchAll(/^ {2}(done|FAILED|not run) +(.+)$/gm)].map((m) => ({ status: m[1]!, object: m[2]! }));
}

function expectClearReport(text: string, cause: RegExp): { done: number; failed: number; notRun: number } {
  const s = steps(text);
  const done = s.filter((x) => x.status === 'done').length;
  const failed = s.filter((x) => x.status === 'FAILED').length;
  const notRun = s.filter((x) => x.status === 'not run').length;
  expect(failed, text).toBe(1);
  // Done steps first, then the one failure, then the steps not run: the order they were planned in.
  expect(s.map((x) => x.status).join(',')).toMatch(/^(done,)*FAILED(,not run)*$/);
  expect(text).toMatch(
    new RegExp(
      `Apply stopped at the first failure: ${done} done, 1 failed, ${notRun} not run\\. Nothing was rolled back; run plan again to see what remains\\.`,
    ),
  );
  expect(text).toMatch(cause);
  return { done, failed, notRun };
}

async function convergesAfter(t: ReturnType<typeof setup>, remainingAtLeast: number): Promise<void> {
  const remaining = await t.changes();
  expect(remaining.length).toBeGreaterThanOrEqual(remainingAtLeast);
  const again = await t.cli(['apply', '--yes']);
  expect(again.code, again.out + again.err).toBe(0);
  expect(again.out).toMatch(/Apply complete/);
  expect(await t.changes()).toEqual([]);
}

describe.runIf(!skip)('faults during apply (real CLI, real Postfix)', () => {
  it('a command that fails: the report names it and its error, says what was done and not run; a re-run converges', async () => {
    const t = setup('fail', { kind: 'local' });
    const planned = await t.changes();
    expect(planned.length).toBeGreaterThan(3);
    t.shims.failWhen('postconf', ' -e ');
    const r = await t.cli(['apply', '--yes']);
    expect(r.code).toBe(1);
    const text = r.out + r.err;
    const n = expectClearReport(text, /simulated failure injected by the hardening test/);
    expect(n.done + n.failed + n.notRun).toBe(planned.length);
    expect(steps(text).find((x) => x.status === 'FAILED')!.object).toMatch(/main\.cf/);
    // The journal recorded every step event, the failure included.
    const journal = readFileSync(join(t.cfg, 'logs', 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string });
    expect(journal.filter((e) => e.status === 'done')).toHaveLength(n.done);
    expect(journal.filter((e) => e.status === 'failed')).toHaveLength(1);
    t.shims.clearFaults();
    await convergesAfter(t, n.failed + n.notRun);
  }, 120_000);

  it('a command that hangs past its timeout is stopped and reported as timed out; a re-run converges', async () => {
    const t = setup('hang', { kind: 'local' });
    new SettingsStore(t.cfg).setTarget('pop', { commandTimeoutSec: 2 });
    const planned = await t.changes();
    t.shims.hangWhen('postconf', ' -e ');
    const r = await t.cli(['apply', '--yes']);
    expect(r.code).toBe(1);
    // Bounded by the timeout (2 s) and the forced kill (2 s more), not by the hung command (60 s).
    expect(r.ms).toBeLessThan(30_000);
    const text = r.out + r.err;
    const n = expectClearReport(text, /main\.cf .*\n +postconf -e .*: timed out after \d+ ms/);
    expect(n.done + n.failed + n.notRun).toBe(planned.length);
    const log = readFileSync(join(t.cfg, 'logs', 'commands.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { timedOut: boolean; argv: string[] });
    expect(log.some((e) => e.timedOut && e.argv[0] === 'postconf')).toBe(true);
    t.shims.clearFaults();
    // `postfix check` alone can take longer than 2 s on a busy machine: back to a normal timeout.
    new SettingsStore(t.cfg).setTarget('pop', { commandTimeoutSec: 120 });
    await convergesAfter(t, n.failed + n.notRun);
  }, 120_000);

  it.runIf(!skipSsh)(
    'the SSH target dies midway (sshd and its sessions killed): done / failed / not run, then a re-run converges',
    async () => {
      const t = setup('ssh', undefined);
      const first = await startSshd();
      sshds.push(first);
      const settings = new SettingsStore(t.cfg);
      const reach = (s: Sshd) =>
        settings.setTarget('pop', {
          connection: { kind: 'ssh', host: '127.0.0.1', port: s.port, user: 'root' },
          identityFile: s.identityFile,
          knownHostsFile: s.knownHostsFile,
          connectTimeoutSec: 5,
        });
      reach(first);
      const planned = await t.changes();
      expect(planned.length).toBeGreaterThan(3);

      const journalPath = join(t.cfg, 'logs', 'journal.jsonl');
      let killed: number[] = [];
      const tick = () => {
        if (killed.length > 0 || !existsSync(journalPath)) return;
        if (!readFileSync(journalPath, 'utf8').includes('"status":"done"')) return;
        killed = killTree(first.pid);
      };
      const r = await t.cli(['apply', '--yes'], tick);
      expect(killed.length, 'sshd was killed during the apply').toBeGreaterThan(0);
      expect(r.code).toBe(1);
      const text = r.out + r.err;
      const n = expectClearReport(text, /cannot reach|Connection refused|connection|exit 255|unreachable/i);
      expect(n.done).toBeGreaterThanOrEqual(1);
      expect(n.done + n.failed + n.notRun).toBe(planned.length);

      // The host comes back (a new sshd, new port and host key in the settings): only what remains is planned.
      const second = await startSshd();
      sshds.push(second);
      reach(second);
      await convergesAfter(t, n.failed + n.notRun);
      expect((await t.changes()).length).toBe(0);
    },
    120_000,
  );
});

/** SIGKILL a process and all its descendants (found through /proc), children first. Returns the pids. */
function killTree(root: number): number[] {
  if (!Number.isSafeInteger(root) || root <= 1) throw new Error(`killTree: ${root} is no single process`);
  const children = new Map<number, number[]>();
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(p)]);
    } catch {
      // gone
    }
  }
  const order: number[] = [];
  const visit = (pid: number) => {
    for (const c of children.get(pid) ?? []) visit(c);
    order.push(pid);
  };
  visit(root);
  for (const pid of order) signalPid(pid, 'SIGKILL');
  return order;
}
