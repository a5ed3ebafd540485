// The work of `coexist plan`, loaded only when it runs (plan.ts is its entry in the command table).
// coexist plan: observe each target, diff against the model, print the plan (+ ~ -) and optionally save it.
// Exit codes: 0 the plan was made (with or without changes), 1 the plan is rejected (the model has
// validation errors, so apply would refuse it, or a target could not be observed), 2 unusable input.
import { validate } from '../../model/rules/index.js';
import type { Model, TargetT } from '../../model/schema.js';
import { planApplyOperation, refusalText } from '../../adapters/plan/operation.js';
import { writePlanFile } from '../../adapters/plan/planfile.js';
import { renderPlan } from '../../adapters/plan/render.js';
import type { Plan } from '../../adapters/types.js';
import { WriteError } from '../../persistence/index.js';
import { SettingsStore } from '../../settings/store.js';
import { CliError, EXIT, printJson, resolveModel } from '../io.js';
import type { CommandContext } from './types.js';

export function selectTargets(model: Model, wanted: string | undefined): TargetT[] {
  if (model.targets.length === 0) {
    throw new CliError(
      'the model has no targets: add one under targets (id, adapter, server, connection, options) to plan or apply; `coexist export` works without',
      EXIT.unusable,
    );
  }
  if (wanted === undefined) return model.targets;
  const t = model.targets.find((x) => x.id === wanted);
  if (!t) throw new CliError(`no target "${wanted}" in the model (targets: ${model.targets.map((x) => x.id).join(', ')})`, EXIT.unusable);
  return [t];
}

export function errorFindings(model: Model) {
  return validate(model).filter((f) => f.severity === 'error');
}

export function openSettingsOrFail(): SettingsStore {
  try {
    return new SettingsStore();
  } catch (e) {
    throw new CliError(`cannot open the per-user settings: ${(e as Error).message}`, EXIT.unusable);
  }
}

export async function runPlan({ modelPath, output, values }: CommandContext): Promise<number> {
  const source = resolveModel(modelPath);
  const targets = selectTargets(source.model, typeof values.target === 'string' ? values.target : undefined);
  const settings = openSettingsOrFail();
  const operation = planApplyOperation({ settings: () => settings });
  const plans: Plan[] = [];
  const failures: { target: string; error: string; refusal: string }[] = [];
  const interrupted: { target: string; warning: string }[] = [];
  for (const target of targets) {
    const r = await operation.plan(source.model, target.id);
    if (!r.ok) {
      failures.push({ target: target.id, error: refusalText(r.refusal, 'cli'), refusal: r.refusal.kind });
      continue;
    }
    plans.push(r.plan);
    if (r.interrupted) interrupted.push({ target: target.id, warning: r.interrupted });
  }
  const errors = errorFindings(source.model);
  if (typeof values.out === 'string' && failures.length === 0) {
    try {
      writePlanFile(values.out, source.label, plans);
    } catch (e) {
      if (e instanceof WriteError) throw new CliError(e.message, EXIT.findings);
      throw e;
    }
  }
  if (output.json) {
    printJson(output, {
      model: source.label,
      ok: failures.length === 0 && errors.length === 0,
      plans: plans.map((p) => ({
        ...p,
        changes: p.changes.map((c) => ({
          action: c.action,
          object: c.object,
          details: c.details ?? [],
          commands: c.commands.map((k) => ({ argv: k.argv, description: k.description, secrets: k.secrets ?? [] })),
        })),
      })),
      failures,
      interrupted,
      validationErrors: errors.map((f) => ({ rule: f.rule, path: f.path, message: f.message })),
      savedTo: typeof values.out === 'string' && failures.length === 0 ? values.out : null,
    });
  } else {
    for (const w of interrupted) output.err(`coexist: warning: ${w.warning}`);
    for (const p of plans) output.out(renderPlan(p, { commands: values.commands === true }));
    for (const f of failures) output.err(`coexist: ${f.error}`);
    if (errors.length > 0) {
      output.err(
        `coexist: the model has ${errors.length} validation error(s) (${[...new Set(errors.map((f) => f.rule))].join(', ')}); apply refuses it unless --allow-errors lists them. See coexist validate.`,
      );
    }
    if (typeof values.out === 'string') {
      output.out(
        failures.length === 0
          ? `Plan saved to ${values.out}; apply it with: coexist apply --plan ${values.out}`
          : 'No plan saved: a target could not be planned.',
      );
    }
  }
  return failures.length > 0 || errors.length > 0 ? EXIT.findings : EXIT.ok;
}
