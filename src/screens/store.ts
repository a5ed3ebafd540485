// The reducer: every key goes through here (several keys in one chunk each see the previous key's
// state). Pure: saving and quitting are queued as effects that the App runs.
import type { LoadedModel } from '../model/file.js';
import { applyEdit, type Edit } from '../model/edits/index.js';
import type { Model } from '../model/schema.js';
import { commandFor, commandIn, type CommandDef } from './commands.js';
import { computeLayout } from './layout.js';
import { editText } from './input/text-input.js';
import { findingsOf, flowsOf, locateNode, traceOf } from './derive.js';
import { ancestors, flatten, nodeIndex, rowForPath } from './tree-state.js';
import { selectable, type FormSpec, type Row, type SheetDef, type TreeNode } from './tree-types.js';
import { VIEWS, viewById, viewTree } from './views/index.js';
import {
  initialViewState, isDirty, originText, type ConfirmAction, type ConfirmState, type Focus, type FormPurpose, type FormState, type SheetState,
  type State, type TextEdit, type ViewState,
} from './state.js';
import { previewForm } from './preview-form.js';
import { addEffect, flash } from './effects.js';
import { opsCommand, opsEvent, startApply } from './ops/reducer.js';
import type { OpsEvent } from './ops/state.js';

export type Action =
  | { type: 'key'; name: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'saved'; loaded: LoadedModel; model: Model; thenQuit: boolean }
  | { type: 'saveFailed'; message: string }
  | { type: 'effectDone'; id: number }
  | { type: 'flash'; text: string }
  | { type: 'ops'; event: OpsEvent };

const UNDO_LIMIT = 500;

// ---------------------------------------------------------------- small helpers

const layoutOf = (s: State) => computeLayout(s.cols, s.rows);
const viewState = (s: State): ViewState => s.views[s.viewId]!;
const rootsOf = (s: State, viewId = s.viewId) => viewTree(viewById(viewId), s.model);
const setView = (s: State, vs: Partial<ViewState>, viewId = s.viewId): State => ({ ...s, views: { ...s.views, [viewId]: { ...s.views[viewId]!, ...vs } } });

export function selectedNode(s: State): TreeNode | undefined {
  return nodeIndex(rootsOf(s)).get(viewState(s).selected)?.node;
}

export function sheetOf(s: State): SheetDef | undefined {
  if (!s.sheet) return undefined;
  return nodeIndex(rootsOf(s, s.sheet.viewId)).get(s.sheet.nodeId)?.node.sheet?.();
}

function clampTop(top: number, index: number, height: number, total: number): number {
  let t = top;
  if (index < t) t = index;
  if (index >= t + height) t = index - height + 1;
  return Math.max(0, Math.min(t, Math.max(0, total - height)));
}

function problemsText(problems: { path: string; message: string }[]): string {
  const p = problems[0];
  if (!p) return 'refused';
  return `${p.path === '(edit)' ? '' : `${p.path}: `}${p.message}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`;
}

// ---------------------------------------------------------------- model changes

/**
 * A view's state for the current model. Created (tree built) when the view is first shown. A view that
 * was hidden while the model changed gets its selection moved to the nearest ancestor that survived,
 * found in the tree of the model the selection was last checked against: hidden views cost nothing
 * per edit.
 */
function syncView(s: State, viewId: string): State {
  const vs = s.views[viewId];
  if (!vs) return { ...s, views: { ...s.views, [viewId]: initialViewState(s.model, viewId) } };
  if (vs.model === s.model) return s;
  const view = viewById(viewId);
  const now = nodeIndex(viewTree(view, s.model));
  let selected = vs.selected;
  if (!now.has(selected)) {
    const old = nodeIndex(viewTree(view, vs.model));
    let id: string | undefined = old.get(selected)?.parent;
    while (id !== undefined && !now.has(id)) id = old.get(id)?.parent;
    selected = id ?? viewTree(view, s.model)[0]?.id ?? '';
  }
  return setView(s, { selected, model: s.model }, viewId);
}

