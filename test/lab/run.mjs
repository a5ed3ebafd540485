#!/usr/bin/env node
// npm run test:lab [-- --models N --seed S --model I --random K] [vitest arguments]
// vitest refuses options it does not know, so the lab's own flags become environment variables here
// (test/lab/diff-options.ts reads them) and everything else goes on to vitest.
import { spawn } from 'node:child_process';
import { tsImport } from 'tsx/esm/api';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { parseLabArgs, DiffOptionError } = await tsImport('./diff-options.ts', import.meta.url);

let parsed;
try {
  parsed = parseLabArgs(process.argv.slice(2));
} catch (e) {
  if (e instanceof DiffOptionError) {
    process.stderr.write(
      `test:lab: ${e.message}\nusage: npm run test:lab -- [--models N] [--seed S] [--model I] [--random K] [vitest arguments]\n`,
    );
    process.exit(2);
  }
  throw e;
}
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', '--config', join(root, 'vitest.lab.config.ts'), ...parsed.rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...parsed.env },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
