// coexist export: write the script (or document) each target of an adapter would run, from an empty target,
// for a person to review and run by hand. Without targets in the model: one per server the adapter suits.
import { Target } from '../../model/schema.js';
import type { Command } from './types.js';

/** The adapters' ids, as the model's targets name them (test/cli checks they are the registry's). */
export const ADAPTER_IDS: readonly string[] = Target.shape.adapter.options;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the script each target of an adapter would run (no connection needed)',
  usage: 'coexist export --adapter ID --out DIR [--model FILE] [--json]',
  options: {
    adapter: { type: 'string', value: 'ID', help: `the adapter (${ADAPTER_IDS.join(', ')})` },
    out: { type: 'string', value: 'DIR', help: 'the directory to write into (created if missing)' },
  },
  async run(ctx) {
    const { runExport } = await import('./export-run.js');
    return runExport(ctx);
  },
};
