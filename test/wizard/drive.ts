// Drives the wizard in ink-testing-library like a person at the keyboard: one key (or one typed string)
// at a time, waiting for the frame it causes, then one more tick so input is never lost after a mount.
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { Wizard, type WizardIO, type WizardOutcome } from '../../src/screens/wizard/Wizard.js';
import type { SetupAnswers } from '../../src/model/setup/index.js';

export const KEY = {
  enter: '\r',
  tab: '\t',
  shiftTab: '\x1b[Z',
  esc: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

async function waitFor(cond: () => boolean, what: () => string, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export function startWizard(opts: {
  out: string;
  io: WizardIO;
  answers?: SetupAnswers;
  rows?: number;
  columns?: number;
  overwrite?: boolean;
}) {
  const outcomes: WizardOutcome[] = [];
  const ui = render(
    createElement(Wizard, {
      out: opts.out,
      io: opts.io,
      onDone: (o: WizardOutcome) => {
        outcomes.push(o);
      },
      theme: { color: false, ascii: true },
      rows: opts.rows ?? 24,
      columns: opts.columns ?? 80,
      ...(opts.overwrite ? { overwrite: true } : {}),
      ...(opts.answers ? { answers: opts.answers } : {}),
    }),
  );
  const frame = () => ui.lastFrame() ?? '';
  return {
    ui,
    frame,
    outcomes,
    /** Press keys one at a time; each must change the screen. */
    async press(...keys: string[]) {
      for (const k of keys) {
        const n = ui.frames.length;
        ui.stdin.write(k);
        await waitFor(
          () => ui.frames.length > n,
          () => `no new frame after ${JSON.stringify(k)}\n${frame()}`,
        );
        await new Promise((r) => setImmediate(r));
      }
      return frame();
    },
    async type(text: string) {
      return this.press(text);
    },
    async waitForText(text: string | RegExp, ms = 3000) {
      await waitFor(
        () => (typeof text === 'string' ? frame().includes(text) : text.test(frame())),
        () => `waiting for ${text}\n${frame()}`,
        ms,
      );
      return frame();
    },
    async waitForOutcome(ms = 3000) {
      await waitFor(
        () => outcomes.length > 0,
        () => `no outcome\n${frame()}`,
        ms,
      );
      return outcomes[0]!;
    },
  };
}
