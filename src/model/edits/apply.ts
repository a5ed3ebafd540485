// Accepting an edit: the edited model must pass the same checks as a file load (schema and integrity),
// or the edit is refused with the problems and where they are.
import type { ZodType } from 'zod';
import { checkIntegrity } from '../integrity.js';
import { checkModel } from '../load.js';
import { Client, ModelSchema, Target, User, type Model } from '../schema.js';

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

const SHAPE = ModelSchema.shape as Record<string, ZodType>;
/** Top-level lists checked item by item: an edit of one user in 10,000 should not re-check the others. */
const ITEMS: Record<string, ZodType> = { users: User, clients: Client, targets: Target };

/**
 * The quick check after an edit of a model known to be valid: the schema for the parts the edit replaced
 * (unchanged parts are the same objects), then the cross-references in full. Refusals go to checkModel.
 */
function changedPartsValid(before: Model, next: Model): boolean {
  if (typeof next !== 'object' || next === null) return false;
  const b = before as unknown as Record<string, unknown>;
  const n = next as unknown as Record<string, unknown>;
  if (Object.keys(n).some((k) => !(k in SHAPE))) return false;
  for (const key of Object.keys(SHAPE)) {
    if (n[key] === b[key]) continue;
    const item = ITEMS[key];
    if (item && Array.isArray(n[key]) && Array.isArray(b[key])) {
      const old = new Set(b[key] as unknown[]);
      if ((n[key] as unknown[]).some((x) => !old.has(x) && !item.safeParse(x).success)) return false;
    } else if (!SHAPE[key]!.safeParse(n[key]).success) {
      return false;
    }
  }
  return checkIntegrity(next).length === 0;
}
