// Accepting an edit: the edited model must pass the same checks as a file load (schema and integrity),
// or the edit is refused with the problems and where they are.
import type { ZodType } from 'zod';
import { checkIntegrity } from '../integrity.js';
import { checkModel } from '../check.js';
import { ModelSchema, type Model } from '../schema.js';

export type Edit = (model: Model) => Model;

export interface EditProblem {
  path: string;
  message: string;
}

export type EditResult = { ok: true; model: Model } | { ok: false; problems: EditProblem[] };

/**
 * Apply an edit and validate the result. The accepted model is the edit's own object (structural
 * sharing is kept); values inside it must already be in their normal form (see the field parsers).
 */
export function applyEdit(model: Model, edit: Edit): EditResult {
  let next: Model;
  try {
    next = edit(model);
  } catch (e) {
    return { ok: false, problems: [{ path: '(edit)', message: (e as Error).message }] };
  }
  if (next === model) return { ok: true, model };
  if (checked.has(model) && changedPartsValid(model, next)) {
    checked.add(next);
    return { ok: true, model: next };
  }
  // The full check, also for the exact problems when the quick one refuses.
  const check = checkModel(next);
  if (!check.ok) return { ok: false, problems: check.problems };
  checked.add(next);
  return { ok: true, model: next };
}

/** Models that passed the full checks (models are immutable: an accepted object stays valid). */
const checked = new WeakSet<Model>();

/**
 * The quick check after an edit of a model known to be valid: the schema for the parts the edit replaced
 * (unchanged parts are the same objects, and the check descends into changed objects and lists so that
 * toggling one flag re-checks that flag, not the whole organisation), then the cross-references in
 * full. Refusals go to checkModel for the exact problems.
 */
function changedPartsValid(before: Model, next: Model): boolean {
  return changedValid(ModelSchema, before, next) && checkIntegrity(next).length === 0;
}

interface Def {
  type: string;
  innerType?: ZodType;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  checks?: unknown[];
  catchall?: ZodType;
}

const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Wrappers whose inner schema applies to any value but undefined. */
const WRAPPERS = new Set(['default', 'prefault', 'optional']);

/** Whether `next` passes `schema`, given that `before` did: only what differs from `before` is parsed. */
function changedValid(schema: ZodType, before: unknown, next: unknown): boolean {
  if (next === before) return true;
  let def = defOf(schema);
  while (WRAPPERS.has(def.type) && next !== undefined && def.innerType) {
    schema = def.innerType;
    def = defOf(schema);
  }
  if (def.checks?.length) return schema.safeParse(next).success;
  if (
    def.type === 'object' &&
    def.shape &&
    isPlainObject(next) &&
    isPlainObject(before) &&
    defOf(def.catchall ?? schema).type === 'never'
  ) {
    const shape = def.shape;
    if (Object.keys(next).some((k) => !(k in shape))) return false;
    return Object.keys(shape).every((k) => changedValid(shape[k]!, before[k], next[k]));
  }
  if (def.type === 'array' && def.element && Array.isArray(next) && Array.isArray(before)) {
    const element = def.element;
    const old = new Set(before);
    return next.every((item, i) => old.has(item) || changedValid(element, before[i], item));
  }
  return schema.safeParse(next).success;
}
