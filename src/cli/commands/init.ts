import { writeNewModelFile, ModelFileError } from '../../persistence/index.js';
import { countBySeverity, validate } from '../../model/rules/index.js';
import { SCENARIOS, scenarioModel, type ScenarioId } from '../../model/scenarios.js';
import { buildModel, checkAnswers, type FieldProblem } from '../../model/setup/index.js';
import type { Model } from '../../model/schema.js';
import { CliError, DEFAULT_MODEL_FILE, EXIT, printJson, type Output } from '../io.js';
import { setupThenConsole } from '../setup-console.js';
import { PAGE_OPTIONS, answersFromFlags, flagOf, hasPageFlags, type Values } from './init-flags.js';
import type { Command } from './types.js';

function write(out: string, model: Model, force: boolean): string {
  try {
    return writeNewModelFile(out, model, { overwrite: force }).path;
  } catch (e) {
    if (e instanceof ModelFileError) throw new CliError(e.message, EXIT.unusable, e.problems);
    throw e;
  }
}

function report(output: Output, out: string, file: string, model: Model, from: string, warnings: FieldProblem[], values: Values): void {
  const counts = countBySeverity(validate(model));
  if (output.json) {
    printJson(output, {
      ok: true,
      file,
      scenario: model.scenario,
      from,
      users: model.users.length,
      ...counts,
      setupWarnings: warnings.map((w) => ({ flag: flagOf(w, values), message: w.message })),
    });
    return;
  }
  for (const w of warnings) output.err(`warning: ${flagOf(w, values)}: ${w.message}`);
  output.out(
    `wrote ${out} (${model.scenario}, ${from}; ${counts.errors} error(s), ${counts.warnings} warning(s)); next: coexist validate --model ${out}`,
  );
}

function fromFlags(values: Values, out: string, output: Output): number {
  const flags = answersFromFlags(values);
  // The flags' own problems and the answers' problems together: one run shows everything to fix.
  const answerErrors = checkAnswers(flags.answers).filter((p) => p.severity === 'error' && !flags.skip(p.field));
  const messages = [...flags.messages, ...answerErrors.map((p) => `${flagOf(p, values, flags.exchangeSpecs)}: ${p.message}`)];
  if (messages.length > 0) throw new CliError(`init: nothing written:\n  ${messages.join('\n  ')}`);
  const built = buildModel(flags.answers);
  if (!built.ok)
    throw new CliError(
      `init: nothing written:\n  ${built.problems.map((p) => `${flagOf(p, values, flags.exchangeSpecs)}: ${p.message}`).join('\n  ')}`,
    );
  const file = write(out, built.model, values.force === true);
  report(output, out, file, built.model, `${built.model.users.length} user(s)`, built.warnings, values);
  return EXIT.ok;
}

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a new model file: the guided setup on a terminal, or from a built-in scenario or flags',
  usage: [
    'coexist init [--out FILE] [--force]                  guided setup (needs a terminal)',
    "       coexist init --scenario shared-domain|separate-domains [--out FILE] [--force]   the seed's example",
    '       coexist init --scenario S --shared-domain D --exchange NAME=FQDN/IP [--exchange ...] --pop3 NAME=FQDN/IP',
    '                    --relay-method M [--service-account DOMAIN\\user] [--users FILE.csv] [page options] [--out FILE]',
  ].join('\n'),
  options: {
    scenario: { type: 'string', value: 'shared-domain|separate-domains', help: 'the seed scenario' },
    ...PAGE_OPTIONS,
    out: { type: 'string', value: 'FILE', help: `where to write the model (default: ${DEFAULT_MODEL_FILE})` },
    force: { type: 'boolean', help: 'replace an existing file (a .bak copy is kept)' },
  },
  async run({ values, output, interactive, noColor, args }) {
    if (args.length > 0) throw new CliError(`init: unexpected argument "${args[0]}"; run coexist init --help`);
    const out = typeof values.out === 'string' ? values.out : DEFAULT_MODEL_FILE;
    if (hasPageFlags(values)) return fromFlags(values, out, output);
    const scenario = values.scenario;
    if (typeof scenario !== 'string') {
      if (!interactive || output.json) {
        throw new CliError(
          "init needs a terminal for the guided setup; without one, give --scenario shared-domain|separate-domains (the seed's example) and the page options (coexist init --help)",
        );
      }
      return setupThenConsole(out, noColor, output, values.force === true);
    }
    if (!SCENARIOS.includes(scenario as ScenarioId)) throw new CliError(`--scenario "${scenario}": expected ${SCENARIOS.join(' or ')}`);
    const model = scenarioModel(scenario as ScenarioId);
    const file = write(out, model, values.force === true);
    report(output, out, file, model, "the seed's example", [], values);
    return EXIT.ok;
  },
};
