// Keys typed before the first frame (a fast typist, a paste, a slow start on a large model) reach the
// screen in order: the terminal is in raw mode from the start, so an early Enter is still a return.
import { describe, expect, it } from 'vitest';
import { ptySession, type Tui, withTimeout } from '../helpers/pty.js';
import { KEY } from '../helpers/keys.js';

const pty = ptySession();

let tui: Tui | undefined;

const tempDir = () => pty.tempDir('coexist-typeahead-');

describe('type-ahead (pty, 80x24)', () => {
  it('the setup: two Enters typed at launch turn two pages', async () => {
    const dir = tempDir();
    tui = pty.start(['init', '--out', 'coexist.yaml'], { cwd: dir });
    tui.press(KEY.enter);
    tui.press(KEY.enter);
    const s = await tui.waitFor('Step 3 of 9: Domains');
    expect(s).not.toContain('^M');
  }, 30000);

  it('the console: a filter and Enter typed at launch select the POP3 connector and open its properties', async () => {
    const { dir, file } = pty.sharedExample('coexist-typeahead-');
    tui = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
    tui.press(`/POP3 Connector${KEY.enter}p`);
    const _s = await tui.waitFor('POP3 Connector Properties');
    tui.press('\u001B\u001Bq');
    expect((await withTimeout(tui.exited, 10000, 'the console to quit')).exitCode).toBe(0);
  }, 30000);
});
