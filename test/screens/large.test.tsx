// 10,000 users: navigation renders only the visible rows and does no per-model work per keystroke.
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSchema, type Model } from '../../src/model/schema.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { renderConsole, waitFor, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

export function largeModel(n: number): Model {
  const base = scenarioModel('shared-domain');
  const logons = Array.from({ length: n }, (_, i) => `u${String(i).padStart(5, '0')}`);
  return ModelSchema.parse({
    ...base,
    users: [
      ...base.users,
      ...logons.map((l) => ({ logon: l, displayName: `User ${l}`, kind: 'pop3', externalAddress: `${l}@pop.northwindtraders.com` })),
    ],
    pop3: {
      servers: base.pop3.servers.map((s) => ({ ...s, domains: s.domains.map((d) => ({ ...d, mailboxes: [...d.mailboxes, ...logons] })) })),
    },
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('a large organisation', () => {
  it('moves through 10,000 users with a frame per key in milliseconds', async () => {
    const model = largeModel(10000);
    h = renderConsole({ model });
    await h.press('3', 'j', 'l');
    expect(h.screen()).toMatch(/\d+\/10005/);
    const ui = h as Harness & { frames?: string[] };
    void ui;
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      await h.press('down');
      times.push(performance.now() - t0);
    }
    const s = h.screen();
    expect(s).toMatch(/>\s+User u00056/);
    const t0 = performance.now();
    await h.press('G');
    const bottom = performance.now() - t0;
    expect(h.screen()).toContain('u09999');
    const m = median(times);
    // Generous bounds for a slow CI machine; the measured numbers are in the report.
    expect(m).toBeLessThan(100);
    expect(bottom).toBeLessThan(500);
    process.stdout.write(
      `[large] 10,000 users: Down median ${m.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; G ${bottom.toFixed(1)} ms\n`,
    );
  }, 60000);

  it('an edit re-validates once and the preview follows it', async () => {
    const model = largeModel(10000);
    h = renderConsole({ model });
    await h.press('4', 'j', 'p', ']');
    await h.press('j', 'j', 'j');
    const t0 = performance.now();
    await h.press('space');
    await waitFor(() => h!.state().model !== model, 5000, 'the edit');
    const edit = performance.now() - t0;
    // The rules run after the frame on a model this size: the pane says so, then shows the new finding.
    await h.waitForText(/Findings: \d+ errors?, [1-9]\d* warning|Findings: [1-9]/, 5000);
    const checked = performance.now() - t0;
    process.stdout.write(
      `[large] 10,000 users: one edit to frame (check, trace) ${edit.toFixed(0)} ms, findings ${checked.toFixed(0)} ms\n`,
    );
    expect(edit).toBeLessThan(5000);
  }, 60000);
});
