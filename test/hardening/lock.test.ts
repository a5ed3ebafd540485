// Two consoles on one model file, with real processes: the second is told who holds the lock and opens
// read-only; a lock left by a crashed console is recovered at once (dead PID) or after it goes stale
// (another host); racing recoveries leave exactly one holder; a save over a file changed on disk is refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireModelLock, describeOwner, isModelLocked, lockDirOf, readLockOwner, type LockResult } from '../../src/persistence/lock.js';
import { ModelFileError, readModelFile, saveModelFile, writeNewModelFile } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { bundleFixture } from './fixtures/bundle.js';

let work = '';
let holderScript = '';
const running = new Set<ChildProcessWithoutNullStreams>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'coexist-lock-'));
  holderScript = bundleFixture('lock-holder', work);
});
afterEach(() => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  running.clear();
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

let counter = 0;
function modelFile(): string {
  const dir = join(work, `case${++counter}`);
  mkdirSync(dir);
  const file = join(dir, 'coexist.yaml');
  writeNewModelFile(file, scenarioModel('shared-domain'));
  return file;
}

interface Holder {
  proc: ChildProcessWithoutNullStreams;
  first: Promise<Record<string, unknown>>;
  next(pred: (msg: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(line: string): void;
  exited: Promise<NodeJS.Signals | number | null>;
}

function startHolder(file: string, extra: string[] = []): Holder {
  const proc = spawn(process.execPath, [holderScript, file, ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(proc);
  const messages: Record<string, unknown>[] = [];
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  let buf = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
      buf = buf.slice(nl + 1);
      messages.push(msg);
      for (const w of [...waiters])
        if (w.pred(msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(msg);
        }
    }
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code)));
  const next = (pred: (m: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const hit = messages.find(pred);
      if (hit) {
        resolve(hit);
        return;
      }
      const t = setTimeout(() => reject(new Error(`no such message from the holder within ${timeoutMs} ms (stderr: ${err})`)), timeoutMs);
      waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      });
    });
  return { proc, first: next(() => true), next, send: (line) => proc.stdin.write(`${line}\n`), exited };
}

const expectLocked = (r: LockResult): Extract<LockResult, { ok: false }> => {
  expect(r.ok, r.ok ? 'unexpectedly got the lock' : r.message).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r;
};

