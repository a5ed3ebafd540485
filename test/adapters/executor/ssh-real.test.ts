import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from '../../../src/adapters/executor/log.js';
import { REMOTE_COMMAND, SshExecutor, type SshConnection } from '../../../src/adapters/executor/ssh.js';
import { applyReviewedPlan, planTarget } from '../../../src/adapters/plan/run.js';
import { AdapterError, type Change } from '../../../src/adapters/types.js';
import { applyChanges } from '../../../src/adapters/plan/apply.js';
import type { TargetT } from '../../../src/model/schema.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback } from '../helpers/postfix-instance.js';
import { signalPid } from '../../helpers/pid.js';
import { canRunSshd, freePort, startSshd, type Sshd } from '../helpers/sshd.js';

const skip = canRunSshd();
if (skip) console.warn(`SKIPPED SSH executor tests: ${skip}`);

describe.runIf(!skip)('SSH executor against a real sshd on 127.0.0.1', () => {
  let sshd: Sshd;
  let conn: SshConnection;
  beforeAll(async () => {
    sshd = await startSshd();
    conn = { host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile, knownHostsFile: sshd.knownHostsFile };
  });
  afterAll(() => sshd?.stop());

  it('runs argv with hostile arguments and data exactly, with one fixed remote command', async () => {
    const log = memoryLog();
    const ex = new SshExecutor(conn, { target: 'ssh', log });
    const hostile = ['a b', "it's", '$(touch /tmp/coexist-pwned)', '`id`', 'x;y|z&', '"q"', '\\', '*', 'line1\nline2', 'é ’ ‘ “'];
    const r = await ex.run({ argv: ['printf', '%s\\0', ...hostile], description: 'echo values' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    const data = "COEXIST_DATA_x\n'$(id)'\nend";
    const cat = await ex.run({ argv: ['cat'], stdin: data, description: 'cat stdin' });
    expect(cat.stdout).toBe(`${data}\n`);
    const fail = await ex.run({ argv: ['sh', '-c', 'echo oops >&2; exit 7'], description: 'fail' });
    expect([fail.exitCode, fail.stderr.trim(), fail.unreachable]).toEqual([7, 'oops', undefined]);
    expect(log.entries.map((e) => e.exitCode)).toEqual([0, 0, 7]);
    expect(REMOTE_COMMAND).toBe('sh -s');
    const auth = readFileSync(`${sshd.dir}/sshd.log`, 'utf8');
    expect(auth).toMatch(/Accepted publickey for root/);
  });

  it('feeds secrets on stdin only: not in argv, not in the log', async () => {
    const log = memoryLog();
    const ex = new SshExecutor(conn, { target: 'ssh', log, secrets: { env: { PW: 'top$(secret)' } } });
    const r = await ex.run({
      argv: ['sh', '-c', 'IFS= read -r pw; printf "%s|" "$pw"; cat; echo "$pw" >&2'],
      stdin: 'rest\n',
      secrets: ['env:PW'],
      description: 'uses a secret',
    });
    expect(r.stdout).toBe('[redacted]|rest\n');
    expect(r.stderr).toBe('[redacted]\n');
    expect(JSON.stringify(log.entries)).not.toContain('top$(secret)');
  });

  it('refuses a host whose key is not the known one, and a host that does not answer', async () => {
    const wrong = `${sshd.dir}/other_known_hosts`;
    writeFileSync(wrong, `[127.0.0.1]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake\n`);
    const r1 = await new SshExecutor({ ...conn, knownHostsFile: wrong }, { target: 'ssh', log: memoryLog() }).run({
      argv: ['true'],
      description: 'probe',
    });
    expect(r1.unreachable).toBe(true);
    const port = await freePort();
    const r2 = await new SshExecutor({ ...conn, port }, { target: 'dead', log: memoryLog() }).run({ argv: ['true'], description: 'probe' });
    expect(r2.unreachable).toBe(true);
    expect(r2.stderr).toMatch(/cannot reach root@127\.0\.0\.1:\d+ over SSH: .*Connection refused/);
  });

  it('times a command out', async () => {
    const ex = new SshExecutor(conn, { target: 'ssh', log: memoryLog() });
    const r = await ex.run({ argv: ['sleep', '30'], description: 'slow', timeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).not.toBe(0);
  });

  it('a target that does not answer: clear error, nothing applied', async () => {
    const port = await freePort();
    const dead = new SshExecutor({ ...conn, port }, { target: 'dead', log: memoryLog() });
    const model = sharedModelOnLoopback();
    const target: TargetT = {
      id: 'dead',
      adapter: 'postfix-dovecot',
      server: 'POP01',
      options: { configDirectory: '/nonexistent/coexist', dns: 'disabled' },
    };
    await expect(planTarget(model, target, dead)).rejects.toThrow(AdapterError);
    await expect(planTarget(model, target, dead)).rejects.toThrow(/target dead: cannot reach .*nothing was read or changed/);
    const change: Change = {
      action: 'create',
      object: 'file',
      commands: [{ argv: ['touch', '/tmp/coexist-should-not-exist'], description: 'touch' }],
    };
    const report = await applyChanges([change, change], dead);
    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'not-run']);
    expect(report.steps[0]!.error).toMatch(/Connection refused/);
  });

  it.runIf(!canRunPostfix())(
    'sshd killed during a real apply: done / not run, then a re-run converges',
    async () => {
      const inst = createPostfixInstance('sshpop', '127.0.0.3', 2525);
      const model = sharedModelOnLoopback();
      const target: TargetT = {
        id: 'sshpop',
        adapter: 'postfix-dovecot',
        server: 'POP01',
        options: {
          configDirectory: inst.etc,
          mailRoot: inst.mail,
          mailUid: '65534',
          mailGid: '65534',
          nextHopPort: '2525',
          dns: 'disabled',
        },
      };
      const secrets = { env: { COEXIST_POP3_RELAY_PASSWORD: 'pw' } };
      let local: Sshd | undefined = await startSshd();
      try {
        const c = {
          host: '127.0.0.1',
          port: local.port,
          user: 'root',
          identityFile: local.identityFile,
          knownHostsFile: local.knownHostsFile,
        };
        const ex = new SshExecutor(c, { target: 'sshpop', log: memoryLog(), secrets });
        const plan = await planTarget(model, target, ex);
        let steps = 0;
        const report = await applyReviewedPlan(model, target, plan, ex, {
          progress: (e) => {
            if (e.status === 'done' && ++steps === 2) {
              signalPid(local!.pid, 'SIGTERM');
            }
          },
        }).catch((e: Error) => e);
        if (report instanceof Error) throw report;
        expect(report.ok).toBe(false);
        expect(report.steps.slice(0, 2).map((s) => s.status)).toEqual(['done', 'done']);
        expect(report.steps[2]!.status).toBe('failed');
        expect(report.steps.slice(3).every((s) => s.status === 'not-run')).toBe(true);

        // The same host comes back on a new sshd: the re-run plans only what remains and converges.
        const again = await startSshd();
        local.stop();
        local = again;
        const ex2 = new SshExecutor(
          { ...c, port: again.port, identityFile: again.identityFile, knownHostsFile: again.knownHostsFile },
          { target: 'sshpop', log: memoryLog(), secrets },
        );
        const rest = await planTarget(model, target, ex2);
        expect(rest.changes.length).toBe(plan.changes.length - 2);
        expect((await applyReviewedPlan(model, target, rest, ex2)).ok).toBe(true);
        expect((await planTarget(model, target, ex2)).changes).toEqual([]);
      } finally {
        local?.stop();
        rmSync(inst.root, { recursive: true, force: true });
      }
    },
    60000,
  );
});
