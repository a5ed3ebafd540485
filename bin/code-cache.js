// The V8 code cache of the bundle: what `node` would otherwise spend compiling dist/coexist.cjs on every
// start (about 30-40 ms of the console's cold start). Kept beside the loaded-model cache
// (src/persistence/file-cache.ts, the same base directory), one file per bundle, Node version and kind of run:
// the console and the commands compile different parts of the bundle.
//
// A code cache is code: an entry is used only from a directory and a file that are ours and writable by
// nobody else (as the loaded-model cache), keyed by the bundle's own hash (its first line, written by
// build/bundle.mjs: V8 checks only the source's length), and V8 rejects one from another V8 or other flags.
// Nothing here ever fails a start: an unreadable, rejected or unwritable cache means compiling as without one.
'use strict';
const {
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
} = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const KEEP = 8;

/** The cache directory; the same base as the loaded-model cache (defaultModelCache in src/persistence/file-cache.ts). */
function codeCacheDir(env = process.env) {
  if (env.COEXIST_CODE_CACHE === 'off') return undefined;
  const base =
    env.COEXIST_CACHE_DIR ??
    (process.platform === 'win32'
      ? join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'coexist', 'Cache')
      : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'coexist'));
  return join(base, 'code');
}

/** Owned by us and writable by nobody else (on POSIX). */
function ours(stat) {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** The entry's path for this bundle and kind of run ('console' or 'command'). */
function codeCachePath(dir, bundleId, kind) {
  if (!/^[0-9a-f]{32}$/.test(bundleId)) return undefined;
  const node = `${process.version}-${process.arch}`.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(dir, `${bundleId}-${node}-${kind}.v8`);
}

/** The cached data, or undefined. */
function readCodeCache(dir, path) {
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

/** Writes an entry (through a temporary file) and keeps the newest few. Never throws. */
function writeCodeCache(dir, path, data) {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const d = lstatSync(dir);
    if (!d.isDirectory() || !ours(d)) return false;
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
    prune(dir);
    return true;
  } catch {
    return false;
  }
}

function prune(dir) {
  const entries = readdirSync(dir).map((name) => {
    try {
      return { name, at: statSync(join(dir, name)).mtimeMs };
    } catch {
      return { name, at: 0 };
    }
  });
  const old = Date.now() - 60_000;
  const caches = entries.filter((e) => e.name.endsWith('.v8')).sort((a, b) => b.at - a.at);
  const remove = [...caches.slice(KEEP), ...entries.filter((e) => e.name.endsWith('.tmp') && e.at < old)];
  for (const e of remove) {
    try {
      unlinkSync(join(dir, e.name));
    } catch {
      /* gone */
    }
  }
}

module.exports = { codeCacheDir, codeCachePath, readCodeCache, writeCodeCache };
