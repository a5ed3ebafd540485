// Drive the console in-process with ink-testing-library: press keys, wait for the frame, read the
// screen as plain text. `press` waits one setImmediate after each frame (input listeners attach in
// passive effects) and never waits forever.
import { render } from 'ink-testing-library';
import type { LoadedModel } from '../../src/persistence/file.js';
import type { Model } from '../../src/model/schema.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { App, type ConsoleIO } from '../../src/screens/App.js';
import { initialState, type Source, type State } from '../../src/screens/state.js';
import { saveSource } from '../../src/screens/run.js';
import { KEY } from './keys.js';

export { KEY };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g;
export const strip = (s: string) => s.replace(ANSI, '');

export async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export interface Harness {
  screen(): string;
  /** Named keys (see KEY) or literal text; each is written separately and its frame awaited. */
  press(...keys: string[]): Promise<string>;
  /** Text typed character by character in one write (as a fast typist or a paste would). */
  type(text: string): Promise<string>;
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<string>;
  exits: number[];
  saved: LoadedModel[];
  state(): State;
  /** Every frame written so far, as the terminal received it (escape sequences included). */
  written(): string;
  unmount(): void;
  stdout: { emit(event: string): boolean; columns: number; rows?: number };
}

export function renderConsole(
  opts: { model?: Model; source?: Source; cols?: number; rows?: number; color?: boolean; ascii?: boolean; io?: Partial<ConsoleIO> } = {},
): Harness {
  const model = opts.model ?? (opts.source?.kind === 'file' ? opts.source.loaded.model : scenarioModel('shared-domain'));
  const source = opts.source ?? { kind: 'builtin' as const };
  const exits: number[] = [];
  const saved: LoadedModel[] = [];
  let current: State;
  const io: ConsoleIO = {
    save: (src, m, path) => {
      const l = saveSource(src, m, path);
      saved.push(l);
      return l;
    },
    exit: (code) => {
      exits.push(code);
    },
    redraw: () => {},
    ...opts.io,
  };
  const initial = initialState({ source, model, cols: opts.cols ?? 80, rows: opts.rows ?? 24, ascii: opts.ascii ?? true });
  current = initial;
  const ui = render(
    <App
      initial={initial}
      io={io}
      color={opts.color ?? false}
      onState={(s) => {
        current = s;
      }}
    />,
  );
  const screen = () => strip(ui.lastFrame() ?? '');
  const writeAndWait = async (data: string) => {
    const n = ui.frames.length;
    ui.stdin.write(data);
    try {
      await waitFor(() => ui.frames.length > n, 300, 'a frame');
    } catch {
      // Some keys change nothing on screen (Down on the last row): that is not an error.
    }
    await new Promise((r) => setImmediate(r));
  };
  return {
    screen,
    async press(...keys) {
      for (const k of keys) await writeAndWait((KEY as Record<string, string>)[k] ?? k);
      return screen();
    },
    async type(text) {
      await writeAndWait(text);
      return screen();
    },
    async waitForText(text, timeoutMs = 3000) {
      await waitFor(
        () => (typeof text === 'string' ? screen().includes(text) : text.test(screen())),
        timeoutMs,
        `${String(text)} on screen\n${screen()}`,
      );
      return screen();
    },
    exits,
    saved,
    state: () => current,
    written: () => ui.frames.join(''),
    unmount: () => ui.unmount(),
    stdout: ui.stdout as unknown as Harness['stdout'],
  };
}

/** The tree pane's text: the left part of each line of the main area (before the details pane). */
export function treeText(screen: string): string {
  return screen
    .split('\n')
    .map((l) => {
      const cut = l.search(/\|\||││|\|\+|│┌/);
      return cut >= 0 ? l.slice(0, cut + 1) : '';
    })
    .join('\n');
}

/** The screen as one line of words: borders removed, wrapped lines joined (for labels that wrap). */
export function joined(screen: string): string {
  return screen
    .split('\n')
    .map((l) =>
      l
        .replace(/^[|│+]+|[|│+]+$/g, '')
        .replace(/[|│]{2}/g, ' ')
        .trim(),
    )
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** The selected row of the focused list (the tree or a sheet's rows): the line that holds the "|>" marker. */
export const selectedLine = (s: string) => s.split('\n').find((l) => l.includes('|>')) ?? '';

/** Press j until the selected row holds `text` (at most `max` rows down); the screen then. */
export async function moveTo(ui: Harness, text: string, max = 40): Promise<string> {
  for (let i = 0; i < max; i++) {
    if (selectedLine(ui.screen()).includes(text)) return ui.screen();
    await ui.press('j');
  }
  throw new Error(`no row "${text}"\n${ui.screen()}`);
}
