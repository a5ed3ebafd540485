// The command line's shape, shared by the entry (src/cli/entry.ts) and main.ts: the global options, where
// the command word is, and node:util's parseArgs over a command's options. Nothing here loads a model.
import { parseArgs } from 'node:util';

/** An option of the command line: its parseArgs type and its help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help: "--from internet|user:<logon>|server:<name>". */
  value?: string;
  help: string;
}

export const DEFAULT_MODEL_FILE = 'coexist.yaml';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
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

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** The first argument that is not an option or the value of a global string option. */
export function firstPositional(argv: string[]): string | undefined {
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

/** parseArgs over these options, strictly (throws on an unknown option or a missing value). */
export function parseCommandLine(argv: string[], options: Record<string, OptionSpec>): { values: OptionValues; positionals: string[] } {
  const parsed = parseArgs({
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
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}
