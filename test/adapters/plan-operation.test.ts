// The one plan/apply operation (src/adapters/plan/operation.ts) against real Postfix instances: its typed
// refusals (validation errors, confirmation, a target that cannot be observed, a held lock, a stale plan),
// two applies to one target serialised by the lock on the target, a killed apply's journal entry marked
// interrupted and said by the next plan, and a link planted at a temporary name never written through.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../src/adapters/executor/local.js';
import { planApplyOperation, type ApplyOutcome } from '../../src/adapters/plan/operation.js';
import { applyReviewedPlan, planTarget } from '../../src/adapters/plan/run.js';
import { memoryLog } from '../../src/adapters/executor/log.js';
import type { Model, TargetT } from '../../src/model/schema.js';
import { SettingsStore } from '../../src/settings/store.js';
import {
  canRunPostfix,
  createPostfixInstance,
  type PostfixInstance,
  sharedModelOnLoopback,
  localPopTarget,
} from './helpers/postfix-instance.js';

const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED the plan/apply operation against Postfix: ${skip}`);

const work = mkdtempSync(join(tmpdir(), 'coexist-op-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SECRETS = { env: { COEXIST_POP3_RELAY_PASSWORD: 'relay-pw' } };

function setup(name: string): { inst: PostfixInstance; model: Model; cfg: string } {
  const inst = createPostfixInstance(name, '127.0.0.3', 2525, mkdtempSync(join(work, 'pf-')));
  const model: Model = sharedModelOnLoopback();
  const target: TargetT = localPopTarget(inst);
  model.targets = [target];
  return { inst, model, cfg: mkdtempSync(join(work, 'cfg-')) };
}

function operation(cfg: string, secrets: { env: Record<string, string> } = SECRETS) {
  return planApplyOperation({
    settings: () => new SettingsStore(cfg),
    secrets,
    executor: (target, _s, log) => new LocalExecutor({ target: target.id, log, secrets }),
  });
}

const refusal = (o: ApplyOutcome) => (o.status === 'refused' ? o.refusal : undefined);

describe.runIf(!skip)('the plan/apply operation (real Postfix)', () => {
  it('refuses a model with validation errors, even through applyReviewedPlan; --allow-errors must name every rule', async () => {
    const { model, cfg } = setup('val');
    const bad = structuredClone(model);
    bad.exchange.connectors.push({
      name: 'Everything',
      smartHosts: [],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
      allowRelay: true,
    });
    const op = operation(cfg);
    const out = await op.apply({ model: bad, targetId: 'pop', assumeYes: true });
    expect(refusal(out)).toMatchObject({ kind: 'validation', message: expect.stringMatching(/validation errors .*nothing was applied/) });
    const rules = refusal(out)!.rules!;
    expect(rules.length).toBeGreaterThan(0);
    const ex = new LocalExecutor({ target: 'pop', log: memoryLog(), secrets: SECRETS });
    const plan = await planTarget(bad, bad.targets[0]!, ex);
    await expect(applyReviewedPlan(bad, bad.targets[0]!, plan, ex)).rejects.toThrow(/validation errors/);
    expect(refusal(await op.apply({ model: bad, targetId: 'pop', assumeYes: true, allowErrors: rules.slice(1) }))?.kind).toBe(
      rules.length > 1 ? 'validation' : undefined,
    );
  });

  it('asks the typed confirmation and refuses a wrong answer before touching the target', async () => {
    const { model, cfg, inst } = setup('conf');
    const asked: string[] = [];
    const out = await operation(cfg).apply(
      { model, targetId: 'pop' },
      {
        confirm: async (r) => {
          asked.push(r.expected);
          return 'y';
        },
      },
    );
    expect(asked).toEqual(['yes']);
    expect(refusal(out)).toMatchObject({ kind: 'confirmation', expected: 'yes' });
    expect(existsSync(join(inst.etc, 'transport'))).toBe(false);
    expect(existsSync(join(inst.etc, '.coexist-apply.lock'))).toBe(false);
  });

  it('serialises two applies to one target: one applies, the other is refused, and the target holds one model', async () => {
    const { model, cfg } = setup('two');
    const other = structuredClone(model);
    other.pop3.servers[0]!.domains[0]!.mailboxes.push('zoe' as never);
    const op = operation(cfg);
    const [a, b] = await Promise.all([
      op.apply({ model, targetId: 'pop', assumeYes: true }),
      op.apply({ model: other, targetId: 'pop', assumeYes: true }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, JSON.stringify([refusal(a), refusal(b)])).toEqual(['applied', 'refused']);
    const refused = refusal(a) ?? refusal(b)!;
    expect(['locked', 'stale']).toContain(refused.kind);
    const winner = a.status === 'applied' ? model : other;
    const again = await op.plan(winner, 'pop');
    expect(again.ok && again.plan.changes).toEqual([]);
  }, 120_000);

  it('a lock held by a live apply is refused with its holder; one left by a dead process of this host is broken', async () => {
    const { model, cfg, inst } = setup('lock');
    const lock = join(inst.etc, '.coexist-apply.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), `tok1\ncoexist pid=1 host=elsewhere.example user=ops since=2026-12-01T00:00:00Z\n`);
    const held = await operation(cfg).apply({ model, targetId: 'pop', assumeYes: true });
    expect(refusal(held)).toMatchObject({ kind: 'locked', message: expect.stringContaining('host=elsewhere.example') });
    expect(existsSync(join(inst.etc, 'transport'))).toBe(false);
    // The same lock left by a process of this host that no longer runs: broken, and the apply goes on.
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$" ; true']).toString().trim());
    writeFileSync(join(lock, 'owner'), `tok2\ncoexist pid=${dead} host=${hostname()} user=ops since=2026-12-01T00:00:00Z\n`);
    const applied = await operation(cfg).apply({ model, targetId: 'pop', assumeYes: true });
    expect(applied.status, JSON.stringify(refusal(applied))).toBe('applied');
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('a target that cannot be observed refuses the plan instead of planning a full rewrite', async () => {
    const { model, cfg, inst } = setup('blind');
    rmSync(join(inst.etc, 'main.cf'));
    mkdirSync(join(inst.etc, 'main.cf'));
    const r = await operation(cfg).plan(model, 'pop');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.refusal).toMatchObject({
      kind: 'unobservable',
      message: expect.stringMatching(/cannot read the Postfix instance .*nothing was planned/),
    });
  });

  it('a journal entry left "started" by a killed apply is marked interrupted, and the next plan says so', async () => {
    const { model, cfg } = setup('killed');
    mkdirSync(join(cfg, 'logs'), { recursive: true });
    const journal = join(cfg, 'logs', 'journal.jsonl');
    writeFileSync(
      journal,
      `${JSON.stringify({ time: '2026-12-01T10:00:00.000Z', pid: 2 ** 22 + 7, host: hostname(), target: 'pop', index: 2, object: 'map transport', status: 'started', run: 'r1' })}\n`,
    );
    const r = await operation(cfg).plan(model, 'pop');
    expect(r.ok && r.interrupted).toMatch(/the last apply to pop \(2026-12-01 10:00:00\) was interrupted during step 3 \(map transport\)/);
    expect(readFileSync(journal, 'utf8')).toMatch(/"status":"interrupted"/);
    const again = await operation(cfg).plan(model, 'pop');
    expect(again.ok && again.interrupted).toMatch(/interrupted/);
    const applied = await operation(cfg).apply({ model, targetId: 'pop', assumeYes: true });
    expect(applied.status).toBe('applied');
    const after = await operation(cfg).plan(model, 'pop');
    expect(after.ok && after.interrupted).toBeUndefined();
  }, 60_000);

  it('a link planted at the old fixed temporary name is never written through', async () => {
    const { model, cfg, inst } = setup('tmpname');
    const victim = join(work, 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(inst.etc, 'transport.coexist-new'));
    symlinkSync(victim, join(inst.etc, '.coexist-reloaded.new'));
    const out = await operation(cfg).apply({ model, targetId: 'pop', assumeYes: true });
    expect(out.status, JSON.stringify(refusal(out))).toBe('applied');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  }, 60_000);

  it("a host with no main.cf starts from Postfix's defaults: the plan creates it, the apply converges", async () => {
    const { model, cfg, inst } = setup('nomain');
    rmSync(join(inst.etc, 'main.cf'));
    const planned = await operation(cfg).plan(model, 'pop');
    if (!planned.ok) throw new Error(planned.refusal.message);
    expect(planned.plan.changes[0]).toMatchObject({ action: 'create', object: `main.cf (${inst.etc}/main.cf)` });
    // Postfix's defaults would use the stock queue; this instance keeps its own (as the lab's instances do).
    const withQueue = structuredClone(model);
    withQueue.targets[0]!.options = {
      ...withQueue.targets[0]!.options,
      queueDirectory: join(inst.root, 'nomain', 'spool'),
      dataDirectory: join(inst.root, 'nomain', 'data'),
    };
    const applied = await operation(cfg).apply({ model: withQueue, targetId: 'pop', assumeYes: true });
    expect(
      applied.status,
      JSON.stringify(
        applied.status === 'refused'
          ? applied.refusal
          : 'report' in applied
            ? applied.report.steps.map((x) => x.error).filter(Boolean)
            : '',
      ),
    ).toBe('applied');
    expect(existsSync(join(inst.etc, 'main.cf'))).toBe(true);
    const again = await operation(cfg).plan(withQueue, 'pop');
    expect(again.ok && again.plan.changes).toEqual([]);
  }, 60_000);

  it('a queue directory that does not exist is refused at plan time, with its path', async () => {
    const { model, cfg, inst } = setup('noqueue');
    model.targets[0]!.options = { ...model.targets[0]!.options, queueDirectory: join(inst.root, 'missing-spool') };
    const r = await operation(cfg).plan(model, 'pop');
    expect(!r.ok && r.refusal).toMatchObject({
      kind: 'unobservable',
      message: expect.stringContaining(`the queue directory ${join(inst.root, 'missing-spool')} does not exist`),
    });
  });

  it('a failing postfix check says why: the lines Postfix wrote to its mail log', async () => {
    const { model, cfg, inst } = setup('badcheck');
    // master.cf breaks just before the last step (someone edits it mid-apply): postfix check fails, and
    // says why only in the mail log.
    const op = planApplyOperation({
      settings: () => new SettingsStore(cfg),
      executor: (target, _s, log) => {
        const real = new LocalExecutor({ target: target.id, log, secrets: SECRETS });
        return {
          description: real.description,
          run: async (spec) => {
            if (spec.argv.includes('coexist-check-reload'))
              writeFileSync(join(inst.etc, 'master.cf'), `${readFileSync(join(inst.etc, 'master.cf'), 'utf8')}garbage line here\n`);
            return real.run(spec);
          },
        };
      },
    });
    const out = await op.apply({ model, targetId: 'pop', assumeYes: true });
    expect(out.status).toBe('failed');
    const step = 'report' in out ? out.report.steps.find((x) => x.status === 'failed') : undefined;
    const failed = step && { object: step.change.object, error: step.error };
    expect(failed?.object).toMatch(/^Postfix instance /);
    expect(failed?.error).toMatch(
      /postfix -c .* check failed \(exit 1\); the mail log \(.*\/log\/maillog\) says: .*postfix-script\[[0-9]+\]: fatal: /,
    );
    expect(failed?.error).toMatch(/master\.cf: line [0-9]+: bad field count/);
  }, 60_000);

  it('a changed service-account password is planned and applied: a keyed fingerprint on the target, never the password', async () => {
    const { model, cfg, inst } = setup('pwchange');
    const first = { env: { COEXIST_POP3_RELAY_PASSWORD: 'first-Pw' } };
    expect((await operation(cfg, first).apply({ model, targetId: 'pop', assumeYes: true })).status).toBe('applied');
    const same = await operation(cfg, first).plan(model, 'pop');
    expect(same.ok && same.plan.changes).toEqual([]);
    const second = { env: { COEXIST_POP3_RELAY_PASSWORD: 'second-Pw' } };
    const changed = await operation(cfg, second).plan(model, 'pop');
    if (!changed.ok) throw new Error(changed.refusal.message);
    const change = changed.plan.changes.find((c) => c.object.includes('sasl_passwd'));
    expect(change?.details).toContain('~ password from env:COEXIST_POP3_RELAY_PASSWORD changed since it was written');
    expect(JSON.stringify(changed.plan)).not.toMatch(/first-Pw|second-Pw/);
    expect((await operation(cfg, second).apply({ model, targetId: 'pop', plan: changed.plan, assumeYes: true })).status).toBe('applied');
    const map = join(inst.etc, 'sasl_passwd');
    expect(readFileSync(map, 'utf8')).toContain(':second-Pw');
    expect(readFileSync(`${map}.coexist-secret`, 'utf8')).not.toMatch(/Pw/);
    const after = await operation(cfg, second).plan(model, 'pop');
    expect(after.ok && after.plan.changes).toEqual([]);
  }, 90_000);
});
