#!/usr/bin/env node
// The program's entry. A `route --batch` whose options parse is run from here with what it needs and no
// more (src/cli/commands/route-batch.ts answers from the model's route table without loading the model when it
// can); everything else loads main.ts, the commands and the console.
import './env.js';
import { GLOBAL_OPTIONS, firstPositional, parseCommandLine, type OptionValues } from './argv.js';
import { ROUTE_OPTIONS } from './commands/route-options.js';
import { runRouteBatch } from './commands/route-batch.js';

/** `coexist route ... | head`: the reader closing the pipe ends the output quietly, not with a stack trace. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

/** The options of a `route --batch` run, or undefined for anything else (main.ts deals with it, and with its errors). */
function routeBatchRequest(argv: string[]): OptionValues | undefined {
  if (firstPositional(argv) !== 'route' || !argv.includes('--batch')) return undefined;
  try {
    const { values, positionals } = parseCommandLine(argv, { ...GLOBAL_OPTIONS, ...ROUTE_OPTIONS });
    const plain = values.batch === true && values.help !== true && values.version !== true;
    return plain && positionals.length === 1 ? values : undefined;
  } catch {
    return undefined;
  }
}

async function run(argv: string[]): Promise<number> {
  const batch = routeBatchRequest(argv);
  if (!batch) return (await import('./main.js')).main(argv);
  try {
    return await runRouteBatch(batch, typeof batch.model === 'string' ? batch.model : undefined);
  } catch (e) {
    const [{ reportFailure }, { stdOutput }] = await Promise.all([import('./main.js'), import('./io.js')]);
    return reportFailure(stdOutput(batch.json === true), e);
  }
}

quietOnClosedPipe();
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`coexist: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
