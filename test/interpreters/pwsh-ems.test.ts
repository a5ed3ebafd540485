// The exchange-ems scripts in real PowerShell 7 (issue 12):
// - every exported script, for every Exchange version and both scenarios, runs against stub cmdlets generated
//   from Microsoft's parameter table for that version (a parameter the version lacks fails at binding), on a
//   fake organisation upgraded from Exchange 2003; twice (create, then set); the calls recorded equal the plan's;
// - the same for a script per hostile name, whose recorded values must be the model's;
// - PowerShell's parser reads every script the same as UTF-8 and as Windows-1252 (Windows PowerShell's ANSI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioModel, type ScenarioId } from '../../src/model/scenarios.js';
import { ModelSchema, type Model, type TargetT } from '../../src/model/schema.js';
import { exchangeEmsAdapter as ems } from '../../src/adapters/exchange-ems/index.js';
import { EXCHANGE_VERSIONS, type ExchangeVersion } from '../../src/adapters/exchange-ems/versions.js';
import type { Change } from '../../src/adapters/types.js';
import { HOSTILE_NAMES } from './hostile-names.js';
import {
  legacyOrg,
  pwshSkipReason,
  readRun,
  runPwshBatch,
  seedOrg,
  writeStubs,
  X400_TEMPLATE,
  type PwshJob,
  type RunResult,
} from './pwsh.js';
import { expectedCalls, orgView } from './pwsh-expected.js';

const skip = pwshSkipReason();
if (skip) console.warn(`SKIPPED PowerShell 7 tests: ${skip}`);

const SCENARIOS: ScenarioId[] = ['shared-domain', 'separate-domains'];

function targetFor(model: Model, version: ExchangeVersion): TargetT {
  const t = ems.exporter.defaultTargets(model)[0]!;
  return { ...t, options: { version } };
}

function fullPlan(model: Model, target: TargetT): Change[] {
  return ems.plan(model, target, ems.unobserved(model, target));
}

/** The shared-domain model with hostile names for the POP policy, the connector and the virtual server. */
function withNames(policy: string, connector: string, vs: string): Model {
  const input = structuredClone(scenarioModel('shared-domain')) as unknown as Record<string, any>;
  input.exchange.recipientPolicies[1].name = policy;
  input.exchange.connectors[0].name = connector;
  input.exchange.servers[0].smtpVirtualServers[0].name = vs;
  input.organization = connector;
  return ModelSchema.parse(input);
}

/** Names the model refuses (line breaks, look-alikes, invisible characters: see the schema) never reach a script. */
const modelAccepts = (n: string) => {
  try {
    withNames(n, n, n);
    return true;
  } catch {
    return false;
  }
};
const accepted = HOSTILE_NAMES.filter(modelAccepts);
const refused = HOSTILE_NAMES.filter((n) => !modelAccepts(n));

interface Case {
  id: string;
  model: Model;
  target: TargetT;
  changes: Change[];
  script: string;
  first: RunResult;
  second: RunResult;
  ast: { utf8: unknown; ansi: unknown };
}

