// The layering of docs/architecture.md (.dependency-cruiser.cjs), checked on the real source, and shown to
// fail on each kind of violation it exists to catch: a small tree with one deliberate violation per case.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err'], {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A tree of TypeScript files (path -> text) with the project's tsconfig, as the rules see src/. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-layers-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const CLEAN = {
  'src/model/schema.ts': 'export const version = 1;\n',
  'src/persistence/index.ts': "import { version } from '../model/schema.js';\nexport const saved = version;\n",
  'src/persistence/file.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'src/adapters/types.ts': 'export interface Adapter { id: string }\n',
  'src/adapters/registry.ts': "import { pop } from './postfix-dovecot/index.js';\nexport const all = [pop];\n",
  'src/adapters/postfix-dovecot/index.ts': "import { diff } from './plan.js';\nexport const pop = { id: 'postfix-dovecot', diff };\n",
  'src/adapters/postfix-dovecot/plan.ts': 'export const diff = 1;\n',
  'src/screens/app.ts':
    "import { all } from '../adapters/registry.js';\nimport { saved } from '../persistence/index.js';\nexport const app = [all, saved];\n",
  'src/cli/main.ts': "import { app } from '../screens/app.js';\nexport const main = app;\n",
};

describe('layering (dependency-cruiser)', () => {
  it('the source as it is breaks no rule', () => {
    const r = cruise(ROOT);
    expect(r.out).toContain('no dependency violations found');
    expect(r.code).toBe(0);
  }, 60000);

  it('a clean small tree passes, so the cases below fail for their one violation only', () => {
    const r = cruise(tree(CLEAN));
    expect(r.out).toContain('no dependency violations found');
  }, 60000);

  const cases: Array<[string, string, Record<string, string>]> = [
    [
      'the model imports the console',
      'model-imports-no-higher-layer',
      { 'src/model/rules.ts': "import { app } from '../screens/app.js';\nexport const r = app;\n" },
    ],
    [
      'the model imports persistence',
      'model-imports-no-higher-layer',
      { 'src/model/rules.ts': "import { saved } from '../persistence/index.js';\nexport const r = saved;\n" },
    ],
    [
      'the model reads the disk',
      'model-does-no-io',
      { 'src/model/rules.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" },
    ],
    [
      'the model runs a process',
      'model-does-no-io',
      { 'src/model/rules.ts': "import { execFileSync } from 'child_process';\nexport const r = execFileSync;\n" },
    ],
    [
      'the console reaches into an adapter',
      'screens-and-cli-use-the-adapter-interface',
      { 'src/screens/ops.ts': "import { diff } from '../adapters/postfix-dovecot/plan.js';\nexport const o = diff;\n" },
    ],
    [
      "the console imports an adapter's index instead of the registry",
      'screens-and-cli-use-the-adapter-interface',
      { 'src/screens/ops.ts': "import { pop } from '../adapters/postfix-dovecot/index.js';\nexport const o = pop;\n" },
    ],
    [
      "the cli goes past persistence's entry point",
      'persistence-one-entry',
      { 'src/cli/save.ts': "import { read } from '../persistence/file.js';\nexport const s = read;\n" },
    ],
    [
      'an adapter imports the console',
      'adapters-below-screens',
      { 'src/adapters/postfix-dovecot/plan.ts': "import { app } from '../../screens/app.js';\nexport const diff = app;\n" },
    ],
    [
      'the console imports the cli',
      'screens-below-cli',
      { 'src/screens/ops.ts': "import { main } from '../cli/main.js';\nexport const o = main;\n" },
    ],
    [
      'a file cycle',
      'no-cycle',
      {
        'src/model/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/model/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      },
    ],
    [
      'a file cycle through a type-only import (the files still cannot be understood or moved apart)',
      'no-cycle',
      {
        'src/screens/table.ts':
          "import { pane } from './pane.js';\nexport interface Command { id: string }\nexport const table = [pane];\n",
        'src/screens/pane.ts': "import type { Command } from './table.js';\nexport const pane: Command = { id: 'x' };\n",
      },
    ],
  ];
  for (const [what, rule, extra] of cases) {
    it(`fails when ${what} (${rule})`, () => {
      const r = cruise(tree({ ...CLEAN, ...extra }));
      expect(r.code).not.toBe(0);
      expect(r.out).toContain(`error ${rule}:`);
    }, 60000);
  }
});
