// The shape of a subcommand: its help text, its options (for node:util parseArgs) and what it runs.
import type { OptionSpec } from '../argv.js';
import type { Output } from '../io.js';

export type { OptionSpec };

export interface CommandContext {
  args: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  modelPath: string | undefined;
  output: Output;
  /** Whether stdin and stdout are terminals (some commands open a screen then). */
  interactive: boolean;
  noColor: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number> | number;
}
