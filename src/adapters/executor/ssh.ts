// Runs commands on a remote host through the system ssh. SSH has no argv (the remote login shell re-parses
// one command string), so the remote command is always the same fixed `sh -s`; the command itself travels on
// stdin as one line of single-quoted words, with its data (and secrets) in a quoted here-document.
import { randomBytes } from 'node:crypto';
import type { CommandResult, CommandSpec, Executor } from '../types.js';
import { checkArgument, shCommandLine } from './quote.js';
import { DEFAULT_TIMEOUT_MS, logAndReturn, runProcess, stdinWithSecrets, type ExecutorOptions } from './run.js';

export const REMOTE_COMMAND = 'sh -s';

export interface SshConnection {
  host: string;
  port: number;
  user: string;
  /** The known_hosts file that holds the target's host key: host keys are always checked. */
  knownHostsFile: string;
  identityFile?: string;
  /** An ssh_config file; default: none (-F /dev/null), so nothing in ~/.ssh/config changes what runs. */
  configFile?: string;
  connectTimeoutSec?: number;
}

/** The sh script sent on stdin for one command: the argv quoted, the data in a here-document. */
export function remoteScript(argv: readonly string[], input: string): string {
  const line = shCommandLine(argv);
  if (input === '') return `${line} </dev/null\n`;
  const body = input.endsWith('\n') ? input : `${input}\n`;
  let delimiter: string;
  do delimiter = `COEXIST_DATA_${randomBytes(8).toString('hex')}`;
  while (body.split('\n').includes(delimiter));
  return `${line} <<'${delimiter}'\n${body}${delimiter}\n`;
}

export function sshArgs(c: SshConnection): string[] {
  checkArgument(c.host, 'SSH host');
  checkArgument(c.user, 'SSH user');
  checkArgument(c.knownHostsFile, 'known_hosts file');
  if (/[\s"]/.test(c.knownHostsFile)) throw new Error(`known_hosts file "${c.knownHostsFile}" must not contain spaces or quotes`);
  const args = [
    '-F',
    c.configFile ?? '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${c.knownHostsFile}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'UpdateHostKeys=no',
    '-o',
    `ConnectTimeout=${c.connectTimeoutSec ?? 10}`,
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=2',
    '-o',
    'LogLevel=ERROR',
    '-T',
    '-p',
    String(c.port),
    '-l',
    c.user,
  ];
  if (c.identityFile) args.push('-i', checkArgument(c.identityFile, 'identity file'), '-o', 'IdentitiesOnly=yes');
  args.push('--', c.host, REMOTE_COMMAND);
  return args;
}

export class SshExecutor implements Executor {
  readonly description: string;

  constructor(
    private readonly connection: SshConnection,
    private readonly options: ExecutorOptions,
  ) {
    this.description = `${connection.user}@${connection.host}:${connection.port} over SSH`;
  }

  async run(spec: CommandSpec): Promise<CommandResult> {
    const { input, values } = await stdinWithSecrets(spec, this.options.secrets);
    const raw = await runProcess({
      file: 'ssh',
      args: sshArgs(this.connection),
      input: remoteScript(spec.argv, input),
      timeoutMs: spec.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    // ssh itself exits 255 when the connection, host key check or authentication fails.
    const unreachable = raw.exitCode === 255 && !raw.timedOut;
    if (unreachable) raw.stderr = `cannot reach ${this.description}: ${raw.stderr.trim() || 'ssh exited with 255'}\n`;
    return logAndReturn(this.options, spec, raw, values, unreachable);
  }
}