/** After the model changed: the view on screen keeps its selection on a node that still exists. */
function fixSelections(s: State): State {
  let next = syncView(s, s.viewId);
  if (next.sheet && !nodeIndex(rootsOf(next, next.sheet.viewId)).get(next.sheet.nodeId)?.node.sheet) next = { ...next, sheet: null, focus: 'tree' };
  return next;
}

/** Apply an edit: validated, pushed on the undo stack. Returns the refusal message instead on failure. */
function commit(s: State, edit: Edit, label: string): State | string {
  const r = applyEdit(s.model, edit);
  if (!r.ok) return problemsText(r.problems);
  if (r.model === s.model) return s;
  // The findings cursor is clamped where findings are shown or used: on a large model they are computed after the frame.
  const next: State = { ...s, model: r.model, undo: [...s.undo.slice(-(UNDO_LIMIT - 1)), { model: s.model, label }], redo: [] };
  return flash(fixSelections(next), `${label} (z undoes)`);
}

function undo(s: State): State {
  const last = s.undo[s.undo.length - 1];
  if (!last) return flash(s, 'Nothing to undo');
  const next: State = { ...s, model: last.model, undo: s.undo.slice(0, -1), redo: [...s.redo, { model: s.model, label: last.label }] };
  return flash(fixSelections(next), `Undone: ${last.label}`);
}

function redo(s: State): State {
  const last = s.redo[s.redo.length - 1];
  if (!last) return flash(s, 'Nothing to redo');
  const next: State = { ...s, model: last.model, redo: s.redo.slice(0, -1), undo: [...s.undo, { model: s.model, label: last.label }] };
  return flash(fixSelections(next), `Redone: ${last.label}`);
}

// ---------------------------------------------------------------- tree

function moveTo(s: State, index: number): State {
  const vs = viewState(s);
  const flat = flatten(rootsOf(s), vs.expanded, vs.filter);
  if (flat.rows.length === 0) return s;
  const i = Math.max(0, Math.min(flat.rows.length - 1, index));
  const h = layoutOf(s).treeRows - (s.overlay?.kind === 'filter' || vs.filter ? 1 : 0);
  return { ...setView(s, { selected: flat.rows[i]!.node.id, top: clampTop(vs.top, i, Math.max(1, h), flat.rows.length) }), detailsTop: 0 };
}

function currentIndex(s: State): number {
  const vs = viewState(s);
  return flatten(rootsOf(s), vs.expanded, vs.filter).position.get(vs.selected) ?? 0;
}

function setExpanded(s: State, id: string, open: boolean): State {
  const vs = viewState(s);
  if (vs.expanded.has(id) === open) return s;
  const expanded = new Set(vs.expanded);
  if (open) expanded.add(id);
  else expanded.delete(id);
  return setView(s, { expanded });
}

/** Select a node of a view: expand its ancestors, clear the filter, scroll it into view. */
function reveal(state: State, viewId: string, nodeId: string): State {
  const s = syncView(state, viewId);
  const roots = rootsOf(s, viewId);
  const expanded = new Set(s.views[viewId]!.expanded);
  for (const a of ancestors(roots, nodeId)) expanded.add(a);
  let next = setView({ ...s, viewId }, { expanded, filter: '', selected: nodeId }, viewId);
  const idx = currentIndex(next);
  const h = layoutOf(next).treeRows;
  next = setView(next, { top: Math.max(0, idx - Math.floor(h / 2)) }, viewId);
  return moveTo(next, idx);
}

function openSheet(s: State, node: TreeNode, at?: { tab: number; row: number }): State {
  const def = node.sheet?.();
  if (!def) return flash(s, `${node.label} has no properties to edit here`);
  const tab = at?.tab ?? 0;
  const rows = def.tabs[tab]?.rows ?? [];
  const row = at?.row ?? Math.max(0, rows.findIndex(selectable));
  const sheet: SheetState = { kind: 'sheet', viewId: s.viewId, nodeId: node.id, tab, row, top: 0 };
  return scrollSheet({ ...s, sheet, focus: 'sheet', overlay: null });
}

function parentCreate(s: State, node: TreeNode): FormSpec | undefined {
  const idx = nodeIndex(rootsOf(s));
  for (let id: string | undefined = node.id; id !== undefined; id = idx.get(id)?.parent) {
    const c = idx.get(id)?.node.create;
    if (c) return c;
  }
  return undefined;
}

