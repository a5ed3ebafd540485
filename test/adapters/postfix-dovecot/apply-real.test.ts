// The postfix-dovecot adapter against real Postfix instances (own config directories, no daemon needed
// except where said): apply a built-in example, plan again -> empty; one model change -> exactly that change;
// a failure midway -> done / not run report, then a re-run converges; a stale plan is refused.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../../src/adapters/executor/local.js';
import { memoryLog } from '../../../src/adapters/executor/log.js';
import { applyChanges } from '../../../src/adapters/plan/apply.js';
import { memoryJournal } from '../../../src/adapters/plan/journal.js';
import { renderPlan } from '../../../src/adapters/plan/render.js';
import { applyReviewedPlan, planTarget, StalePlanError } from '../../../src/adapters/plan/run.js';
import { remapModelAddresses } from '../../../src/adapters/postfix-dovecot/remap.js';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { Model, TargetT } from '../../../src/model/schema.js';
import { canRunPostfix, createPostfixInstance, stopPostfix, type PostfixInstance } from '../helpers/postfix-instance.js';

const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED postfix-dovecot real-Postfix tests: ${skip}`);

const LAB_IPS = { '10.0.0.10': '127.0.0.2', '10.0.0.20': '127.0.0.3' };
const PASSWORD = 'pw-\'"$(touch /tmp/pwned)`;|&';
const roots: string[] = [];
const running: string[] = [];

