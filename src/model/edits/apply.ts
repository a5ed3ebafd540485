// Accepting an edit: the edited model must pass the same checks as a file load (schema and integrity),
// or the edit is refused with the problems and where they are.
import { checkModel } from '../load.js';
import type { Model } from '../schema.js';

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
  const check = checkModel(next);
  if (!check.ok) return { ok: false, problems: check.problems };
  return { ok: true, model: next };
}
