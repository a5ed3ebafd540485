// The work of `coexist plan`, loaded only when it runs (plan.ts is its entry in the command table).
// coexist plan: observe each target, diff against the model, print the plan (+ ~ -) and optionally save it.
// Exit codes: 0 the plan was made (with or without changes), 1 the plan is rejected (the model has
// validation errors, so apply would refuse it, or a target could not be observed), 2 unusable input.
import { validate } from '../../model/rules/index.js';
import type { Model, TargetT } from '../../model/schema.js';
import { planApplyOperation, refusalText, type PlanOutcome } from '../../adapters/plan/operation.js';
import { writePlanFile } from '../../adapters/plan/planfile.js';
import { renderPlan } from '../../adapters/plan/render.js';
import type { Plan } from '../../adapters/types.js';
import { WriteError } from '../../persistence/index.js';
import { SettingsStore } from '../../settings/store.js';
import { CliError, EXIT, printJson, resolveModel } from '../io.js';
import { parallelOption, runBounded } from '../targets-parallel.js';
import type { CommandContext } from './types.js';

/** The one line a target gets on stderr when it is planned (plan of several targets). */
function planProgress(n: number, total: number, targetId: string, r: PlanOutcome, ms: number): string {
  const what = !r.ok
    ? `not planned (${r.refusal.kind}; the reason is printed below)`
    : r.plan.changes.length === 0
      ? 'no changes'
      : `${r.plan.changes.length} change(s)`;
  return `plan [${n}/${total}] ${targetId}: ${what} (${(ms / 1000).toFixed(1)} s)`;
}

export function selectTargets(model: Model, wanted: string | undefined, all = false): TargetT[] {
  if (all && wanted !== undefined)
    throw new CliError(
      '--all and --target contradict each other: --all works on every target of the model, --target on one',
      EXIT.unusable,
    );
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
  const targets = selectTargets(source.model, typeof values.target === 'string' ? values.target : undefined, values.all === true);
  const parallel = parallelOption(values.parallel);
  const settings = openSettingsOrFail();
  const operation = planApplyOperation({ settings: () => settings });
  const plans: Plan[] = [];
  const failures: { target: string; error: string; refusal: string }[] = [];
  const interrupted: { target: string; warning: string }[] = [];
  // Targets are observed in parallel (each waits on its own server), printed in the model's order.
  const progress = targets.length > 1 && !output.json;
  let finished = 0;
  const outcomes = await runBounded(targets, parallel, async (target) => {
    const started = performance.now();
    const r = await operation.plan(source.model, target.id);
    if (progress) output.err(planProgress(++finished, targets.length, target.id, r, performance.now() - started));
    return r;
  });
  for (const [i, target] of targets.entries()) {
    const r = outcomes[i]!;
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