afterAll(() => {
  for (const etc of running) stopPostfix(etc);
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function setup(server: 'POP01' | 'EX01', name: string, ip: string): { inst: PostfixInstance; target: TargetT; model: Model } {
  const inst = createPostfixInstance(name, ip, 2525);
  roots.push(inst.root);
  const target: TargetT = {
    id: name,
    adapter: 'postfix-dovecot',
    server,
    connection: { kind: 'local' },
    options: {
      configDirectory: inst.etc,
      mailRoot: inst.mail,
      mailUid: '65534',
      mailGid: '65534',
      nextHopPort: '2525',
      dns: 'disabled',
      dovecotUsers: `${inst.root}/dovecot-users`,
    },
  };
  return { inst, target, model: remapModelAddresses(scenarioModel('shared-domain'), LAB_IPS) };
}

function executor() {
  const log = memoryLog();
  return { log, ex: new LocalExecutor({ target: 't', log, secrets: { env: { COEXIST_POP3_RELAY_PASSWORD: PASSWORD } } }) };
}

describe.runIf(!skip)('postfix-dovecot on a real Postfix', () => {
  it('applies the shared-domain POP3 server, then plans nothing; secrets stay out of logs and argv', async () => {
    const { inst, target, model } = setup('POP01', 'pop', '127.0.0.3');
    const { ex, log } = executor();
    const plan = await planTarget(model, target, ex);
    expect(plan.changes.length).toBeGreaterThan(3);
    const journal = memoryJournal();
    const report = await applyReviewedPlan(model, target, plan, ex, { journal });
    expect(report.ok, JSON.stringify(report.steps.map((s) => s.error))).toBe(true);
    expect(journal.events.filter((e) => e.status === 'done')).toHaveLength(plan.changes.length);

    const again = await planTarget(model, target, ex);
    expect(renderPlan(again)).toContain('no changes');

    const q = (key: string, map: string) =>
      execFileSync('postmap', ['-c', inst.etc, '-q', key, `hash:${inst.etc}/${map}`])
        .toString()
        .trim();
    expect(q('alice@pop.northwindtraders.com', 'virtual_mailbox')).toBe('pop.northwindtraders.com/alice/');
    expect(q('northwindtraders.com', 'transport')).toBe('smtp:[127.0.0.2]:2525');
    expect(
      execFileSync('postconf', ['-c', inst.etc, '-h', 'relay_domains', 'relayhost', 'hopcount_limit', 'smtp_sasl_auth_enable'])
        .toString()
        .split('\n')
        .slice(0, 4),
    ).toEqual(['northwindtraders.com', '[127.0.0.2]:2525', '16', 'yes']);
    // The password reached the SASL map through stdin only, and the map is owner-only.
    expect(readFileSync(`${inst.etc}/sasl_passwd`, 'utf8')).toBe(`[127.0.0.2]:2525 NWTRADERS\\svc-pop3-relay:${PASSWORD}\n`);
    expect(statSync(`${inst.etc}/sasl_passwd`).mode & 0o777).toBe(0o600);
    expect(statSync(`${inst.etc}/sasl_passwd.db`).mode & 0o777).toBe(0o600);
    const logged = JSON.stringify(log.entries);
    expect(logged).not.toContain(PASSWORD);
    expect(JSON.stringify(plan)).not.toContain(PASSWORD);
    expect(readFileSync(`${inst.root}/dovecot-users`, 'utf8')).toContain(
      `alice@pop.northwindtraders.com::65534:65534::${inst.mail}/pop.northwindtraders.com/alice::`,
    );
  });

  it('one change in the model gives exactly that change', async () => {
    const { target, model } = setup('POP01', 'pop2', '127.0.0.5');
    const { ex } = executor();
    expect((await applyChanges((await planTarget(model, target, ex)).changes, ex)).ok).toBe(true);
    const changed = structuredClone(model);
    changed.pop3.servers[0]!.maxHopCount = 20;
    const plan = await planTarget(changed, target, ex);
    const objects = plan.changes.map((c) => `${c.action} ${c.object.replace(/ \(.*/, '')}`);
    expect(objects).toEqual(['update main.cf', `update Postfix instance ${target.options!.configDirectory}`]);
    expect(plan.changes[0]!.details).toEqual(['~ hopcount_limit = "16" -> "21"']);

    const added = structuredClone(model);
    added.pop3.servers[0]!.domains[0]!.mailboxes.push('dave');
    const plan2 = await planTarget(added, target, ex);
    expect(plan2.changes.map((c) => c.details)).toEqual([
      ['+ dave@pop.northwindtraders.com pop.northwindtraders.com/dave/'],
      [expect.stringMatching(/^\+ dave@pop\.northwindtraders\.com :65534:65534::/)],
      ['~ postfix check, then reload if running'],
    ]);
    expect((await applyReviewedPlan(added, target, plan2, ex)).ok).toBe(true);
    expect((await planTarget(added, target, ex)).changes).toEqual([]);
  });

  it('applies the gateway role (Exchange on Postfix) and reloads a running instance', async () => {
    const { inst, target, model } = setup('EX01', 'gw', '127.0.0.2');
    const { ex, log } = executor();
    const plan = await planTarget(model, target, ex);
    expect(plan.changes.find((c) => c.object.startsWith('map virtual_alias'))!.details).toEqual([
      '+ alice@northwindtraders.com alice@pop.northwindtraders.com',
      '+ carl@northwindtraders.com carl@pop.northwindtraders.com',
    ]);
    expect((await applyReviewedPlan(model, target, plan, ex)).ok).toBe(true);
    // A Postfix that runs must get the change through a reload: start it with the Dovecot-less SASL off.
    execFileSync('postconf', ['-c', inst.etc, '-e', 'smtpd_sasl_auth_enable = no']);
    execFileSync('postfix', ['-c', inst.etc, 'start'], { stdio: 'ignore' });
    running.push(inst.etc);
    const fix = await planTarget(model, target, ex);
    expect(fix.changes.map((c) => c.details?.[0])).toEqual([
      '~ smtpd_sasl_auth_enable = "no" -> "yes"',
      '~ postfix check, then reload if running',
    ]);
    const r = await applyReviewedPlan(model, target, fix, ex);
    expect(r.ok).toBe(true);
    expect(log.entries.at(-1)!.exitCode).toBe(0);
    expect((await planTarget(model, target, ex)).changes).toEqual([]);
  });

  it('a failure midway reports done and not run; planning again shows what remains and converges', async () => {
    const { inst, target, model } = setup('POP01', 'half', '127.0.0.6');
    const { ex } = executor();
    const plan = await planTarget(model, target, ex);
    // The transport map's table cannot be built: its place is taken by a directory.
    execFileSync('mkdir', [`${inst.etc}/transport.db`]);
    const report = await applyReviewedPlan(model, target, plan, ex);
    expect(report.ok).toBe(false);
    const statuses = report.steps.map((s) => `${s.status} ${s.change.object.replace(/ \(.*/, '')}`);
    expect(statuses.slice(0, 4)).toEqual([
      `done Maildir root ${inst.mail}`,
      'done map virtual_alias',
      'done map virtual_mailbox',
      'failed map transport',
    ]);
    expect(report.steps.slice(4).every((s) => s.status === 'not-run')).toBe(true);
    expect(report.steps[3]!.error).toMatch(/transport/);

    execFileSync('rmdir', [`${inst.etc}/transport.db`]);
    const rest = await planTarget(model, target, ex);
    expect(rest.changes.map((c) => c.object.replace(/ \(.*/, ''))).toEqual([
      'map transport',
      'map sasl_passwd',
      'Dovecot userdb dovecot_users',
      'main.cf',
      `Postfix instance ${inst.etc}`,
    ]);
    expect((await applyReviewedPlan(model, target, rest, ex)).ok).toBe(true);
    expect((await planTarget(model, target, ex)).changes).toEqual([]);
  });

  it('a map whose table is older than the file is rebuilt, and the reload is planned', async () => {
    const { inst, target, model } = setup('POP01', 'stale', '127.0.0.7');
    const { ex } = executor();
    expect((await applyChanges((await planTarget(model, target, ex)).changes, ex)).ok).toBe(true);
    const future = new Date(Date.now() + 5000);
    execFileSync('touch', ['-d', future.toISOString(), `${inst.etc}/transport`]);
    const plan = await planTarget(model, target, ex);
    expect(plan.changes.map((c) => c.details?.[0])).toEqual([
      `~ rebuild the hash table ${inst.etc}/transport.db (older than the file)`,
      '~ postfix check, then reload if running',
    ]);
  });

  it('refuses a stale plan: the target changed since the plan, or the model did', async () => {
    const { inst, target, model } = setup('POP01', 'race', '127.0.0.8');
    const { ex } = executor();
    const plan = await planTarget(model, target, ex);
    execFileSync('postconf', ['-c', inst.etc, '-e', 'hopcount_limit = 42']);
    await expect(applyReviewedPlan(model, target, plan, ex)).rejects.toThrow(StalePlanError);
    const fresh = await planTarget(model, target, ex);
    const other = structuredClone(model);
    other.pop3.servers[0]!.maxHopCount = 16;
    await expect(applyReviewedPlan(other, target, fresh, ex)).rejects.toThrow(/model changed/);
    expect(readFileSync(`${inst.etc}/main.cf`, 'utf8')).not.toContain('virtual_mailbox_domains');
  });

  it('a missing secret fails the step that needs it, before anything reaches the map', async () => {
    const { inst, target, model } = setup('POP01', 'nosecret', '127.0.0.9');
    const log = memoryLog();
    const ex = new LocalExecutor({ target: 't', log, secrets: { env: {} } });
    const report = await applyChanges((await planTarget(model, target, ex)).changes, ex);
    const failed = report.steps.find((s) => s.status === 'failed')!;
    expect(failed.change.object).toMatch(/sasl_passwd/);
    expect(failed.error).toMatch(/COEXIST_POP3_RELAY_PASSWORD is not set/);
    expect(() => statSync(`${inst.etc}/sasl_passwd`)).toThrow();
    chmodSync(inst.etc, 0o755);
  });
});