function openForm(s: State, form: FormSpec, purpose: FormPurpose = { kind: 'edit' }): State {
  const values = form.fields.map((f) => f.initial ?? '');
  return { ...s, overlay: { kind: 'form', form, purpose, values, field: 0, cursor: values[0]!.length } };
}

function confirmRemove(s: State, what: string, edit: Edit, note?: string): State {
  const overlay: ConfirmState = {
    kind: 'confirm', title: 'Confirm delete',
    lines: [`Delete ${what}?`, ...(note ? [`(${note})`] : []), 'This changes the local model only; z undoes it.'],
    buttons: [{ label: 'Cancel', action: { kind: 'cancel' } }, { label: 'Delete', action: { kind: 'edit', edit, label: `Deleted ${what}` } }],
    choice: 0,
  };
  return { ...s, overlay };
}

function treeCommand(s: State, c: CommandDef): State {
  const vs = viewState(s);
  const flat = flatten(rootsOf(s), vs.expanded, vs.filter);
  const i = currentIndex(s);
  const node = flat.rows[i]?.node;
  const h = Math.max(1, layoutOf(s).treeRows - 1);
  switch (c.id) {
    case 'tree.down': return moveTo(s, i + 1);
    case 'tree.up': return moveTo(s, i - 1);
    case 'tree.top': return moveTo(s, 0);
    case 'tree.bottom': return moveTo(s, flat.rows.length - 1);
    case 'tree.pageDown': return moveTo(s, i + h);
    case 'tree.pageUp': return moveTo(s, i - h);
    case 'tree.expand': {
      if (!node || node.children.length === 0) return s;
      if (!flat.rows[i]!.expanded) return vs.filter ? s : setExpanded(s, node.id, true);
      return moveTo(s, i + 1);
    }
    case 'tree.collapse': {
      if (!node) return s;
      if (flat.rows[i]!.expanded && !vs.filter) return setExpanded(s, node.id, false);
      const parent = nodeIndex(rootsOf(s)).get(node.id)?.parent;
      const pi = parent === undefined ? undefined : flat.position.get(parent);
      return pi === undefined ? s : moveTo(s, pi);
    }
    case 'tree.open': {
      if (!node) return s;
      if (node.children.length > 0 && !vs.filter) return setExpanded(s, node.id, !flat.rows[i]!.expanded);
      return node.sheet ? openSheet(s, node) : s;
    }
    case 'node.properties': return node ? openSheet(s, node) : s;
    case 'node.new': {
      const form = node && parentCreate(s, node);
      return form ? openForm(s, form) : flash(s, 'Nothing can be created here; select a container such as Connectors or Users');
    }
    case 'node.delete': {
      if (!node?.remove) return flash(s, `${node?.label ?? 'This'} cannot be deleted (select an object inside a container)`);
      return confirmRemove(s, node.remove.what, node.remove.edit, node.remove.note);
    }
    case 'tree.filter': return { ...s, overlay: { kind: 'filter', cursor: vs.filter.length } };
  }
  return s;
}

// ---------------------------------------------------------------- property sheet

function sheetRows(s: State): Row[] {
  const def = sheetOf(s);
  return def?.tabs[s.sheet!.tab]?.rows ?? [];
}

function scrollSheet(s: State): State {
  if (!s.sheet) return s;
  const rows = sheetRows(s);
  const height = Math.max(1, layoutOf(s).sheetRows - (s.sheet.edit || s.sheet.error ? 2 : 0));
  let top = clampTop(s.sheet.top, s.sheet.row, height, rows.length);
  // Keep the heading above the first field visible.
  if (top > 0 && rows.slice(0, top).every((r) => !selectable(r)) ) top = 0;
  return { ...s, sheet: { ...s.sheet, top } };
}

function moveSheet(s: State, dir: 1 | -1): State {
  const rows = sheetRows(s);
  let r = s.sheet!.row;
  for (let k = r + dir; k >= 0 && k < rows.length; k += dir) {
    if (selectable(rows[k]!)) { r = k; break; }
  }
  const { error: _e, ...rest } = s.sheet!;
  return scrollSheet({ ...s, sheet: { ...rest, row: r } });
}

