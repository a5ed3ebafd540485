// Where a refused New... form shows why: under the field the refusal is about (a duplicate name under Name),
// in the model's own words, rather than under whichever field the cursor was on, with a model path.
import { applyEdit, type Edit } from '../model/edits/index.js';
import type { Model } from '../model/schema.js';
import type { FormSpec } from './tree-types.js';

/** The field of `form` a refused `edit` is about, and the message to show there; undefined: none owns it. */
export function refusalField(form: FormSpec, model: Model, edit: Edit): { field: number; message: string } | undefined {
  const r = applyEdit(model, edit);
  if (r.ok) return undefined;
  for (const p of r.problems) {
    const field = form.fields.findIndex((f) => f.owns?.test(p.path));
    if (field >= 0) return { field, message: p.message };
  }
  return undefined;
}
