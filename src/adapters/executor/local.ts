// Runs commands on this machine: argv straight to execve through execa, no shell.
import type { CommandResult, CommandSpec, Executor } from '../types.js';
import { DEFAULT_TIMEOUT_MS, logAndReturn, runProcess, stdinWithSecrets, type ExecutorOptions } from './run.js';

export class LocalExecutor implements Executor {
  readonly description = 'this machine';

  constructor(private readonly options: ExecutorOptions) {}

  async run(spec: CommandSpec): Promise<CommandResult> {
    if (spec.argv.length === 0) throw new Error('empty command');
    const { input, values } = await stdinWithSecrets(spec, this.options.secrets);
    const raw = await runProcess({
      file: spec.argv[0]!,
      args: spec.argv.slice(1),
      input,
      timeoutMs: spec.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return logAndReturn(this.options, spec, raw, values);
  }
}
