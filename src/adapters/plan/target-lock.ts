// The per-target apply lock: taken on the target itself (so two consoles, two machines or two people are
// serialised), held from the re-observe that checks the plan to the last step, then released. An adapter
// says how (Adapter.lock: a lock directory under the Postfix config directory...). The holder is recorded
// with the lock, so a refusal says who holds it and since when; a lock left by a coexist process of this
// host that no longer runs is broken (that apply was killed; the journal marks it interrupted).
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { Model, TargetT } from '../../model/schema.js';
import type { Adapter, CommandResult, Executor } from '../types.js';

export const LOCK_HELD_EXIT = 3;

export type LockOutcome =
  | {
      ok: true;
      release: () => Promise<void>;
      /** A lock left by an apply that no longer runs was removed to take this one: what the views must say. */
      broken?: string;
    }
  | { ok: false; held: boolean; message: string };

function who(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return `coexist pid=${process.pid} host=${hostname()} user=${user} since=${new Date().toISOString()}`;
}

/** The holder's pid and host. A pid is kept only when it names one process (a whole number above 1): pid 0 or -1 in a hostile owner file would otherwise make the liveness check below ask about a whole process group. */
function parseHolder(holder: string): { pid?: number; host?: string } {
  const text = /\bpid=([0-9]{1,10})\b/.exec(holder)?.[1];
  const pid = text === undefined ? undefined : Number(text);
  const host = /\bhost=(\S+)/.exec(holder)?.[1];
  return { ...(pid !== undefined && Number.isSafeInteger(pid) && pid > 1 ? { pid } : {}), ...(host ? { host } : {}) };
}

/** Tokens of the locks this process holds right now (an apply in progress). */
const held = new Set<string>();

/** Whether the holder is a coexist process of this host that no longer runs, or this process's own apply that ended (its release lost with the connection). */
function deadHereOnThisHost(holder: string, token: string): boolean {
  const h = parseHolder(holder);
  if (h.host !== hostname() || h.pid === undefined) return false;
  if (h.pid === process.pid) return !held.has(token);
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lastLines(r: CommandResult): string {
  return r.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' / ') || `exit code ${r.exitCode}`;
}

export async function acquireTargetLock(adapter: Adapter, model: Model, target: TargetT, executor: Executor): Promise<LockOutcome> {
  const spec = adapter.lock?.(model, target);
  if (!spec) return { ok: true, release: async () => {} };
  const token = randomBytes(12).toString('hex');
  const holder = who();
  let r = await executor.run(spec.acquire(token, holder));
  let broken: string | undefined;
  if (r.exitCode === LOCK_HELD_EXIT) {
    const [heldToken = '', heldBy = ''] = r.stdout.split('\n');
    if (heldToken && deadHereOnThisHost(heldBy, heldToken)) {
      r = await executor.run(spec.acquire(token, holder, heldToken));
      broken = `target ${target.id}: the apply lock ${spec.where} was left by ${heldBy.trim()}, which no longer runs (that apply was stopped before its end); it was removed and this apply took the lock`;
    }
  }
  if (r.exitCode === 0 && !r.timedOut) {
    held.add(token);
    return {
      ok: true,
      ...(broken ? { broken } : {}),
      release: async () => {
        held.delete(token);
        try {
          await executor.run(spec.release(token));
        } catch {
          // the target went away; the lock records this process, which the next apply sees is gone
        }
      },
    };
  }
  if (r.exitCode === LOCK_HELD_EXIT) {
    const heldBy = r.stdout.split('\n')[1]?.trim() || 'another apply (holder unknown)';
    return {
      ok: false,
      held: true,
      message: `target ${target.id}: another apply holds the lock ${spec.where} on ${executor.description} (${heldBy}); nothing was applied. Wait for it to finish; if that apply no longer runs (it was killed, or its machine is gone), remove the lock there (rm -r ${spec.where}) and apply again`,
    };
  }
  if (r.unreachable) return { ok: false, held: false, message: `target ${target.id}: ${lastLines(r)}; nothing was applied` };
  return {
    ok: false,
    held: false,
    message: `target ${target.id}: cannot take the apply lock ${spec.where}: ${r.timedOut ? 'timed out' : lastLines(r)}; nothing was applied`,
  };
}
