#!/usr/bin/env node
// Tiny entry: everything lives in the bundle built by `npm run build` (npm start and npm test build it first).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/coexist.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('coexist: the bundle is missing; run `npm run build` (npm start does it for you)\n');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);