describe('two consoles on one model file', () => {
  it('the second console is told who holds the lock (PID, user, host, since) and opens read-only; after release it gets it', async () => {
    const file = modelFile();
    const a = startHolder(file);
    const first = await a.first;
    expect(first.ok).toBe(true);

    const r = expectLocked(acquireModelLock(file));
    expect(r.reason).toBe('locked');
    expect(r.owner?.pid).toBe(a.proc.pid);
    expect(r.owner?.host).toBe(hostname());
    expect(r.message).toMatch(
      new RegExp(
        `locked by PID ${a.proc.pid} \\(.+\\) on host ${hostname()} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(lock [0-9a-f]{8}\\); opening it read-only`,
      ),
    );
    expect(isModelLocked(file)).toBe(true);

    // A third console, as a real process, is refused the same way.
    const c = startHolder(file);
    const third = await c.first;
    expect(third.ok).toBe(false);
    expect((third.owner as { pid: number }).pid).toBe(a.proc.pid);

    a.send('release');
    await a.next((m) => m.event === 'released');
    expect(existsSync(lockDirOf(file))).toBe(false);
    const mine = acquireModelLock(file);
    expect(mine.ok).toBe(true);
    if (mine.ok) {
      expect(readLockOwner(file)?.pid).toBe(process.pid);
      expect(mine.lock.held()).toBe(true);
      const again = expectLocked(acquireModelLock(file));
      expect(again.message).toContain('already locked by this process');
      mine.lock.release();
      mine.lock.release();
      expect(mine.lock.held()).toBe(false);
    }
    expect(existsSync(lockDirOf(file))).toBe(false);
  });

  it('a console killed with SIGKILL leaves its lock; the next console takes it over at once (its PID is gone)', async () => {
    const file = modelFile();
    const a = startHolder(file);
    expect((await a.first).ok).toBe(true);
    a.proc.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    expect(existsSync(lockDirOf(file))).toBe(true);
    const t0 = performance.now();
    const r = acquireModelLock(file);
    const ms = performance.now() - t0;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.recovered).toContain(`PID ${a.proc.pid}`);
    expect(ms).toBeLessThan(1000); // no waiting for the 10 s staleness
    r.lock.release();
  });

  it('a console stopped with SIGTERM or SIGINT releases its lock on the way out', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const file = modelFile();
      const a = startHolder(file);
      expect((await a.first).ok).toBe(true);
      a.proc.kill(signal);
      await a.exited;
      expect(existsSync(lockDirOf(file)), signal).toBe(false);
    }
  });

  it('a lock held from another host is respected while fresh and taken over once stale', () => {
    const file = modelFile();
    const dir = lockDirOf(file);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'owner.json'),
      JSON.stringify({ pid: 1, host: 'admin-pc-elsewhere', user: 'carol', since: '2026-11-28T05:00:00.000Z', id: 'feedf00d' }),
    );
    const r = expectLocked(acquireModelLock(file));
    expect(r.message).toContain('locked by PID 1 (carol) on host admin-pc-elsewhere since 2026-11-28T05:00:00.000Z (lock feedf00d)');
    const old = new Date(Date.now() - 60_000);
    utimesSync(dir, old, old);
    const taken = acquireModelLock(file);
    expect(taken.ok).toBe(true);
    if (taken.ok) {
      expect(readLockOwner(file)?.id).toBe(taken.lock.owner.id);
      taken.lock.release();
    }
  });

  it('a lock directory without an owner record (being created) is never taken over early', () => {
    const file = modelFile();
    mkdirSync(lockDirOf(file));
    const r = expectLocked(acquireModelLock(file));
    expect(r.owner).toBeNull();
    expect(r.message).toContain('owner record is not written yet');
    expect(describeOwner(null)).toContain('another process');
  });

  it("when several consoles race to recover a crashed console's lock, exactly one gets it", async () => {
    for (let round = 0; round < 5; round++) {
      const file = modelFile();
      const dead = startHolder(file);
      expect((await dead.first).ok).toBe(true);
      dead.proc.kill('SIGKILL');
      await dead.exited;
      const go = join(work, `go-${counter}`);
      const racers = Array.from({ length: 6 }, () => startHolder(file, ['--go', go]));
      await new Promise((r) => setTimeout(r, 300));
      writeFileSync(go, '');
      const results = await Promise.all(racers.map((h) => h.first));
      const winners = results.filter((m) => m.ok === true);
      expect(winners, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      const winner = racers[results.indexOf(winners[0]!)]!;
      expect(readLockOwner(file)?.pid).toBe(winner.proc.pid);
      for (const m of results) if (m.ok === false) expect(m.reason).toBe('locked');
      for (const h of racers) h.send('exit');
      await Promise.all(racers.map((h) => h.exited));
    }
  });

  it('one lock whatever the path: a symlink to the model file is the same file', async () => {
    const file = modelFile();
    const link = join(work, `link-${counter}.yaml`);
    symlinkSync(file, link);
    const a = startHolder(link);
    expect((await a.first).ok).toBe(true);
    expect(expectLocked(acquireModelLock(file)).owner?.pid).toBe(a.proc.pid);
  });

  it("a holder whose lock was removed under it is told (compromised) and does not remove the next holder's lock", async () => {
    const file = modelFile();
    const a = startHolder(file, ['--stale', '5000']);
    expect((await a.first).ok).toBe(true);
    rmSync(lockDirOf(file), { recursive: true });
    const b = acquireModelLock(file);
    expect(b.ok).toBe(true);
    const lost = await a.next((m) => m.event === 'compromised', 8000);
    if (b.ok) {
      expect(b.lock.held()).toBe(true);
      expect(b.lock.compromised).toBe(false);
    }
    expect(String(lost.message)).toMatch(/.+/);
    a.send('release');
    await a.next((m) => m.event === 'released');
    expect(existsSync(lockDirOf(file))).toBe(true);
    if (b.ok) {
      expect(readLockOwner(file)?.id).toBe(b.lock.owner.id);
      b.lock.release();
    }
  });

  it('a lock that cannot be taken (no such directory) is an error and the console opens read-only', () => {
    const r = acquireModelLock(join(work, 'no-such-dir', 'coexist.yaml'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('error');
      expect(r.message).toMatch(/cannot take the lock: .* \(ENOENT\); opening it read-only/);
    }
  });
});

describe('a save over a file changed on disk is refused', () => {
  it('another process edits the file after this console read it: the save is refused and the other edit kept', () => {
    const file = modelFile();
    const mine = readModelFile(file);
    const edited = `${readFileSync(file, 'utf8')}# edited by another console\n`;
    const other = spawnSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(file)}, ${JSON.stringify(edited)})`]);
    expect(other.status).toBe(0);
    const next = structuredClone(mine.model);
    next.organization = 'Northwind Traders Ltd';
    expect(() => saveModelFile(mine, next)).toThrow(ModelFileError);
    expect(() => saveModelFile(mine, next)).toThrow(/changed on disk since it was read; not overwriting it/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(existsSync(`${file}.bak`)).toBe(false);
  });

  it('the file was removed after it was read: the save is refused', () => {
    const file = modelFile();
    const mine = readModelFile(file);
    rmSync(file);
    expect(() => saveModelFile(mine, mine.model)).toThrow(/was removed since it was read/);
    expect(existsSync(file)).toBe(false);
  });

  it('two consoles that both read the file: the first save wins, the second is refused', () => {
    const file = modelFile();
    const one = readModelFile(file);
    const two = readModelFile(file);
    const a = structuredClone(one.model);
    a.organization = 'Saved by console one';
    const b = structuredClone(two.model);
    b.organization = 'Saved by console two';
    saveModelFile(one, a);
    expect(() => saveModelFile(two, b)).toThrow(/changed on disk/);
    expect(readModelFile(file).model.organization).toBe('Saved by console one');
  });
});
