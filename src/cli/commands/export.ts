// coexist export: write the script (or document) each target of an adapter would run, from an empty target,
// for a person to review and run by hand. Without targets in the model: one per server the adapter suits.
import { allAdapters } from '../../adapters/registry.js';
import type { Command } from './types.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the script each target of an adapter would run (no connection needed)',
  usage: 'coexist export --adapter ID --out DIR [--model FILE] [--json]',
  options: {
    adapter: {
      type: 'string',
      value: 'ID',
      get help() {
        return `the adapter (${allAdapters()
          .map((a) => a.id)
          .join(', ')})`;
      },
    },
    out: { type: 'string', value: 'DIR', help: 'the directory to write into (created if missing)' },
  },
  async run(ctx) {
    const { runExport } = await import('./export-run.js');
    return runExport(ctx);
  },
};
