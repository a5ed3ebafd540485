// Entry point of the console: picks the model source, enters the alternate screen (and always leaves
// it, also on a crash), renders the App and returns the exit code. On resize and Ctrl+L the App is
// remounted on a cleared screen: a full repaint that leaves no stale borders behind.
import { createElement } from 'react';
import { render, type Instance } from 'ink';
import { ModelFileError } from '../model/file.js';
import { scenarioModel } from '../model/scenarios.js';
import { App, type ConsoleIO } from './App.js';
import { describeOpenError, FileSession, type OpenedFile } from './file-session.js';
import { initialState } from './state.js';
import { createConsoleStore } from './console-store.js';
import type { OpsRunner } from '../adapters/plan/session.js';
import { rawModeNow, restoreCookedMode } from './type-ahead.js';
import { firstFrameDrawn } from '../cli/code-cache-hook.js';

export interface ConsoleOptions {
  /** The model file to edit; undefined opens the built-in example (read-only). */
  modelPath: string | undefined;
  noColor: boolean;
}

const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l\x1b[?25h';
const CLEAR = '\x1b[2J\x1b[H';

export { saveSource } from './file-session.js';

/** Adapters, executors and settings are loaded when the Plan/Apply view first plans, not at start. */
function lazyOpsRunner(): OpsRunner {
  let runner: Promise<OpsRunner> | undefined;
  const get = () => (runner ??= import('../adapters/plan/session.js').then((m) => m.settingsOpsRunner()));
  return {
    plan: async (model, targetId, hooks) => (await get()).plan(model, targetId, hooks),
    apply: async (request, hooks) => (await get()).apply(request, hooks),
  };
}

/** The model file, or (no path) the built-in shared-domain example, read-only. */
export function openSource(modelPath: string | undefined, session: FileSession): OpenedFile | { error: string } {
  if (modelPath === undefined) return { source: { kind: 'builtin' } };
  try {
    return session.open(modelPath);
  } catch (e) {
    if (e instanceof ModelFileError) return { error: describeOpenError(e) };
    throw e;
  }
}

/** ASCII borders when asked (COEXIST_ASCII=1) or when the locale does not say UTF-8. */
export function wantsAscii(env: NodeJS.ProcessEnv): boolean {
  if (env.COEXIST_ASCII === '1') return true;
  if (env.COEXIST_ASCII === '0') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return !/utf-?8/i.test(locale);
}

export async function runConsole(opts: ConsoleOptions): Promise<number> {
  rawModeNow();
  const session = new FileSession();
  const opened = openSource(opts.modelPath, session);
  if ('error' in opened) {
    restoreCookedMode();
    process.stderr.write(`coexist: cannot open the model\n${opened.error}\n`);
    return 2;
  }
  const source = opened.source;
  const model = source.kind === 'file' ? source.loaded.model : scenarioModel('shared-domain');
  const out = process.stdout;
  let initial = initialState({ source, model, cols: out.columns || 80, rows: out.rows || 24, ascii: wantsAscii(process.env) });
  if (opened.notice) initial = { ...initial, flash: opened.notice };
  const store = createConsoleStore(initial);
  let exitCode: number | undefined;
  let instance: Instance | undefined;
  let remount = false;
  let resizeTimer: NodeJS.Timeout | undefined;

  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    out.write(LEAVE_ALT);
  };
  const crash = (e: unknown) => {
    leave();
    process.stderr.write(`coexist: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  };
  process.on('exit', leave);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  const io: ConsoleIO = {
    save: (src, m, path) => session.save(src, m, path),
    ops: lazyOpsRunner(),
    exit: (code) => {
      exitCode = code;
    },
    redraw: () => {
      remount = true;
      setImmediate(() => instance?.unmount());
    },
  };
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => io.redraw(), 40);
  };
  out.on('resize', onResize);
  out.write(ENTER_ALT);
  try {
    for (;;) {
      out.write(CLEAR);
      rawModeNow();
      // The store outlives the App: keys typed during a remount are already in it, and effects not yet
      // run (a save, an apply's progress) carry over to the new App.
      store.dispatch({ type: 'resize', cols: out.columns || 80, rows: out.rows || 24 });
      // Incremental rendering: only the lines that changed are rewritten (a keystroke over SSH sends a few
      // lines, not the screen), at most 30 frames a second. Needs patches/ink+6.8.0.patch (Ink issue #909).
      instance = render(createElement(App, { initial: store.getState(), store, io, color: !opts.noColor }), {
        exitOnCtrlC: false,
        patchConsole: false,
        maxFps: 30,
        incrementalRendering: true,
      });
      firstFrameDrawn();
      await instance.waitUntilExit();
      if (exitCode !== undefined || !remount) break;
      remount = false;
    }
  } finally {
    session.close();
    restoreCookedMode();
    clearTimeout(resizeTimer);
    out.off('resize', onResize);
    leave();
    process.off('exit', leave);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  }
  return exitCode ?? 0;
}
