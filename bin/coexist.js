#!/usr/bin/env node
// Entry: compiles the bundle built by `npm run build` (dist/coexist.cjs; npm start and npm test build it
// first) with a V8 code cache (bin/code-cache.js) and runs it as a CommonJS module.
//
// This file and code-cache.js are CommonJS (bin/package.json): an ES-module entry starts Node's ES-module
// loader first, about 5 ms of CPU on every start that nothing here needs.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { codeCacheDir, codeCachePath, readCodeCache, writeCodeCache } = require('./code-cache.js');

const bundle = join(__dirname, '..', 'dist', 'coexist.cjs');
let source;
try {
  // Latin-1 when the build found only ASCII (its first line says so): the same text, without decoding UTF-8.
  const bytes = readFileSync(bundle);
  source = bytes.toString(bytes.subarray(0, 60).includes(' ascii\n') ? 'latin1' : 'utf8');
} catch {
  process.stderr.write('coexist: the bundle is missing; run `npm run build` (npm start does it for you)\n');
  process.exit(2);
}

/**
 * The console's cache, the commands', or a route --batch's (answered from its route table, it runs a small part
 * of the bundle: src/cli/entry.ts). The same test as the bundle's: no command word is the console.
 */
function kindOfRun(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return i + 1 < argv.length ? 'command' : 'console';
    if (a === '--model') {
      i++;
      continue;
    }
    if (!a.startsWith('-')) {
      const batch = a === 'route' && argv.includes('--batch') && !argv.includes('--trace') && process.env.COEXIST_MODEL_CACHE !== 'off';
      return batch ? 'batch' : 'command';
    }
  }
  return 'console';
}

const kind = kindOfRun(process.argv.slice(2));
const dir = codeCacheDir();
const path = dir && codeCachePath(dir, source.slice(17, 49), kind);
const cachedData = path && readCodeCache(dir, path);
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
});

// The cache is written once, when this kind of run has compiled what it uses: the console after its first
// frame (src/screens/code-cache-hook.ts), a command as it exits, a batch when it was answered from its route
// table alone (src/cli/commands/route-batch.ts).
let saved = Boolean(cachedData) && !script.cachedDataRejected;
const save = (asKind) => {
  if (saved || !path || asKind !== kind) return;
  saved = true;
  writeCodeCache(dir, path, script.createCachedData());
};
globalThis[Symbol.for('coexist.saveCodeCache')] = save;
if (kind === 'command') process.once('exit', () => save('command'));

const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle));
