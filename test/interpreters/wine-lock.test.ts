// The lock of the exported windows2003 scripts, in Wine with two runs at once: while one run holds it
// (stopped part way, at its first IIS object, by the shim's gate), a second run of the same bundle, and a run of
// another model's bundle for the same server, refuse with a message naming the holder and change nothing
// (no program run, no IIS property written) and leave the holder's lock alone; once the first has finished,
// a run succeeds. A lock left by a killed run is named with its holder and the file to delete; a script that
// stops on a runtime error has its own lock removed by the .cmd launcher. The servers get names of this
// test's own, so the other Wine tests' scripts (POP01, EX01) never meet these locks.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderW2003Files, windows2003Adapter as w } from '../../src/adapters/windows2003/index.js';
import { type ScenarioId, scenarioModel } from '../../src/model/scenarios.js';
import { type Model, ModelSchema, type TargetT } from '../../src/model/schema.js';
import { runW2003Bundle, type WinePrefix, type WineRun, wineMissing, winePrefix } from './wine.js';

const missing = wineMissing();
if (missing && process.env.CI) throw new Error(`CI: ${missing}`);
if (missing) console.warn(`SKIPPED Wine lock tests: ${missing}`);

const POP = `POPLOCK${process.pid}`;
const EX = `EXLOCK${process.pid}`;
const lockName = (server: string) => `coexist-windows2003-${server}.lock`;

/** A built-in scenario whose servers are called POP and EX. */
function modelFor(scenario: ScenarioId): Model {
  const json = JSON.stringify(scenarioModel(scenario)).replaceAll('"POP01"', JSON.stringify(POP)).replaceAll('"EX01"', JSON.stringify(EX));
  return ModelSchema.parse(JSON.parse(json));
}

const popTarget: TargetT = { id: 'w2003-poplock', adapter: 'windows2003', server: POP };
const exTarget: TargetT = { id: 'w2003-exlock', adapter: 'windows2003', server: EX };

const stderrOf = (r: WineRun) =>
  r.records
    .filter((x) => x[0] === 'stderr')
    .map((x) => x[1])
    .join('\n');
/** What a run changed: the programs it ran and the IIS/AD objects it wrote. */
const changesOf = (r: WineRun) => [
  ...r.programs.map((p) => p.argv.join(' ')),
  ...r.records.filter((x) => /^iis-|^ad-/.test(x[0]!)).map((x) => x.join(' ')),
];

