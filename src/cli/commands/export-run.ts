// The work of `coexist export`, loaded only when it runs (export.ts is its entry in the command table).
// coexist export: write the script (or document) each target of an adapter would run, from an empty target,
// for a person to review and run by hand. Without targets in the model: one per server the adapter suits.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSafely } from '../../persistence/index.js';
import { allAdapters, loadAdapter } from '../../adapters/registry.js';
import { exportFiles, exportTargets } from '../../adapters/export/export.js';
import { AdapterError } from '../../adapters/types.js';
import { CliError, EXIT, printJson, resolveModel } from '../io.js';
import type { CommandContext } from './types.js';

export async function runExport({ modelPath, output, values }: CommandContext): Promise<number> {
  if (typeof values.adapter !== 'string') throw new CliError('export needs --adapter ID', EXIT.unusable);
  if (typeof values.out !== 'string') throw new CliError('export needs --out DIR', EXIT.unusable);
  const adapter = await loadAdapter(values.adapter);
  if (!adapter)
    throw new CliError(
      `unknown adapter "${values.adapter}" (available: ${allAdapters()
        .map((a) => a.id)
        .join(', ')})`,
      EXIT.unusable,
    );
  const source = resolveModel(modelPath);
  const model = source.model;
  const targets = exportTargets(adapter, model);
  if (targets.length === 0) throw new CliError(`no server of the model suits the ${adapter.id} adapter`, EXIT.unusable);
  mkdirSync(values.out, { recursive: true });
  const written: string[] = [];
  const failures: { target: string; error: string }[] = [];
  for (const target of targets) {
    try {
      for (const f of exportFiles(adapter, model, target)) {
        const file = join(values.out, f.name);
        writeFileSafely(file, f.content, { mode: f.name.endsWith('.sh') ? 0o755 : 0o644 });
        written.push(file);
      }
    } catch (e) {
      if (!(e instanceof AdapterError)) throw e;
      failures.push({ target: target.id, error: e.message });
    }
  }
  if (output.json) printJson(output, { model: source.label, adapter: adapter.id, ok: failures.length === 0, written, failures });
  else {
    for (const f of written) output.out(`wrote ${f}`);
    for (const f of failures) output.err(`coexist: ${f.error}`);
  }
  return failures.length > 0 ? EXIT.findings : EXIT.ok;
}
