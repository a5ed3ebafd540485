import { describe, expect, it } from 'vitest';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { CommandResult, Executor } from '../../../src/adapters/types.js';
import type { TargetT } from '../../../src/model/schema.js';
import { runbookAdapter as rb } from '../../../src/adapters/runbook/index.js';

const t: TargetT = { id: 'runbook', adapter: 'runbook', server: 'POP01' };

describe('runbook', () => {
  it('lists every procedure without observation, in English and in French, with the model values', () => {
    const m = scenarioModel('shared-domain');
    const changes = rb.plan(m, t, rb.unobserved!(m, t));
    const md = rb.render(m, t, changes);
    expect(changes.length).toBe(10);
    expect(md).toContain('Create the POP3 domain pop.northwindtraders.com');
    expect(md).toContain("Créer le domaine distant northwindtraders.com sur POP01");
    expect(md).toContain('`@pop.northwindtraders.com`');
    expect(md).toContain('Désélectionnez'.toLowerCase().slice(0, 0) + 'désélectionnez');
    expect(md).toContain('Never type `*`');
  });

  it('drops the steps an observation shows as done', async () => {
    const m = scenarioModel('shared-domain');
    const target: TargetT = { ...t, options: { observeWith: 'windows2003' } };
    const out = '#coexist-section winpop-domains\r\n------\r\n  pop.northwindtraders.com\r\n#coexist-section winpop-mailboxes pop.northwindtraders.com\r\n------\r\n  alice\r\n  carl\r\n#coexist-section metabase\r\nDOMAIN|Name=northwindtraders.com|RouteAction=4098|RouteActionString=%5B10.0.0.10%5D\r\n';
    const ex: Executor = { description: 'fake', async run(c): Promise<CommandResult> { return { argv: c.argv, exitCode: 0, stdout: out, stderr: '', durationMs: 1, timedOut: false }; } };
    const observed = await rb.observe(m, target, ex);
    const titles = rb.plan(m, target, observed).map((c) => c.object);
    expect(titles).not.toContain('Create the POP3 domain pop.northwindtraders.com and its mailboxes on POP01');
    expect(titles).not.toContain('Create the remote domain northwindtraders.com on POP01');
    expect(titles).toContain("Method 1: Outbound Security of POP01's SMTP virtual server");
    expect(titles).toContain('Mail-enable the POP3 user alice');
    expect(titles.length).toBe(8);
  });
});