describe.skipIf(Boolean(missing))('Wine: the lock of an exported windows2003 script', () => {
  let prefix: WinePrefix;
  let lockFile: (server: string) => string;
  const gate = `lockgate-${process.pid}`;
  let gateUnix = '';
  beforeAll(() => {
    prefix = winePrefix();
    lockFile = (server) => join(prefix.dir, 'drive_c', 'ProgramData', lockName(server));
    gateUnix = join(prefix.dir, 'drive_c', gate);
    for (const s of [POP, EX]) rmSync(lockFile(s), { force: true });
  }, 300_000);
  afterAll(() => {
    // A run still at the gate (a failed assertion) goes on and ends; nothing of this test stays in the prefix.
    if (existsSync(`${gateUnix}.waiting`)) writeFileSync(`${gateUnix}.open`, '');
    for (const s of [POP, EX]) rmSync(lockFile(s), { force: true });
  });

  // The stand-ins' starting state: a metabase with nothing set, no directory objects.
  function runBundle(
    scenario: ScenarioId,
    target: TargetT,
    env: Record<string, string> = {},
    state = 'IIS\tRouteAction\t0\n',
  ): Promise<WineRun> {
    const model = modelFor(scenario);
    const files = renderW2003Files(model, target, w.plan(model, target, w.unobserved(model, target)));
    return runW2003Bundle(prefix, files, state, { COEXIST_POP3_RELAY_PASSWORD: 'pw', ...env });
  }

  async function waitForFile(path: string, what: string, run: Promise<WineRun>): Promise<void> {
    let ended: WineRun | undefined;
    void run.then((r) => {
      ended = r;
    });
    const until = Date.now() + 90_000;
    while (!existsSync(path)) {
      if (ended) throw new Error(`${what}: the run ended first (exit ${ended.exitCode}): ${ended.stdout}${JSON.stringify(ended.records)}`);
      if (Date.now() > until) throw new Error(`${what}: not reached after 90 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a second run while the first holds the lock refuses, naming the holder, and changes nothing; after the first, a run succeeds', async () => {
    rmSync(`${gateUnix}.open`, { force: true });
    rmSync(`${gateUnix}.waiting`, { force: true });
    const first = runBundle('shared-domain', popTarget, { COEXIST_SHIM_GATE: `C:\\${gate}` });
    await waitForFile(`${gateUnix}.waiting`, 'the first run holding the lock', first);
    expect(existsSync(lockFile(POP)), 'the first run holds its lock file').toBe(true);

    for (const scenario of ['shared-domain', 'separate-domains'] as const) {
      const second = await runBundle(scenario, popTarget);
      expect(second.exitCode, `${scenario}: ${second.stdout}${stderrOf(second)}`).not.toBe(0);
      expect(stderrOf(second)).toMatch(
        new RegExp(
          `^coexist: another coexist script for ${POP} is running on this server \\(the lock C:\\\\ProgramData\\\\${lockName(POP).replace(/\./g, '\\.')}: w2003-poplock\\.vbs run by \\S*\\\\\\S+ on \\S+ since .+\\); nothing was changed\\. Run this script again when it has finished; if none is running \\(it was stopped\\), delete C:\\\\ProgramData\\\\`,
        ),
      );
      expect(changesOf(second), scenario).toEqual([]);
      expect(existsSync(lockFile(POP)), `${scenario}: the refused run left the holder's lock alone`).toBe(true);
    }

    writeFileSync(`${gateUnix}.open`, '');
    const a = await first;
    expect(a.exitCode, a.stdout + stderrOf(a)).toBe(0);
    expect(a.programs.length).toBeGreaterThan(0);
    expect(existsSync(lockFile(POP)), 'the first run removed its lock at its end').toBe(false);
    rmSync(`${gateUnix}.open`, { force: true });
    rmSync(`${gateUnix}.waiting`, { force: true });

    const after = await runBundle('separate-domains', popTarget);
    expect(after.exitCode, after.stdout + stderrOf(after)).toBe(0);
    expect(after.programs.length).toBeGreaterThan(0);
    expect(existsSync(lockFile(POP))).toBe(false);
  }, 300_000);

  it('a lock left by a killed run: the next run names its holder and the file to delete, and changes nothing', async () => {
    const holder = 'w2003-poplock.vbs run by NWTRADERS\\admin on POPLOCK since 12/3/2026 2:08:47 PM';
    writeFileSync(lockFile(POP), `${holder}\r\n`);
    const r = await runBundle('shared-domain', popTarget);
    expect(r.exitCode).not.toBe(0);
    expect(stderrOf(r)).toBe(
      `coexist: another coexist script for ${POP} is running on this server (the lock C:\\ProgramData\\${lockName(POP)}: ${holder}); nothing was changed. Run this script again when it has finished; if none is running (it was stopped), delete C:\\ProgramData\\${lockName(POP)}`,
    );
    expect(changesOf(r)).toEqual([]);
    expect(existsSync(lockFile(POP)), 'another run’s lock is never removed by the launcher').toBe(true);
    rmSync(lockFile(POP));
    const again = await runBundle('shared-domain', popTarget);
    expect(again.exitCode, again.stdout + stderrOf(again)).toBe(0);
  }, 300_000);

  it('a script stopped by a runtime error: the launcher removes the lock it took', async () => {
    // No directory objects in the stand-in: reading a policy back after ldifde raises "no such object".
    const r = await runBundle('shared-domain', exTarget);
    expect(r.exitCode).not.toBe(0);
    expect(r.programs.length, 'the script got past its lock to its first change').toBeGreaterThan(0);
    expect(stderrOf(r)).not.toMatch(/^coexist: /);
    expect(existsSync(lockFile(EX)), 'the lock of the stopped run is gone').toBe(false);
  }, 300_000);
});
