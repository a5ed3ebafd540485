// The apply journal: one JSON line per step event, appended (and flushed) before and after each step, in an
// owner-only file. It survives a crash mid-apply and tells the administrator what ran. Each apply is one run
// (its id, host and process): a run left "started" whose process is gone was killed, and the next plan or
// apply marks it "interrupted" and says so.
import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { openAppendNoFollow } from '../../persistence/index.js';

export interface JournalEvent {
  target: string;
  index: number;
  object: string;
  status: 'started' | 'done' | 'failed' | 'interrupted';
  error?: string;
  /** The apply this step belongs to (one per apply of one target). */
  run?: string;
  pid?: number;
  host?: string;
  time?: string;
}

export interface Journal {
  record(event: JournalEvent): void;
}

export const newRunId = () => randomBytes(8).toString('hex');

/** The journal file; opened with O_NOFOLLOW, so a link planted at its name is refused, never written through. */
export function fileJournal(path: string): Journal & { path: string } {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return {
    path,
    record(event) {
      const fd = openAppendNoFollow(path);
      try {
        writeSync(fd, `${JSON.stringify({ time: new Date().toISOString(), pid: process.pid, host: hostname(), ...event })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

export function memoryJournal(): Journal & { events: JournalEvent[] } {
  const events: JournalEvent[] = [];
  return {
    events,
    record: (e) => {
      events.push(e);
    },
  };
}

/** The last `bytes` of the journal, as events (a journal grows forever; the runs that matter are recent). */
export function readJournalTail(path: string, bytes = 1 << 20): JournalEvent[] {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (start > 0) lines.shift();
    const out: JournalEvent[] = [];
    for (const l of lines) {
      if (!l.trim()) continue;
      try {
        const e = JSON.parse(l) as JournalEvent;
        if (e && typeof e.target === 'string' && typeof e.status === 'string') out.push(e);
      } catch {
        // a line cut by a crash mid-write: skip it
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface InterruptedRun {
  run: string;
  time: string;
  /** The step left running (started, never done or failed). */
  index: number;
  object: string;
}

/**
 * The target's most recent apply, if it was interrupted: left "started" by a process that no longer runs
 * (marked "interrupted" here, once), or marked so earlier. A run still in progress in a live process of this
 * host is not interrupted.
 */
export function interruptedRun(path: string, targetId: string, journal?: Journal): InterruptedRun | undefined {
  const events = readJournalTail(path).filter((e) => e.target === targetId);
  const last = events[events.length - 1];
  if (!last) return undefined;
  const runId = last.run ?? '';
  const mine = events.filter((e) => (e.run ?? '') === runId);
  const marked = mine.find((e) => e.status === 'interrupted');
  if (marked) return { run: runId, time: marked.time ?? '', index: marked.index, object: marked.object };
  const open = new Map<number, JournalEvent>();
  for (const e of mine) {
    if (e.status === 'started') open.set(e.index, e);
    else open.delete(e.index);
  }
  const left = [...open.values()][0];
  if (!left) return undefined;
  if (left.host === hostname() && alive(left.pid)) return undefined;
  journal?.record({
    target: targetId,
    index: left.index,
    object: left.object,
    status: 'interrupted',
    run: runId,
    error: `the apply (pid ${left.pid ?? '?'} on ${left.host ?? '?'}) stopped during this step`,
  });
  return { run: runId, time: left.time ?? '', index: left.index, object: left.object };
}

export function describeInterrupted(targetId: string, r: InterruptedRun): string {
  return `the last apply to ${targetId} (${r.time.replace('T', ' ').slice(0, 19)}) was interrupted during step ${r.index + 1} (${r.object}): it may be half done; this plan shows what remains`;
}