function sheetGo(s: State, row: number): State {
  if (row < 0) return s;
  const { error: _e, ...rest } = s.sheet!;
  return scrollSheet({ ...s, sheet: { ...rest, row } });
}

/** After an item was added from a sheet, put the cursor on the row that appeared. */
function selectNewRow(after: State, before: State): State {
  if (!after.sheet || !before.sheet) return after;
  const old = new Set(sheetRows(before).map((r) => r.id));
  const rows = sheetRows(after);
  const at = rows.findIndex((r) => selectable(r) && !old.has(r.id));
  return at >= 0 ? sheetGo(after, at) : scrollSheet(after);
}

function sheetTab(s: State, dir: 1 | -1): State {
  const def = sheetOf(s);
  if (!def) return s;
  const tab = (s.sheet!.tab + dir + def.tabs.length) % def.tabs.length;
  const row = Math.max(0, def.tabs[tab]!.rows.findIndex(selectable));
  return scrollSheet({ ...s, sheet: { kind: 'sheet', viewId: s.sheet!.viewId, nodeId: s.sheet!.nodeId, tab, row, top: 0 } });
}

function sheetEditResult(s: State, rowId: string, result: State | string): State {
  if (typeof result === 'string') return flash({ ...s, sheet: { ...s.sheet!, error: { rowId, message: result } } }, `Refused: ${result}`, 'error');
  if (!result.sheet) return result;
  // Stay on the same field when rows above it appeared or went (Set as Primary moves its button).
  const at = sheetRows(result).findIndex((r) => r.id === rowId);
  return at >= 0 ? sheetGo(result, at) : scrollSheet(result);
}

function rowLabel(r: Row): string {
  return 'label' in r ? r.label : r.kind;
}

function sheetCommand(s: State, c: CommandDef): State {
  const rows = sheetRows(s);
  const row = rows[s.sheet!.row];
  switch (c.id) {
    case 'sheet.down': return moveSheet(s, 1);
    case 'sheet.up': return moveSheet(s, -1);
    case 'sheet.top': return sheetGo(s, rows.findIndex(selectable));
    case 'sheet.bottom': return sheetGo(s, rows.length - 1 - [...rows].reverse().findIndex(selectable));
    case 'sheet.nextTab': return sheetTab(s, 1);
    case 'sheet.prevTab': return sheetTab(s, -1);
    case 'sheet.close': return { ...s, sheet: null, focus: 'tree' };
    case 'sheet.activate':
    case 'sheet.toggle': {
      if (!row) return s;
      if (row.kind === 'bool') return sheetEditResult(s, row.id, commit(s, row.set(!row.value), `${row.value ? 'Cleared' : 'Ticked'} "${row.label}"`));
      if (row.kind === 'choice') {
        const at = row.options.findIndex((o) => o.value === row.value);
        const next = row.options[(at + 1) % row.options.length]!;
        return sheetEditResult(s, row.id, commit(s, row.set(next.value), `${row.label}: ${next.label}`));
      }
      if (c.id === 'sheet.toggle') return flash(s, 'Space ticks check boxes and picks options; Enter edits a text field');
      if (row.kind === 'text') {
        if (row.readOnly) return flash(s, `${row.label} cannot be changed: ${row.readOnly}`);
        return { ...s, sheet: { ...s.sheet!, edit: { rowId: row.id, text: row.value, cursor: row.value.length } } };
      }
      if (row.kind === 'button') {
        if (row.form) return openForm(s, row.form);
        if (row.edit) return sheetEditResult(s, row.id, commit(s, row.edit, row.label));
      }
      return s;
    }
    case 'sheet.new': {
      const form = row?.add ?? (row?.kind === 'button' ? row.form : undefined);
      return form ? openForm(s, form) : flash(s, 'No list here: move to an item of a list (smart hosts, addresses, computers...) or its Add... button');
    }
    case 'sheet.remove':
      return row?.remove ? confirmRemove(s, row.remove.what, row.remove.edit, row.remove.note) : flash(s, `${row ? rowLabel(row) : 'This'} is not a list item; nothing to remove`);
    case 'sheet.primary':
      if (!row?.primary) return flash(s, row?.kind === 'text' && row.label.includes('Primary') ? 'This address is already the primary address' : 'Set as Primary works on a non-primary address of E-Mail Addresses (Policy)');
      return sheetEditResult(s, row.id, commit(s, row.primary, `Set ${row.kind === 'text' ? row.value : 'the address'} as primary`));
  }
  return s;
}

