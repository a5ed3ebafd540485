// The apply lock on a target reached over SSH (a real sshd on 127.0.0.1, a real Postfix instance): a lock
// held by an apply that still runs elsewhere is refused, naming the holder, the machine the lock is on and
// the command that removes it, and nothing is applied; after that removal an apply goes through. A lock
// left by an apply of this host that no longer runs is removed, and the report says whose it was.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshExecutor } from '../../src/adapters/executor/ssh.js';
import { type ApplyOutcome, planApplyOperation } from '../../src/adapters/plan/operation.js';
import type { Model } from '../../src/model/schema.js';
import { SettingsStore } from '../../src/settings/store.js';
import { canRunPostfix, createPostfixInstance, type PostfixInstance, sharedModelOnLoopback } from './helpers/postfix-instance.js';
import { canRunSshd, type Sshd, startSshd } from './helpers/sshd.js';

const skip = canRunSshd() ?? canRunPostfix();
if (skip && process.env.CI) throw new Error(`CI: ${skip}`);
if (skip) console.warn(`SKIPPED the apply lock over SSH: ${skip}`);

const SECRETS = { env: { COEXIST_POP3_RELAY_PASSWORD: 'relay-pw' } };

describe.runIf(!skip)('the apply lock of a target reached over SSH', () => {
  let sshd: Sshd;
  let work = '';
  beforeAll(async () => {
    sshd = await startSshd();
    work = mkdtempSync(join(tmpdir(), 'coexist-lock-ssh-'));
  });
  afterAll(() => {
    sshd?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function setup(name: string): { inst: PostfixInstance; model: Model; lock: string } {
    const inst = createPostfixInstance(name, '127.0.0.3', 2525, mkdtempSync(join(work, 'pf-')));
    const model = sharedModelOnLoopback();
    model.targets = [
      {
        id: 'pop',
        adapter: 'postfix-dovecot',
        server: 'POP01',
        connection: { kind: 'ssh', host: '127.0.0.1', port: sshd.port, user: 'root' },
        options: { configDirectory: inst.etc, mailRoot: inst.mail, mailUid: '65534', mailGid: '65534', dns: 'disabled' },
      },
    ];
    return { inst, model, lock: join(inst.etc, '.coexist-apply.lock') };
  }

  const operation = () =>
    planApplyOperation({
      settings: () => new SettingsStore(mkdtempSync(join(work, 'cfg-'))),
      secrets: SECRETS,
      executor: (target, _s, log) =>
        new SshExecutor(
          { host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile, knownHostsFile: sshd.knownHostsFile },
          { target: target.id, log, secrets: SECRETS },
        ),
    });
  const refusal = (o: ApplyOutcome) => (o.status === 'refused' ? o.refusal : undefined);

  it('a lock held by an apply elsewhere: refused with its holder, where it is and how to remove it; nothing applied; then removed, an apply goes through', async () => {
    const { inst, model, lock } = setup('held');
    mkdirSync(lock);
    const holder = 'coexist pid=4242 host=ops-laptop.example user=alice since=2026-12-03T09:00:00.000Z';
    writeFileSync(join(lock, 'owner'), `tok1\n${holder}\n`);
    const mainBefore = readFileSync(join(inst.etc, 'main.cf'), 'utf8');

    const held = await operation().apply({ model, targetId: 'pop', assumeYes: true });
    expect(refusal(held)).toEqual({
      kind: 'locked',
      targetId: 'pop',
      message: `target pop: another apply holds the lock ${lock} on root@127.0.0.1:${sshd.port} over SSH (${holder}); nothing was applied. Wait for it to finish; if that apply no longer runs (it was killed, or its machine is gone), remove the lock there (rm -r ${lock}) and apply again`,
    });
    expect(readFileSync(join(inst.etc, 'main.cf'), 'utf8')).toBe(mainBefore);
    expect(existsSync(join(inst.etc, 'transport'))).toBe(false);
    expect(readFileSync(join(lock, 'owner'), 'utf8')).toBe(`tok1\n${holder}\n`);

    // What the message says to do, on the target.
    execFileSync('sh', ['-c', `rm -r ${lock}`]);
    const applied = await operation().apply({ model, targetId: 'pop', assumeYes: true });
    expect(applied.status, JSON.stringify(refusal(applied))).toBe('applied');
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  it('a lock left by an apply of this host that no longer runs: removed, and the report names its holder', async () => {
    const { model, lock } = setup('stale');
    // A process of this host that has ended: its pid is free (what a killed apply leaves in the owner file).
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"']).toString().trim());
    expect(Number.isInteger(dead) && dead > 1).toBe(true);
    const holder = `coexist pid=${dead} host=${hostname()} user=root since=2026-12-03T09:00:00.000Z`;
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), `tok2\n${holder}\n`);

    const applied = await operation().apply({ model, targetId: 'pop', assumeYes: true });
    expect(applied.status, JSON.stringify(refusal(applied))).toBe('applied');
    expect('report' in applied && applied.report.notes).toEqual([
      `target pop: the apply lock ${lock} was left by ${holder}, which no longer runs (that apply was stopped before its end); it was removed and this apply took the lock`,
    ]);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  it('an owner file naming pid 0 or 1 is never taken for a dead process of this host: refused, not broken', async () => {
    const { model, lock } = setup('pid0');
    for (const pid of ['0', '1']) {
      mkdirSync(lock, { recursive: true });
      writeFileSync(join(lock, 'owner'), `tok3\ncoexist pid=${pid} host=${hostname()} user=root since=2026-12-03T09:00:00.000Z\n`);
      const held = await operation().apply({ model, targetId: 'pop', assumeYes: true });
      expect(refusal(held)?.kind, pid).toBe('locked');
      expect(existsSync(join(lock, 'owner'))).toBe(true);
    }
  }, 120_000);
});
