// route --batch: one JSON line per recipient line of stdin.
//
// What the model compiles to for these options (its route table: model/routing/route-table.ts) is kept beside
// the loaded-model cache, keyed by the model file's sha256. With one, the recipients it knows (the directory's
// addresses, free local parts at the model's domains and elsewhere) are answered without loading the model at
// all; the first recipient it does not know opens the engine (route-engine.ts: the model from the same bytes,
// the options checked, BatchAnswers), which answers that one and the rest. Without a table the engine opens
// before any input is read (a bad model file or option is reported first), and the first batch with
// recipients compiles and keeps the table once its lines are out. With --trace no table is used.
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { RouteTableAnswers } from '../../model/routing/route-table.js';
import { defaultModelCache, fingerprintOf, readRouteTable, type RouteTableKey, writeRouteTable } from '../../persistence/tables.js';
import { DEFAULT_MODEL_FILE, type OptionValues } from '../argv.js';
import type { BatchEngine } from './route-engine.js';
import { batchOptionsKey } from './route-options.js';

/** A line longer than this is answered with an error and skipped, never accumulated (a 20 MB line). */
const MAX_LINE = 4096;

/** Where the model's route table would be kept, and the bytes it is keyed on; undefined when there is no cache. */
function tableKey(values: OptionValues, modelPath: string | undefined): { key: RouteTableKey; bytes: Buffer } | undefined {
  const path = modelPath ?? (existsSync(DEFAULT_MODEL_FILE) ? DEFAULT_MODEL_FILE : undefined);
  const cache = path !== undefined && values.trace !== true ? defaultModelCache() : undefined;
  if (!cache || path === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined; // the engine says why
  }
  return { key: { cache, fingerprint: fingerprintOf(bytes), options: batchOptionsKey(values) }, bytes };
}

/**
 * One chunk of lines to stdout, as bytes, and no more input read until a reader that is behind (a pipe) has
 * taken it: queued text would stay on the heap and cost more in garbage collection than the answers did.
 */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(Buffer.from(text))) await once(process.stdout, 'drain');
}

/**
 * Reads chunks as they arrive and answers each chunk's complete lines with one write (a script feeding
 * recipients one at a time still gets each answer at once).
 */
export async function runRouteBatch(values: OptionValues, modelPath: string | undefined): Promise<number> {
  const kept = tableKey(values, modelPath);
  const stored = kept && readRouteTable(kept.key);
  const table = stored && new RouteTableAnswers(stored);
  let engine: BatchEngine | undefined;
  const openEngine = async (): Promise<BatchEngine> => {
    engine ??= (await import('./route-engine.js')).openBatchEngine(values, modelPath, kept?.bytes, table);
    return engine;
  };
  if (!table) await openEngine();

  let lineNo = 0;
  let recipients = 0;
  const tooLong = () => {
    lineNo++;
    return `${JSON.stringify({ line: lineNo, error: `the line is longer than ${MAX_LINE} characters; a recipient has at most 254` })}\n`;
  };
  const answer = async (lines: string[]): Promise<void> => {
    let out = '';
    for (const line of lines) {
      if (line.length > MAX_LINE) {
        out += tooLong();
        continue;
      }
      lineNo++;
      const recipient = line.trim();
      if (recipient === '' || recipient.startsWith('#')) continue;
      recipients++;
      let text: string | undefined;
      if (!engine) {
        const tail = table?.answer(recipient);
        if (tail !== undefined) text = `"recipient":${JSON.stringify(recipient)},${tail}`;
      }
      text ??= (engine ?? (await openEngine())).answers.line(recipient);
      out += `{"line":${lineNo},${text}\n`;
    }
    if (out !== '') await write(out);
  };

  let rest = '';
  let skipping = false;
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    let text = chunk;
    if (skipping) {
      const nl = text.search(/[\r\n]/);
      if (nl === -1) continue;
      process.stdout.write(tooLong());
      skipping = false;
      text = text.slice(nl + (text.startsWith('\r\n', nl) ? 2 : 1));
    }
    const lines = (rest + text).split(/\r\n|\n|\r(?=[^\n])/);
    rest = lines.pop()!;
    await answer(lines);
    if (rest.length > MAX_LINE) {
      skipping = true;
      rest = '';
    }
  }
  if (skipping) process.stdout.write(tooLong());
  else if (rest !== '') await answer([rest]);

  if (kept && !table && recipients > 0 && engine?.fromFile) writeRouteTable(kept.key, engine.answers.routeTable());
  if (!engine) saveCodeCache();
  return 0;
}

/**
 * bin/coexist.js keeps the V8 code cache of a batch run only when it was answered from the table alone: that
 * is the run worth starting fast, and its cache then holds none of the engine (outside the built CLI: nothing).
 */
function saveCodeCache(): void {
  const save = (globalThis as Record<symbol, unknown>)[Symbol.for('coexist.saveCodeCache')];
  if (typeof save === 'function') (save as (kind: string) => void)('batch');
}