// ---------------------------------------------------------------- text input (fields, forms, filter)

function sheetInput(s: State, key: string): State {
  const edit = s.sheet!.edit!;
  const c = commandIn('input', key);
  if (c?.id === 'input.cancel') return { ...s, sheet: { ...s.sheet!, edit: undefined } as SheetState };
  if (c?.id === 'input.commit') {
    const row = sheetRows(s).find((r) => r.id === edit.rowId);
    if (!row || row.kind !== 'text') return { ...s, sheet: { ...s.sheet!, edit: undefined } as SheetState };
    const parsed = row.parse(edit.text);
    if (!parsed.ok) return { ...s, sheet: { ...s.sheet!, edit: { ...edit, refused: parsed.error } } };
    if (edit.text === row.value) return { ...s, sheet: { ...s.sheet!, edit: undefined } as SheetState };
    const r = commit(s, row.set(parsed.value), `${row.label}: ${edit.text === '' ? '(cleared)' : edit.text}`);
    if (typeof r === 'string') return flash({ ...s, sheet: { ...s.sheet!, edit: { ...edit, refused: r } } }, `Refused: ${r}`, 'error');
    return scrollSheet({ ...r, sheet: r.sheet && { ...r.sheet, edit: undefined } as SheetState });
  }
  const next = editText(edit, key);
  return next ? { ...s, sheet: { ...s.sheet!, edit: { ...next, rowId: edit.rowId } } } : s;
}

function formInput(s: State, key: string): State {
  const f = s.overlay as FormState;
  const c = commandIn('input', key);
  const goField = (field: number): State => ({ ...s, overlay: { ...f, field, cursor: f.values[field]!.length, refused: undefined } as FormState });
  if (c?.id === 'input.cancel') return { ...s, overlay: null };
  if (c?.id === 'input.nextField') return goField((f.field + 1) % f.values.length);
  if (c?.id === 'input.prevField') return goField((f.field - 1 + f.values.length) % f.values.length);
  if (c?.id === 'input.commit') {
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
      const r = commit(s, f.form.submit(values), `${f.form.title}: ${String(values[0] ?? '')}`);
      if (typeof r === 'string') return flash({ ...s, overlay: { ...f, refused: r } }, `Refused: ${r}`, 'error');
      return r.sheet ? selectNewRow(r, s) : selectCreated(r, s);
    }
    case 'preview': {
      const [recipient, origin] = values as [string, State['preview']['message']['origin']];
      return flash({ ...s, preview: { message: { recipient, origin }, mode: 'trace', cursor: 0 } }, `Tracing ${recipient} from ${originText(origin)}`);
    }
    case 'saveAs':
      return addEffect(s, { kind: 'save', path: values[0] as string, thenQuit: f.purpose.thenQuit });
    case 'apply':
      return startApply(s, f.purpose.targetId);
  }
}

function filterInput(s: State, key: string): State {
  const vs = viewState(s);
  const c = commandIn('input', key);
  if (c?.id === 'input.cancel') return moveTo({ ...setView(s, { filter: '' }), overlay: null }, 0);
  if (c?.id === 'input.commit') return { ...s, overlay: null };
  const next = editText({ text: vs.filter, cursor: (s.overlay as { cursor: number }).cursor }, key);
  if (!next) return s;
  const updated = { ...setView(s, { filter: next.text, top: 0 }), overlay: { kind: 'filter' as const, cursor: next.cursor } };
  const flat = flatten(rootsOf(updated), vs.expanded, next.text);
  const firstMatch = flat.rows.findIndex((r) => next.text && r.node.label.toLowerCase().includes(next.text.toLowerCase()));
  return moveTo(updated, firstMatch >= 0 ? firstMatch : 0);
}

