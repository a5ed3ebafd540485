// Reading and saving model files: atomic replace, a .bak of the previous version, and a refusal to
// overwrite a file that changed on disk since it was read. Files are written through safe-write.ts.
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { staleTempPattern, writeFileSafely } from './safe-write.js';
import type { Document } from 'yaml';
import { loadedLazily, loadModelText, modelDocument, type LoadProblem } from './load.js';
import { defaultModelCache, fingerprintOf, readCachedModel, writeCachedModel, type ModelCache } from './file-cache.js';
import { documentText, mergeIntoDocument, newDocument } from './document.js';
import type { Model } from '../model/schema.js';

export interface LoadedModel {
  path: string;
  model: Model;
  /** The comment-keeping YAML Document of `text`, parsed on first use (a large one costs a second and 30 MB). */
  readonly doc: Document;
  /** The text read (or written): what a save merges the edits into. */
  text: string;
  /** sha256 of the bytes read: a save refuses to overwrite anything else. */
  fingerprint: string;
}

/** The Document is parsed from `text` when first asked for, whichever path loaded the model: none is kept meanwhile. */
function loadedModel(path: string, model: Model, text: string, fingerprint: string): LoadedModel {
  const lazy = loadedLazily(model, text);
  return {
    path,
    model,
    get doc() {
      return lazy.doc;
    },
    text,
    fingerprint,
  };
}

export class ModelFileError extends Error {
  constructor(
    message: string,
    readonly problems: LoadProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * Read and check a model file. A model already checked for exactly these bytes by this build comes from the
 * loaded-model cache (file-cache.ts); `cache: null` reads without it.
 */
export function readModelFile(path: string, opts: { cache?: ModelCache | null; bytes?: Buffer } = {}): LoadedModel {
  const full = resolve(path);
  let bytes: Buffer;
  try {
    // `bytes`: the file as the caller already read it (route --batch keyed its route table on them).
    bytes = opts.bytes ?? readFileSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (e as Error).message})`);
  }
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) {
    const bad = firstInvalidUtf8(bytes);
    if (bad !== undefined) {
      const before = bytes.subarray(0, bad).toString('utf8');
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      const problem = {
        file: path,
        line,
        column,
        path: '(encoding)',
        message: `byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} (offset ${bad}) is not UTF-8; save the file as UTF-8`,
      };
      throw new ModelFileError(`${path}:${line}:${column}: is not UTF-8 text`, [problem]);
    }
  }
  const fingerprint = fingerprintOf(bytes);
  const cache = opts.cache === undefined ? defaultModelCache() : (opts.cache ?? undefined);
  const cached = cache ? readCachedModel(cache, fingerprint) : undefined;
  if (cached) return loadedModel(full, cached, text, fingerprint);
  const result = loadModelText(text, path);
  if (!result.ok) throw new ModelFileError(`${path}: ${result.problems.length} problem(s)`, result.problems);
  if (cache) writeCachedModel(cache, fingerprint, result.model);
  return loadedModel(full, result.model, text, fingerprint);
}

/** The offset of the first byte that is not part of a valid UTF-8 sequence, if any. */
function firstInvalidUtf8(bytes: Buffer): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    // Narrow it down: the longest valid prefix, by halving (log n decodes of prefixes).
    let lo = 0;
    let hi = bytes.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    // `lo` is the byte that broke a sequence; if a sequence was open there, it started at its lead byte.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo));
      return lo;
    } catch {
      let b = lo - 1;
      while (b > 0 && (bytes[b]! & 0xc0) === 0x80) b--;
      return b;
    }
  }
}

function currentBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** Never through a link at `path`: a model file that is a link is refused, a link at its .bak replaced. */
function writeAtomic(path: string, data: string | Buffer, opts: { replaceLink?: boolean } = {}): void {
  writeFileSafely(path, data, { mode: 0o644, ...opts });
}

/** The temporary files a killed save leaves (ours, and write-file-atomic's "<file>.<number>" from before). */
const STALE_TEMP_MS = 5 * 60_000;

/**
 * A save killed mid-write leaves its temporary file behind. Remove ours once they are old enough that no
 * save in progress (in any process) can still be writing them.
 */
function removeStaleTemps(path: string): void {
  const patterns = [staleTempPattern(basename(path)), staleTempPattern(`${basename(path)}.bak`)];
  try {
    for (const entry of readdirSync(dirname(path))) {
      if (!patterns.some((p) => p.test(entry))) continue;
      const full = join(dirname(path), entry);
      try {
        if (statSync(full).mtimeMs < Date.now() - STALE_TEMP_MS) unlinkSync(full);
      } catch {
        // removed meanwhile
      }
    }
  } catch {
    // an unreadable directory: nothing to tidy
  }
}

/** The .bak is replaced atomically too: a copy killed halfway would leave a truncated backup. */
function writeBackup(path: string, previous: Buffer): void {
  // The .bak is coexist's own name: a link planted there is replaced by the backup, never followed.
  writeAtomic(`${path}.bak`, previous, { replaceLink: true });
}

/** Save an edited model over the file it was loaded from. Returns the new LoadedModel. */
export function saveModelFile(loaded: LoadedModel, next: Model): LoadedModel {
  const previous = currentBytes(loaded.path);
  const now = previous === null ? null : fingerprintOf(previous);
  if (previous === null || now !== loaded.fingerprint) {
    throw new ModelFileError(
      now === null
        ? `${loaded.path} was removed since it was read; not saving over nothing (save as a new file instead)`
        : `${loaded.path} changed on disk since it was read; not overwriting it (reload it, or save elsewhere)`,
    );
  }
  // A fresh Document of the text read (the fingerprint check above says it is still what is on disk).
  const doc = modelDocument(loaded.text);
  mergeIntoDocument(doc, loaded.model, next);
  const text = documentText(doc);
  const check = loadModelText(text, loaded.path);
  if (!check.ok) throw new ModelFileError(`refusing to save: the result would not load (${check.problems[0]?.message})`, check.problems);
  writeBackup(loaded.path, previous);
  writeAtomic(loaded.path, text);
  removeStaleTemps(loaded.path);
  return loadedModel(loaded.path, check.model, text, fingerprintOf(text));
}

/** Write a new model file. Refuses to replace an existing file unless `overwrite` (then a .bak is kept). */
export function writeNewModelFile(path: string, model: Model, opts: { overwrite?: boolean } = {}): LoadedModel {
  const full = resolve(path);
  if (existsSync(full) && !opts.overwrite)
    throw new ModelFileError(`${path} already exists; not overwriting it (use --force to replace it, a .bak is kept)`);
  const text = documentText(newDocument(model));
  const check = loadModelText(text, path);
  if (!check.ok) throw new ModelFileError(`refusing to write: the model would not load (${check.problems[0]?.message})`, check.problems);
  const previous = currentBytes(full);
  if (previous !== null) writeBackup(full, previous);
  writeAtomic(full, text);
  return loadedModel(full, check.model, text, fingerprintOf(text));
}

export function modelToText(model: Model): string {
  return documentText(newDocument(model));
}
