// Runs the guided setup full screen (alternate screen, restored on exit) and writes the model atomically.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from 'ink';
import { ModelFileError, writeNewModelFile } from '../../model/file.js';
import { Wizard, type WizardIO, type WizardOutcome } from './Wizard.js';
import { rawModeNow, restoreCookedMode } from '../type-ahead.js';

export interface RunWizardOptions {
  out: string;
  noColor: boolean;
  /** Replace an existing file without asking (init --force). */
  overwrite?: boolean;
}

export function fileIO(out: string): WizardIO {
  return {
    readText: (path) => readFileSync(path, 'utf8'),
    write(model, overwrite) {
      if (!overwrite && existsSync(resolve(out))) return { ok: false, exists: true };
      try {
        return { ok: true, path: writeNewModelFile(out, model, { overwrite }).path };
      } catch (e) {
        if (e instanceof ModelFileError) return { ok: false, message: e.message };
        throw e;
      }
    },
  };
}

const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l';

/** The wizard on this terminal; resolves with the file written, or null when cancelled. */
export async function runWizard(opts: RunWizardOptions): Promise<{ written: string } | null> {
  const stdout = process.stdout;
  rawModeNow();
  const restore = () => {
    stdout.write(LEAVE_ALT);
  };
  stdout.write(ENTER_ALT);
  process.once('exit', restore);
  const result: { outcome: WizardOutcome } = { outcome: { kind: 'cancelled' } };
  const size = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const element = (done: (o: WizardOutcome) => void) => (
    <Wizard out={opts.out} io={fileIO(opts.out)} noColor={opts.noColor} overwrite={opts.overwrite === true} onDone={done} {...size()} />
  );
  try {
    await new Promise<void>((resolveDone) => {
      const done = (o: WizardOutcome) => {
        result.outcome = o;
        instance.unmount();
        resolveDone();
      };
      const instance = render(element(done), { exitOnCtrlC: false, patchConsole: false });
      const onResize = () => {
        stdout.write('\x1b[2J\x1b[H');
        instance.rerender(element(done));
      };
      stdout.on('resize', onResize);
      void instance.waitUntilExit().then(() => {
        stdout.off('resize', onResize);
        resolveDone();
      });
    });
  } finally {
    restoreCookedMode();
    restore();
    process.off('exit', restore);
  }
  const { outcome } = result;
  return outcome.kind === 'written' ? { written: outcome.path } : null;
}
