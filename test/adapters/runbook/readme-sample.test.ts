// The README's runbook sample is the runbook coexist writes today (shared-domain example, French).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runbookAdapter as rb } from '../../../src/adapters/runbook/index.js';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { TargetT } from '../../../src/model/schema.js';

describe("the README's runbook sample", () => {
  it('is an excerpt of the generated runbook', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const block = /<!-- runbook-sample[^>]*-->\n```markdown\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block, 'README has no runbook sample').toBeDefined();
    const m = scenarioModel('shared-domain');
    const t = rb.exporter.defaultTargets(m)[0]! as TargetT;
    const md = rb.exporter.render(m, t, rb.plan(m, t, rb.unobserved(m, t)));
    expect(md).toContain(block!);
    expect(block!.split('\n').length).toBeGreaterThan(5);
  });
});
