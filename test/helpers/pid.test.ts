import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePid, signalPid, waitForPidFile } from './pid.js';

const dir = mkdtempSync(join(tmpdir(), 'coexist-pid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pids read from daemons pid files (a 0 would signal the whole process group)', () => {
  it('takes only a whole number above 1', () => {
    expect(parsePid('')).toBeUndefined();
    expect(parsePid('\n')).toBeUndefined();
    expect(parsePid('0\n')).toBeUndefined();
    expect(parsePid('1')).toBeUndefined();
    expect(parsePid('-5')).toBeUndefined();
    expect(parsePid('12a')).toBeUndefined();
    expect(parsePid('  4242\n')).toBe(4242);
  });

  it('waits while the file is empty (the daemon has created it, not written it) and returns the pid once written', async () => {
    const file = join(dir, 'late.pid');
    writeFileSync(file, '');
    setTimeout(() => writeFileSync(file, '31337\n'), 150);
    await expect(waitForPidFile(file, 5000)).resolves.toBe(31337);
  });

  it('gives up with the file and what it holds', async () => {
    const file = join(dir, 'empty.pid');
    writeFileSync(file, '');
    await expect(waitForPidFile(file, 200)).rejects.toThrow(`${file}: no pid after 200 ms (it holds "")`);
    await expect(waitForPidFile(join(dir, 'none.pid'), 100)).rejects.toThrow('no such file');
  });

  it('refuses to signal 0, 1, negatives and non-integers; a process already gone is false', () => {
    for (const pid of [0, 1, -1, -4242, Number.NaN, 2.5]) expect(() => signalPid(pid, 'SIGTERM')).toThrow('refusing to signal');
    const gone = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
    expect(signalPid(Number(gone.stdout.trim()), 'SIGTERM')).toBe(false);
  });
});

describe('the guard every test worker runs first (test/setup/no-group-signals.ts)', () => {
  it('makes a signal to the runner own process group an error (signal 0 here: harmless if the guard were missing)', () => {
    expect(() => process.kill(0, 0)).toThrow('test guard');
    expect(() => process.kill(-1, 0)).toThrow('test guard');
    expect(process.kill(process.pid, 0)).toBe(true);
  });
});
