// One writer per model file: a lock taken when a console opens a file for editing, so that a second
// console on the same file is told who holds it and opens read-only instead of overwriting its edits.
//
// The lock is proper-lockfile's atomic `mkdir` of `<file>.lock`, kept fresh by touching its mtime. Inside
// it, `owner.json` records who holds it (pid, user, host, since, a random id); the record lives and dies
// with the directory, so it can never describe another holder's lock. A lock left by a crashed process is
// recovered:
// - holder on this host whose PID is gone: at once, under a second short mutex (`<file>.lock.recover`) so
//   that two consoles recovering at the same moment cannot remove each other's fresh lock;
// - holder that stopped refreshing the lock for `staleMs` (another host, a frozen or reused PID): by
//   proper-lockfile's staleness rule.
// The lock protects only this machine's view of the file: saveModelFile's "changed on disk" check still
// guards every save.
//
// Use (console entry):
//   const r = acquireModelLock(path, { onCompromised: () => store.setReadOnly('the lock on the file was lost') });
//   if (!r.ok) { open read-only and show r.message }   // "... is locked by PID 4242 (alice) on host admin01 since ..."
//   else { if (r.recovered) show it; before each save: if (!r.lock.held()) refuse; on exit: r.lock.release() }
// SIGINT/SIGTERM and a normal exit release the lock (proper-lockfile's exit hook); SIGKILL leaves it, and
// the next console recovers it.
import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';

export interface LockOwner {
  pid: number;
  host: string;
  user: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Random id of this lock, printed so an administrator can tell two locks apart. */
  id: string;
}

export interface ModelLock {
  /** The model file this lock protects (absolute, symlinks resolved). */
  readonly file: string;
  readonly owner: LockOwner;
  /** Set when the lock was lost (its directory removed or taken over); the holder must stop saving. */
  readonly compromised: boolean;
  /** Whether the lock is still ours right now (check it before a save). */
  held(): boolean;
  /** Give the lock up. Safe to call more than once. */
  release(): void;
}

export type LockResult =
  | { ok: true; lock: ModelLock /** Set when a lock left by a crashed process was taken over. */; recovered?: string }
  | { ok: false; reason: 'locked'; owner: LockOwner | null; message: string }
  | { ok: false; reason: 'error'; owner: null; message: string };

export interface LockOptions {
  /** A lock not refreshed for this long is stale and may be taken over (default 10 s, at least 5 s). */
  staleMs?: number;
  /** Called once if the lock is lost while held (default: nothing; `compromised` becomes true). */
  onCompromised?: (error: Error) => void;
}

const DEFAULT_STALE_MS = 10_000;

/** The model file's canonical path: two consoles opening it through different symlinks share one lock. */
function canonical(file: string): string {
  const full = resolve(file);
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}

export const lockDirOf = (file: string) => `${canonical(file)}.lock`;
export const ownerFileOf = (file: string) => `${canonical(file)}.lock/owner.json`;
const recoverDirOf = (file: string) => `${canonical(file)}.lock.recover`;
/** A recovery that takes longer than this was interrupted by a crash itself. */
const RECOVER_STALE_MS = 5_000;

/**
 * The fs proper-lockfile uses: its rmdir removes our directory with its content; its mkdir writes the
 * owner record inside the new directory at once (before proper-lockfile stamps the directory's mtime);
 * and its utimes, which keeps the lock fresh, first checks that the record is still ours. proper-lockfile
 * alone compares mtimes, which two locks taken in the same second share: a holder whose lock was removed
 * and taken by another console would keep refreshing the other console's lock instead of noticing.
 */
function lockFs(owner?: LockOwner): typeof fs {
  return {
    ...fs,
    utimesSync: ((path: fs.PathLike, atime: fs.TimeLike, mtime: fs.TimeLike) => {
      if (owner && readOwnerIn(String(path))?.id !== owner.id) {
        throw Object.assign(new Error(`the lock ${String(path)} is no longer ours (removed or taken over)`), { code: 'ENOENT' });
      }
      fs.utimesSync(path, atime, mtime);
    }) as typeof fs.utimesSync,
    rmdirSync: (path: fs.PathLike) => rmSync(path, { recursive: true }),
    mkdirSync: ((path: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
      const made = mkdirSync(path, options);
      if (owner) {
        try {
          writeFileSync(`${String(path)}/owner.json`, `${JSON.stringify(owner)}\n`, { mode: 0o644, flag: 'wx' });
        } catch (e) {
          rmSync(path, { recursive: true, force: true });
          throw e;
        }
      }
      return made;
    }) as typeof fs.mkdirSync,
  };
}

/** Who holds the lock on a model file, or null if nobody (or the record is missing or unreadable). */
export function readLockOwner(file: string): LockOwner | null {
  return readOwnerIn(lockDirOf(file));
}

function readOwnerIn(lockDir: string): LockOwner | null {
  try {
    const data = JSON.parse(readFileSync(`${lockDir}/owner.json`, 'utf8')) as Partial<LockOwner>;
    if (typeof data.pid !== 'number' || typeof data.host !== 'string' || typeof data.since !== 'string') return null;
    return { pid: data.pid, host: data.host, user: String(data.user ?? '?'), since: data.since, id: String(data.id ?? '?') };
  } catch {
    return null;
  }
}

