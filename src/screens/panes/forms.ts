// Typing in a form (New..., the trace dialog, Save as, the apply confirmation) and in the tree filter;
// what a completed form does.
import { flatten, nodeIndex } from '../tree-state.js';
import { originText, type FormState, type State } from '../state.js';
import { addEffect, flash } from '../effects.js';
import { editText, inputCommandId } from '../input/text-input.js';
import { startApply } from '../ops/reducer.js';
import { refusalField } from '../form-refusal.js';
import { commit, moveTo, reveal, rootsOf, selectNewRow, setView, viewState } from './core.js';

export function formInput(s: State, key: string): State {
  const f = s.overlay as FormState;
  const id = inputCommandId(key);
  const goField = (field: number): State => ({
    ...s,
    overlay: { ...f, field, cursor: f.values[field]!.length, refused: undefined } as FormState,
  });
  if (id === 'input.cancel') return { ...s, overlay: null };
  if (id === 'input.nextField') return goField((f.field + 1) % f.values.length);
  if (id === 'input.prevField') return goField((f.field - 1 + f.values.length) % f.values.length);
  if (id === 'input.commit') {
    if (f.field < f.values.length - 1) return goField(f.field + 1);
    const parsed = f.form.fields.map((field, i) => field.parse(f.values[i]!));
    const bad = parsed.findIndex((p) => !p.ok);
    if (bad >= 0) {
      const p = parsed[bad]!;
      return { ...s, overlay: { ...f, field: bad, cursor: f.values[bad]!.length, refused: p.ok ? undefined : p.error } as FormState };
    }
    const values = parsed.map((p) => (p.ok ? p.value : undefined));
    return submitForm({ ...s, overlay: null }, f, values);
  }
  const next = editText({ text: f.values[f.field]!, cursor: f.cursor }, key);
  if (!next) return s;
  const values = f.values.slice();
  values[f.field] = next.text;
  return { ...s, overlay: { ...f, values, cursor: next.cursor, refused: undefined } as FormState };
}

/** After New... in the tree, select the node that appeared. */
function selectCreated(after: State, before: State): State {
  const old = nodeIndex(rootsOf(before));
  for (const id of nodeIndex(rootsOf(after)).keys()) {
    if (!old.has(id)) return reveal(after, after.viewId, id);
  }
  return after;
}

function submitForm(s: State, f: FormState, values: unknown[]): State {
  switch (f.purpose.kind) {
    case 'edit': {
      const edit = f.form.submit(values);
      const r = commit(s, edit, `${f.form.title}: ${String(values[0] ?? '')}`);
      if (typeof r === 'string') {
        const at = refusalField(f.form, s.model, edit);
        const overlay: FormState = at
          ? { ...f, field: at.field, cursor: f.values[at.field]!.length, refused: at.message }
          : { ...f, refused: r };
        return flash({ ...s, overlay }, `Refused: ${at?.message ?? r}`, 'error');
      }
      return r.sheet ? selectNewRow(r, s) : selectCreated(r, s);
    }
    case 'preview': {
      const [recipient, origin, sender, via] = values as [
        string,
        State['preview']['message']['origin'],
        string | undefined,
        string | undefined,
      ];
      const message = { recipient, origin, ...(sender ? { sender } : {}), ...(via ? { via } : {}) };
      return flash(
        { ...s, preview: { message, mode: 'trace', cursor: 0 } },
        `Tracing ${recipient} from ${originText(origin)}${via ? ` via ${via}` : ''}${sender ? `, MAIL FROM ${sender}` : ''}`,
      );
    }
    case 'saveAs':
      return addEffect(s, { kind: 'save', path: values[0] as string, thenQuit: f.purpose.thenQuit });
    case 'apply':
      return startApply(s, f.purpose.targetId);
  }
}

export function filterInput(s: State, key: string): State {
  const vs = viewState(s);
  const id = inputCommandId(key);
  if (id === 'input.cancel') return moveTo({ ...setView(s, { filter: '' }), overlay: null }, 0);
  if (id === 'input.commit') return { ...s, overlay: null };
  const next = editText({ text: vs.filter, cursor: (s.overlay as { cursor: number }).cursor }, key);
  if (!next) return s;
  const updated = { ...setView(s, { filter: next.text, top: 0 }), overlay: { kind: 'filter' as const, cursor: next.cursor } };
  const flat = flatten(rootsOf(updated), vs.expanded, next.text);
  const firstMatch = flat.rows.findIndex((r) => next.text && r.node.label.toLowerCase().includes(next.text.toLowerCase()));
  return moveTo(updated, Math.max(firstMatch, 0));
}
