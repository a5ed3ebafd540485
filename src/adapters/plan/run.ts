// Planning and applying one target with a given executor (the lab and the adapter tests use these; the CLI
// and the console go through operation.ts, which adds settings, logs, journal and the typed refusals).
// applyReviewedPlan applies exactly a reviewed plan under the same rules as the operation: never a model with
// validation errors, the target's apply lock held from the re-observe to the last step, and a plan whose
// model or observed state changed since it was made refused, like terraform's "Saved plan is stale".
import { modelFingerprint } from './fingerprint.js';
import type { Model, TargetT } from '../../model/schema.js';
import { type Adapter, AdapterError, type ApplyReport, type Executor, type Plan } from '../types.js';
import { adapterFor } from './target-executor.js';
import { applyUnderLock, stalePlanRefusal, validationRefusal } from './operation.js';
import type { ApplyOptions } from './apply.js';

export { modelFingerprint };
export { adapterFor, executorFor } from './target-executor.js';

export async function planTarget(model: Model, target: TargetT, executor: Executor, given?: Adapter): Promise<Plan> {
  const adapter = given ?? (await adapterFor(target));
  const observed = await adapter.observe(model, target, executor);
  const changes = adapter.plan(model, target, observed);
  const manual = adapter.manualSteps?.(model, target) ?? [];
  return {
    targetId: target.id,
    adapter: adapter.id,
    observedFingerprint: observed.fingerprint,
    modelFingerprint: modelFingerprint(model),
    changes,
    ...(manual.length > 0 ? { manual } : {}),
  };
}

export class StalePlanError extends AdapterError {}

/** Re-observes the target and applies the plan's changes only if nothing moved since the plan was made. */
export async function applyReviewedPlan(
  model: Model,
  target: TargetT,
  plan: Plan,
  executor: Executor,
  options: ApplyOptions & { allowErrors?: readonly string[] } = {},
  given?: Adapter,
): Promise<ApplyReport> {
  const adapter = given ?? (await adapterFor(target));
  const invalid = validationRefusal(model, target.id, options.allowErrors);
  if (invalid) throw new AdapterError(`target ${target.id}: ${invalid.message}`, target.id);
  const stale = stalePlanRefusal(model, target.id, plan, adapter.id);
  if (stale) throw new StalePlanError(stale.message, target.id);
  const r = await applyUnderLock(model, target, adapter, executor, plan, options);
  if ('refusal' in r)
    throw r.refusal.kind === 'stale' ? new StalePlanError(r.refusal.message, target.id) : new AdapterError(r.refusal.message, target.id);
  return r.report;
}
