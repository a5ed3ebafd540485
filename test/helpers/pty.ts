// A real terminal for end-to-end tests: the built CLI on a pseudo-terminal (@lydell/node-pty), its
// output kept by a headless xterm. CI is removed from the child's environment (Ink draws only the
// last frame under CI). Every wait has a timeout; kill() is safe to call twice.
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';

const { Terminal } = xterm;
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'coexist.js');

/** `npm test` builds first; a lone `vitest run test/e2e` builds the bundle if it is missing. */
export function ensureBundle(): void {
  if (!existsSync(join(ROOT, 'dist', 'coexist.cjs')))
    execFileSync(process.execPath, [join(ROOT, 'build', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'NO_COLOR' || k === 'FORCE_COLOR')
      continue;
    env[k] = v;
  }
  env.TERM = 'xterm-256color';
  return { ...env, ...extra };
}

export interface Tui {
  pid: number;
  screen(): string;
  raw(): string;
  press(keys: string): void;
  waitFor(text: string | RegExp | ((screen: string) => boolean), ms?: number): Promise<string>;
  resize(cols: number, rows: number): void;
  /** Which screen buffer the terminal shows: a full-screen program switches to the alternate one. */
  buffer(): 'normal' | 'alternate';
  exited: Promise<{ exitCode: number }>;
  kill(): void;
}

export function startTui(args: string[], opts: { cols?: number; rows?: number; cwd?: string; env?: Record<string, string> } = {}): Tui {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  const child = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: opts.cwd ?? ROOT,
    env: childEnv(opts.env),
  });
  let pending = 0;
  let raw = '';
  let alive = true;
  child.onData((d) => {
    raw += d;
    pending++;
    term.write(d, () => {
      pending--;
    });
  });
  const exited = new Promise<{ exitCode: number }>((resolve) =>
    child.onExit((e) => {
      alive = false;
      resolve({ exitCode: e.exitCode });
    }),
  );
  const screen = () => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out.join('\n');
  };
  return {
    pid: child.pid,
    screen,
    raw: () => raw,
    press: (keys) => child.write(keys),
    async waitFor(text, ms = 15000) {
      const end = performance.now() + ms;
      for (;;) {
        const s = screen();
        if (pending === 0 && (typeof text === 'string' ? s.includes(text) : text instanceof RegExp ? text.test(s) : text(s))) return s;
        if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${String(text)}\n${s}`);
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    buffer: () => term.buffer.active.type,
    resize(c, r) {
      child.resize(c, r);
      term.resize(c, r);
    },
    exited,
    kill() {
      if (alive) {
        try {
          child.kill();
        } catch {
          /* already gone */
        }
      }
    },
  };
}

const CLEAR_SCREEN = '\x1b[2J';

/** The screen (as `view` shows it) once every byte written is drawn and nothing changed for 150 ms. */
export async function stableScreen(t: Tui, view: (screen: string) => string = (s) => s): Promise<string> {
  let last = '';
  let since = performance.now();
  for (;;) {
    const now = view(await t.waitFor(/[\s\S]/));
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= 150) return now;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Ctrl+L, then the screen once the full repaint it asks for is drawn. A loaded machine can leave the cleared
 * screen blank for longer than any "still for 150 ms" window, so the repaint is awaited until it shows
 * `expected` (the frame drawn incrementally before); if it never does within 15 s, the still screen is
 * returned for the caller's assertion to show the difference.
 */
export async function fullRepaint(t: Tui, expected: string, view: (screen: string) => string = (s) => s): Promise<string> {
  const clears = () => t.raw().split(CLEAR_SCREEN).length - 1;
  const before = clears();
  t.press('\x0c');
  await t.waitFor(() => clears() > before);
  try {
    await t.waitFor((s) => view(s) === expected);
  } catch {
    // Shown by the caller's assertion.
  }
  return stableScreen(t, view);
}

/** Each character of `text` in its own write, as a terminal sends what a person types. */
export async function typeText(t: Tui, text: string): Promise<void> {
  for (const ch of text) {
    t.press(ch);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A fresh directory (pushed on `dirs` for the caller to remove) holding the shared-domain example as model.yaml. */
export function sharedExample(dirs: string[], prefix = 'coexist-e2e-'): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  const file = join(dir, 'model.yaml');
  execFileSync(process.execPath, [BIN, 'init', '--scenario', 'shared-domain', '--out', file], {
    cwd: dir,
    env: childEnv(),
    timeout: 20000,
  });
  return { dir, file };
}

export interface PtySession {
  /** Start the CLI on a terminal that is killed after the test. */
  start(args: string[], opts?: Parameters<typeof startTui>[1]): Tui;
  /** A fresh directory, removed after the test. */
  tempDir(prefix?: string): string;
  /** The shared-domain example as model.yaml in a fresh directory, removed after the test. */
  sharedExample(prefix?: string): { dir: string; file: string };
}

/**
 * The life cycle every pty test file shares: the bundle built once before the tests, and after each test
 * every terminal it started killed and every directory it made removed. Call once at the top of the file.
 */
export function ptySession(): PtySession {
  const tuis: Tui[] = [];
  const dirs: string[] = [];
  beforeAll(() => ensureBundle(), 120000);
  afterEach(() => {
    for (const t of tuis.splice(0)) t.kill();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    start(args, opts) {
      const t = startTui(args, opts);
      tuis.push(t);
      return t;
    },
    tempDir(prefix = 'coexist-e2e-') {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    sharedExample: (prefix) => sharedExample(dirs, prefix),
  };
}
