// THE runner of every full-screen part of coexist (the console and the guided setup): the alternate
// screen (always left, also on a crash), raw mode from the first byte, Ink's incremental rendering at
// most 30 frames a second, and a remount on a cleared screen after a resize or Ctrl+L, a full repaint
// that leaves no stale borders behind. The state of what is shown lives outside React (a store), so a
// remount loses nothing typed.
import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import { rawModeNow, restoreCookedMode } from './type-ahead.js';

const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l\x1b[?25h';
const CLEAR = '\x1b[2J\x1b[H';

/** What a mounted screen can ask of the runner. */
export interface ScreenControl {
  /** Unmount and mount again on a cleared screen (Ctrl+L; a resize does it by itself). */
  redraw(): void;
  /** Leave: the runner returns once the current frame is unmounted. */
  exit(): void;
}

export interface FullScreenOptions {
  /** The element to mount, at the terminal's size now. Called again on every remount. */
  mount(screen: ScreenControl, size: { cols: number; rows: number }): ReactElement;
  /** After the first frame of each mount (the code cache is saved then). */
  onFrame?(): void;
  out?: NodeJS.WriteStream;
}

/** ASCII borders and glyphs when asked (COEXIST_ASCII=1) or when the locale does not say UTF-8. */
export function wantsAscii(env: NodeJS.ProcessEnv): boolean {
  if (env.COEXIST_ASCII === '1') return true;
  if (env.COEXIST_ASCII === '0') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return !/utf-?8/i.test(locale);
}

export async function runFullScreen(opts: FullScreenOptions): Promise<void> {
  const out = opts.out ?? process.stdout;
  let instance: Instance | undefined;
  let remount = false;
  let stopped = false;
  let resizeTimer: NodeJS.Timeout | undefined;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    out.write(LEAVE_ALT);
  };
  const crash = (e: unknown) => {
    leave();
    restoreCookedMode();
    process.stderr.write(`coexist: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  };
  const screen: ScreenControl = {
    redraw: () => {
      remount = true;
      setImmediate(() => instance?.unmount());
    },
    exit: () => {
      stopped = true;
      setImmediate(() => instance?.unmount());
    },
  };
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => screen.redraw(), 40);
  };
  process.on('exit', leave);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  out.on('resize', onResize);
  out.write(ENTER_ALT);
  try {
    for (;;) {
      out.write(CLEAR);
      rawModeNow();
      // Incremental rendering: only the lines that changed are rewritten (a keystroke over SSH sends a few
      // lines, not the screen). Needs patches/ink+6.8.0.patch (Ink issue #909).
      instance = render(opts.mount(screen, { cols: out.columns || 80, rows: out.rows || 24 }), {
        stdout: out,
        exitOnCtrlC: false,
        patchConsole: false,
        maxFps: 30,
        incrementalRendering: true,
      });
      opts.onFrame?.();
      await instance.waitUntilExit();
      if (stopped || !remount) break;
      remount = false;
    }
  } finally {
    restoreCookedMode();
    clearTimeout(resizeTimer);
    out.off('resize', onResize);
    leave();
    process.off('exit', leave);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  }
}
