// The proof against real mail servers (issue 6): for the two built-in scenarios and the same-domain loop,
// every flow of the preview is sent through real Postfix and Dovecot configured by the postfix-dovecot
// adapter, and must end where the preview says. COEXIST_LAB_PREVIEW_EDIT=<name> edits the preview side only
// (as if the adapter ignored that edit): the lab must then fail and name the flows.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAllMatch, formatTable, type Judged } from './compare.js';
import { MailLab, type ScenarioResult } from './lab.js';
import { labScenarios, previewEditFromEnv } from './lab-scenarios.js';
import { labSkipReason } from './prerequisites.js';

const skip = labSkipReason();
const edit = previewEditFromEnv();
const say = (line: string) => process.stdout.write(`[lab] ${line}\n`);
if (skip) say(skip);

describe.skipIf(Boolean(skip))('mail lab: the preview against real Postfix and Dovecot', () => {
  let lab: MailLab | undefined;
  const root = join(process.env.COEXIST_LAB_DIR ?? tmpdir(), `coexist-lab-${process.pid}`);
  const scenarios = labScenarios();
  const results: ScenarioResult[] = [];
  const started = performance.now();
  let setupMs = 0;

  beforeAll(async () => {
    if (edit) say(`COEXIST_LAB_PREVIEW_EDIT=${edit.name}: the preview side only gets this edit: ${edit.description}`);
    const s = performance.now();
    lab = await MailLab.create(root, say);
    setupMs = Math.round(performance.now() - s);
  });

  afterAll(async () => {
    if (!lab) return;
    const s = performance.now();
    const notes = await lab.stop();
    for (const n of notes) say(n);
    say(`teardown ${Math.round(performance.now() - s)} ms; whole lab ${Math.round(performance.now() - started)} ms (setup ${setupMs} ms)`);
    const green = results.length === scenarios.length && results.every((r) => r.rows.every((row) => row.match));
    if (green) rmSync(root, { recursive: true, force: true });
    else say(`kept for inspection (configs, logs, Maildirs, the model files): ${root}`);
  });

  for (const scenario of scenarios) {
    it(`${scenario.id}: every flow ends where the preview says`, async () => {
      const result = await lab!.prove(scenario, edit?.edit);
      results.push(result);
      say(`${scenario.id} (${scenario.title}): ${result.applied.join(', ')}; timings ms ${JSON.stringify(result.timings)}`);
      process.stdout.write(`\n${formatTable(result.rows)}\n\n`);
      assertAllMatch(result.rows);
      expect(result.rows.length).toBeGreaterThan(10);
    });
  }

  it('no DNS query left the lab, and the loop scenario really looped', () => {
    const queries = lab!.dnsQueries();
    say(
      lab!.dnsTrapActive
        ? `DNS queries caught by the trap: ${queries.length}${queries.length ? `: ${queries.slice(0, 5).join('; ')}` : ''}`
        : 'no DNS trap (it needs the namespace and a resolver outside 127.0.0.0/8); DNS look-ups are still disabled in every instance',
    );
    expect(queries).toEqual([]);
    const rows: Judged[] = results.flatMap((r) => r.rows);
    expect(rows.some((r) => r.reality.kind === 'loop')).toBe(true);
    expect(rows.some((r) => r.reality.kind === 'delivered' && r.reality.system === 'pop3')).toBe(true);
    expect(rows.some((r) => r.reality.kind === 'rejected')).toBe(true);
    expect(rows.some((r) => r.reality.kind === 'bounced')).toBe(true);
  });
});