describe.runIf(!skip)('exchange-ems scripts in real PowerShell 7', () => {
  let work = '';
  const cases = new Map<string, Case>();
  let wrongVersion: RunResult;
  let oldEncoding: { utf8: unknown; ansi: unknown };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'coexist-pwsh-'));
    const jobs: PwshJob[] = [];
    const add = (id: string, model: Model, target: TargetT) => {
      const changes = fullPlan(model, target);
      const script = ems.exporter.render(model, target, changes);
      const dir = join(work, `case-${cases.size}`);
      mkdirSync(dir);
      const file = join(dir, 'plan.ps1');
      writeFileSync(file, script);
      const stubs = writeStubs(work, target.options!.version as ExchangeVersion);
      seedOrg(join(dir, 'run'), legacyOrg());
      // The same directory twice: the second run finds everything the first created.
      jobs.push({ kind: 'run', dir: join(dir, 'run'), stubs, script: file });
      jobs.push({ kind: 'ast', file, out: join(dir, 'ast.json') });
      cases.set(id, { id, model, target, changes, script, first: undefined!, second: undefined!, ast: undefined! });
      return { dir, stubs, file };
    };
    for (const scenario of SCENARIOS) {
      for (const version of EXCHANGE_VERSIONS) {
        const model = scenarioModel(scenario);
        add(`${scenario} ${version}`, model, targetFor(model, version));
      }
    }
    // Three names per script (policy, connector, virtual server), every name in each role across the corpus.
    const n = accepted.length;
    for (let i = 0; i < n; i += 3) {
      const model = withNames(accepted[i]!, accepted[(i + 1) % n]!, accepted[(i + 2) % n]!);
      add(`hostile ${i}`, model, targetFor(model, EXCHANGE_VERSIONS[(i / 3) % EXCHANGE_VERSIONS.length]!));
    }
    // A 2019 script against the 2010 stubs: New-ReceiveConnector -TransportRole must fail at binding.
    const m = scenarioModel('shared-domain');
    const script2019 = join(work, 'wrong-version.ps1');
    writeFileSync(script2019, ems.exporter.render(m, targetFor(m, '2019'), fullPlan(m, targetFor(m, '2019'))));
    seedOrg(join(work, 'wrong-version'), legacyOrg());
    jobs.push({ kind: 'run', dir: join(work, 'wrong-version'), stubs: writeStubs(work, '2010'), script: script2019 });
    // What the scripts were before issue 12 (UTF-8 without BOM, non-ASCII inside the literal): the readings differ.
    const old = join(work, 'old-encoding.ps1');
    writeFileSync(old, "$p = @{ Name = 'Соединитель ВБ' }\nNew-SendConnector @p -Identity 'en\u2013dash'\n");
    jobs.push({ kind: 'ast', file: old, out: join(work, 'old-encoding.json') });

    // Two pwsh processes: every first run (and the parser jobs), then every second run.
    runPwshBatch(jobs, work);
    for (const c of cases.values()) {
      const dir = join(work, `case-${[...cases.keys()].indexOf(c.id)}`, 'run');
      c.first = readRun(dir);
      c.ast = JSON.parse(readFileSync(join(dir, '..', 'ast.json'), 'utf8'));
      // Keep the first run's record; the second run appends to a fresh calls file.
      rmSync(join(dir, 'calls.jsonl'), { force: true });
    }
    runPwshBatch(
      [...cases.keys()].map((id, i) => {
        const c = cases.get(id)!;
        return {
          kind: 'run',
          dir: join(work, `case-${i}`, 'run'),
          stubs: writeStubs(work, c.target.options!.version as ExchangeVersion),
          script: join(work, `case-${i}`, 'plan.ps1'),
        } as PwshJob;
      }),
      work,
    );
    [...cases.values()].forEach((c, i) => {
      c.second = readRun(join(work, `case-${i}`, 'run'));
    });
    wrongVersion = readRun(join(work, 'wrong-version'));
    oldEncoding = JSON.parse(readFileSync(join(work, 'old-encoding.json'), 'utf8'));
  }, 900_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('every exported script, for every version and both scenarios, binds on that version and makes exactly the planned calls', () => {
    for (const scenario of SCENARIOS) {
      for (const version of EXCHANGE_VERSIONS) {
        const c = cases.get(`${scenario} ${version}`)!;
        expect(c.first.error, `${c.id}: first run`).toBeUndefined();
        expect(c.first.calls, c.id).toEqual(expectedCalls(c.changes, orgView(legacyOrg())));
        expect(c.second.error, `${c.id}: second run`).toBeUndefined();
        expect(c.second.calls, c.id).toEqual(expectedCalls(c.changes, orgView(c.first.org)));
        expect(c.script).toContain(`# Written for Exchange Server ${version === 'SE' ? 'Subscription Edition (SE)' : version}`);
      }
    }
  });

  it('the Default Policy made by Exchange 2003 is upgraded and keeps its X.400 template; its old SMTP template is replaced', () => {
    for (const c of cases.values()) {
      const policy = (c.second.org.EmailAddressPolicy as Array<Record<string, unknown>>).find((p) => p.Name === 'Default Policy')!;
      expect(policy.EnabledEmailAddressTemplates, c.id).toEqual([
        ...c.model.exchange.recipientPolicies
          .find((p) => p.name === 'Default Policy')!
          .addresses.map((a) => `${a.primary ? 'SMTP' : 'smtp'}:${a.address}`),
        X400_TEMPLATE,
      ]);
      expect(policy.RecipientFilterType, c.id).toBe('Precanned');
    }
  });

  it('a parameter the version lacks fails at binding: a 2019 script against the Exchange 2010 cmdlets', () => {
    expect(wrongVersion.error).toMatch(/A parameter cannot be found that matches parameter name 'TransportRole'/);
    expect(wrongVersion.calls.at(-1)?.cmdlet).toBe('Get-ReceiveConnector');
  });

  it("hostile names: every script runs, makes exactly the planned calls, and the values recorded are the model's names", () => {
    // The model refuses a name for a reason it states; the rest (quotes, $(), %, ^, &, !, scripts) run.
    for (const name of refused) expect(() => withNames(name, name, name), JSON.stringify(name)).toThrow(/./);
    expect(accepted.length).toBeGreaterThan(30);
    expect(cases.size - SCENARIOS.length * EXCHANGE_VERSIONS.length).toBe(Math.ceil(accepted.length / 3));
    for (const c of cases.values()) {
      if (!c.id.startsWith('hostile')) continue;
      const name = c.model.exchange.connectors[0]!.name;
      expect(c.first.error, `${c.id} ${JSON.stringify(name)}`).toBeUndefined();
      expect(c.first.calls, c.id).toEqual(expectedCalls(c.changes, orgView(legacyOrg())));
      expect(c.second.error, `${c.id} second run`).toBeUndefined();
      expect(c.second.calls, c.id).toEqual(expectedCalls(c.changes, orgView(c.first.org)));
      // Straight from the model, not from the plan: the name PowerShell received is the one the model holds.
      const made = (cmdlet: string) => c.first.calls.find((k) => k.cmdlet === cmdlet)!.params;
      expect(made('New-SendConnector').Name).toBe(name);
      expect(made('New-EmailAddressPolicy').Name).toBe(c.model.exchange.recipientPolicies[1]!.name);
      expect(made('New-ReceiveConnector').Name).toBe(`Relay (${c.model.exchange.servers[0]!.smtpVirtualServers[0]!.name})`);
    }
  });

  it('every script is plain ASCII and PowerShell parses it the same read as UTF-8 and as Windows-1252, without errors', () => {
    for (const c of cases.values()) {
      expect(c.script, c.id).toMatch(/^[\x20-\x7e\n]*$/);
      expect(c.ast.utf8, c.id).toEqual(c.ast.ansi);
      expect((c.ast.utf8 as { errors: string[] }).errors, c.id).toEqual([]);
    }
    // The comparison can fail: a UTF-8 literal holding Cyrillic \u0411/\u0412 or a dash reads differently as 1252.
    expect(oldEncoding.utf8).not.toEqual(oldEncoding.ansi);
  });
});
