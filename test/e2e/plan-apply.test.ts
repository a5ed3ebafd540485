// The Plan/Apply view end to end: a real terminal (80x24), a real Postfix instance as the target. Plan
// shows the changes, apply asks for "yes", shows each step, and a second plan finds nothing to change;
// a plan made stale by an edit is refused; the command log lists what ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Model } from '../../src/model/schema.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback, localPopTarget } from '../adapters/helpers/postfix-instance.js';
import { KEY } from '../helpers/keys.js';
import { ensureBundle, startTui, typeText, withTimeout, type Tui } from '../helpers/pty.js';

const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED the Plan/Apply view against Postfix: ${skip}`);

let work = '';
const tuis: Tui[] = [];
beforeAll(() => {
  ensureBundle();
  work = mkdtempSync(join(tmpdir(), 'coexist-ops-e2e-'));
}, 120000);
afterAll(() => {
  for (const t of tuis) t.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.runIf(!skip)('Plan/Apply view (pty, 80x24, real Postfix)', () => {
  it('plans, applies after "yes" with progress, converges, and keeps a command log', async () => {
    const inst = createPostfixInstance('view', '127.0.0.3', 2525, mkdtempSync(join(work, 'pf-')));
    const model: Model = sharedModelOnLoopback();
    model.targets = [
      localPopTarget(inst),
      {
        id: 'gone',
        adapter: 'postfix-dovecot',
        server: 'POP01',
        connection: { kind: 'local' },
        options: { configDirectory: join(work, 'no-such-postfix') },
      },
    ];
    const file = join(work, 'model.yaml');
    writeFileSync(file, stringify(model));
    const t = startTui(['--model', file], {
      cwd: work,
      env: { LANG: 'C.UTF-8', COEXIST_CONFIG_DIR: join(work, 'cfg'), COEXIST_POP3_RELAY_PASSWORD: 'relay-pw' },
    });
    tuis.push(t);
    await t.waitFor('q quit');
    t.press('5');
    let s = await t.waitFor('[5 Plan/Apply]');
    expect(s).toMatch(/pop +not planned/);
    expect(s).toContain('Enter observes the target');

    t.press(KEY.enter);
    s = await t.waitFor(/Plan: \d+ to add, \d+ to change, \d+ to destroy\./, 30000);
    expect(s).toMatch(/pop +\d+ change\(s\)/);
    expect(s).toMatch(/\+ Maildir root/);

    t.press('a');
    s = await t.waitFor('Type yes to apply');
    await typeText(t, 'no');
    t.press(KEY.enter);
    await t.waitFor('type yes to apply, or Esc to cancel');
    t.press(KEY['C-u']);
    await typeText(t, 'yes');
    t.press(KEY.enter);
    s = await t.waitFor('Apply complete', 60000);
    expect(s).toMatch(/pop +applied/);
    expect(s).toMatch(/done +\+ Maildir root/);

    t.press(KEY.enter);
    s = await t.waitFor('No changes. The target matches the model.', 30000);
    expect(s).toMatch(/pop +up to date/);

    t.press('l');
    s = await t.waitFor('Command log: pop');
    expect(s).toMatch(/exit 0 .* ms/);
    expect(s).not.toContain('relay-pw');
    t.press('l');

    // A target that cannot be observed: the plan fails with the adapter's message, nothing else moves.
    t.press(KEY.down);
    t.press(KEY.enter);
    s = await t.waitFor(/gone +plan failed/, 30000);
    expect(s).toContain('Plan failed:');

    t.press('q');
    expect((await withTimeout(t.exited, 10000, 'the console to quit')).exitCode).toBe(0);
  }, 180_000);
});
