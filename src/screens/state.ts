// The console's state: one immutable object, changed only by the reducer (store.ts).
import type { LoadedModel } from '../persistence/index.js';
import type { Model, RecipientPolicyT } from '../model/schema.js';
import type { Edit } from '../model/edits/index.js';
import type { Message } from '../model/routing/types.js';
import { standardFlows } from '../model/routing/flows.js';
import type { FormSpec } from './tree-types.js';
import { VIEWS, viewTree } from './views/index.js';
import { defaultExpanded } from './tree-state.js';
import { initialOps, type OpsState } from './ops/state.js';

export type Focus = 'tree' | 'details' | 'preview' | 'findings' | 'sheet' | 'ops';

export interface ViewState {
  expanded: ReadonlySet<string>;
  selected: string;
  top: number;
  filter: string;
  /** Users selected for a task on several at once (lowercase logons; view 3). */
  marked?: ReadonlySet<string>;
  /**
   * The model the selection was last checked against. Only the view on screen follows every edit; a
   * view shown again after edits moves its selection to the nearest node that survived (store.ts).
   */
  model: Model;
}

export interface TextEdit {
  text: string;
  cursor: number;
  /** Set when a commit was refused (the live parse error is computed while rendering). */
  refused?: string;
}

export interface SheetState {
  kind: 'sheet';
  viewId: string;
  nodeId: string;
  tab: number;
  row: number;
  top: number;
  edit?: TextEdit & { rowId: string };
  /** Enter on a choice: its options are listed and one is highlighted until Enter picks it or Esc leaves. */
  choosing?: { rowId: string; index: number };
  /** A refused toggle or choice: the message stays at the field until the cursor moves. */
  error?: { rowId: string; message: string };
}

export type FormPurpose =
  | { kind: 'edit' }
  | { kind: 'preview' }
  | { kind: 'saveAs'; thenQuit: boolean }
  | { kind: 'apply'; targetId: string };

export interface FormState {
  kind: 'form';
  form: FormSpec;
  purpose: FormPurpose;
  values: string[];
  field: number;
  cursor: number;
  refused?: string;
}

export type ConfirmAction =
  | { kind: 'cancel' }
  | { kind: 'edit'; edit: Edit; label: string /** The sheet row the cursor stays on (Set as Primary moves it). */; rowId?: string }
  | { kind: 'quit'; code: number }
  | { kind: 'saveAndQuit' };

export interface ConfirmState {
  kind: 'confirm';
  title: string;
  lines: string[];
  buttons: { label: string; action: ConfirmAction }[];
  choice: number;
}

export interface HelpState {
  kind: 'help';
  filter: string;
  cursor: number;
  top: number;
}

export interface FilterState {
  kind: 'filter';
  cursor: number;
}

/** Find Exchange Recipients (a recipient policy's Filter rules > Modify...): the Exchange tab's user boxes and Find Now. */
export interface FindState {
  kind: 'find';
  policyIndex: number;
  /** "Users with Exchange mailbox" */
  mailbox: boolean;
  /** "Users with external e-mail addresses" */
  external: boolean;
  /** The check box or button under the cursor (panes/find.ts FIND_ITEMS). */
  cursor: number;
  /** The filter of the last Find Now (its results are shown), or null before the first. */
  searched: RecipientPolicyT['filter'] | null;
  /** First result line shown. */
  top: number;
  /** The sheet row the dialog was opened from (the cursor returns to it). */
  rowId?: string;
}

export type Overlay = SheetState | FormState | ConfirmState | HelpState | FilterState | FindState;

export type Effect =
  | { id: number; kind: 'save'; path?: string; thenQuit: boolean }
  | { id: number; kind: 'exit'; code: number }
  | { id: number; kind: 'redraw' }
  | { id: number; kind: 'plan'; targetId: string }
  | { id: number; kind: 'apply'; targetId: string };

/** readOnly: why this console may not write the file (another console holds its lock). */
export type Source = { kind: 'file'; loaded: LoadedModel; readOnly?: string } | { kind: 'builtin' };

export interface Preview {
  message: Message;
  mode: 'trace' | 'flows';
  cursor: number;
}

export interface State {
  source: Source;
  model: Model;
  savedModel: Model;
  undo: { model: Model; label: string }[];
  redo: { model: Model; label: string }[];
  /** The model views (trees, details, sheets) or the Plan/Apply view. */
  screen: 'model' | 'ops';
  ops: OpsState;
  viewId: string;
  /** The views shown so far: a view's tree is built when it is first shown, not at start. */
  views: Record<string, ViewState>;
  focus: Focus;
  /** A sheet stays open under a confirmation or form opened from it. */
  sheet: SheetState | null;
  overlay: FormState | ConfirmState | HelpState | FilterState | FindState | null;
  preview: Preview;
  findingsCursor: number;
  detailsTop: number;
  /** x: the focused pane full screen with its text wrapped; top is the first line shown. */
  zoom: { top: number /** D: the unsaved changes as a diff of the file, instead of the focused pane. */; content?: 'unsaved' } | null;
  flash: { text: string; tone: 'info' | 'error' } | null;
  effects: Effect[];
  nextEffect: number;
  cols: number;
  rows: number;
  ascii: boolean;
  interruptArmed: boolean;
}

export function initialViewState(model: Model, viewId: string): ViewState {
  const view = VIEWS.find((v) => v.id === viewId)!;
  const roots = viewTree(view, model);
  return { expanded: defaultExpanded(roots), selected: roots[0]?.id ?? '', top: 0, filter: '', model };
}

export function defaultMessage(model: Model): Message {
  const first = standardFlows(model).find((f) => f.group === 'inbound');
  return first
    ? { recipient: first.message.recipient, origin: first.message.origin }
    : { recipient: 'postmaster@example.com', origin: { kind: 'internet' } };
}

export function initialState(opts: { source: Source; model: Model; cols: number; rows: number; ascii: boolean }): State {
  const first = VIEWS[0]!.id;
  const views: Record<string, ViewState> = { [first]: initialViewState(opts.model, first) };
  return {
    source: opts.source,
    model: opts.model,
    savedModel: opts.model,
    undo: [],
    redo: [],
    screen: 'model',
    ops: initialOps(),
    viewId: first,
    views,
    focus: 'tree',
    sheet: null,
    overlay: null,
    preview: { message: defaultMessage(opts.model), mode: 'trace', cursor: 0 },
    findingsCursor: 0,
    detailsTop: 0,
    zoom: null,
    flash: null,
    effects: [],
    nextEffect: 1,
    cols: opts.cols,
    rows: opts.rows,
    ascii: opts.ascii,
    interruptArmed: false,
  };
}

export const isDirty = (s: State) => s.model !== s.savedModel;

export function originText(o: Message['origin']): string {
  return o.kind === 'internet' ? 'internet' : o.kind === 'user' ? `user:${o.logon}` : `server:${o.name}`;
}
