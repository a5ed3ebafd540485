// Bundles the CLI and console into one CommonJS file, dist/coexist.cjs, which bin/coexist.js compiles with a
// V8 code cache (bin/code-cache.js): Node 20 has no code cache for ES modules, and compiling the bundle was
// about 35 ms of every start. A bundle also starts about 2-3x faster than tsc output.
//
// What only some commands need (the console with Ink, React and Yoga; plan, apply and export with the
// adapters, conf and execa) is imported dynamically in the sources: esbuild wraps those modules so that they
// are evaluated only when imported, and V8 compiles a function only when it first runs, so `coexist route`
// neither evaluates nor compiles the console. CommonJS needs Yoga and Ink without top-level await:
// patches/yoga-layout+3.2.1.patch (patches/README.md) and the plugin below for Ink's DEV-only awaits.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = fileURLToPath(new URL('./empty-module.mjs', import.meta.url));
const signalExitAssert = fileURLToPath(new URL('./signal-exit-assert.cjs', import.meta.url));
const dist = join(root, 'dist');
const OUT = join(dist, 'coexist.cjs');

// The bundle needs the dependency patches (patches/README.md) that `npm ci` applies. A checkout that installed
// its node_modules before a patch was added gets them now, instead of a build error about top-level await.
const PATCHED = [
  ['node_modules/yoga-layout/dist/src/index.js', 'loadYogaSync'],
  ['node_modules/string-width/index.js', 'coexist patch'],
  ['node_modules/@alcalzone/ansi-tokenize/build/tokenize.js', 'getSegmenter'],
  ['node_modules/string-width/index.js', 'getSegmenter'],
  ['node_modules/wrap-ansi/node_modules/string-width/index.js', 'getSegmenter'],
  ['node_modules/slice-ansi/tokenize-ansi.js', 'getGraphemeSegmenter'],
  ['node_modules/@alcalzone/ansi-tokenize/build/diff.js', 'coexist patch'],
  ['node_modules/ink/build/output.js', 'plainSgrLine'],
  ['node_modules/ink/build/output.js', 'one blank cell object'],
  ['node_modules/ink/build/output.js', 'getRowText'],
  ['node_modules/@alcalzone/ansi-tokenize/build/styledChars.js', 'coexist patch'],
  ['node_modules/@alcalzone/ansi-tokenize/build/ansiCodes.js', 'coexist patch'],
  ['node_modules/terminal-size/index.js', 'coexist patch'],
  ['node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js', "Node's base64 decoder"],
];
const unpatched = () => PATCHED.some(([file, mark]) => !readFileSync(join(root, file), 'utf8').includes(mark));
if (unpatched()) {
  process.stderr.write('build: applying the dependency patches (patch-package), as npm ci does\n');
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'patch-package', 'index.js'), '--error-on-fail'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    // reported below
  }
  // An older version of a patch is applied: patch-package can neither apply the new one nor take it back.
  if (unpatched()) {
    process.stderr.write('build: the dependency patches changed since node_modules was installed; run `npm ci`\n');
    process.exit(1);
  }
}

/**
 * What this build is made of: every source file, the locked dependencies, their patches and this script.
 * The loaded-model cache (src/persistence/file-cache.ts) only trusts entries written by the same build.
 */
