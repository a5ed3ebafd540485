// The apply lock of a target whose disk is full: the Postfix config directory is a tiny tmpfs, filled, in a
// private mount namespace the test creates (as writes.test.ts does for the model file), and every command of
// the apply runs inside that namespace. The lock cannot be written: one line that says so (not "another
// apply holds the lock"), nothing applied, no lock left behind.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../src/adapters/executor/local.js';
import { type ApplyOutcome, planApplyOperation } from '../../src/adapters/plan/operation.js';
import type { CommandSpec, Executor } from '../../src/adapters/types.js';
import { SettingsStore } from '../../src/settings/store.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback, localPopTarget } from '../adapters/helpers/postfix-instance.js';
import { signalPid } from '../helpers/pid.js';

const canMount = (() => {
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs in a private mount namespace';
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
    execFileSync('nsenter', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'unshare -m or nsenter is not available here';
  }
})();
const skip = canMount ?? canRunPostfix();
if (skip && process.env.CI) throw new Error(`CI: ${skip}`);
if (skip) console.warn(`SKIPPED the apply lock on a full disk: ${skip}`);

const work = mkdtempSync(join(tmpdir(), 'coexist-lock-disk-'));
const holders: number[] = [];
afterAll(() => {
  for (const pid of holders) signalPid(pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** A mount namespace in which `dir` is a full 64 KB tmpfs holding a copy of what `dir` held; its holder's pid. */
async function fullDiskNamespace(dir: string): Promise<number> {
  const copy = join(work, 'copy');
  cpSync(dir, copy, { recursive: true });
  const script = `set -e
mount -t tmpfs -o size=64k tmpfs "$1"
cp -a "$2"/. "$1"/
dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null || true
echo ready
exec sleep 600`;
  const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'full-disk', dir, copy], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the full-disk namespace ended (exit ${code}): ${err}`)));
  });
  const pid = child.pid;
  if (pid === undefined || !Number.isSafeInteger(pid) || pid <= 1) throw new Error(`no pid for the namespace holder: ${pid}`);
  holders.push(pid);
  return pid;
}

/** Runs every command inside the namespace of `pid` (its mounts), on this machine. */
function inNamespace(pid: number, local: LocalExecutor): Executor {
  return {
    description: `this machine (mount namespace of ${pid})`,
    run: (spec: CommandSpec) => local.run({ ...spec, argv: ['nsenter', '-t', String(pid), '-m', '--', ...spec.argv] }),
  };
}

describe.runIf(!skip)('the apply lock of a target whose disk is full', () => {
  it('cannot be written: one line that says so, nothing applied, no lock left', async () => {
    const inst = createPostfixInstance('full', '127.0.0.3', 2525, mkdtempSync(join(work, 'pf-')));
    const model = sharedModelOnLoopback();
    model.targets = [localPopTarget(inst)];
    const pid = await fullDiskNamespace(inst.etc);
    const secrets = { env: { COEXIST_POP3_RELAY_PASSWORD: 'relay-pw' } };
    const op = planApplyOperation({
      settings: () => new SettingsStore(mkdtempSync(join(work, 'cfg-'))),
      secrets,
      executor: (target, _s, log) => inNamespace(pid, new LocalExecutor({ target: target.id, log, secrets })),
    });
    const inside = (cmd: string) => execFileSync('nsenter', ['-t', String(pid), '-m', '--', 'sh', '-c', cmd], { encoding: 'utf8' });
    const before = inside(`cat ${inst.etc}/main.cf; ls -A ${inst.etc}`);
    expect(inside(`df -k ${inst.etc} | tail -n 1`)).toMatch(/\s100%\s/);

    const outcome: ApplyOutcome = await op.apply({ model, targetId: 'pop', assumeYes: true });
    expect(outcome.status).toBe('refused');
    const refusal = outcome.status === 'refused' ? outcome.refusal : undefined;
    const lock = `${inst.etc}/.coexist-apply.lock`;
    expect(refusal?.kind).toBe('unobservable');
    expect(refusal?.message).toMatch(
      new RegExp(`^target pop: cannot take the apply lock ${lock}: .*(No space left on device|is the disk full).*; nothing was applied$`),
    );
    expect(refusal?.message).not.toContain('\n');
    expect(refusal?.message).not.toMatch(/another apply|holds the lock/);
    expect(inside(`cat ${inst.etc}/main.cf; ls -A ${inst.etc}`)).toBe(before);
  }, 120_000);
});
