// What every pane's commands share: the view and sheet state, moving in the tree, opening sheets and
// forms, committing edits with undo, and jumping to the node and field behind a model path. Pure.
import { applyEdit, type Edit } from '../../model/edits/index.js';
import { computeLayout } from '../layout.js';
import { locateNode } from '../derive.js';
import { ancestors, flatten, nodeIndex, rowForPath } from '../tree-state.js';
import { selectable, type FormSpec, type Row, type SheetDef, type TreeNode } from '../tree-types.js';
import { viewById, viewTree } from '../views/index.js';
import { initialViewState, type ConfirmState, type FormPurpose, type SheetState, type State, type ViewState } from '../state.js';
import { flash } from '../effects.js';
import type { Model } from '../../model/schema.js';
import { describeSetting } from '../setting-names.js';

const UNDO_LIMIT = 500;

// ---------------------------------------------------------------- small helpers

export const layoutOf = (s: State) => computeLayout(s.cols, s.rows);
export const viewState = (s: State): ViewState => s.views[s.viewId]!;
export const rootsOf = (s: State, viewId = s.viewId) => viewTree(viewById(viewId), s.model);
export const setView = (s: State, vs: Partial<ViewState>, viewId = s.viewId): State => ({
  ...s,
  views: { ...s.views, [viewId]: { ...s.views[viewId]!, ...vs } },
});

/** The selected node, or none when a filter hides it: Enter, p or d never act on a row nobody sees. */
export function selectedNode(s: State): TreeNode | undefined {
  const vs = viewState(s);
  const roots = rootsOf(s);
  if (vs.filter.trim() !== '' && !flatten(roots, vs.expanded, vs.filter).position.has(vs.selected)) return undefined;
  return nodeIndex(roots).get(vs.selected)?.node;
}

export function sheetOf(s: State): SheetDef | undefined {
  if (!s.sheet) return undefined;
  return nodeIndex(rootsOf(s, s.sheet.viewId)).get(s.sheet.nodeId)?.node.sheet?.();
}

export function clampTop(top: number, index: number, height: number, total: number): number {
  let t = top;
  if (index < t) t = index;
  if (index >= t + height) t = index - height + 1;
  return Math.max(0, Math.min(t, Math.max(0, total - height)));
}

export function problemsText(problems: { path: string; message: string }[], model?: Model): string {
  const p = problems[0];
  if (!p) return 'refused';
  return `${p.path === '(edit)' ? '' : `${model ? describeSetting(model, p.path) : p.path}: `}${p.message}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`;
}

// ---------------------------------------------------------------- model changes

/**
 * A view's state for the current model. Created (tree built) when the view is first shown. A view that
 * was hidden while the model changed gets its selection moved to the nearest ancestor that survived,
 * found in the tree of the model the selection was last checked against: hidden views cost nothing
 * per edit.
 */
