// Golden files, one folder per adapter (test/golden/<adapter>/<scenario>/; postfix-dovecot's are checked by
// test/adapters/postfix-dovecot/export-golden.test.ts): every script the exchange-ems, windows2003 and runbook adapters
// generate for the two built-in scenarios (no observation: the full plan), compared byte for byte. UPDATE_GOLDEN=1 rewrites them.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioModel, type ScenarioId } from '../../src/model/scenarios.js';
import type { Adapter } from '../../src/adapters/types.js';
import { exportFiles, exportTargets } from '../../src/adapters/export/export.js';
import { exchangeEmsAdapter } from '../../src/adapters/exchange-ems/index.js';
import { APPLY_SCRIPT, OBSERVE_SCRIPT } from '../../src/adapters/exchange-ems/scripts.js';
import { windows2003Adapter } from '../../src/adapters/windows2003/index.js';
import { observeProgram } from '../../src/adapters/windows2003/plan.js';
import { runbookAdapter } from '../../src/adapters/runbook/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(rel: string, actual: string): void {
  const file = join(HERE, rel);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${rel}: run with UPDATE_GOLDEN=1 and commit it`);
  expect(actual, `${rel} differs from the golden file (UPDATE_GOLDEN=1 rewrites it after review)`).toBe(readFileSync(file, 'utf8'));
}

/** What `coexist export` writes for each default target (export/export.ts), and windows2003's observation program. */
function files(adapter: Adapter, scenario: ScenarioId): Array<[string, string]> {
  const model = scenarioModel(scenario);
  return exportTargets(adapter, model).flatMap((t) => [
    ...exportFiles(adapter, model, t).map((f) => [f.name, f.content] as [string, string]),
    ...(adapter.id === 'windows2003' ? [[`${t.id}.observe.vbs`, observeProgram(model, t)] as [string, string]] : []),
  ]);
}

describe('golden files', () => {
  for (const scenario of ['shared-domain', 'separate-domains'] as const) {
    for (const adapter of [exchangeEmsAdapter, windows2003Adapter, runbookAdapter]) {
      it(`${scenario}: ${adapter.id}`, () => {
        const out = files(adapter, scenario);
        expect(out.length).toBeGreaterThan(0);
        for (const [name, text] of out) golden(`${adapter.id}/${scenario}/${name}`, text);
      });
    }
  }
  it('the fixed pwsh programs', () => {
    golden('exchange-ems/apply-runner.ps1', APPLY_SCRIPT);
    golden('exchange-ems/observe.ps1', OBSERVE_SCRIPT);
  });
  it('generation is deterministic', () => {
    expect(files(windows2003Adapter, 'shared-domain')).toEqual(files(windows2003Adapter, 'shared-domain'));
    expect(files(exchangeEmsAdapter, 'separate-domains')).toEqual(files(exchangeEmsAdapter, 'separate-domains'));
  });
});