function buildId() {
  const hash = createHash('sha256');
  const add = (rel) => {
    const path = join(root, rel);
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(rel, name));
    } else {
      hash.update(`${rel}\0`).update(readFileSync(path)).update('\0');
    }
  };
  for (const rel of ['src', 'package-lock.json', 'patches', 'build']) add(rel);
  return hash.digest('hex').slice(0, 32);
}

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/entry.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: OUT,
  write: false,
  define: { 'process.env.NODE_ENV': '"production"', __COEXIST_BUILD_ID__: JSON.stringify(buildId()) },
  legalComments: 'none',
  minify: process.env.COEXIST_BUNDLE_MINIFY !== '0',
  sourcemap: 'linked',
  logLevel: 'warning',
  // import.meta is empty in CommonJS; its only readers left are Yoga's locateFile base (unused: the wasm is
  // inline) and Ink's package.json in DEV mode (patched to cope).
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['@napi-rs/keyring'],
  plugins: [
    {
      // Ink's reconciler awaits at its top level, only when DEV=true: the devtools import (stubbed below) and
      // its package.json (there is none beside a bundle). esbuild cannot emit top-level await as CommonJS.
      name: 'ink-without-top-level-await',
      setup(b) {
        b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
          let source = readFileSync(args.path, 'utf8');
          for (const [from, to] of [
            ["await import('./devtools.js');", "import('./devtools.js');"],
            ['? await loadPackageJson()', "? { name: 'ink', version: undefined }"],
          ]) {
            if (!source.includes(from)) throw new Error(`${args.path}: "${from}" not found (Ink changed?): update build/bundle.mjs`);
            source = source.replace(from, to);
          }
          return { contents: source, loader: 'js' };
        });
      },
    },
    {
      // proper-lockfile, Ink and restore-cursor each have their own copy of signal-exit 3.0.7 (the top level has
      // 4): the same code three times over, evaluated at every console start, each wrapping process.emit and
      // listening to every signal again (its state is shared through process.__signal_exit_emitter__ anyway).
      // The bundle holds one copy, checked to be byte for byte the others; its one `assert.equal` (the
      // callback must be a function) is a two-line stand-in, not node:assert (about 3 ms of every start).
      name: 'one-signal-exit',
      setup(b) {
        const copies = ['proper-lockfile', 'ink', 'restore-cursor'].map((p) =>
          join(root, 'node_modules', p, 'node_modules', 'signal-exit'),
        );
        const one = copies[0];
        for (const copy of copies.slice(1))
          for (const file of ['index.js', 'signals.js', 'package.json'])
            if (!readFileSync(join(copy, file)).equals(readFileSync(join(one, file))))
              throw new Error(`${join(copy, file)} differs from ${join(one, file)}: update build/bundle.mjs`);
        b.onResolve({ filter: /^signal-exit$/ }, (args) =>
          copies.some((c) => args.importer.startsWith(join(c, '..', '..') + sep)) ? { path: join(one, 'index.js') } : undefined,
        );
        b.onResolve({ filter: /^assert$/ }, (args) => (args.importer === join(one, 'index.js') ? { path: signalExitAssert } : undefined));
      },
    },
    {
      // Ink imports its devtools statically; bundling it would drag in react-devtools-core and ws.
      name: 'stub-ink-devtools',
      setup(b) {
        b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
          /[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: stub } : undefined,
        );
      },
    },
  ],
});

// The first line names the bundle's exact bytes: bin/code-cache.js keys the code cache on it (V8 itself
// checks only the source's length), and says `ascii` when every byte is ASCII: bin/coexist.js then reads it as
// Latin-1, about 2 ms cheaper than decoding UTF-8 (esbuild escapes non-ASCII text, but not inside regular
// expression literals: write \uXXXX there). Each file goes through a temporary one: a start never reads half a bundle.
mkdirSync(dist, { recursive: true });
for (const file of result.outputFiles) {
  let contents = file.contents;
  if (file.path === OUT) {
    // The entry's #! line is for a file run directly; bin/coexist.js wraps the bundle in a function.
    if (contents[0] === 0x23 && contents[1] === 0x21) contents = contents.subarray(contents.indexOf(0x0a) + 1);
    const id = createHash('sha256').update(contents).digest('hex').slice(0, 32);
    const ascii = contents.every((byte) => byte < 0x80);
    contents = Buffer.concat([Buffer.from(`//coexist-bundle ${id}${ascii ? ' ascii' : ''}\n`), contents]);
  }
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file.path);
}

// The ES-module entry and chunks of earlier builds.
for (const name of readdirSync(dist)) {
  if (/^(chunk-[A-Z0-9]+|coexist)\.mjs(\.map)?$/.test(name)) rmSync(join(dist, name), { force: true });
}
