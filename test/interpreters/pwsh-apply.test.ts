// The exchange-ems direct apply path in real PowerShell 7: planTarget and applyReviewedPlan, unchanged, with an
// executor whose pwsh (options.pwsh) is real pwsh with the stub cmdlets of the target's Exchange version loaded
// before the fixed program (the observation, then one apply runner per change, data as JSON on stdin).
// Locally and over SSH (a real sshd on 127.0.0.1): observe an organisation upgraded from Exchange 2003, apply,
// observe again: nothing left to do, the calls recorded are the plan's, the X.400 template is still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioModel, type ScenarioId } from '../../src/model/scenarios.js';
import type { TargetT } from '../../src/model/schema.js';
import { LocalExecutor } from '../../src/adapters/executor/local.js';
import { SshExecutor } from '../../src/adapters/executor/ssh.js';
import { memoryLog } from '../../src/adapters/executor/log.js';
import { applyReviewedPlan, planTarget } from '../../src/adapters/plan/run.js';
import { exchangeEmsAdapter as ems } from '../../src/adapters/exchange-ems/index.js';
import type { ExchangeVersion } from '../../src/adapters/exchange-ems/versions.js';
import type { Executor } from '../../src/adapters/types.js';
import { canRunSshd, startSshd, type Sshd } from '../adapters/helpers/sshd.js';
import { findPwsh, legacyOrg, pwshSkipReason, readRun, seedOrg, writeStubs, X400_TEMPLATE } from './pwsh.js';
import { expectedCalls, orgView } from './pwsh-expected.js';

const skip = pwshSkipReason();
if (skip) console.warn(`SKIPPED PowerShell 7 apply tests: ${skip}`);
const sshSkip = skip ?? canRunSshd();
if (!skip && sshSkip) console.warn(`SKIPPED PowerShell 7 apply over SSH: ${sshSkip}`);

let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'coexist-pwsh-apply-'));
  chmodSync(work, 0o755);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A pwsh that loads the stubs of `version` (and the fake organisation in `dir`) before its -Command. */
function stubbedPwsh(name: string, version: ExchangeVersion, dir: string): string {
  const stubs = writeStubs(work, version);
  const file = join(work, name);
  writeFileSync(
    file,
    `#!/bin/sh
# pwsh with the Exchange ${version} stub cmdlets loaded before the program coexist passes as -Command.
if [ "$#" -ne 5 ] || [ "$4" != "-Command" ]; then echo "stubbed pwsh: unexpected arguments: $*" >&2; exit 64; fi
export COEXIST_FAKE_DIR='${dir}' POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off
exec '${findPwsh()}' "$1" "$2" "$3" -Command ". '${stubs}'
$5"
`,
  );
  chmodSync(file, 0o755);
  return file;
}

async function applyAndConverge(scenario: ScenarioId, version: ExchangeVersion, makeExecutor: () => Executor, name: string) {
  const dir = join(work, name);
  seedOrg(dir, legacyOrg());
  const model = scenarioModel(scenario);
  const target: TargetT = {
    ...ems.exporter.defaultTargets(model)[0]!,
    options: { pwsh: stubbedPwsh(`${name}-pwsh`, version, dir), version },
  };
  const executor = makeExecutor();

  const plan = await planTarget(model, target, executor);
  const observeCalls = readRun(dir).calls.length;
  expect(plan.changes.length).toBeGreaterThan(3);
  expect(plan.changes.find((c) => c.object === 'Email address policy Default Policy')?.before).toMatch(/made by Exchange 2003/);

  const report = await applyReviewedPlan(model, target, plan, executor);
  expect(report.steps.map((r) => [r.change.object, r.status, r.error ?? ''])).toEqual(plan.changes.map((c) => [c.object, 'done', '']));
  expect(report.ok).toBe(true);
  const afterApply = readRun(dir);
  // The re-observation before applying makes the same calls as the first; then exactly the plan's calls.
  expect(afterApply.calls.slice(2 * observeCalls)).toEqual(expectedCalls(plan.changes, orgView(legacyOrg())));

  const again = await planTarget(model, target, executor);
  expect(again.changes.map((c) => c.object)).toEqual([]);
  const policy = (readRun(dir).org.EmailAddressPolicy as Array<Record<string, unknown>>).find((p) => p.Name === 'Default Policy')!;
  expect(policy.EnabledEmailAddressTemplates).toContain(X400_TEMPLATE);
  expect(policy.RecipientFilterType).toBe('Precanned');
}

describe.runIf(!skip)('exchange-ems apply path in real PowerShell 7 (stub cmdlets)', () => {
  it("locally: observe, apply every change, observe again: converged, the plan's calls exactly (Exchange 2019)", async () => {
    await applyAndConverge('shared-domain', '2019', () => new LocalExecutor({ target: 'ems-ex01', log: memoryLog() }), 'local');
  }, 600_000);

  it("a parameter the version lacks fails the change with PowerShell's binding error", async () => {
    const dir = join(work, 'binding');
    seedOrg(dir, legacyOrg());
    const model = scenarioModel('shared-domain');
    // Rendered for 2019 (with -TransportRole), run by a pwsh holding the Exchange 2010 cmdlets.
    const target: TargetT = {
      ...ems.exporter.defaultTargets(model)[0]!,
      options: { pwsh: stubbedPwsh('binding-pwsh', '2010', dir), version: '2019' },
    };
    const change = ems.plan(model, target, ems.unobserved(model, target)).find((c) => c.object.startsWith('Receive connector'))!;
    const r = await new LocalExecutor({ target: 'ems-ex01', log: memoryLog() }).run(change.commands[0]!);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/A parameter cannot be found that matches parameter name 'TransportRole'/);
  }, 300_000);
});

describe.runIf(!sshSkip)('exchange-ems apply path over SSH in real PowerShell 7 (stub cmdlets)', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => sshd?.stop());

  it('over SSH to 127.0.0.1: observe, apply, observe again: converged (Exchange 2010, separate domains)', async () => {
    const conn = { host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile, knownHostsFile: sshd.knownHostsFile };
    await applyAndConverge('separate-domains', '2010', () => new SshExecutor(conn, { target: 'ems-ex01', log: memoryLog() }), 'ssh');
  }, 600_000);
});
