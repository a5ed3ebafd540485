// The pure half of the plan/apply operation (operation.ts): its refusals and the typed confirmation a plan
// asks for. The console's Plan/Apply view uses these at start; they import neither the executors (execa) nor
// the settings (conf), which operation.ts loads and which the console's first frame does not need.
import type { Model } from '../../model/schema.js';
import { validate } from '../../model/rules/index.js';
import type { Plan } from '../types.js';
import { modelFingerprint } from './fingerprint.js';
import { planDeletes } from './render.js';

export type RefusalKind =
  | 'settings'
  | 'target'
  | 'validation'
  | 'unsaved'
  | 'unobservable'
  | 'confirmation'
  | 'locked'
  | 'stale'
  | 'secret'
  | 'journal';

export interface Refusal {
  kind: RefusalKind;
  targetId: string;
  /** One sentence (or two) saying what was refused and why; always "nothing was applied" for apply. */
  message: string;
  /** validation: the error rules found (what --allow-errors must list). */
  rules?: string[];
  /** confirmation: what had to be typed. */
  expected?: string;
}

/** The typed confirmation: "yes", or the target's id when the plan deletes anything. */
export interface ConfirmRequest {
  targetId: string;
  expected: string;
  deletes: boolean;
  count: number;
  prompt: string;
}

export function confirmationFor(plan: Plan): ConfirmRequest {
  const deletes = planDeletes(plan.changes);
  return deletes
    ? {
        targetId: plan.targetId,
        expected: plan.targetId,
        deletes,
        count: plan.changes.length,
        prompt: `This plan deletes or removes entries on target ${plan.targetId}. Type the target's id (${plan.targetId}) to apply: `,
      }
    : {
        targetId: plan.targetId,
        expected: 'yes',
        deletes,
        count: plan.changes.length,
        prompt: `Apply these ${plan.changes.length} change(s) to ${plan.targetId}? Type yes to apply: `,
      };
}

/** The model's error findings as a refusal, unless every error rule is in `allowErrors`. Pure (the console uses it). */
export function validationRefusal(model: Model, targetId: string, allowErrors: readonly string[] = []): Refusal | undefined {
  const errors = validate(model).filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  const rules = [...new Set(errors.map((f) => f.rule))];
  if (rules.every((r) => allowErrors.includes(r))) return undefined;
  return {
    kind: 'validation',
    targetId,
    rules,
    message: `the model has validation errors (${errors
      .slice(0, 5)
      .map((f) => `${f.rule} at ${f.path}`)
      .join(
        '; ',
      )}${errors.length > 5 ? `; ${errors.length - 5} more` : ''}); apply never puts a mail loop or an open relay on real servers; nothing was applied`,
  };
}

/** A plan made from another model, or for another target, as a refusal. Pure. */
export function stalePlanRefusal(model: Model, targetId: string, plan: Plan, adapterId?: string): Refusal | undefined {
  if (plan.targetId !== targetId || (adapterId !== undefined && plan.adapter !== adapterId)) {
    return {
      kind: 'stale',
      targetId,
      message: `the plan is for target ${plan.targetId} (${plan.adapter}), not ${targetId}${adapterId ? ` (${adapterId})` : ''}; nothing was applied`,
    };
  }
  if (plan.modelFingerprint !== modelFingerprint(model)) {
    return {
      kind: 'stale',
      targetId,
      message: `target ${targetId}: the plan is stale: the model changed since the plan was made; run plan again. Nothing was applied.`,
    };
  }
  return undefined;
}

/** The message a view shows for a refusal, with the remedy that fits it (CLI flags or console keys). */
export function refusalText(r: Refusal, view: 'cli' | 'console'): string {
  if (r.kind === 'validation' && r.rules) {
    return view === 'cli'
      ? `${r.message}. Fix them, or confirm by typing the rule ids: --allow-errors ${r.rules.join(',')}`
      : `${r.message}. Fix them first (the findings pane lists them)`;
  }
  return r.message;
}
