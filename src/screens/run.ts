// Entry point of the console: picks the model source, runs the App in the full-screen runner (the same
// one as the guided setup: alternate screen, incremental rendering, remount on resize and Ctrl+L) and
// returns the exit code.
import { createElement } from 'react';
import { ModelFileError } from '../persistence/index.js';
import { scenarioModel } from '../model/scenarios.js';
import { App, type ConsoleIO } from './App.js';
import { describeOpenError, FileSession, type OpenedFile } from './file-session.js';
import { initialState } from './state.js';
import { createConsoleStore } from './console-store.js';
import type { OpsRunner } from '../adapters/plan/session.js';
import { rawModeNow, restoreCookedMode } from './type-ahead.js';
import { firstFrameDrawn } from './code-cache-hook.js';
import { runFullScreen, wantsAscii } from './full-screen.js';

export interface ConsoleOptions {
  /** The model file to edit; undefined opens the built-in example (read-only). */
  modelPath: string | undefined;
  noColor: boolean;
}

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

export { wantsAscii } from './full-screen.js';

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
  const ops = lazyOpsRunner();
  let exitCode: number | undefined;
  try {
    await runFullScreen({
      mount: (screen, size) => {
        const io: ConsoleIO = {
          save: (src, m, path) => session.save(src, m, path),
          ops,
          exit: (code) => {
            exitCode = code;
          },
          redraw: screen.redraw,
        };
        // The store outlives the App: keys typed during a remount are already in it, and effects not yet
        // run (a save, an apply's progress) carry over to the new App.
        store.dispatch({ type: 'resize', cols: size.cols, rows: size.rows });
        return createElement(App, { initial: store.getState(), store, io, color: !opts.noColor });
      },
      onFrame: firstFrameDrawn,
    });
  } finally {
    session.close();
  }
  return exitCode ?? 0;
}
