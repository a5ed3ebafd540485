#!/usr/bin/env node
import './env.js';
// Declares the adapters to the model (their ids and options schemas), before any model file is read.
import '../adapters/registry.js';
import { parseArgs } from 'node:util';
import { COMMANDS, findCommand } from './commands/index.js';
import type { Command, OptionSpec } from './commands/types.js';
import { existsSync } from 'node:fs';
import { CliError, DEFAULT_MODEL_FILE, EXIT, reportError, stdOutput } from './io.js';
import { setupThenConsole } from './setup-console.js';
import { describeWriteError, WriteError } from '../persistence/index.js';

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  model: {
    type: 'string',
    value: 'FILE',
    help: 'the model file (default: ./coexist.yaml; commands fall back to the built-in example, the console to the guided setup)',
  },
  example: { type: 'boolean', help: 'open the console on the built-in Northwind Traders example (read-only)' },
  json: { type: 'boolean', help: 'machine-readable output' },
  'no-color': { type: 'boolean', help: 'no colours (also NO_COLOR=1)' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
  version: { type: 'boolean', help: 'show the version' },
};

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

/** The first argument that is not an option or the value of a global string option. */
function firstPositional(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a === '--model') {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** Errors of the disk, not of coexist: one line and exit 74, never a stack trace. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM']);

/** `coexist route ... | head`: the reader closing the pipe ends the output quietly, not with a stack trace. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
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
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([k, v]) => [
          k,
          { type: v.type, ...(v.short ? { short: v.short } : {}), ...(v.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    reportError(
      output,
      new CliError(
        `${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run coexist ${command ? `${command.name} ` : ''}--help`,
      ),
    );
    return EXIT.unusable;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
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
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`coexist: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
