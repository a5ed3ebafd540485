import { writeNewModelFile, ModelFileError } from '../../model/file.js';
import { SCENARIOS, scenarioModel, type ScenarioId } from '../../model/scenarios.js';
import { CliError, DEFAULT_MODEL_FILE, EXIT, printJson } from '../io.js';
import type { Command } from './types.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a new model file from a built-in scenario',
  usage: 'coexist init --scenario shared-domain|separate-domains [--out FILE] [--force]',
  options: {
    scenario: { type: 'string', value: 'shared-domain|separate-domains', help: 'the seed scenario to start from' },
    out: { type: 'string', value: 'FILE', help: `where to write the model (default: ${DEFAULT_MODEL_FILE})` },
    force: { type: 'boolean', help: 'replace an existing file (a .bak copy is kept)' },
  },
  run({ values, output }) {
    const scenario = values.scenario;
    if (typeof scenario !== 'string') throw new CliError('init needs --scenario shared-domain or --scenario separate-domains');
    if (!SCENARIOS.includes(scenario as ScenarioId)) throw new CliError(`--scenario "${scenario}": expected ${SCENARIOS.join(' or ')}`);
    const out = typeof values.out === 'string' ? values.out : DEFAULT_MODEL_FILE;
    try {
      const written = writeNewModelFile(out, scenarioModel(scenario as ScenarioId), { overwrite: values.force === true });
      if (output.json) printJson(output, { ok: true, file: written.path, scenario });
      else output.out(`wrote ${out} (${scenario}); next: coexist validate --model ${out}`);
    } catch (e) {
      if (e instanceof ModelFileError) throw new CliError(e.message, EXIT.unusable, e.problems);
      throw e;
    }
    return EXIT.ok;
  },
};
