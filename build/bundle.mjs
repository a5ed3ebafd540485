// Bundles the CLI and console into ESM files: a bundle starts about 2-3x faster than tsc output
// (see docs/stack notes), and cold start over SSH is what administrators feel first.
//
// dist/coexist.mjs is the entry; code splitting puts what is only imported dynamically (the console with
// Ink, React and Yoga; plan, apply and export with the adapters, conf and execa) into chunks beside it, so a
// command that does not draw neither compiles nor evaluates the console (`coexist route`: about 1.3 MB of
// JavaScript less to read).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = fileURLToPath(new URL('./empty-module.mjs', import.meta.url));
const dist = join(root, 'dist');
const CHUNK = /^chunk-[A-Z0-9]+\.mjs(\.map)?$/;

/**
 * What this build is made of: every source file, the locked dependencies, their patches and this script.
 * The loaded-model cache (src/model/file-cache.ts) only trusts entries written by the same build.
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
  entryPoints: { coexist: 'src/cli/main.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"', __COEXIST_BUILD_ID__: JSON.stringify(buildId()) },
  legalComments: 'none',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['@napi-rs/keyring'],
  // CommonJS dependencies (write-file-atomic, proper-lockfile) expect require, __filename and __dirname.
  // Every chunk is its own module, so each one gets these (chunks sit beside the entry: same __dirname).
  banner: {
    js: [
      "import { createRequire as __coexistRequire } from 'node:module';",
      "import { fileURLToPath as __coexistPath } from 'node:url';",
      'const require = __coexistRequire(import.meta.url);',
      'const __filename = __coexistPath(import.meta.url);',
      "const __dirname = __coexistPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  plugins: [
    {
      // Ink imports its devtools statically; bundling it would drag in react-devtools-core and ws.
      name: 'stub-ink-devtools',
      setup(b) {
        b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
          /[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: stub } : undefined,
        );
      },
    },
    {
      // Yoga's wasm is inlined as a data: URL. Emscripten fetches it with fetch() when fetch exists, and in
      // Node the first touch of the global fetch loads undici (about 17 ms of the console's cold start) only
      // to decode that data: URL; without fetch it decodes the same base64 directly.
      name: 'yoga-without-fetch',
      setup(b) {
        b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
          const source = readFileSync(args.path, 'utf8');
          const patched = source.replaceAll('"function"!=typeof fetch', '"function"!="undefined"');
          if (patched === source) throw new Error(`${args.path}: the fetch test to remove was not found (yoga-layout changed?): update build/bundle.mjs`);
          return { contents: patched, loader: 'js' };
        });
      },
    },
  ],
});

// Chunks of earlier builds: remove those this build did not write, once they are old enough that no
// process started from the previous bundle can still be importing them.
const written = new Set(Object.keys(result.metafile.outputs).map((p) => p.split('/').pop()));
for (const name of readdirSync(dist)) {
  if (!CHUNK.test(name) || written.has(name)) continue;
  const path = join(dist, name);
  try {
    if (statSync(path).mtimeMs < Date.now() - 10 * 60_000) unlinkSync(path);
  } catch {
    // removed meanwhile
  }
}
