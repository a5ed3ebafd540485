// Two consoles on one model file, in real terminals: the second is told who holds the file and opens it
// read-only (its save writes a copy); quitting releases the lock; a lock left by a console killed with
// SIGKILL is taken over by the next one, which can save.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModelFile } from '../../src/persistence/file.js';
import { ptySession, type Tui, withTimeout } from '../helpers/pty.js';
import { KEY } from '../helpers/keys.js';

const pty = ptySession();

function open(dir: string, file: string): Tui {
  const t = pty.start(['--model', file], { cwd: dir, env: { LANG: 'C.UTF-8' } });
  return t;
}

const ownerPid = (file: string) => (JSON.parse(readFileSync(`${file}.lock/owner.json`, 'utf8')) as { pid: number }).pid;

describe('two consoles on one file (pty, 80x24)', () => {
  it('the second opens read-only and says who holds the file; its save asks for another name; quitting the first releases the lock', async () => {
    const { dir, file } = pty.sharedExample('coexist-lock-e2e-');
    const first = open(dir, file);
    let s = await first.waitFor('q quit');
    expect(s.split('\n')[0]).not.toContain('(read-only)');
    expect(ownerPid(file)).toBe(first.pid);

    const second = open(dir, file);
    s = await second.waitFor(`Read-only: locked by PID ${first.pid}`);
    expect(s.split('\n')[0]).toContain('model.yaml (read-only)');
    second.press('s');
    s = await second.waitFor('Save a copy (the file is open read-only)');
    expect(s).toContain('coexist-copy.yaml');
    second.press(KEY.esc);
    await second.waitFor('q quit');
    const before = readFileSync(file, 'utf8');
    // Saving the copy locks it for the second console, which now edits the copy.
    second.press('s');
    await second.waitFor('Save a copy (the file is open read-only)');
    second.press(KEY.enter);
    s = await second.waitFor('Saved');
    const copy = join(dir, 'coexist-copy.yaml');
    expect(s.split('\n')[0]).toContain('coexist-copy.yaml');
    expect(s.split('\n')[0]).not.toContain('(read-only)');
    expect(ownerPid(copy)).toBe(second.pid);
    expect(readModelFile(copy).model).toEqual(readModelFile(file).model);

    first.press('q');
    expect((await withTimeout(first.exited, 10000, 'the first console to quit')).exitCode).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
    second.press('q');
    expect((await withTimeout(second.exited, 10000, 'the second console to quit')).exitCode).toBe(0);
    expect(existsSync(join(dir, 'coexist-copy.yaml.lock'))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
  }, 60000);

  it('a lock left by a console killed with SIGKILL is taken over by the next console, which saves', async () => {
    const { dir, file } = pty.sharedExample('coexist-lock-e2e-');
    const crashed = open(dir, file);
    await crashed.waitFor('q quit');
    process.kill(crashed.pid, 'SIGKILL');
    await withTimeout(crashed.exited, 10000, 'the killed console');
    expect(ownerPid(file)).toBe(crashed.pid);

    const next = open(dir, file);
    let s = await next.waitFor(`took over a lock left by PID ${crashed.pid}`);
    expect(s.split('\n')[0]).not.toContain('(read-only)');
    expect(ownerPid(file)).toBe(next.pid);
    // Delete alice in Active Directory Users and Computers, then save.
    next.press('3');
    await next.waitFor('Active Directory Users and Computers');
    next.press(`${KEY.down}${KEY.down}d`);
    await next.waitFor('Delete user alice (Alice Martin)?');
    next.press(KEY.right);
    await next.waitFor(/›\[ Delete \]/);
    next.press(KEY.enter);
    await next.waitFor('(modified)');
    next.press('s');
    s = await next.waitFor('Saved');
    next.press('q');
    expect((await withTimeout(next.exited, 10000, 'the console to quit')).exitCode).toBe(0);
    expect(readModelFile(file).model.users.map((u) => u.logon)).not.toContain('alice');
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 60000);
});
