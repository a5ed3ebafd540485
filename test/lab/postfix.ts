// One Postfix instance of the lab (its own config directory, queue and log), and Dovecot, started inside
// the lab network and always stopped by the lab, even on failure.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePid } from '../helpers/pid.js';
import type { LabNetwork } from './netns.js';
import { run } from './netns.js';

export class PostfixInstance {
  private queueDir: string | undefined;
  private logPath: string | undefined;

  constructor(
    readonly name: string,
    readonly configDir: string,
    private readonly net: LabNetwork,
  ) {}

  async param(name: string): Promise<string> {
    const r = await run(['postconf', '-c', this.configDir, '-h', name]);
    if (r.exitCode !== 0) throw new Error(`${this.name}: postconf -h ${name} failed: ${r.stderr.trim()}`);
    return r.stdout.trim();
  }

  async paths(): Promise<{ queue: string; log: string }> {
    this.queueDir = await this.param('queue_directory');
    this.logPath = await this.param('maillog_file');
    if (!this.logPath.startsWith('/'))
      throw new Error(`${this.name}: maillog_file is "${this.logPath}"; the lab needs Postfix to log to a file of its own (no syslog)`);
    return { queue: this.queueDir, log: this.logPath };
  }

  get log(): string {
    if (!this.logPath) throw new Error(`${this.name}: paths() not read yet`);
    return this.logPath;
  }

  masterPid(): number | undefined {
    if (!this.queueDir) return undefined;
    try {
      // A whole number above 1 only: an empty pid file is Number('') = 0, and a signal to 0 reaches the process group.
      return parsePid(readFileSync(join(this.queueDir, 'pid', 'master.pid'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  running(): boolean {
    const pid = this.masterPid();
    return pid !== undefined && existsSync(`/proc/${pid}`);
  }

  async start(): Promise<void> {
    await this.paths();
    const exitCode = await this.net.launch(['postfix', '-c', this.configDir, 'start'], join(this.configDir, '..', 'postfix-start.log'));
    if (exitCode !== 0) {
      // postfix prints its fatal errors only to a terminal: ask `postfix check` under script(1) for them.
      const why = await this.net.exec(['script', '-qc', `postfix -c ${this.configDir} check`, '/dev/null'], { timeoutMs: 15_000 });
      throw new Error(`${this.name}: postfix start failed (exit ${exitCode}): ${(why.stdout + why.stderr).trim() || 'no message'}`);
    }
  }

  async reload(): Promise<void> {
    const r = await this.net.exec(['postfix', '-c', this.configDir, 'reload'], { timeoutMs: 30_000 });
    if (r.exitCode !== 0) throw new Error(`${this.name}: postfix reload failed: ${r.stderr.trim()}`);
  }

  /**
   * Stops the instance: SIGTERM to its own master (by its PID file) is what `postfix stop` does, without the
   * script's seconds of waiting; the master takes its children down with it. SIGKILL if it lingers.
   */
  async stop(): Promise<void> {
    const pid = this.masterPid();
    if (pid === undefined || !existsSync(`/proc/${pid}`)) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await sleep(50);
    if (existsSync(`/proc/${pid}`))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  }

  /** Messages in the queue (maildrop, incoming, active, deferred, hold): 0 when everything has left. */
  queued(): number {
    if (!this.queueDir) return 0;
    let n = 0;
    for (const q of ['maildrop', 'incoming', 'active', 'deferred', 'hold']) n += countFiles(join(this.queueDir, q));
    return n;
  }

  /** postqueue -j: what is still queued and why (for the report when the lab stops waiting). */
  async queueReport(): Promise<{ queue: string; sender: string; recipients: { address: string; reason: string }[] }[]> {
    const r = await run(['postqueue', '-c', this.configDir, '-j']);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const j = JSON.parse(l) as { queue_name: string; sender: string; recipients: { address: string; delay_reason?: string }[] };
        return {
          queue: j.queue_name,
          sender: j.sender,
          recipients: j.recipients.map((x) => ({ address: x.address, reason: x.delay_reason ?? '' })),
        };
      });
  }

  logText(): string {
    try {
      return readFileSync(this.log, 'utf8');
    } catch {
      return '';
    }
  }
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    try {
      n += statSync(p).isDirectory() ? countFiles(p) : 1;
    } catch {
      /* moved between readdir and stat: it is on its way */ n += 1;
    }
  }
  return n;
}

export class DovecotInstance {
  constructor(
    readonly configFile: string,
    private readonly net: LabNetwork,
  ) {}

  private async pidFile(): Promise<string> {
    const r = await run(['doveconf', '-c', this.configFile, '-h', 'base_dir']);
    return join(r.stdout.trim() || '/run/dovecot', 'master.pid');
  }

  async pid(): Promise<number | undefined> {
    try {
      return parsePid(readFileSync(await this.pidFile(), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    const out = `${this.configFile}.start.log`;
    const exitCode = await this.net.launch(['dovecot', '-c', this.configFile], out);
    if (exitCode !== 0) throw new Error(`dovecot start failed (exit ${exitCode}): ${readText(out).trim()}`);
  }

  async reload(): Promise<void> {
    const r = await this.net.exec(['doveadm', '-c', this.configFile, 'reload'], { timeoutMs: 15_000 });
    if (r.exitCode !== 0) throw new Error(`doveadm reload failed: ${r.stderr.trim()}`);
  }

  async stop(): Promise<void> {
    const pid = await this.pid();
    if (pid === undefined || !existsSync(`/proc/${pid}`)) return;
    // What `doveadm stop` does: SIGTERM to the master, which stops its own processes.
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await sleep(50);
    if (existsSync(`/proc/${pid}`))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `ready()` is true; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, ready: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
