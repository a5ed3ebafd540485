// Crash-safe saves: a child process saves the model file in a loop (alternating a 25 KB and a 3 KB model,
// through saveModelFile) and is SIGKILLed at random moments, 200 times. After every kill the file on disk
// must be exactly one complete version the saver could have written, never a mix, and so must the .bak.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFixture } from './fixtures/bundle.js';
import { readModelFile, saveModelFile, writeNewModelFile } from '../../src/persistence/file.js';
import { bigModel, smallModel } from './fixtures/save-models.js';
import { SEED } from './fc-seed.js';

const KILLS = 200;
/** One saver per spare CPU (at least 2, at most 4): the kills are independent. */
const LANES = Math.min(4, Math.max(2, availableParallelism() - 1));

let work = '';
let child = '';

/** A small seeded PRNG (mulberry32) so the kill moments replay with FC_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every text the saver can leave behind: closure of "save big" and "save small" from the initial file. */
function knownVersions(initial: string): Set<string> {
  const dir = join(work, 'closure');
  mkdirSync(dir);
  const path = join(dir, 'm.yaml');
  const known = new Set([initial]);
  let frontier = [initial];
  for (let round = 0; round < 10 && frontier.length > 0; round++) {
    const found: string[] = [];
    for (const text of frontier) {
      for (const next of [bigModel(), smallModel()]) {
        writeFileSync(path, text);
        saveModelFile(readModelFile(path), next);
        const out = readFileSync(path, 'utf8');
        if (!known.has(out)) {
          known.add(out);
          found.push(out);
        }
      }
    }
    frontier = found;
  }
  expect(frontier, 'the saved texts must settle to a fixed set').toHaveLength(0);
  return known;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'coexist-crash-'));
  child = bundleFixture('save-loop', work);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface KillResult {
  midSave: boolean;
  saves: number;
}

/** Start a saver, let it complete `afterSaves` saves, wait `delayMs` more, then SIGKILL it. */
function runAndKill(path: string, afterSaves: number, delayMs: number): Promise<KillResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`saver did not start: ${err}`));
    }, 15_000);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const done = (out.match(/e/g) ?? []).length;
      if (timer === undefined && out.includes('r\n') && done >= afterSaves) timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
    });
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`saver exited by itself (${code}): ${err}`));
        return;
      }
      const marks = out.replace(/\s/g, '');
      resolve({ midSave: marks.endsWith('b'), saves: (marks.match(/e/g) ?? []).length });
    });
  });
}

describe('crash-safe saves', () => {
  it(`SIGKILL at ${KILLS} random moments of a saving loop leaves the old or the new file, never a mix, and a whole .bak`, async () => {
    const seedDir = join(work, 'seed');
    mkdirSync(seedDir);
    writeNewModelFile(join(seedDir, 'm.yaml'), smallModel());
    const initial = `# Kept by the crash test: this comment must survive every save.\n${readFileSync(join(seedDir, 'm.yaml'), 'utf8')}`;
    const known = knownVersions(initial);
    const random = prng(SEED);
    const lanes = Array.from({ length: LANES }, (_, lane) => {
      const dir = join(work, `lane${lane}`);
      mkdirSync(dir);
      const path = join(dir, 'm.yaml');
      writeFileSync(path, initial);
      return {
        path,
        dir,
        kills: Array.from({ length: Math.ceil(KILLS / LANES) - (lane < Math.ceil(KILLS / LANES) * LANES - KILLS ? 1 : 0) }, () => ({
          afterSaves: Math.floor(random() * 2),
          delay: Math.floor(random() * 60),
        })),
      };
    });
    let midSave = 0;
    let saves = 0;
    const problems: string[] = [];
    await Promise.all(
      lanes.map(async ({ path, kills }, lane) => {
        for (const [i, { afterSaves, delay }] of kills.entries()) {
          const r = await runAndKill(path, afterSaves, delay);
          if (r.midSave) midSave++;
          saves += r.saves;
          const now = readFileSync(path, 'utf8');
          if (!known.has(now))
            problems.push(
              `lane ${lane} kill ${i} (after ${afterSaves} saves + ${delay} ms${r.midSave ? ', inside a save' : ''}): the model file is not a complete version (${now.length} bytes)`,
            );
          const bak = `${path}.bak`;
          if (existsSync(bak) && !known.has(readFileSync(bak, 'utf8')))
            problems.push(
              `lane ${lane} kill ${i} (after ${afterSaves} saves + ${delay} ms${r.midSave ? ', inside a save' : ''}): the .bak is not a complete version (${readFileSync(bak).length} bytes)`,
            );
          try {
            readModelFile(path);
          } catch (e) {
            problems.push(`lane ${lane} kill ${i}: the file does not load: ${(e as Error).message}`);
          }
        }
      }),
    );
    const leftovers = lanes.flatMap(({ dir }) => readdirSync(dir).filter((f) => f !== 'm.yaml' && f !== 'm.yaml.bak'));
    const kills = lanes.reduce((n, l) => n + l.kills.length, 0);
    expect(kills).toBe(KILLS);
    process.stdout.write(
      `[crash-save] ${kills} kills, ${midSave} inside a save, ${saves} saves completed, ${known.size} possible versions, ${leftovers.length} temp files left behind\n`,
    );
    expect(problems).toEqual([]);
    // The test only means something if many kills landed inside a save.
    expect(midSave).toBeGreaterThan(KILLS / 2);
    expect(saves).toBeGreaterThanOrEqual(KILLS * 0.4);
  }, 120_000);

  it('temporary files left by a save that was killed are removed by the next save once they are old', () => {
    const dir = join(work, 'leftovers');
    mkdirSync(dir);
    const path = join(dir, 'm.yaml');
    writeNewModelFile(path, smallModel());
    const stale = [`${path}.1234567890`, `${path}.42`];
    const fresh = `${path}.987654321`;
    const others = [`${path}.bak`, `${path}.notes`, `${path}.12ab`, join(dir, 'other.yaml.123')];
    for (const f of [...stale, fresh, ...others]) writeFileSync(f, 'half a model');
    const old = new Date(Date.now() - 10 * 60_000);
    for (const f of [...stale, ...others]) utimesSync(f, old, old);
    saveModelFile(readModelFile(path), bigModel());
    for (const f of stale) expect(existsSync(f), f).toBe(false);
    // A fresh one may belong to a save in progress in another process: kept.
    expect(existsSync(fresh)).toBe(true);
    for (const f of others) expect(existsSync(f), f).toBe(true);
  });
});
