// Measurements of the console on a pseudo-terminal: cold start to the first complete frame against
// `node -e 0` (1), keystroke to frame on the pty (2), and resident memory when idle (5).
import { join } from 'node:path';
import { judged, skipped, type Row } from './report.js';
import { COLS, NODE_FLOOR_ARGS, NODE_FLOOR_MARKER, ROWS, spawnOnPty, startToMarker, timeToExit, treeRssBytes } from './pty.js';
import { percentile, summarize } from './stats.js';
import { inProcessKeys } from './keys-in-process.js';

export interface ConsoleOptions {
  root: string;
  smoke: boolean;
  files: Map<number, string>;
  /** The organisation size of the "at 10,000 users" rows. */
  focus: number;
  /** The 100,000-user organisation, when measured: cold start, keystrokes and idle memory there too. */
  large?: number;
  groups: { coldStart: boolean; keys: boolean; memory: boolean };
  log: (s: string) => void;
  /** Runs one measurement path; a failure is recorded and the others still run. */
  measure: (what: string, fn: () => Promise<void>) => Promise<void>;
}

/**
 * Text of the console's bottom line (its key bar): when it is on the pty the first frame is complete,
 * since Ink writes a frame top to bottom in one write.
 */
export const FRAME_MARKER = 'q quit';
const NOT_BUILT = 'the console is not built yet';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The console command line of the benchmark. */
const consoleArgs = (root: string, file: string) => [join(root, 'bin', 'coexist.js'), '--model', file];

/** Whether `node bin/coexist.js` opens a console on a terminal yet (it is built in parallel with this bench). */
async function consoleAvailable(root: string, file: string): Promise<string | undefined> {
  const p = spawnOnPty(process.execPath, consoleArgs(root, file), { cwd: root });
  try {
    await Promise.race([
      p.waitForText(FRAME_MARKER, 20000),
      p.exited.then(() => {
        throw new Error('exited');
      }),
    ]);
    return undefined;
  } catch {
    const text = p.text();
    if (text.includes(NOT_BUILT)) return 'the console is not built yet (src/screens/run.ts says so): not measured';
    return `the console did not draw a frame containing "${FRAME_MARKER}" within 20 s; it printed:\n${text.slice(-800)}`;
  } finally {
    await p.kill();
  }
}

