// The guided setup on a terminal, then the console on the file it wrote (issue 4: Finish opens the console).
import { EXIT, type Output } from './io.js';

export async function setupThenConsole(out: string, noColor: boolean, output: Output, overwrite = false): Promise<number> {
  const { runWizard } = await import('../screens/wizard/run.js');
  const result = await runWizard({ out, noColor, overwrite });
  if (!result) {
    output.err('coexist: setup cancelled; nothing written (coexist --example opens the built-in example)');
    return EXIT.unusable;
  }
  output.out(`wrote ${result.written}`);
  const { runConsole } = await import('../screens/run.js');
  return runConsole({ modelPath: out, noColor });
}
