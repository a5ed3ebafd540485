// The Plan/Apply view shows the steps an adapter leaves to the administrator (windows2003: the SMTP
// connector, the relay list, the Recipient Update Service...), as the CLI's plan does: never silently left out.
import { describe, expect, it } from 'vitest';
import { modelFingerprint } from '../../src/adapters/plan/run.js';
import type { Plan } from '../../src/adapters/types.js';
import { planLines, targetStatus } from '../../src/screens/ops/lines.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import type { TargetRun } from '../../src/screens/ops/state.js';

const model = scenarioModel('shared-domain');
const target = { id: 'w', adapter: 'windows2003' as const, server: 'EX01' };
const manual = [
  '1. Create the SMTP connector POP3 Connector in Exchange System Manager.',
  '2. Run Update Now on the Recipient Update Service.',
];

function run(changes: Plan['changes']): TargetRun {
  const plan: Plan = {
    targetId: 'w',
    adapter: 'windows2003',
    observedFingerprint: 'x',
    modelFingerprint: modelFingerprint(model),
    changes,
    manual,
  };
  return { status: 'planned', plan } as TargetRun;
}

describe('Plan/Apply view: steps left to the administrator', () => {
  it('lists every manual step under the plan, and never says the target matches the model', () => {
    const texts = planLines(target as never, run([]), model).map((l) => l.text);
    expect(texts).toContain('Left to the administrator (coexist cannot do these; they are not checked):');
    for (const m of manual) expect(texts).toContain(`    ${m}`);
    expect(texts.join('\n')).not.toContain('The target matches the model');
    expect(targetStatus(run([]), model)).toBe('2 manual step(s)');
  });

  it('keeps them after the changes when there are changes too', () => {
    const r = run([{ object: 'policy Default Policy', action: 'update', details: ['+ smtp:@x'], commands: [] } as never]);
    const texts = planLines(target as never, r, model).map((l) => l.text);
    expect(texts.indexOf('Left to the administrator (coexist cannot do these; they are not checked):')).toBeGreaterThan(
      texts.findIndex((t) => t.includes('policy Default Policy')),
    );
    expect(targetStatus(r, model)).toBe('1 change(s)');
  });
});
