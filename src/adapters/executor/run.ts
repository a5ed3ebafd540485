// What the local and SSH executors share: resolving secrets onto stdin, running one process with execa
// (never a shell string), and logging the outcome with every secret value redacted.
import { execa } from 'execa';
import type { CommandResult, CommandSpec } from '../types.js';
import { resolveSecret, type SecretSource } from '../secrets.js';
import { redact, type CommandLog } from './log.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

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

export async function runProcess(run: ProcessRun): Promise<{ exitCode: number; stdout: string; stderr: string; durationMs: number; timedOut: boolean }> {
  const started = performance.now();
  const r = await execa(run.file, run.args, {
    input: run.input,
    timeout: run.timeoutMs,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    killSignal: 'SIGTERM',
    forceKillAfterDelay: 2000,
  });
  const durationMs = Math.round(performance.now() - started);
  const spawnFailed = r.exitCode === undefined && !r.timedOut;
  return {
    exitCode: r.exitCode ?? (r.timedOut ? 124 : 127),
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: (typeof r.stderr === 'string' ? r.stderr : '') + (spawnFailed ? `${r.shortMessage ?? `cannot run ${run.file}`}\n` : ''),
    durationMs,
    timedOut: Boolean(r.timedOut),
  };
}

export function logAndReturn(options: ExecutorOptions, spec: CommandSpec, raw: Awaited<ReturnType<typeof runProcess>>, secrets: string[], unreachable = false): CommandResult {
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
  const result: CommandResult = { argv: spec.argv, exitCode: raw.exitCode, stdout, stderr, durationMs: raw.durationMs, timedOut: raw.timedOut };
  if (unreachable) result.unreachable = true;
  return result;
}
