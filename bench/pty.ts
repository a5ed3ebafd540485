// Processes on a pseudo-terminal (100x30, CI removed from the environment so Ink draws live frames):
// time to a frame marker, time to exit, keystroke-to-output latency, and resident memory from /proc.
import { readFileSync, readdirSync } from 'node:fs';
import pty from '@lydell/node-pty';

export const COLS = 100;
export const ROWS = 30;

/** The environment without CI markers (Ink only writes the last frame under CI) and with a real TERM. */
export function interactiveEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'NO_COLOR') continue;
    env[k] = v;
  }
  env.TERM = 'xterm-256color';
  return { ...env, ...extra };
}

// CSI, OSC and two-byte escapes: enough to find text in what Ink writes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78NOMDEH]/g;
export const stripEscapes = (s: string) => s.replace(ESCAPES, '');

export interface PtyProcess {
  pid: number;
  /** Everything written so far, escapes removed. */
  text(): string;
  /** Resolves when the text (from `from` on) contains the marker; rejects after timeoutMs. */
  waitForText(marker: string, timeoutMs: number, from?: number): Promise<number>;
  /** Resolves at the next output chunk after now, with its arrival time; rejects after timeoutMs. */
  nextOutput(timeoutMs: number): Promise<number>;
  write(data: string): void;
  kill(): Promise<void>;
  exited: Promise<{ exitCode: number; at: number }>;
}

export function spawnOnPty(file: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): PtyProcess {
  const child = pty.spawn(file, args, { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: opts.cwd, env: opts.env ?? interactiveEnv() });
  let raw = '';
  let strippedOf = -1;
  let strippedText = '';
  /** Stripped lazily: a long keystroke session would otherwise re-strip everything on every chunk. */
  const stripped = () => {
    if (strippedOf !== raw.length) {
      strippedText = stripEscapes(raw);
      strippedOf = raw.length;
    }
    return strippedText;
  };
  let lastDataAt = 0;
  let waiters: (() => void)[] = [];
  let alive = true;
  child.onData((d) => {
    lastDataAt = performance.now();
    raw += d;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });
  const exited = new Promise<{ exitCode: number; at: number }>((resolve) =>
    child.onExit(({ exitCode }) => {
      alive = false;
      resolve({ exitCode, at: performance.now() });
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }),
  );
  const wait = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen text so far:\n${stripped().slice(-1500)}`)),
        timeoutMs,
      );
      const attempt = () => {
        const v = check();
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
        } else if (!alive) {
          clearTimeout(timer);
          reject(new Error(`the process exited while waiting for ${what}; output:\n${stripped().slice(-1500)}`));
        } else {
          waiters.push(attempt);
        }
      };
      attempt();
    });
  return {
    pid: child.pid,
    text: stripped,
    waitForText: (marker, timeoutMs, from = 0) =>
      wait(() => (stripped().indexOf(marker, from) >= 0 ? lastDataAt : undefined), timeoutMs, JSON.stringify(marker)),
    nextOutput: (timeoutMs) => {
      const seen = raw.length;
      return wait(() => (raw.length > seen ? lastDataAt : undefined), timeoutMs, 'output after a key');
    },
    write: (data) => child.write(data),
    kill: async () => {
      if (!alive) return;
      try {
        child.kill('SIGTERM');
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => {
        try {
          child.kill('SIGKILL');
        } catch {
          /* gone */
        }
      }, 2000);
      await exited;
      clearTimeout(t);
    },
    exited,
  };
}

/** Wall time from spawn to the first output containing the marker (ms); the process is then stopped. */
export async function timeToMarker(
  file: string,
  args: string[],
  marker: string,
  opts: { cwd: string; timeoutMs?: number; env?: Record<string, string> },
): Promise<number> {
  return (await startToMarker(file, args, marker, opts)).wallMs;
}

/**
 * Wall time and CPU time from spawn to the first output containing the marker. The CPU time (every thread of
 * the process tree, from /proc/<pid>/task/<tid>/schedstat, in ns) is read with the process stopped (SIGSTOP)
 * as soon as the marker arrives: on a loaded machine the wall time mostly measures waiting for a core, while
 * the CPU time is what the start itself costs.
 */
export async function startToMarker(
  file: string,
  args: string[],
  marker: string,
  opts: { cwd: string; timeoutMs?: number; env?: Record<string, string> },
): Promise<{ wallMs: number; cpuMs: number }> {
  const t = performance.now();
  const p = spawnOnPty(file, args, { cwd: opts.cwd, ...(opts.env ? { env: interactiveEnv(opts.env) } : {}) });
  try {
    const at = await p.waitForText(marker, opts.timeoutMs ?? 20000);
    const tree = processTree(p.pid);
    for (const pid of tree)
      try {
        process.kill(pid, 'SIGSTOP');
      } catch {
        /* gone */
      }
    const cpuMs = treeCpuMs(tree);
    for (const pid of tree)
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    return { wallMs: at - t, cpuMs };
  } finally {
    await p.kill();
  }
}

/** CPU time used so far by these processes, all their threads, in ms. */
export function treeCpuMs(pids: number[]): number {
  let ns = 0;
  for (const pid of pids) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* exited meanwhile */
      }
    }
  }
  return ns / 1e6;
}

/** `node -e 0`'s start as a marker run: it prints the marker, then waits to be measured and stopped. */
export const NODE_FLOOR_ARGS = ['-e', 'process.stdout.write("node ready\\n"); setInterval(() => {}, 1000)'];
export const NODE_FLOOR_MARKER = 'node ready';

/** Wall time from spawn to exit on the same pty (the floor: `node -e 0`). */
export async function timeToExit(file: string, args: string[], opts: { cwd: string }): Promise<number> {
  const t = performance.now();
  const p = spawnOnPty(file, args, { cwd: opts.cwd });
  const { exitCode, at } = await p.exited;
  if (exitCode !== 0) throw new Error(`${file} ${args.join(' ')} exited ${exitCode}: ${p.text().slice(-500)}`);
  return at - t;
}

/** The process and all its descendants (from /proc/<pid>/task/<tid>/children). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const c of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
      } catch {
        /* exited meanwhile */
      }
    }
  }
  return out;
}

/** Resident set size summed over the process tree, in bytes (VmRSS from /proc/<pid>/status). */
export function treeRssBytes(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}
