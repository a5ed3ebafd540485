// The lab's own network namespace: only loopback inside, so nothing the lab starts can reach anything
// but itself. Falls back to the host's loopback (127.0.0.0/8 only) when namespaces are not permitted.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { execa } from 'execa';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs one argv (never a shell string) with a bounded timeout; never throws for a non-zero exit. */
export async function run(
  argv: string[],
  opts: { input?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const r = await execa(argv[0]!, argv.slice(1), {
    input: opts.input ?? '',
    timeout: opts.timeoutMs ?? 30_000,
    reject: false,
    encoding: 'utf8',
    env: opts.env,
    forceKillAfterDelay: 2000,
  });
  return {
    exitCode: r.exitCode ?? (r.timedOut ? 124 : 127),
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: (typeof r.stderr === 'string' ? r.stderr : '') + (r.exitCode === undefined && !r.timedOut ? `${r.shortMessage ?? ''}\n` : ''),
    timedOut: Boolean(r.timedOut),
  };
}

/**
 * Starts a daemon launcher (postfix start, dovecot) and waits for the launcher itself to exit. The daemon it
 * leaves behind inherits descriptors, so waiting for pipes to close would wait forever: output goes to a file.
 */
export function launch(argv: string[], outputFile: string, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const fd = openSync(outputFile, 'a');
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.join(' ')} did not return within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export async function mustRun(argv: string[], opts: Parameters<typeof run>[1] = {}): Promise<RunResult> {
  const r = await run(argv, opts);
  if (r.exitCode !== 0)
    throw new Error(
      `${argv.join(' ')} failed (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}): ${(r.stderr || r.stdout).trim().slice(0, 2000)}`,
    );
  return r;
}

const NAME = /^coexist-lab-(\d+)(?:-[0-9a-f]{6})?$/;
/** A namespace younger than this is never taken for abandoned (its PID may live in another PID namespace). */
const ABANDONED_AFTER_MS = 3 * 60 * 60 * 1000;

/**
 * A lab killed before its teardown (a timeout, ^C) leaves its namespace and daemons behind. Namespaces are named
 * after the lab's PID: when that process is gone, stop what still runs inside and remove the namespace. A
 * sandbox with its own PID namespace cannot see another lab's PID, so only a namespace older than
 * ABANDONED_AFTER_MS (by /run/netns/NAME) is removed: a lab running next door is never taken down.
 */
async function removeAbandoned(): Promise<void> {
  const list = await run(['ip', 'netns', 'list']);
  for (const line of list.stdout.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = NAME.exec(name);
    if (!m || Number(m[1]) === process.pid || existsSync(`/proc/${m[1]}`)) continue;
    let age = 0;
    try {
      age = Date.now() - statSync(`/run/netns/${name}`).mtimeMs;
    } catch {
      continue;
    }
    if (age < ABANDONED_AFTER_MS) continue;
    const pids = (await run(['ip', 'netns', 'pids', name])).stdout.split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids)
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    await run(['ip', 'netns', 'del', name]);
  }
}

export class LabNetwork {
  private constructor(
    /** The namespace name, or undefined on the host-loopback fallback. */
    readonly namespace: string | undefined,
    /** One line that says where the lab runs, for the output. */
    readonly note: string,
  ) {}

  static async create(name = `coexist-lab-${process.pid}-${randomBytes(3).toString('hex')}`): Promise<LabNetwork> {
    await removeAbandoned();
    if (process.env.COEXIST_LAB_NO_NETNS === '1')
      return new LabNetwork(undefined, 'lab network: host loopback (COEXIST_LAB_NO_NETNS=1); only 127.0.0.0/8 addresses are used');
    const add = await run(['ip', 'netns', 'add', name]);
    if (add.exitCode !== 0) {
      return new LabNetwork(
        undefined,
        `lab network: host loopback, because a network namespace could not be created (${add.stderr.trim() || `ip netns add exit ${add.exitCode}`}); only 127.0.0.0/8 addresses are used`,
      );
    }
    const net = new LabNetwork(name, `lab network: own namespace ${name} (loopback only, no route out)`);
    const up = await run(net.argv(['ip', 'link', 'set', 'lo', 'up']));
    if (up.exitCode !== 0) {
      await net.destroy();
      return new LabNetwork(
        undefined,
        `lab network: host loopback, because loopback could not be brought up in a namespace (${up.stderr.trim()}); only 127.0.0.0/8 addresses are used`,
      );
    }
    return net;
  }

  /** The argv that runs a command inside the lab network. */
  argv(command: string[]): string[] {
    return this.namespace ? ['ip', 'netns', 'exec', this.namespace, ...command] : command;
  }

  exec(command: string[], opts: Parameters<typeof run>[1] = {}): Promise<RunResult> {
    return run(this.argv(command), opts);
  }

  launch(command: string[], outputFile: string, timeoutMs?: number): Promise<number> {
    return launch(this.argv(command), outputFile, timeoutMs);
  }

  /** Processes still running inside the namespace (none on the fallback: there the lab tracks its own PIDs). */
  async pids(): Promise<number[]> {
    if (!this.namespace) return [];
    const r = await run(['ip', 'netns', 'pids', this.namespace]);
    return r.stdout
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  }

  /** The interfaces and addresses inside, to prove there is nothing but loopback. */
  async interfaces(): Promise<string> {
    return (await this.exec(['ip', '-brief', 'address'])).stdout.trim();
  }

  async destroy(): Promise<void> {
    if (!this.namespace) return;
    await run(['ip', 'netns', 'del', this.namespace]);
  }
}
