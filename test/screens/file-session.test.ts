// The console's file session: the lock is taken on open, checked before every save, moved on save-as.
// (In one process the holder is "this process"; test/e2e/two-consoles.test.ts runs two real consoles.)
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNewModelFile } from '../../src/persistence/file.js';
import { acquireModelLock } from '../../src/persistence/lock.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { FileSession } from '../../src/screens/file-session.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function modelFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-session-'));
  dirs.push(dir);
  const file = join(dir, 'model.yaml');
  writeNewModelFile(file, scenarioModel('shared-domain'));
  return file;
}

describe('FileSession', () => {
  it('holds the lock while open; a second session opens read-only and cannot save over the file', () => {
    const file = modelFile();
    const a = new FileSession();
    const opened = a.open(file);
    expect(opened.source).toMatchObject({ kind: 'file' });
    expect(opened.notice).toBeUndefined();
    const b = new FileSession();
    const other = b.open(file);
    expect(other.source.kind === 'file' && other.source.readOnly).toMatch(/ is already locked by this process; opening it read-only$/);
    expect(other.notice).toMatchObject({
      tone: 'error',
      text: expect.stringMatching(/^Read-only: locked by PID \d+ \(.+\) on .+ since .+ UTC; s saves a copy$/),
    });
    const edited = {
      ...(other.source.kind === 'file' ? other.source.loaded.model : scenarioModel('shared-domain')),
      organization: 'Renamed Traders',
    };
    expect(() => b.save(other.source, edited, undefined)).toThrow(/open read-only: give another file name/);
    // Save over the file by the holder works.
    const saved = a.save(opened.source, edited, undefined);
    expect(saved.model.organization).toBe('Renamed Traders');
    a.close();
    b.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses to save once the lock was taken over, and leaves the file as it was', () => {
    const file = modelFile();
    const a = new FileSession();
    const opened = a.open(file);
    rmSync(`${file}.lock`, { recursive: true });
    const thief = acquireModelLock(file);
    expect(thief.ok).toBe(true);
    const before = readFileSync(file, 'utf8');
    const model = opened.source.kind === 'file' ? opened.source.loaded.model : scenarioModel('shared-domain');
    expect(() => a.save(opened.source, { ...model, organization: 'Renamed Traders' }, undefined)).toThrow(
      /the lock on .*model\.yaml was lost.*save a copy under another name/,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    a.close();
    // Closing the session does not remove the lock another holder took.
    expect(existsSync(`${file}.lock`)).toBe(true);
    if (thief.ok) thief.lock.release();
  });

  it('save-as refuses a file another console holds, and moves the lock to a new file it writes', () => {
    const file = modelFile();
    const other = `${file.replace(/model\.yaml$/, '')}other.yaml`;
    writeNewModelFile(other, scenarioModel('separate-domains'));
    const holder = acquireModelLock(other);
    const a = new FileSession();
    const opened = a.open(file);
    const model = opened.source.kind === 'file' ? opened.source.loaded.model : scenarioModel('shared-domain');
    expect(() => a.save(opened.source, model, other)).toThrow(/other\.yaml is already locked by this process; not writing to it$/);
    const copy = file.replace(/model\.yaml$/, 'copy.yaml');
    a.save(opened.source, model, copy);
    expect(existsSync(`${copy}.lock`)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
    a.close();
    expect(existsSync(`${copy}.lock`)).toBe(false);
    if (holder.ok) holder.lock.release();
  });
});