// ---------------------------------------------------------------- dialogs, help, preview, findings

function runConfirm(s: State, action: ConfirmAction): State {
  const closed = { ...s, overlay: null, interruptArmed: false };
  switch (action.kind) {
    case 'cancel': return flash(closed, 'Cancelled');
    case 'edit': {
      const r = commit(closed, action.edit, action.label);
      return typeof r === 'string' ? flash(closed, `Refused: ${r}`, 'error') : r;
    }
    case 'quit': return addEffect(closed, { kind: 'exit', code: action.code });
    case 'saveAndQuit': return save(closed, true);
  }
}

function save(s: State, thenQuit: boolean): State {
  if (s.source.kind === 'builtin' || s.source.readOnly) {
    const readOnly = s.source.kind === 'file';
    const form: FormSpec = {
      title: readOnly ? 'Save a copy (the file is open read-only)' : 'Save the built-in example as a new file',
      fields: [{
        label: 'File name', parse: (t) => (t.trim() ? { ok: true, value: t.trim() } : { ok: false, error: 'enter a file name, e.g. coexist.yaml' }), initial: readOnly ? 'coexist-copy.yaml' : 'coexist.yaml',
        hint: readOnly ? 'another console holds the lock on this file; an existing file is not overwritten' : 'the built-in example is read-only; an existing file is not overwritten',
      }],
      submit: () => (m) => m,
    };
    return openForm(s, form, { kind: 'saveAs', thenQuit });
  }
  return addEffect(s, { kind: 'save', thenQuit });
}

/** The target an apply is running on, if any: quitting would stop it midway. */
function applyingOn(s: State): string | undefined {
  const busy = s.ops.busy;
  return busy !== null && s.ops.runs[busy]?.status === 'applying' ? busy : undefined;
}

function quit(s: State, code: number): State {
  const applying = applyingOn(s);
  if (!isDirty(s) && !applying) return addEffect(s, { kind: 'exit', code });
  const stops = applying ? [`An apply is running on ${applying}: quitting stops it midway (the journal records each step done).`] : [];
  const overlay: ConfirmState = isDirty(s)
    ? {
      kind: 'confirm', title: 'Unsaved edits',
      lines: [...stops, `The model has ${s.undo.length} unsaved edit(s).`, 'Quit and drop them?'],
      buttons: [
        { label: 'Cancel', action: { kind: 'cancel' } },
        { label: 'Save and quit', action: { kind: 'saveAndQuit' } },
        { label: 'Quit without saving', action: { kind: 'quit', code } },
      ],
      choice: 0,
    }
    : {
      kind: 'confirm', title: 'Apply running',
      lines: [...stops, 'Quit anyway?'],
      buttons: [{ label: 'Cancel', action: { kind: 'cancel' } }, { label: 'Quit and stop the apply', action: { kind: 'quit', code } }],
      choice: 0,
    };
  return { ...s, overlay };
}

function jumpToPath(s: State, path: string | undefined): State {
  if (!path) return flash(s, 'This step names no setting');
  const hit = locateNode(s.model, path);
  if (!hit) return flash(s, `No node shows ${path}`);
  let next = reveal({ ...s, screen: 'model', sheet: null, overlay: null }, hit.viewId, hit.node.id);
  const def = hit.node.sheet?.();
  if (!def) return flash({ ...next, focus: 'tree' }, `${path}: ${hit.node.label}`);
  next = openSheet(next, hit.node, rowForPath(def, path));
  return flash(next, `${path}: ${hit.node.label}`);
}

function previewCommand(s: State, c: CommandDef): State {
  const count = s.preview.mode === 'trace' ? traceOf(s.model, s.preview.message).steps.length : flowsOf(s.model).length;
  switch (c.id) {
    case 'preview.down': return { ...s, preview: { ...s.preview, cursor: Math.min(Math.max(0, count - 1), s.preview.cursor + 1) } };
    case 'preview.up': return { ...s, preview: { ...s.preview, cursor: Math.max(0, s.preview.cursor - 1) } };
    case 'preview.jump': {
      if (s.preview.mode === 'trace') return jumpToPath(s, traceOf(s.model, s.preview.message).steps[s.preview.cursor]?.setting);
      const flow = flowsOf(s.model)[s.preview.cursor];
      if (!flow) return s;
      return flash({ ...s, preview: { message: flow.flow.message, mode: 'trace', cursor: 0 } }, `Tracing flow: ${flow.flow.title}`);
    }
  }
  return s;
}

