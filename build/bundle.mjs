// Bundles the CLI and console into one ESM file: a bundle starts about 2-3x faster than tsc output
// (see docs/stack notes), and cold start over SSH is what administrators feel first.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = fileURLToPath(new URL('./empty-module.mjs', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/coexist.mjs',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['@napi-rs/keyring'],
  // CommonJS dependencies (write-file-atomic, proper-lockfile) expect require, __filename and __dirname.
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
  ],
});
