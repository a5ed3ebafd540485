// route --batch's table of answers (src/cli/commands/route-answers.ts): for one model file, one set of sender
// options and one build, the answer line of every directory address, kept on disk beside the loaded-model
// cache (its sibling directory `answers`) the way postmap keeps a .db beside its table. The same rules as
// file-cache.ts: an entry is keyed by the model file's sha256, the options and the build (with the Node
// version), carries a checksum of its payload, and anything that does not match exactly (stale, truncated,
// corrupt, another model's or another build's, not ours) is a miss; a miss or an unwritable cache never
// changes what a batch prints. Written through safe-write.ts (a new file, renamed over), owner-only.
//
// The payload is the addresses as one JSON array on the first line, then one answer per line in the same
// order (an answer is JSON text: it has no raw newline), so reading it parses one array and splits the rest.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelCache } from './file-cache.js';
import { writeFileSafely } from './safe-write.js';

const MAGIC = 'coexist-answers 1';
const KEEP = 16;

/** What an entry answers for: the loaded-model cache's build key, the model file's sha256, the sender options. */
export interface AnswerTableKey {
  cache: ModelCache;
  fingerprint: string;
  /** The options every recipient of the batch is routed with (--from, --via, --ip, --auth, --sender), as text. */
  options: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
/** The answers live beside the models (`<cache>/answers`), not among them: the models' pruning keeps its 16. */
export const answersDir = (cache: ModelCache) => join(dirname(cache.dir), 'answers');
const identity = (k: AnswerTableKey) => JSON.stringify({ build: k.cache.key, model: k.fingerprint, options: k.options });
export const answerTablePath = (k: AnswerTableKey) => join(answersDir(k.cache), `${sha256(identity(k))}.answers`);

/** Owned by us and writable by nobody else (on POSIX), as file-cache.ts requires of its entries. */
function ours(stat: { uid: number; mode: number }): boolean {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** The answers kept for this key (address -> answer), or undefined. */
export function readAnswerTable(key: AnswerTableKey): Map<string, string> | undefined {
  const path = answerTablePath(key);
  let text: string;
  try {
    const dir = lstatSync(answersDir(key.cache));
    if (!dir.isDirectory() || !ours(dir)) return undefined;
    const fd = openSync(path, 'r');
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile() || !ours(stat)) return undefined;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const table = parseTable(text, identity(key));
  if (table) return table;
  // Damaged, or another key's text under this name: it will never match again.
  try {
    unlinkSync(path);
  } catch {
    /* someone else's, or gone */
  }
  return undefined;
}

function parseTable(text: string, expected: string): Map<string, string> | undefined {
  const header = `${MAGIC}\n${expected}\n`;
  // header, the payload's sha256 (64 hex digits), a newline, the payload
  const payloadAt = header.length + 65;
  if (!text.startsWith(header) || text.charCodeAt(payloadAt - 1) !== 0x0a) return undefined;
  const payload = text.slice(payloadAt);
  if (text.slice(header.length, payloadAt - 1) !== sha256(payload)) return undefined;
  const firstLine = payload.indexOf('\n');
  if (firstLine === -1) return undefined;
  try {
    const addresses: unknown = JSON.parse(payload.slice(0, firstLine));
    const answers = payload.slice(firstLine + 1).split('\n');
    if (!Array.isArray(addresses) || answers.length !== addresses.length) return undefined;
    const table = new Map<string, string>();
    for (let i = 0; i < addresses.length; i++) {
      const address = addresses[i];
      if (typeof address !== 'string') return undefined;
      table.set(address, answers[i]!);
    }
    return table;
  } catch {
    return undefined;
  }
}

/** Keep these answers for the key. Never throws: a cache that cannot be written is no cache. */
export function writeAnswerTable(key: AnswerTableKey, table: ReadonlyMap<string, string>): void {
  try {
    const dirPath = answersDir(key.cache);
    mkdirSync(dirPath, { recursive: true, mode: 0o700 });
    const dir = lstatSync(dirPath);
    if (!dir.isDirectory() || !ours(dir)) return;
    const answers = [...table.values()];
    if (answers.some((a) => a.includes('\n'))) return;
    const payload = `${JSON.stringify([...table.keys()])}\n${answers.join('\n')}`;
    writeFileSafely(answerTablePath(key), `${MAGIC}\n${identity(key)}\n${sha256(payload)}\n${payload}`, { mode: 0o600 });
    prune(dirPath);
  } catch {
    // read-only home, full disk, a link planted at the name, a race with another process: the batch is unaffected
  }
}

/** The newest tables stay; older ones and temporary files left by a killed process go. */
function prune(dir: string): void {
  const at = (name: string) => {
    try {
      return statSync(join(dir, name)).mtimeMs;
    } catch {
      return 0;
    }
  };
  const names = readdirSync(dir);
  const tables = names
    .filter((n) => n.endsWith('.answers'))
    .map((name) => ({ name, at: at(name) }))
    .sort((a, b) => b.at - a.at);
  const tooOld = Date.now() - 60_000;
  const temps = names.filter((n) => n.endsWith('.coexist-tmp') && at(n) < tooOld);
  for (const name of [...tables.slice(KEEP).map((t) => t.name), ...temps]) {
    try {
      unlinkSync(join(dir, name));
    } catch {
      /* gone */
    }
  }
}
