import { countBySeverity, validate } from '../../model/rules/index.js';
import { EXIT, printJson, resolveModel } from '../io.js';
import type { Command } from './types.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the model against every rule of the seed (exit 1 on errors)',
  usage: 'coexist validate [--model FILE] [--json]',
  options: {},
  run({ modelPath, output }) {
    const source = resolveModel(modelPath);
    const findings = validate(source.model);
    const counts = countBySeverity(findings);
    if (output.json) {
      printJson(output, { model: source.label, ok: counts.errors === 0, ...counts, findings });
    } else {
      output.out(`${source.label}: ${counts.errors} error(s), ${counts.warnings} warning(s)`);
      for (const f of findings) {
        output.out(
          `${f.severity.toUpperCase().padEnd(7)} ${f.rule}  ${f.path}\n        ${f.message}\n        fix: ${f.fix}\n        seed: ${f.seed}`,
        );
      }
    }
    return counts.errors > 0 ? EXIT.findings : EXIT.ok;
  },
};