export function syncView(s: State, viewId: string): State {
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
export function fixSelections(s: State): State {
  let next = syncView(s, s.viewId);
  if (next.sheet && !nodeIndex(rootsOf(next, next.sheet.viewId)).get(next.sheet.nodeId)?.node.sheet)
    next = { ...next, sheet: null, focus: 'tree' };
  return next;
}

/** Apply an edit: validated, pushed on the undo stack. Returns the refusal message instead on failure. */
export function commit(s: State, edit: Edit, label: string): State | string {
  const r = applyEdit(s.model, edit);
  if (!r.ok) return problemsText(r.problems, s.model);
  if (r.model === s.model) return s;
  // The findings cursor is clamped where findings are shown or used: on a large model they are computed after the frame.
  const next: State = { ...s, model: r.model, undo: [...s.undo.slice(-(UNDO_LIMIT - 1)), { model: s.model, label }], redo: [] };
  return flash(fixSelections(next), `${label} (z undoes)`);
}

export function undo(s: State): State {
  const last = s.undo[s.undo.length - 1];
  if (!last) return flash(s, 'Nothing to undo');
  const next: State = { ...s, model: last.model, undo: s.undo.slice(0, -1), redo: [...s.redo, { model: s.model, label: last.label }] };
  return flash(fixSelections(next), `Undone: ${last.label}`);
}

export function redo(s: State): State {
  const last = s.redo[s.redo.length - 1];
  if (!last) return flash(s, 'Nothing to redo');
  const next: State = { ...s, model: last.model, redo: s.redo.slice(0, -1), undo: [...s.undo, { model: s.model, label: last.label }] };
  return flash(fixSelections(next), `Redone: ${last.label}`);
}

// ---------------------------------------------------------------- tree

export function moveTo(s: State, index: number): State {
  const vs = viewState(s);
  const flat = flatten(rootsOf(s), vs.expanded, vs.filter);
  if (flat.rows.length === 0) return s;
  const i = Math.max(0, Math.min(flat.rows.length - 1, index));
  const h = layoutOf(s).treeRows - (s.overlay?.kind === 'filter' || vs.filter ? 1 : 0);
  return { ...setView(s, { selected: flat.rows[i]!.node.id, top: clampTop(vs.top, i, Math.max(1, h), flat.rows.length) }), detailsTop: 0 };
}

export function currentIndex(s: State): number {
  const vs = viewState(s);
  return flatten(rootsOf(s), vs.expanded, vs.filter).position.get(vs.selected) ?? 0;
}

export function setExpanded(s: State, id: string, open: boolean): State {
  const vs = viewState(s);
  if (vs.expanded.has(id) === open) return s;
  const expanded = new Set(vs.expanded);
  if (open) expanded.add(id);
  else expanded.delete(id);
  return setView(s, { expanded });
}

/** Select a node of a view: expand its ancestors, clear the filter, scroll it into view. */
export function reveal(state: State, viewId: string, nodeId: string): State {
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

export function openSheet(s: State, node: TreeNode, at?: { tab: number; row: number }): State {
  const def = node.sheet?.();
  if (!def) return flash(s, `${node.label} has no properties to edit here`);
  const tab = at?.tab ?? 0;
  const rows = def.tabs[tab]?.rows ?? [];
  const row = at?.row ?? Math.max(0, rows.findIndex(selectable));
  const sheet: SheetState = { kind: 'sheet', viewId: s.viewId, nodeId: node.id, tab, row, top: 0 };
  return scrollSheet({ ...s, sheet, focus: 'sheet', overlay: null });
}

export function parentCreate(s: State, node: TreeNode): FormSpec | undefined {
  const idx = nodeIndex(rootsOf(s));
  for (let id: string | undefined = node.id; id !== undefined; id = idx.get(id)?.parent) {
    const c = idx.get(id)?.node.create;
    if (c) return c;
  }
  return undefined;
}

export function openForm(s: State, form: FormSpec, purpose: FormPurpose = { kind: 'edit' }): State {
  const values = form.fields.map((f) => f.initial ?? '');
  return { ...s, overlay: { kind: 'form', form, purpose, values, field: 0, cursor: values[0]!.length } };
}

export function confirmRemove(s: State, what: string, edit: Edit, note?: string): State {
  const overlay: ConfirmState = {
    kind: 'confirm',
    title: 'Confirm delete',
    lines: [`Delete ${what}?`, ...(note ? [`(${note})`] : []), 'This changes the local model only; z undoes it.'],
    buttons: [
      { label: 'Cancel', action: { kind: 'cancel' } },
      { label: 'Delete', action: { kind: 'edit', edit, label: `Deleted ${what}` } },
    ],
    choice: 0,
  };
  return { ...s, overlay };
}

// ---------------------------------------------------------------- property sheet

export function sheetRows(s: State): Row[] {
  const def = sheetOf(s);
  return def?.tabs[s.sheet!.tab]?.rows ?? [];
}

export function scrollSheet(s: State): State {
  if (!s.sheet) return s;
  const rows = sheetRows(s);
  const height = Math.max(1, layoutOf(s).sheetRows - (s.sheet.edit || s.sheet.error ? 2 : 0));
  let top = clampTop(s.sheet.top, s.sheet.row, height, rows.length);
  // Keep the heading above the first field visible.
  if (top > 0 && rows.slice(0, top).every((r) => !selectable(r))) top = 0;
  return { ...s, sheet: { ...s.sheet, top } };
}

export function moveSheet(s: State, dir: 1 | -1): State {
  const rows = sheetRows(s);
  let r = s.sheet!.row;
  for (let k = r + dir; k >= 0 && k < rows.length; k += dir) {
    if (selectable(rows[k]!)) {
      r = k;
      break;
    }
  }
  const { error: _e, ...rest } = s.sheet!;
  return scrollSheet({ ...s, sheet: { ...rest, row: r } });
}

export function sheetGo(s: State, row: number): State {
  if (row < 0) return s;
  const { error: _e, ...rest } = s.sheet!;
  return scrollSheet({ ...s, sheet: { ...rest, row } });
}

/** After an item was added from a sheet, put the cursor on the row that appeared. */
export function selectNewRow(after: State, before: State): State {
  if (!after.sheet || !before.sheet) return after;
  const old = new Set(sheetRows(before).map((r) => r.id));
  const rows = sheetRows(after);
  const at = rows.findIndex((r) => selectable(r) && !old.has(r.id));
  return at >= 0 ? sheetGo(after, at) : scrollSheet(after);
}

export function sheetTab(s: State, dir: 1 | -1): State {
  const def = sheetOf(s);
  if (!def) return s;
  const tab = (s.sheet!.tab + dir + def.tabs.length) % def.tabs.length;
  const row = Math.max(0, def.tabs[tab]!.rows.findIndex(selectable));
  return scrollSheet({ ...s, sheet: { kind: 'sheet', viewId: s.sheet!.viewId, nodeId: s.sheet!.nodeId, tab, row, top: 0 } });
}

export function sheetEditResult(s: State, rowId: string, result: State | string): State {
  if (typeof result === 'string')
    return flash({ ...s, sheet: { ...s.sheet!, error: { rowId, message: result } } }, `Refused: ${result}`, 'error');
  if (!result.sheet) return result;
  // Stay on the same field when rows above it appeared or went (Set as Primary moves its button).
  const at = sheetRows(result).findIndex((r) => r.id === rowId);
  return at >= 0 ? sheetGo(result, at) : scrollSheet(result);
}

export function rowLabel(r: Row): string {
  return 'label' in r ? r.label : r.kind;
}

export function jumpToPath(s: State, path: string | undefined): State {
  if (!path) return flash(s, 'This step names no setting');
  const hit = locateNode(s.model, path);
  if (!hit) return flash(s, `No node shows ${path}`);
  let next = reveal({ ...s, screen: 'model', sheet: null, overlay: null }, hit.viewId, hit.node.id);
  const def = hit.node.sheet?.();
  const name = describeSetting(s.model, path);
  if (!def) return flash({ ...next, focus: 'tree' }, name);
  next = openSheet(next, hit.node, rowForPath(def, path));
  return flash(next, name);
}
