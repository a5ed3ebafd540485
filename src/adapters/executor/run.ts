// What the local and SSH executors share: resolving secrets onto stdin, running one process with execa
// (never a shell string), and logging the outcome with every secret value redacted.
import { execa } from 'execa';
import type { CommandResult, CommandSpec } from '../types.js';
import { resolveSecret, type SecretSource } from '../secrets.js';
import { redact, type CommandLog } from './log.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
const FORCE_KILL_DELAY_MS = 2000;

export interface ExecutorOptions {
  /** The target id, for the log. */
  target: string;
  log: CommandLog;
  secrets?: SecretSource;
  defaultTimeoutMs?: number;
}

/**
 * The process's stdin: each secret named by the command as one line, in order, then the command's own data.
 * Programs read the secrets first (`IFS= read -r value`), so a secret never appears in argv or in a file name.
 */
export async function stdinWithSecrets(spec: CommandSpec, source: SecretSource | undefined): Promise<{ input: string; values: string[] }> {
  const values: string[] = [];
  for (const ref of spec.secrets ?? []) values.push(await resolveSecret(ref, source));
  return { input: values.map((v) => `${v}\n`).join('') + (spec.stdin ?? ''), values };
}

export interface ProcessRun {
  file: string;
  args: string[];
  input: string;
  timeoutMs: number;
}

/** Process groups still running, killed if coexist itself exits first (execa does not clean up detached ones). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const group of liveGroups) killGroup(group, 'SIGKILL');
  });
}

/**
 * Runs one process in its own process group. On timeout the whole group is stopped (SIGTERM, then SIGKILL
 * after FORCE_KILL_DELAY_MS): a grandchild that inherited stdout (a script's own child) would otherwise keep
 * the pipe open and hold the run long past its timeout.
 */
export async function runProcess(
  run: ProcessRun,
): Promise<{ exitCode: number; stdout: string; stderr: string; durationMs: number; timedOut: boolean }> {
  const started = performance.now();
  const subprocess = execa(run.file, run.args, {
    input: run.input,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    detached: true,
  });
  const pid = subprocess.pid;
  let timedOut = false;
  let forceKill: NodeJS.Timeout | undefined;
  const timer =
    pid === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killGroup(pid, 'SIGTERM');
          forceKill = setTimeout(() => killGroup(pid, 'SIGKILL'), FORCE_KILL_DELAY_MS);
        }, run.timeoutMs);
  if (pid !== undefined) trackGroup(pid);
  const r = await subprocess;
  clearTimeout(timer);
  clearTimeout(forceKill);
  if (pid !== undefined) liveGroups.delete(pid);
  const durationMs = Math.round(performance.now() - started);
  const spawnFailed = r.exitCode === undefined && !timedOut;
  return {
    exitCode: timedOut ? (r.exitCode ?? 124) : (r.exitCode ?? 127),
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: (typeof r.stderr === 'string' ? r.stderr : '') + (spawnFailed ? `${r.shortMessage ?? `cannot run ${run.file}`}\n` : ''),
    durationMs,
    timedOut,
  };
}

export function logAndReturn(
  options: ExecutorOptions,
  spec: CommandSpec,
  raw: Awaited<ReturnType<typeof runProcess>>,
  secrets: string[],
  unreachable = false,
): CommandResult {
  const stderr = redact(raw.stderr, secrets);
  const stdout = redact(raw.stdout, secrets);
  options.log.write({
    time: new Date().toISOString(),
    target: options.target,
    description: redact(spec.description, secrets),
    argv: spec.argv.map((a) => redact(a, secrets)),
    exitCode: raw.exitCode,
    durationMs: raw.durationMs,
    timedOut: raw.timedOut,
    stderr: stderr.length > 4000 ? `${stderr.slice(0, 4000)}...` : stderr,
  });
  const result: CommandResult = {
    argv: spec.argv,
    exitCode: raw.exitCode,
    stdout,
    stderr,
    durationMs: raw.durationMs,
    timedOut: raw.timedOut,
  };
  if (unreachable) result.unreachable = true;
  return result;
}
