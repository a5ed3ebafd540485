// Runs the guided setup full screen, in the same runner as the console, and writes the model atomically.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModelFileError, writeNewModelFile } from '../../persistence/index.js';
import { createWizardStore, Wizard, type WizardIO, type WizardOutcome } from './Wizard.js';
import { runFullScreen, wantsAscii } from '../full-screen.js';

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

/** The wizard on this terminal, in the console's runner and theme; resolves with the file written, or null when cancelled. */
export async function runWizard(opts: RunWizardOptions): Promise<{ written: string } | null> {
  const result: { outcome: WizardOutcome } = { outcome: { kind: 'cancelled' } };
  const io = fileIO(opts.out);
  const store = createWizardStore({ out: opts.out, overwrite: opts.overwrite === true });
  const theme = { color: !opts.noColor, ascii: wantsAscii(process.env) };
  await runFullScreen({
    mount: (screen, size) => {
      const done = (o: WizardOutcome) => {
        result.outcome = o;
        screen.exit();
      };
      return (
        <Wizard
          out={opts.out}
          io={io}
          store={store}
          theme={theme}
          onDone={done}
          onRedraw={screen.redraw}
          columns={size.cols}
          rows={size.rows}
        />
      );
    },
  });
  const { outcome } = result;
  return outcome.kind === 'written' ? { written: outcome.path } : null;
}
