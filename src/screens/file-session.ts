// The console's hold on its model file: one writer per file. Opening a file takes its lock; a file
// locked by another console opens read-only with who holds it; every save checks the lock is still ours;
// saving under a new name locks the new file first; quitting releases the lock.
import { sep } from 'node:path';
import { acquireModelLock, type ModelLock } from '../persistence/index.js';
import { readModelFile, saveModelFile, writeNewModelFile, ModelFileError, type LoadedModel } from '../persistence/index.js';
import { formatProblem } from '../persistence/index.js';
import type { Model } from '../model/schema.js';
import type { Source } from './state.js';

export interface OpenedFile {
  source: Source;
  /** Said once when the console opens: read-only because of a lock, or a crashed console's lock recovered. */
  notice?: { text: string; tone: 'info' | 'error' };
}

/** Absolute paths under the working directory read better relative to it. */
function shortenPaths(text: string): string {
  return text.split(`${process.cwd()}${sep}`).join('');
}

/**
 * Save without any lock: over the loaded file (atomic, .bak, refuses if it changed on disk), or as a new
 * file at `path` (never over an existing one). Throws an Error whose message is ready for the status bar.
 */
export function saveSource(source: Source, model: Model, path: string | undefined): LoadedModel {
  try {
    if (path !== undefined || source.kind === 'builtin' || source.readOnly) {
      if (!path) {
        throw new Error(
          source.kind === 'builtin'
            ? 'the built-in example is read-only: give a file name to save it'
            : 'this file is open read-only: give another file name to save a copy',
        );
      }
      return writeNewModelFile(path, model);
    }
    return saveModelFile(source.loaded, model);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    let message = e.message.replace(' (use --force to replace it, a .bak is kept)', '; choose another name');
    if (e instanceof ModelFileError && e.problems.length > 0) message = `${message}: ${formatProblem(e.problems[0]!)}`;
    throw new Error(shortenPaths(message));
  }
}

export class FileSession {
  private lock: ModelLock | undefined;
  private lostReason: string | undefined;

  /** Read the model file and take its lock. Throws ModelFileError when the file cannot be read. */
  open(path: string): OpenedFile {
    const loaded = readModelFile(path);
    const taken = this.take(path);
    if (!taken.ok) {
      const o = taken.owner;
      const who = o
        ? `locked by PID ${o.pid} (${o.user}) on ${o.host} since ${o.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`
        : shortenPaths(taken.message);
      return {
        source: { kind: 'file', loaded, readOnly: shortenPaths(taken.message) },
        notice: { text: `Read-only: ${who}; s saves a copy`, tone: 'error' },
      };
    }
    this.lock = taken.lock;
    return {
      source: { kind: 'file', loaded },
      ...(taken.recovered ? { notice: { text: `Lock: ${taken.recovered}`, tone: 'info' as const } } : {}),
    };
  }

  /** saveSource, holding the lock: over our file only while the lock is ours; a new file is locked first. */
  save(source: Source, model: Model, path: string | undefined): LoadedModel {
    if (path === undefined) {
      if (source.kind === 'file' && !source.readOnly && !this.lock?.held()) {
        throw new Error(
          shortenPaths(
            `the lock on ${source.loaded.path} was lost${this.lostReason ? ` (${this.lostReason})` : ''}; not saving over it: save a copy under another name`,
          ),
        );
      }
      return saveSource(source, model, path);
    }
    const taken = this.take(path);
    if (!taken.ok) throw new Error(shortenPaths(taken.message.replace(/; opening it read-only$/, '; not writing to it')));
    let saved: LoadedModel;
    try {
      saved = saveSource(source, model, path);
    } catch (e) {
      taken.lock.release();
      throw e;
    }
    this.lock?.release();
    this.lock = taken.lock;
    this.lostReason = undefined;
    return saved;
  }

  close(): void {
    this.lock?.release();
    this.lock = undefined;
  }

  private take(path: string) {
    return acquireModelLock(path, {
      onCompromised: (e) => {
        this.lostReason = e.message;
      },
    });
  }
}

/** Why a model file cannot be opened: the error and its problems, one per line. */
export function describeOpenError(e: ModelFileError): string {
  return [e.message, ...e.problems.map(formatProblem)].join('\n');
}
