// The loaded-model cache (file.ts's helper): what postmap's .db
// is to a Postfix table. Reading a large model file costs parsing and checking (about 0.2 s in a fresh
// process at 10,000 users); the checked model of the same bytes, loaded by the same build of coexist,
// deserialises in about 10 ms. An entry is keyed by the file's sha256, the build and the Node version, and
// carries a checksum of its payload; anything that does not match exactly (stale, truncated, corrupt, not
// ours) is a miss, and a miss or an unwritable cache never changes what a load answers.
//
// The payload is the model's JSON when JSON gives back exactly that model (every model a file gives: plain
// objects, arrays, strings, finite numbers, booleans, null), else V8's serialisation. At 10,000 users
// JSON.parse takes about half of v8.deserialize's CPU time, and this is on every console start; node:v8
// (about 3 ms to load) is loaded only for a payload that needs it.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Model } from '../model/schema.js';

/** Replaced by the bundler with a hash of the sources that make up the build (build/bundle.mjs). */
declare const __COEXIST_BUILD_ID__: string | undefined;

export interface ModelCache {
  dir: string;
  /** What the entries must have been written by: the build and the Node version. */
  key: string;
}

const MAGIC = 'coexist-model-cache 2';
/** The payload's format, the byte before it: JSON text or V8's serialisation. */
const JSON_PAYLOAD = 0x6a; // 'j'
const V8_PAYLOAD = 0x76; // 'v'
const KEEP = 16;

/**
 * The cache of this process: only in a build (the sources behind an unbundled run can change without
 * anything to key on), never when COEXIST_MODEL_CACHE=off. COEXIST_CACHE_DIR moves it.
 */
export function defaultModelCache(): ModelCache | undefined {
  const build = typeof __COEXIST_BUILD_ID__ === 'string' ? __COEXIST_BUILD_ID__ : undefined;
  if (!build || process.env.COEXIST_MODEL_CACHE === 'off') return undefined;
  const base =
    process.env.COEXIST_CACHE_DIR ??
    (process.platform === 'win32'
      ? join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'coexist', 'Cache')
      : join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'coexist'));
  return { dir: join(base, 'models'), key: `${build} ${process.version}` };
}

/** What a model file is known by: the sha256 of its bytes. */
export const fingerprintOf = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

const v8 = () => process.getBuiltinModule('node:v8');
const entryPath = (cache: ModelCache, fingerprint: string) => join(cache.dir, `${fingerprint}.bin`);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Owned by us and writable by nobody else (on POSIX): an entry anyone else could write is not trusted. */
function ours(stat: { uid: number; mode: number }): boolean {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/**
 * The bytes of a cache entry, read only from a directory and a file that are ours and writable by nobody else
 * (the route tables' cache, route-table-cache.ts, keeps the same rules); undefined for anything else.
 */
export function readOwnEntry(dir: string, path: string): Buffer | undefined {
  try {
    const d = lstatSync(dir);
    if (!d.isDirectory() || !ours(d)) return undefined;
    const fd = openSync(path, 'r');
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile() || !ours(stat)) return undefined;
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** A cache directory made (owner-only) if missing: true when it is ours and writable by nobody else. Throws as mkdir does. */
export function ownDirectory(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const d = lstatSync(dir);
  return d.isDirectory() && ours(d);
}

/** The model cached for these bytes, or undefined. */
export function readCachedModel(cache: ModelCache, fingerprint: string): Model | undefined {
  const path = entryPath(cache, fingerprint);
  const bytes = readOwnEntry(cache.dir, path);
  if (!bytes) return undefined;
  const header = `${MAGIC}\n${cache.key} ${fingerprint}\n`;
  const headerBytes = Buffer.byteLength(header);
  // header, the payload's sha256 (64 hex digits), its format byte, a newline, the payload
  const payloadAt = headerBytes + 66;
  const format = bytes[payloadAt - 2];
  const valid =
    bytes.length > payloadAt &&
    bytes.subarray(0, headerBytes).toString('utf8') === header &&
    (format === JSON_PAYLOAD || format === V8_PAYLOAD) &&
    bytes[payloadAt - 1] === 0x0a &&
    bytes.subarray(headerBytes, payloadAt - 2).toString('latin1') === sha256(bytes.subarray(payloadAt));
  if (valid) {
    try {
      const model = (
        format === JSON_PAYLOAD ? JSON.parse(bytes.toString('utf8', payloadAt)) : v8().deserialize(bytes.subarray(payloadAt))
      ) as Model;
      if (model !== null && typeof model === 'object' && model.version === 1) return model;
    } catch {
      // corrupt despite the checksum: treated as stale below
    }
  }
  // Stale (another build) or damaged: it will never match again.
  try {
    unlinkSync(path);
  } catch {
    /* someone else's, or gone */
  }
  return undefined;
}

/** Keep the checked model of these bytes. Never throws: a cache that cannot be written is no cache. */
export function writeCachedModel(cache: ModelCache, fingerprint: string, model: Model): void {
  try {
    if (!ownDirectory(cache.dir)) return;
    const json = jsonFaithful(model);
    const payload = json ? Buffer.from(JSON.stringify(model)) : v8().serialize(model);
    const format = String.fromCharCode(json ? JSON_PAYLOAD : V8_PAYLOAD);
    const data = Buffer.concat([Buffer.from(`${MAGIC}\n${cache.key} ${fingerprint}\n${sha256(payload)}${format}\n`), payload]);
    const path = entryPath(cache, fingerprint);
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
    prune(cache);
  } catch {
    // read-only home, full disk, a race with another process: the load itself is unaffected
  }
}

/**
 * Whether JSON.parse(JSON.stringify(value)) gives back a value deeply and strictly equal to it: only plain
 * objects and dense arrays of strings, finite numbers (not -0), booleans and null: no undefined, and no symbol
 * or non-enumerable keys.
 */
export function jsonFaithful(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonFaithful(value[i])) return false;
        return Object.keys(value).length === value.length;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype || Object.getOwnPropertySymbols(value).length > 0) return false;
      const keys = Object.keys(value);
      if (Object.getOwnPropertyNames(value).length !== keys.length) return false;
      for (const key of keys) if (!jsonFaithful((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

/** The newest entries stay; older ones and temporary files left by a killed process go. */
function prune(cache: ModelCache): void {
  const entries = readdirSync(cache.dir)
    .filter((name) => name.endsWith('.bin') || name.endsWith('.tmp'))
    .map((name) => {
      try {
        return { name, at: statSync(join(cache.dir, name)).mtimeMs };
      } catch {
        return { name, at: 0 };
      }
    });
  const tooOld = Date.now() - 60_000;
  const bins = entries.filter((e) => e.name.endsWith('.bin')).sort((a, b) => b.at - a.at);
  const remove = [...bins.slice(KEEP), ...entries.filter((e) => e.name.endsWith('.tmp') && e.at < tooOld)];
  for (const e of remove) {
    try {
      unlinkSync(join(cache.dir, e.name));
    } catch {
      /* gone */
    }
  }
}
