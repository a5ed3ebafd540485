// Keystroke to frame, in-process: the console's App rendered by ink-testing-library (every commit writes
// a frame, no throttle), timed from writing a key to stdin until the next frame is written to stdout.
// Run as its own process with NODE_ENV=production (React's production build), by keys-in-process.ts:
//   node --import tsx bench/keys-child.tsx MODEL_FILE MOVE_SAMPLES EDIT_SAMPLES WARMUPS
// Prints one JSON line: { move, edit (ms per key), moveCpu, editCpu (CPU ms per key), firstFrameMs, heapBeforeEditsMB,
// heapAfterEditsMB, edits }.
import { render } from 'ink-testing-library';
// The adapters declared to the model before any model is parsed, as the cli's main.ts does.
import '../src/adapters/registry.js';
import { readModelFile } from '../src/persistence/file.js';
import { App, type ConsoleIO } from '../src/screens/App.js';
import { initialState } from '../src/screens/state.js';

const [file, moveText, editText, warmText] = process.argv.slice(2);
if (!file) throw new Error('usage: keys-child.tsx MODEL_FILE MOVE_SAMPLES EDIT_SAMPLES WARMUPS');
const moveSamples = Number(moveText ?? 200);
const editSamples = Number(editText ?? 60);
const warm = Number(warmText ?? 10);
const heapMB = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const KEY = { down: '\x1b[B', up: '\x1b[A', enter: '\r', space: ' ', ctrlU: '\x15' } as const;
// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');

const loaded = readModelFile(file);
const io: ConsoleIO = {
  save: () => {
    throw new Error('the benchmark never saves');
  },
  exit: () => {},
  redraw: () => {},
};
const t0 = performance.now();
const ui = render(
  <App
    initial={initialState({ source: { kind: 'file', loaded }, model: loaded.model, cols: 100, rows: 30, ascii: true })}
    io={io}
    color={false}
  />,
);

// Every frame Ink writes, with the time it was written.
let frameAt = 0;
let cpuAt = process.cpuUsage();
let frames = 0;
const write = ui.stdout.write.bind(ui.stdout);
(ui.stdout as { write: (s: string) => void }).write = (s: string) => {
  frameAt = performance.now();
  cpuAt = process.cpuUsage();
  frames++;
  write(s);
};
const screen = () => strip(ui.lastFrame() ?? '');

async function until(cond: () => boolean, what: string, timeoutMs = 10000) {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** CPU milliseconds (user + system, every thread of the process) from writing the last key to its frame. */
let lastCpuMs = 0;

/** Write a key; resolve with the milliseconds until the next frame. */
async function key(data: string): Promise<number> {
  const n = frames;
  const c = process.cpuUsage();
  const t = performance.now();
  ui.stdin.write(data);
  await until(() => frames > n, `a frame after ${JSON.stringify(data)}`);
  const ms = frameAt - t;
  lastCpuMs = (cpuAt.user + cpuAt.system - c.user - c.system) / 1000;
  await new Promise((r) => setImmediate(r)); // input listeners attach in passive effects
  return ms;
}

await until(() => screen().includes('q quit'), 'the first frame');
const firstFrameMs = performance.now() - t0;

// 1. Moving in the tree: the Active Directory users view, one row per user (the longest tree).
await key('3');
if (!/Users/.test(screen())) throw new Error(`the Users view did not open:\n${screen()}`);
const move: number[] = [];
const moveCpu: number[] = [];
for (let i = 0; i < moveSamples + warm; i++) {
  const ms = await key(i % 40 < 20 ? KEY.down : KEY.up);
  if (i >= warm) {
    move.push(ms);
    moveCpu.push(lastCpuMs);
  }
}

// 2. An edit that changes the routing preview: trace mail to a POP3 user of POP01, then tick and clear
// "This Exchange Organization is responsible for all mail delivery" for @pop1 on the POP User Addresses
// policy. Ticked, Exchange keeps the mail (NDR 5.4.6); cleared, it is delivered to POP01.
const popUser = loaded.model.users.find((u) => u.kind === 'pop3' && /@pop1\./.test(u.externalAddress ?? ''));
if (!popUser) throw new Error('the organisation has no POP3 user on POP01');
const recipient = `${popUser.logon}@${loaded.model.exchange.recipientPolicies.find((p) => p.priority === 'lowest')!.addresses[0]!.address.slice(1)}`;
await key('t');
await key(KEY.ctrlU);
await key(recipient);
// Enter moves through the dialog's fields (recipient, origin, sender, via...) and the last one traces.
for (let i = 0; i < 8 && screen().includes('trace a message'); i++) await key(KEY.enter);
if (screen().includes('trace a message')) throw new Error(`the trace dialog did not close on Enter:\n${screen()}`);
if (!screen().includes(`preview: ${recipient}`)) throw new Error(`the preview does not trace ${recipient}:\n${screen()}`);
await key('1');
await key('g');
const policies = loaded.model.exchange.recipientPolicies;
const row = 4 + policies.findIndex((p) => p.name === 'POP User Addresses'); // organisation, Recipients, Recipient Policies, then the policies
for (let i = 0; i < row - 1; i++) await key(KEY.down);
await key('p');
await key(']');
if (!/SMTP \(Primary\): @pop1\./.test(screen())) throw new Error(`the E-Mail Addresses (Policy) tab is not showing @pop1:\n${screen()}`);
await key(KEY.down);
const edit: number[] = [];
const editCpu: number[] = [];
const heapBeforeEditsMB = heapMB();
let verdictBefore = /DELIVERED|BOUNCED|REJECTED|LOOP/.exec(screen())?.[0];
for (let i = 0; i < editSamples + warm; i++) {
  const ms = await key(KEY.space);
  const verdict = /DELIVERED|BOUNCED|REJECTED|LOOP/.exec(screen())?.[0];
  if (verdict === verdictBefore) throw new Error(`the edit did not change the routing preview (still ${verdict}):\n${screen()}`);
  verdictBefore = verdict;
  if (i >= warm) {
    edit.push(ms);
    editCpu.push(lastCpuMs);
  }
}
// Every edit stays on the undo stack with what the console derived from it: the heap after the edits shows what that costs.
const heapAfterEditsMB = heapMB();
ui.unmount();
process.stdout.write(
  `${JSON.stringify({ move, edit, moveCpu, editCpu, firstFrameMs, heapBeforeEditsMB, heapAfterEditsMB, edits: editSamples + warm })}\n`,
);
process.exit(0);
