// Keys typed before the first frame (a fast typist, a paste, a slow start on a large model) reach the
// screen in order: the terminal is in raw mode from the start, so an early Enter is still a return.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBundle, sharedExample, startTui, withTimeout, type Tui } from '../helpers/pty.js';

const ENTER = '\r';
let tui: Tui | undefined;
const dirs: string[] = [];

beforeAll(() => ensureBundle(), 120000);
afterEach(() => {
  tui?.kill();
  tui = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-typeahead-'));
  dirs.push(dir);
  return dir;
}

describe('type-ahead (pty, 80x24)', () => {
  it('the setup: two Enters typed at launch turn two pages', async () => {
    const dir = tempDir();
    tui = startTui(['init', '--out', 'coexist.yaml'], { cwd: dir });
    tui.press(ENTER);
    tui.press(ENTER);
    const s = await tui.waitFor('Step 3 of 9: Domains');
    expect(s).not.toContain('^M');
  }, 30000);

  it('the console: a filter and Enter typed at launch select the POP3 connector and open its properties', async () => {
    const { dir, file } = sharedExample(dirs, 'coexist-typeahead-');
    tui = startTui(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    tui.press(`/POP3 Connector${ENTER}p`);
    const _s = await tui.waitFor('POP3 Connector Properties');
    tui.press('\u001B\u001Bq');
    expect((await withTimeout(tui.exited, 10000, 'the console to quit')).exitCode).toBe(0);
  }, 30000);
});
