// The console's plan/apply runner against a real Postfix instance: every command it runs is reported (and
// logged to the owner-only file), every step's progress too; a second plan is empty; a plan made before
// the model changed is refused with nothing applied.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../src/adapters/executor/log.js';
import { settingsOpsRunner } from '../../src/adapters/plan/session.js';
import type { Model } from '../../src/model/schema.js';
import { SettingsStore } from '../../src/settings/store.js';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback, localPopTarget } from './helpers/postfix-instance.js';

const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED the console's plan/apply runner against Postfix: ${skip}`);

const work = mkdtempSync(join(tmpdir(), 'coexist-ops-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(!skip)('settingsOpsRunner (real Postfix)', () => {
  it('plans, applies with progress and a command log, converges, and refuses a plan the model outdated', async () => {
    const inst = createPostfixInstance('ops', '127.0.0.3', 2525, mkdtempSync(join(work, 'pf-')));
    const model: Model = sharedModelOnLoopback();
    model.targets = [localPopTarget(inst)];
    const cfg = join(work, 'cfg');
    const runner = settingsOpsRunner(() => new SettingsStore(cfg));
    const seen: LogEntry[] = [];
    const events: string[] = [];
    const listener = {
      onCommand: (e: LogEntry) => {
        seen.push(e);
      },
      onProgress: (e: { index: number; status: string }) => {
        events.push(`${e.index}:${e.status}`);
      },
    };
    const previous = process.env.COEXIST_POP3_RELAY_PASSWORD;
    process.env.COEXIST_POP3_RELAY_PASSWORD = 'relay-pw';
    try {
      const planned = await runner.plan(model, 'pop', listener);
      if (!planned.ok) throw new Error(planned.refusal.message);
      const plan = planned.plan;
      expect(plan.changes.length).toBeGreaterThan(3);
      expect(seen.length).toBeGreaterThan(0);
      const observed = seen.length;

      const outcome = await runner.apply({ model, targetId: 'pop', plan, confirmation: 'yes' }, listener);
      if (!('report' in outcome)) throw new Error(JSON.stringify(outcome));
      const report = outcome.report;
      expect(report.ok, JSON.stringify(report.steps.map((s) => s.error).filter(Boolean))).toBe(true);
      expect(events).toEqual(plan.changes.flatMap((_, i) => [`${i}:running`, `${i}:done`]));
      expect(seen.length).toBeGreaterThan(observed);
      // Every command the console saw is in the owner-only log file, the secret nowhere.
      const file = readFileSync(join(cfg, 'logs', 'commands.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LogEntry);
      expect(file.map((e) => e.argv)).toEqual(seen.map((e) => e.argv));
      expect(readFileSync(join(cfg, 'logs', 'commands.log'), 'utf8')).not.toContain('relay-pw');

      const again = await runner.plan(model, 'pop', listener);
      expect(again.ok && again.plan.changes).toEqual([]);

      const edited: Model = structuredClone(model);
      edited.organization = 'Northwind Traders (edited)';
      const stalePlan = await runner.plan(model, 'pop', listener);
      if (!stalePlan.ok) throw new Error(stalePlan.refusal.message);
      const stale = await runner.apply({ model: edited, targetId: 'pop', plan: stalePlan.plan, confirmation: 'yes' }, listener);
      expect(stale.status === 'refused' && stale.refusal).toMatchObject({
        kind: 'stale',
        message: expect.stringMatching(/the plan is stale: the model changed since the plan was made/),
      });
      expect(await runner.plan(model, 'nope', listener)).toMatchObject({ ok: false, refusal: { kind: 'target' } });
    } finally {
      if (previous === undefined) delete process.env.COEXIST_POP3_RELAY_PASSWORD;
      else process.env.COEXIST_POP3_RELAY_PASSWORD = previous;
    }
  }, 120_000);
});