function findingsCommand(s: State, c: CommandDef): State {
  const n = findingsOf(s.model).length;
  const cursor = Math.min(s.findingsCursor, Math.max(0, n - 1));
  switch (c.id) {
    case 'findings.down': return { ...s, findingsCursor: Math.min(Math.max(0, n - 1), cursor + 1) };
    case 'findings.up': return { ...s, findingsCursor: Math.max(0, cursor - 1) };
    case 'findings.jump': {
      const f = findingsOf(s.model)[cursor];
      return f ? jumpToPath(s, f.path) : flash(s, 'No findings: nothing to jump to');
    }
  }
  return s;
}

function focusOrder(s: State): Focus[] {
  if (s.screen === 'ops') return ['ops', 'preview', 'findings'];
  return s.sheet ? ['sheet', 'preview', 'findings'] : ['tree', 'details', 'preview', 'findings'];
}

function globalCommand(s: State, c: CommandDef): State {
  switch (c.id) {
    case 'focus.next':
    case 'focus.prev': {
      const order = focusOrder(s);
      const at = Math.max(0, order.indexOf(s.focus));
      return { ...s, focus: order[(at + (c.id === 'focus.next' ? 1 : order.length - 1)) % order.length]! };
    }
    case 'view.system': case 'view.iis': case 'view.users': case 'view.clients': {
      const v = VIEWS.find((x) => x.command === c.id)!;
      return { ...syncView(s, v.id), screen: 'model', viewId: v.id, sheet: null, focus: 'tree', detailsTop: 0 };
    }
    case 'view.ops': return { ...s, screen: 'ops', sheet: null, focus: 'ops' };
    case 'preview.recipient': return openForm(s, previewForm(s.model, s.preview.message), { kind: 'preview' });
    case 'preview.mode': return { ...s, preview: { ...s.preview, mode: s.preview.mode === 'trace' ? 'flows' : 'trace', cursor: 0 } };
    case 'edit.undo': return undo(s);
    case 'edit.redo': return redo(s);
    case 'file.save': return save(s, false);
    case 'app.help': return { ...s, overlay: { kind: 'help', filter: '', cursor: 0, top: 0 } };
    case 'app.borders': return flash({ ...s, ascii: !s.ascii }, s.ascii ? 'Line borders' : 'ASCII borders');
    case 'app.redraw': return addEffect(s, { kind: 'redraw' });
    case 'app.quit': return quit(s, 0);
    case 'app.back': return back(s);
  }
  return s;
}

/** Esc: close what is open, then leave a side pane, then clear the filter, then go up. Never quits. */
function back(s: State): State {
  if (s.screen === 'ops') return s.focus !== 'ops' ? { ...s, focus: 'ops' } : flash(s, 'Plan/Apply: 1 to 4 go back to the model views. Esc never quits; q quits.');
  if (s.sheet && s.focus !== 'sheet') return { ...s, focus: 'sheet' };
  if (s.sheet) return { ...s, sheet: null, focus: 'tree' };
  if (s.focus !== 'tree') return { ...s, focus: 'tree' };
  const vs = viewState(s);
  if (vs.filter) return reveal(setView(s, { filter: '' }), s.viewId, vs.selected);
  const parent = nodeIndex(rootsOf(s)).get(vs.selected)?.parent;
  if (parent !== undefined) {
    const pi = flatten(rootsOf(s), vs.expanded, '').position.get(parent);
    if (pi !== undefined) return moveTo(s, pi);
  }
  return flash(s, 'At the top. Esc never quits; q quits.');
}

// ---------------------------------------------------------------- dispatch

