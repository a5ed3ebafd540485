// Output helpers shared by the subcommands: exit codes, JSON, and the model the command works on.
import { existsSync } from 'node:fs';
import { readModelFile, ModelFileError, type LoadedModel } from '../persistence/index.js';
import { formatProblem, type LoadProblem } from '../persistence/index.js';
import { scenarioModel } from '../model/scenarios.js';
import type { Model } from '../model/schema.js';

/** 74 (sysexits EX_IOERR): a file could not be written (disk full, read-only, a link at its place); nothing was changed. */
export const EXIT = { ok: 0, findings: 1, unusable: 2, write: 74 } as const;

import { DEFAULT_MODEL_FILE } from './argv.js';

export { DEFAULT_MODEL_FILE };

/** A failure that ends the command with a message on stderr (or as JSON) and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.unusable,
    readonly problems: LoadProblem[] = [],
  ) {
    super(message);
  }
}

export interface ModelSource {
  /** The file, or null for the built-in example. */
  loaded: LoadedModel | null;
  model: Model;
  label: string;
}

/**
 * --model FILE, else ./coexist.yaml, else the built-in Northwind Traders example (read-only). `bytes`: the
 * file's bytes as the caller already read them.
 */
export function resolveModel(modelPath: string | undefined, bytes?: Buffer): ModelSource {
  const path = modelPath ?? (existsSync(DEFAULT_MODEL_FILE) ? DEFAULT_MODEL_FILE : undefined);
  if (!path) return { loaded: null, model: scenarioModel('shared-domain'), label: 'built-in example (shared-domain, read-only)' };
  try {
    const loaded = readModelFile(path, bytes ? { bytes } : {});
    return { loaded, model: loaded.model, label: path };
  } catch (e) {
    if (e instanceof ModelFileError) throw new CliError(e.message, EXIT.unusable, e.problems);
    throw e;
  }
}

export interface Output {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function stdOutput(json: boolean): Output {
  return {
    json,
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    err: (text) => {
      process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

export function printJson(o: Output, value: unknown): void {
  o.out(JSON.stringify(value, null, 2));
}

export function reportError(o: Output, e: CliError): void {
  if (o.json) {
    printJson(o, { ok: false, error: e.message, problems: e.problems });
    return;
  }
  if (e.problems.length === 0) o.err(`coexist: ${e.message}`);
  else for (const p of e.problems) o.err(formatProblem(p));
}