/** Appends the console rows to `rows` as each measurement finishes. */
export async function consoleMeasurements(o: ConsoleOptions, rows: Row[]): Promise<void> {
  const small = Math.min(...o.files.keys());
  const focusText = o.focus.toLocaleString('en-US');
  const smallFile = o.files.get(small)!;
  const focusFile = o.files.get(o.focus)!;
  const unavailable = await consoleAvailable(o.root, smallFile);
  if (unavailable) {
    if (!unavailable.startsWith('the console is not built yet')) throw new Error(unavailable);
    o.log(`SKIP measurements 1, 2 (pty) and 5: ${unavailable}`);
    if (o.groups.coldStart)
      rows.push(
        skipped('cold-start-ratio', 1, 'cold start to first frame / node -e 0', '×', unavailable, { op: '<=', limit: 3, text: '<= 3×' }),
      );
    if (o.groups.keys)
      rows.push(
        skipped('key-edit-p95', 2, `keystroke to frame, p95, ${focusText} users`, 'ms', unavailable, {
          op: '<=',
          limit: 16,
          text: '<= 16 ms',
        }),
      );
    if (o.groups.memory)
      rows.push(
        skipped('idle-rss', 5, `idle console RSS, ${focusText} users`, 'MB', unavailable, { op: '<', limit: 150, text: '< 150 MB' }),
      );
  }

  if (o.groups.coldStart && !unavailable)
    await o.measure('cold start', async () => {
      const runs = o.smoke ? 2 : 20;
      const warm = o.smoke ? 1 : 3;
      const sizes = [...new Set([small, o.focus, ...(o.large ? [o.large] : [])])];
      const node: number[] = [];
      const nodeCpu: number[] = [];
      const app = new Map<number, { wallMs: number; cpuMs: number }[]>(sizes.map((n) => [n, []]));
      const uncached: { wallMs: number; cpuMs: number }[] = [];
      const noCodeCache: { wallMs: number; cpuMs: number }[] = [];
      // Interleaved in one run, so that the floor and the console see the same machine load.
      for (let i = 0; i < runs + warm; i++) {
        const n = await timeToExit(process.execPath, ['-e', '0'], { cwd: o.root });
        const f = await startToMarker(process.execPath, NODE_FLOOR_ARGS, NODE_FLOOR_MARKER, { cwd: o.root });
        if (i >= warm) {
          node.push(n);
          nodeCpu.push(f.cpuMs);
        }
        for (const users of sizes) {
          if (users === o.large && i >= warm && (i - warm) % 4 !== 0) continue; // the largest start is slow: a quarter of the runs
          const t = await startToMarker(process.execPath, consoleArgs(o.root, o.files.get(users)!), FRAME_MARKER, {
            cwd: o.root,
            timeoutMs: 60000,
          });
          if (i >= warm) app.get(users)!.push(t);
        }
        const u = await startToMarker(process.execPath, consoleArgs(o.root, o.files.get(o.focus)!), FRAME_MARKER, {
          cwd: o.root,
          env: { COEXIST_MODEL_CACHE: 'off' },
        });
        const c = await startToMarker(process.execPath, consoleArgs(o.root, o.files.get(o.focus)!), FRAME_MARKER, {
          cwd: o.root,
          env: { COEXIST_CODE_CACHE: 'off' },
        });
        if (i >= warm) {
          uncached.push(u);
          noCodeCache.push(c);
        }
      }
      const floor = summarize(node);
      const floorCpu = summarize(nodeCpu);
      rows.push(
        judged({
          id: 'cold-start-node',
          group: 1,
          title: 'node -e 0 (the floor), spawn to exit',
          value: floor.median,
          unit: 'ms',
          summary: floor,
          note: `spawned on a ${COLS}x${ROWS} pseudo-terminal (@lydell/node-pty, CI removed from the environment), interleaved with the console runs, ${runs} runs after ${warm} warm-ups`,
        }),
      );
      rows.push(
        judged({
          id: 'cold-start-node-cpu',
          group: 1,
          title: 'node -e 0 (the floor), CPU time to its output',
          value: floorCpu.median,
          unit: 'ms',
          summary: floorCpu,
          note: 'CPU time of every thread (/proc/<pid>/task/*/schedstat) when `node -e` has printed a line, read with the process stopped: the floor of the CPU-time ratios',
        }),
      );
      const label = (n: number) => n.toLocaleString('en-US');
      const ratioTarget = { op: '<=' as const, limit: 3, text: '<= 3×' };
      for (const users of sizes) {
        const samples = app.get(users)!;
        const s = summarize(samples.map((x) => x.wallMs));
        const c = summarize(samples.map((x) => x.cpuMs));
        const large = users === o.large;
        rows.push(
          judged({
            id: `cold-start-${users}`,
            group: 1,
            title: `console cold start to first frame, ${label(users)} users`,
            value: s.median,
            unit: 'ms',
            summary: s,
            ...(large ? { target: { op: '<' as const, limit: 1500, text: '< 1.5 s' } } : {}),
            note: `\`node bin/coexist.js --model FILE\` (bundle built by npm run build, code cache and loaded-model cache filled by the warm-ups) on the same pty, from spawn until the first output that contains the key bar ("${FRAME_MARKER}"), ${samples.length} runs`,
          }),
        );
        rows.push(
          judged({
            id: `cold-start-cpu-${users}`,
            group: 1,
            title: `console cold start to first frame, CPU time, ${label(users)} users`,
            value: c.median,
            unit: 'ms',
            summary: c,
            ...(large ? { target: { op: '<' as const, limit: 1500, text: '< 1.5 s' } } : {}),
            note: 'CPU time of every thread of the process when the frame arrived (read with the process stopped), same runs',
          }),
        );
        if (large) continue;
        rows.push(
          judged({
            id: `cold-start-ratio-${users}`,
            group: 1,
            title: `cold start / node -e 0, ${label(users)} users (wall time)`,
            value: s.median / floor.median,
            unit: '×',
            target: ratioTarget,
            note: 'ratio of the wall-time medians, same run',
          }),
        );
        rows.push(
          judged({
            id: `cold-start-ratio-cpu-${users}`,
            group: 1,
            title: `cold start / node -e 0, ${label(users)} users (CPU time)`,
            value: c.median / floorCpu.median,
            unit: '×',
            target: ratioTarget,
            note: 'ratio of the CPU-time medians, same run: what the start costs whatever the load of the machine',
          }),
        );
      }
      const focusLabel = label(o.focus);
      for (const [id, title, samples, note] of [
        [
          'uncached',
          'without the loaded-model cache',
          uncached,
          'COEXIST_MODEL_CACHE=off: the file parsed and checked, as on the first start after it changed',
        ],
        [
          'no-code-cache',
          'without the code cache',
          noCodeCache,
          'COEXIST_CODE_CACHE=off: V8 compiles the bundle as on the first start after an install (what the code cache saves)',
        ],
      ] as const) {
        const s = summarize(samples.map((x) => x.wallMs));
        const c = summarize(samples.map((x) => x.cpuMs));
        rows.push(
          judged({
            id: `cold-start-${id}-${o.focus}`,
            group: 1,
            title: `console cold start to first frame, ${focusLabel} users, ${title}`,
            value: s.median,
            unit: 'ms',
            summary: s,
            note,
          }),
        );
        rows.push(
          judged({
            id: `cold-start-${id}-cpu-${o.focus}`,
            group: 1,
            title: `console cold start, CPU time, ${focusLabel} users, ${title}`,
            value: c.median,
            unit: 'ms',
            summary: c,
            note: 'same runs, CPU time',
          }),
        );
        rows.push(
          judged({
            id: `cold-start-${id}-ratio-cpu-${o.focus}`,
            group: 1,
            title: `cold start ${title} / node -e 0, ${focusLabel} users (CPU time)`,
            value: c.median / floorCpu.median,
            unit: '×',
            note: 'ratio of the CPU-time medians, same run',
          }),
        );
      }
    });

  if (o.groups.keys && !unavailable) {
    await o.measure('keystrokes in-process', async () => {
      rows.push(...(await inProcessKeys({ root: o.root, file: focusFile, users: o.focus, smoke: o.smoke, log: o.log })));
    });
    await o.measure('keystrokes on the pty', async () => {
      rows.push(...(await ptyKeys(o, focusFile, focusText)));
    });
    if (o.large) {
      const large = o.large;
      await o.measure('keystrokes in-process, largest organisation', async () => {
        rows.push(
          ...(await inProcessKeys({
            root: o.root,
            file: o.files.get(large)!,
            users: large,
            smoke: o.smoke,
            log: o.log,
            idSuffix: `-${large}`,
          })),
        );
      });
    }
  }

  if (o.groups.memory && !unavailable)
    await o.measure('idle memory', async () => {
      for (const users of [o.focus, ...(o.large ? [o.large] : [])]) {
        const runs = o.smoke ? 1 : users === o.large ? 3 : 5;
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          const p = spawnOnPty(process.execPath, consoleArgs(o.root, o.files.get(users)!), { cwd: o.root });
          try {
            await p.waitForText(FRAME_MARKER, 60000);
            await sleep(o.smoke ? 300 : 2000); // idle: let start-up garbage be collected and timers settle
            samples.push(treeRssBytes(p.pid) / 1024 / 1024);
          } finally {
            await p.kill();
          }
        }
        const s = summarize(samples);
        const limit = users === o.large ? 250 : 150;
        rows.push(
          judged({
            id: users === o.focus ? 'idle-rss' : `idle-rss-${users}`,
            group: 5,
            title: `idle console RSS, ${users.toLocaleString('en-US')} users`,
            value: s.median,
            unit: 'MB',
            summary: s,
            target: { op: '<', limit, text: `< ${limit} MB` },
            note: `VmRSS from /proc/<pid>/status summed over the process tree, ${o.smoke ? '0.3' : '2'} s after the first frame with no input, ${runs} separate processes (MB = 2^20 bytes)`,
          }),
        );
      }
    });
}