function onKey(state: State, key: string): State {
  const armed = state.interruptArmed;
  let s: State = state.flash ? { ...state, flash: null } : state;
  if (key === 'C-c') {
    if (armed || (!isDirty(s) && !applyingOn(s))) return addEffect({ ...s, overlay: null }, { kind: 'exit', code: 130 });
    const why = isDirty(s) ? 'Unsaved edits: Ctrl+C again quits without saving' : 'An apply is running: Ctrl+C again quits and stops it';
    return { ...quit(s, 130), interruptArmed: true, flash: { text: why, tone: 'error' } };
  }
  // Ctrl+L repaints from anywhere, also while typing in a field or a dialog is open.
  if (commandIn('global', key)?.id === 'app.redraw') return addEffect(s, { kind: 'redraw' });
  if (layoutOf(s).tooSmall) {
    const c = commandIn('global', key);
    return c?.id === 'app.quit' ? quit(s, 0) : c?.id === 'app.redraw' ? addEffect(s, { kind: 'redraw' }) : s;
  }
  const o = s.overlay;
  if (o?.kind === 'confirm') {
    const c = commandIn('dialog', key);
    if (c?.id === 'dialog.next') return { ...s, overlay: { ...o, choice: (o.choice + 1) % o.buttons.length } };
    if (c?.id === 'dialog.prev') return { ...s, overlay: { ...o, choice: (o.choice - 1 + o.buttons.length) % o.buttons.length } };
    if (c?.id === 'dialog.choose') return runConfirm(s, o.buttons[o.choice]!.action);
    if (c?.id === 'dialog.cancel') return runConfirm(s, { kind: 'cancel' });
    return s;
  }
  if (o?.kind === 'form') return formInput(s, key);
  if (o?.kind === 'filter') return filterInput(s, key);
  if (o?.kind === 'help') {
    const c = commandIn('help', key);
    if (c?.id === 'help.close') return { ...s, overlay: null };
    if (c?.id === 'help.down') return { ...s, overlay: { ...o, top: o.top + 1 } };
    if (c?.id === 'help.up') return { ...s, overlay: { ...o, top: Math.max(0, o.top - 1) } };
    if (c) return s;
    const next = editText({ text: o.filter, cursor: o.cursor }, key);
    return next ? { ...s, overlay: { ...o, filter: next.text, cursor: next.cursor, top: 0 } } : s;
  }
  if (s.sheet?.edit && s.focus === 'sheet') return sheetInput(s, key);
  const scope = s.focus;
  const c = commandFor(scope, key, true);
  if (!c) return s;
  s = { ...s, interruptArmed: false };
  if (c.scope === 'global') return globalCommand(s, c);
  switch (scope) {
    case 'tree': return treeCommand(s, c);
    case 'sheet': return sheetCommand(s, c);
    case 'preview': return previewCommand(s, c);
    case 'findings': return findingsCommand(s, c);
    case 'ops': return opsCommand(s, c);
    case 'details': {
      if (c.id === 'details.down') return { ...s, detailsTop: s.detailsTop + 1 };
      if (c.id === 'details.up') return { ...s, detailsTop: Math.max(0, s.detailsTop - 1) };
      if (c.id === 'details.open') { const n = selectedNode(s); return n ? openSheet(s, n) : s; }
    }
  }
  return s;
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'key': return onKey(state, action.name);
    // A new size (or Ctrl+L's repaint) keeps what is shown: the selection in view, the details' scroll.
    case 'resize': return { ...scrollSheet(moveTo({ ...state, cols: action.cols, rows: action.rows }, currentIndex(state))), detailsTop: state.detailsTop };
    case 'effectDone': return state.effects.some((e) => e.id === action.id) ? { ...state, effects: state.effects.filter((e) => e.id !== action.id) } : state;
    case 'saved': {
      const next: State = { ...state, source: { kind: 'file', loaded: action.loaded }, savedModel: action.model, overlay: null };
      const saved = flash(next, `Saved ${action.loaded.path}`);
      return action.thenQuit ? addEffect(saved, { kind: 'exit', code: 0 }) : saved;
    }
    case 'flash': return flash(state, action.text);
    case 'ops': return opsEvent(state, action.event);
    case 'saveFailed': return flash({ ...state, interruptArmed: false }, `Not saved: ${action.message}`, 'error');
  }
}
