// Pids that tests read from daemons' pid files, and the signals tests send to them.
// A pid file exists before the daemon has written its number into it, and Number('') is 0: process.kill(0, sig)
// signals the whole process group, which is the test runner and CI itself (session 4's CI run ended with
// exit 143 that way). So a pid read from a file is taken only once it is a whole number above 1, and a signal
// goes only to such a pid.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The pid a pid file's text holds, or undefined while it holds none (empty, partial, or not a number above 1). */
export function parsePid(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const pid = Number(t);
  return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
}

/** Waits until the file holds a pid; throws, naming the file and what it holds, after timeoutMs. */
export async function waitForPidFile(path: string, timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    const pid = text === undefined ? undefined : parsePid(text);
    if (pid !== undefined) return pid;
    if (Date.now() >= until)
      throw new Error(
        `${path}: no pid after ${timeoutMs} ms (${text === undefined ? 'no such file' : `it holds ${JSON.stringify(text)}`})`,
      );
    await sleep(25);
  }
}

/** Sends a signal to one process; false when it is already gone. Refuses anything but a pid above 1. */
export function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new Error(`refusing to signal pid ${pid}: only a single process above pid 1`);
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}
