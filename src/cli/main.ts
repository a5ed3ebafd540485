// Every command and the console (src/cli/entry.ts loads this for anything but a route --batch it can answer alone).
// Declares the adapters to the model (their ids and options schemas), before any model file is read.
import '../adapters/registry.js';
import { COMMANDS, findCommand } from './commands/index.js';
import type { Command, OptionSpec } from './commands/types.js';
import { existsSync } from 'node:fs';
import { DEFAULT_MODEL_FILE, GLOBAL_OPTIONS, parseCommandLine, firstPositional, type OptionValues } from './argv.js';
import { CliError, EXIT, reportError, stdOutput, type Output } from './io.js';
import { setupThenConsole } from './setup-console.js';
import { describeWriteError, WriteError } from '../persistence/index.js';

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${flag.padEnd(44)} ${spec.help}`;
  });
}

export function helpText(command?: Command): string {
  if (command) {
    return [
      `usage: ${command.usage}`,
      '',
      command.summary,
      '',
      'options:',
      ...optionLines(command.options),
      ...optionLines(GLOBAL_OPTIONS),
    ].join('\n');
  }
  return [
    'coexist: Exchange and POP3 coexistence on one SMTP namespace',
    '',
    'usage: coexist [--model FILE]            open the console (needs a terminal); no model file: the guided setup',
    '       coexist --example                 the console on the built-in example (read-only)',
    '       coexist <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'exit codes: 0 ok, 1 findings of severity error (or a failing flow or plan), 2 unusable input, 74 a file could not be written (disk full, read-only, a link at its place)',
    'coexist <command> --help shows the options of a command.',
  ].join('\n');
}

function interactiveTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY && process.env.TERM !== 'dumb');
}

/** Errors of the disk, not of coexist: one line and exit 74, never a stack trace. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM']);

export async function main(argv: string[]): Promise<number> {
  const commandName = firstPositional(argv);
  const command = commandName === undefined ? undefined : findCommand(commandName);
  const json = argv.includes('--json');
  const output = stdOutput(json);
  if (commandName !== undefined && !command) {
    reportError(output, new CliError(`unknown command "${commandName}"; run coexist --help`));
    return EXIT.unusable;
  }
  const options = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
  let parsed;
  try {
    parsed = parseCommandLine(argv, options);
  } catch (e) {
    reportError(
      output,
      new CliError(
        `${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run coexist ${command ? `${command.name} ` : ''}--help`,
      ),
    );
    return EXIT.unusable;
  }
  const values: OptionValues = parsed.values;
  if (values.version) {
    output.out('coexist 0.1.0');
    return EXIT.ok;
  }
  if (values.help) {
    output.out(helpText(command));
    return EXIT.ok;
  }
  const positionals = command ? parsed.positionals.filter((_p, i) => i !== parsed.positionals.indexOf(command.name)) : parsed.positionals;
  const modelPath = typeof values.model === 'string' ? values.model : undefined;
  const interactive = interactiveTerminal();
  const noColor = values['no-color'] === true || Boolean(process.env.NO_COLOR);
  try {
    if (!command) {
      if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; run coexist --help`);
      if (!interactive) {
        output.err(helpText());
        output.err('\ncoexist: the console needs a terminal (stdin and stdout a TTY); use a command above instead.');
        return EXIT.unusable;
      }
      if (values.example === true) {
        if (modelPath !== undefined) throw new CliError('--example opens the built-in example: give it or --model FILE, not both');
        const { runConsole } = await import('../screens/run.js');
        return await runConsole({ modelPath: undefined, noColor });
      }
      const path = modelPath ?? DEFAULT_MODEL_FILE;
      if (!existsSync(path)) return await setupThenConsole(path, noColor, output);
      const { runConsole } = await import('../screens/run.js');
      return await runConsole({ modelPath: path, noColor });
    }
    return await command.run({ args: positionals, values, modelPath, output, interactive, noColor });
  } catch (e) {
    return reportFailure(output, e);
  }
}

/** A command's failure as its exit code: a CliError or a disk error is reported; anything else is a bug (rethrown). */
export function reportFailure(output: Output, e: unknown): number {
  if (e instanceof CliError) {
    reportError(output, e);
    return e.code;
  }
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof WriteError || (code !== undefined && DISK_ERRORS.has(code))) {
    const w = e instanceof WriteError ? e : describeWriteError((e as NodeJS.ErrnoException).path ?? 'a file', e);
    reportError(output, new CliError(w.message, EXIT.write));
    return EXIT.write;
  }
  throw e;
}