/** Keystroke to the first output byte on the pty: cursor down in the tree, keys 80 ms apart (beyond Ink's 30 fps throttle). */
async function ptyKeys(o: ConsoleOptions, file: string, focusText: string): Promise<Row[]> {
  const count = o.smoke ? 5 : 200;
  const warm = o.smoke ? 1 : 20;
  const p = spawnOnPty(process.execPath, consoleArgs(o.root, file), { cwd: o.root });
  const samples: number[] = [];
  try {
    await p.waitForText(FRAME_MARKER, 30000);
    await sleep(300);
    for (let i = 0; i < count + warm; i++) {
      const key = i % 40 < 20 ? '\x1b[B' : '\x1b[A'; // down 20, up 20: stays inside the tree
      const t = performance.now();
      const next = p.nextOutput(5000);
      p.write(key);
      const at = await next;
      if (i >= warm) samples.push(at - t);
      await sleep(80);
    }
  } finally {
    await p.kill();
  }
  const s = summarize(samples);
  const p95 = percentile(samples, 95);
  return [
    judged({
      id: 'pty-key-move-p50',
      group: 2,
      title: `keystroke to frame on the pty, moving in the tree, p50, ${focusText} users`,
      value: s.median,
      unit: 'ms',
      summary: s,
      note: `Down/Up written to the pty of \`node bin/coexist.js --model FILE\`, time until the first output byte, ${count} keys 80 ms apart after ${warm} warm-ups (includes the pty round trip)`,
    }),
    judged({
      id: 'pty-key-move-p95',
      group: 2,
      title: `keystroke to frame on the pty, moving in the tree, p95, ${focusText} users`,
      value: p95,
      unit: 'ms',
      target: { op: '<=', limit: 16, text: '<= 16 ms' },
      note: 'same samples, 95th percentile',
    }),
  ];
}
