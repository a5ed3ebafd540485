// Keystroke to frame in-process: runs bench/keys-child.tsx in its own process with NODE_ENV=production
// (React's production build, as in the bundle) and turns its samples into rows.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { judged, type Row } from './report.js';
import { percentile, summarize } from './stats.js';

export async function inProcessKeys(o: {
  root: string;
  file: string;
  users: number;
  smoke: boolean;
  log: (s: string) => void;
  idSuffix?: string;
}): Promise<Row[]> {
  const x = o.idSuffix ?? '';
  const moves = o.smoke ? 5 : 200;
  // Kept modest: every edit stays on the console's undo stack with its derived trees and indexes (see the heap row).
  const edits = o.smoke ? 5 : 60;
  const warm = o.smoke ? 2 : 10;
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(o.root, 'bench', 'keys-child.tsx'), o.file, String(moves), String(edits), String(warm)],
      {
        cwd: o.root,
        env: { ...process.env, NODE_ENV: 'production' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 15 * 60 * 1000,
      },
      (err, stdout, stderr) => (err ? reject(new Error(`keys-child failed: ${err.message}\n${stderr.slice(-2000)}`)) : resolve(stdout)),
    );
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    move: number[];
    edit: number[];
    moveCpu: number[];
    editCpu: number[];
    firstFrameMs: number;
    heapBeforeEditsMB: number;
    heapAfterEditsMB: number;
    edits: number;
  };
  const t = o.users.toLocaleString('en-US');
  const how = `ink-testing-library (no frame throttle), NODE_ENV=production, 100x30, time from writing the key to stdin until Ink writes the next frame`;
  const target = { op: '<=' as const, limit: 16, text: '<= 16 ms' };
  const rows: Row[] = [];
  for (const [id, title, list, cpu, what] of [
    [
      'key-move',
      'moving in the tree',
      r.move,
      r.moveCpu,
      `Down/Up in the Users view (one row per user, the longest tree), ${moves} keys after ${warm} warm-ups`,
    ],
    [
      'key-edit',
      'an edit that changes the routing preview',
      r.edit,
      r.editCpu,
      `Space on "This Exchange Organization is responsible..." of @pop1 in the POP User Addresses policy sheet, the preview tracing a POP01 user (it flips between delivered and NDR 5.4.6; checked on every frame), ${edits} edits after ${warm} warm-ups`,
    ],
  ] as const) {
    const s = summarize(list);
    rows.push(
      judged({
        id: `${id}-p50${x}`,
        group: 2,
        title: `keystroke to frame, ${title}, p50, ${t} users`,
        value: s.median,
        unit: 'ms',
        summary: s,
        note: `${how}: ${what}`,
      }),
    );
    rows.push(
      judged({
        id: `${id}-p95${x}`,
        group: 2,
        title: `keystroke to frame, ${title}, p95, ${t} users`,
        value: percentile(list, 95),
        unit: 'ms',
        target,
        note: 'same samples, 95th percentile',
      }),
    );
    // On a machine shared with test suites the wall time swings with the waiting; the CPU time of the same keys does not.
    for (const p of [50, 95]) {
      rows.push(
        judged({
          id: `${id}-cpu-p${p}${x}`,
          group: 2,
          title: `keystroke to frame, ${title}, p${p}, CPU time, ${t} users`,
          value: percentile(cpu, p),
          unit: 'ms',
          note: 'the same keys: CPU time of the process (user + system, every thread, process.cpuUsage) from writing the key until the frame is written',
        }),
      );
    }
  }
  rows.push(
    judged({
      id: `heap-per-edit${x}`,
      group: 5,
      title: `heap retained per edit, ${t} users`,
      value: (r.heapAfterEditsMB - r.heapBeforeEditsMB) / r.edits,
      unit: 'MB',
      note: `V8 heap used after a full GC, after ${r.edits} edits minus before them (${r.heapBeforeEditsMB.toFixed(0)} -> ${r.heapAfterEditsMB.toFixed(0)} MB), in the keystroke process: each edit keeps the previous model on the undo stack (up to 500) together with everything derived from it`,
    }),
  );
  return rows;
}