/** "locked by PID 4242 (alice) on host admin01 since 2026-11-28T05:00:00.000Z (lock 1a2b3c4d)". */
export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return 'locked by another process (its owner record is not written yet or unreadable)';
  return `locked by PID ${owner.pid} (${owner.user}) on host ${owner.host} since ${owner.since} (lock ${owner.id})`;
}

function pidIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A short mutex around dead-holder recovery; a mutex left by a crash during recovery is broken after 5 s. */
function withRecoverMutex<T>(file: string, fn: () => T): T | null {
  const dir = recoverDirOf(file);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      try {
        if (attempt === 0 && statSync(dir).mtimeMs < Date.now() - RECOVER_STALE_MS) {
          rmdirSync(dir);
          continue;
        }
      } catch {
        /* removed meanwhile */
      }
      return null;
    }
    try {
      return fn();
    } finally {
      try {
        rmdirSync(dir);
      } catch {
        /* nothing to do */
      }
    }
  }
  return null;
}

/**
 * If the lock was left by a process of this host that no longer exists, remove it.
 * Returns a description of what was recovered, or null if the lock is (or may be) alive.
 */
function recoverDeadHolder(file: string): string | null {
  return withRecoverMutex(file, () => {
    // Read the record inside the mutex: another console may have just recovered the lock.
    const owner = readLockOwner(file);
    if (!owner || owner.host !== hostname() || owner.pid === process.pid || pidIsAlive(owner.pid)) return null;
    try {
      rmSync(lockDirOf(file), { recursive: true });
    } catch {
      return null;
    }
    return `took over a lock left by PID ${owner.pid} (${owner.user}) on host ${owner.host} since ${owner.since}, which no longer runs`;
  });
}

function tryLock(file: string, staleMs: number, onCompromised: (e: Error) => void, owner: LockOwner): (() => void) | NodeJS.ErrnoException {
  try {
    return lockfile.lockSync(file, { realpath: false, stale: staleMs, lockfilePath: lockDirOf(file), onCompromised, fs: lockFs(owner) });
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

/** Take the lock on a model file (which need not exist yet). Never throws. */
export function acquireModelLock(file: string, opts: LockOptions = {}): LockResult {
  const path = canonical(file);
  const staleMs = Math.max(opts.staleMs ?? DEFAULT_STALE_MS, 5_000);
  let compromised = false;
  let released = false;
  const onCompromised = (error: Error) => {
    if (compromised || released) return;
    compromised = true;
    opts.onCompromised?.(error);
  };

  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    user: safeUser(),
    since: new Date().toISOString(),
    id: randomBytes(4).toString('hex'),
  };
  let recovered: string | undefined;
  let release = tryLock(path, staleMs, onCompromised, owner);
  if (typeof release !== 'function' && release.code === 'ELOCKED') {
    const note = recoverDeadHolder(path);
    if (note) {
      recovered = note;
      release = tryLock(path, staleMs, onCompromised, owner);
    }
  }
  if (typeof release !== 'function') {
    const err = release;
    if (err.code === 'ELOCKED') {
      const holder = readLockOwner(path);
      const who =
        holder && holder.pid === process.pid && holder.host === hostname() ? 'already locked by this process' : describeOwner(holder);
      return { ok: false, reason: 'locked', owner: holder, message: `${file} is ${who}; opening it read-only` };
    }
    // Not held by anyone: the disk refused (full, read-only, no permission); say that, not "another console".
    const why =
      err.code === 'ENOSPC'
        ? 'no space left on the device'
        : err.code === 'EROFS'
          ? 'the file system is read-only'
          : err.code === 'EACCES' || err.code === 'EPERM'
            ? 'permission denied'
            : err.code === 'ENOENT'
              ? 'its directory does not exist'
              : err.message;
    return {
      ok: false,
      reason: 'error',
      owner: null,
      message: `${file}: cannot take the lock: ${why}${err.code ? ` (${err.code})` : ''}; opening it read-only`,
    };
  }

  const unlock = release;
  const lock: ModelLock = {
    file: path,
    owner,
    get compromised() {
      return compromised;
    },
    held() {
      return !released && !compromised && readLockOwner(path)?.id === owner.id;
    },
    release() {
      if (released) return;
      released = true;
      if (compromised) return; // the directory is someone else's now
      const current = readLockOwner(path);
      if (current && current.id !== owner.id) return; // taken over: not ours to remove
      try {
        unlock();
      } catch {
        /* already released or removed */
      }
    },
  };
  return recovered ? { ok: true, lock, recovered } : { ok: true, lock };
}

/** Whether a model file is locked by a live holder right now (for status displays). */
export function isModelLocked(file: string, staleMs = DEFAULT_STALE_MS): boolean {
  try {
    return lockfile.checkSync(canonical(file), {
      realpath: false,
      stale: Math.max(staleMs, 5_000),
      lockfilePath: lockDirOf(file),
      fs: lockFs(),
    });
  } catch {
    return false;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '?');
  }
}
