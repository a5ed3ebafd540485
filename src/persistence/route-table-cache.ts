// route --batch's route tables (src/model/routing/route-table.ts): for one model file, one set of batch
// options and one build, what the model compiles to, kept on disk beside the loaded-model cache (its sibling
// directory `answers`) the way postmap keeps a .db beside its table. The same rules as file-cache.ts: an entry
// is keyed by the model file's sha256, the options and the build (with the Node version), carries a checksum
// of its payload, and anything that does not match exactly (stale, truncated, corrupt, another model's or
// another build's, not ours) is a miss; a miss or an unwritable cache never changes what a batch prints.
// Written through safe-write.ts (a new file, renamed over), owner-only. The payload is the table's JSON.
import { createHash } from 'node:crypto';
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RouteTable } from '../model/routing/route-table.js';
import { type ModelCache, ownDirectory, readOwnEntry } from './file-cache.js';
import { writeFileSafely } from './safe-write.js';

const MAGIC = 'coexist-route-table 1';
const KEEP = 16;

/** What an entry answers for: the loaded-model cache's build key, the model file's sha256, the batch options. */
export interface RouteTableKey {
  cache: ModelCache;
  fingerprint: string;
  /** The options every recipient of the batch is routed with (--from, --via, --ip, --auth, --sender), as text. */
  options: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
/** The answers live beside the models (`<cache>/answers`), not among them: the models' pruning keeps its 16. */
export const answersDir = (cache: ModelCache) => join(dirname(cache.dir), 'answers');
const identity = (k: RouteTableKey) => JSON.stringify({ build: k.cache.key, model: k.fingerprint, options: k.options });
export const routeTablePath = (k: RouteTableKey) => join(answersDir(k.cache), `${sha256(identity(k))}.routes`);

/** The table kept for this key, or undefined. */
export function readRouteTable(key: RouteTableKey): RouteTable | undefined {
  const path = routeTablePath(key);
  const bytes = readOwnEntry(answersDir(key.cache), path);
  if (!bytes) return undefined;
  const table = parseTable(bytes, identity(key));
  if (table) return table;
  // Damaged, or another key's text under this name: it will never match again.
  try {
    unlinkSync(path);
  } catch {
    /* someone else's, or gone */
  }
  return undefined;
}

function parseTable(bytes: Buffer, expected: string): RouteTable | undefined {
  // header, the payload's sha256 (64 hex digits), a newline, the payload; checked as bytes, decoded once whole
  const header = Buffer.from(`${MAGIC}\n${expected}\n`);
  const payloadAt = header.length + 65;
  if (bytes.length < payloadAt || !bytes.subarray(0, header.length).equals(header) || bytes[payloadAt - 1] !== 0x0a) return undefined;
  if (bytes.toString('latin1', header.length, payloadAt - 1) !== sha256(bytes.subarray(payloadAt))) return undefined;
  const payload = bytes.toString('utf8', payloadAt);
  try {
    const table = JSON.parse(payload) as RouteTable;
    const ok =
      Array.isArray(table.templates) &&
      Array.isArray(table.exact) &&
      Array.isArray(table.named) &&
      typeof table.elsewhere === 'number' &&
      typeof table.domains === 'object' &&
      typeof table.mailboxes === 'object';
    return ok ? table : undefined;
  } catch {
    return undefined;
  }
}

/** Keep this table for the key. Never throws: a cache that cannot be written is no cache. */
export function writeRouteTable(key: RouteTableKey, table: RouteTable): void {
  try {
    const dirPath = answersDir(key.cache);
    if (!ownDirectory(dirPath)) return;
    const payload = JSON.stringify(table);
    writeFileSafely(routeTablePath(key), `${MAGIC}\n${identity(key)}\n${sha256(payload)}\n${payload}`, { mode: 0o600 });
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
    .filter((n) => n.endsWith('.routes') || n.endsWith('.answers'))
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
