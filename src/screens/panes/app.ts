// The commands that work everywhere (views, undo, save, quit, help, Esc), the confirmation dialogs'
// buttons, and the help overlay's keys.
import type { CommandDef } from '../command-types.js';
import type { FormSpec } from '../tree-types.js';
import { flatten, nodeIndex } from '../tree-state.js';
import { type ViewDef, viewCommandId, viewsForCommands } from '../views/index.js';
import { isDirty, type ConfirmAction, type ConfirmState, type Focus, type HelpState, type State } from '../state.js';
import { previewForm } from '../preview-form.js';
import { addEffect, flash } from '../effects.js';
import { editText } from '../input/text-input.js';
import { commit, sheetEditResult, moveTo, openForm, redo, reveal, rootsOf, setView, syncView, undo, viewState } from './core.js';

export function save(s: State, thenQuit: boolean): State {
  if (s.source.kind === 'builtin' || s.source.readOnly) {
    const readOnly = s.source.kind === 'file';
    const form: FormSpec = {
      title: readOnly ? 'Save a copy (the file is open read-only)' : 'Save the built-in example as a new file',
      fields: [
        {
          label: 'File name',
          parse: (t) => (t.trim() ? { ok: true, value: t.trim() } : { ok: false, error: 'enter a file name, e.g. coexist.yaml' }),
          initial: readOnly ? 'coexist-copy.yaml' : 'coexist.yaml',
          hint: readOnly
            ? 'another console holds the lock on this file; an existing file is not overwritten'
            : 'the built-in example is read-only; an existing file is not overwritten',
        },
      ],
      submit: () => (m) => m,
    };
    return openForm(s, form, { kind: 'saveAs', thenQuit });
  }
  return addEffect(s, { kind: 'save', thenQuit });
}

/** The targets an apply is running on, if any ("a, b"): quitting would stop them midway. */
export function applyingOn(s: State): string | undefined {
  const applying = s.ops.running.filter((id) => s.ops.runs[id]?.status === 'applying');
  return applying.length > 0 ? applying.join(', ') : undefined;
}

export function quit(s: State, code: number): State {
  const applying = applyingOn(s);
  if (!isDirty(s) && !applying) return addEffect(s, { kind: 'exit', code });
  const stops = applying ? [`An apply is running on ${applying}: quitting stops it midway (the journal records each step done).`] : [];
  const overlay: ConfirmState = isDirty(s)
    ? {
        kind: 'confirm',
        title: 'Unsaved edits',
        lines: [...stops, `The model has ${s.undo.length} unsaved edit(s).`, 'Quit and drop them?'],
        buttons: [
          { label: 'Cancel', action: { kind: 'cancel' } },
          { label: 'Save and quit', action: { kind: 'saveAndQuit' } },
          { label: 'Quit without saving', action: { kind: 'quit', code } },
        ],
        choice: 0,
      }
    : {
        kind: 'confirm',
        title: 'Apply running',
        lines: [...stops, 'Quit anyway?'],
        buttons: [
          { label: 'Cancel', action: { kind: 'cancel' } },
          { label: 'Quit and stop the apply', action: { kind: 'quit', code } },
        ],
        choice: 0,
      };
  return { ...s, overlay };
}

export function runConfirm(s: State, action: ConfirmAction): State {
  const closed = { ...s, overlay: null, interruptArmed: false };
  switch (action.kind) {
    case 'cancel':
      return flash(closed, 'Cancelled');
    case 'edit': {
      const r = commit(closed, action.edit, action.label);
      if (action.rowId && closed.sheet) return sheetEditResult(closed, action.rowId, r);
      return typeof r === 'string' ? flash(closed, `Refused: ${r}`, 'error') : r;
    }
    case 'quit':
      return addEffect(closed, { kind: 'exit', code: action.code });
    case 'saveAndQuit':
      return save(closed, true);
  }
}

function focusOrder(s: State): Focus[] {
  if (s.screen === 'ops') return ['ops', 'preview', 'findings'];
  return s.sheet ? ['sheet', 'preview', 'findings'] : ['tree', 'details', 'preview', 'findings'];
}

/** Esc: close what is open, then leave a side pane, then clear the filter, then go up. Never quits. */
function back(s: State): State {
  if (s.screen === 'ops')
    return s.focus !== 'ops'
      ? { ...s, focus: 'ops' }
      : flash(s, 'Plan/Apply: 1 to 4 go back to the model views. Esc never quits; q quits.');
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

/** Each view's command (views/index.ts): its key switches to the view's tree. */
const viewCommand = (v: ViewDef): CommandDef => ({
  id: viewCommandId(v),
  scope: 'global',
  keys: [v.key],
  title: v.help,
  run: (s) => ({ ...syncView(s, v.id), screen: 'model', viewId: v.id, sheet: null, focus: 'tree', detailsTop: 0 }),
});

const moveFocus =
  (dir: 1 | -1) =>
  (s: State): State => {
    const order = focusOrder(s);
    const at = Math.max(0, order.indexOf(s.focus));
    return { ...s, focus: order[(at + order.length + dir) % order.length]! };
  };

export const GLOBAL_COMMANDS: CommandDef[] = [
  {
    id: 'focus.next',
    scope: 'global',
    keys: ['tab'],
    title: 'Next pane (tree, details, preview, findings)',
    short: 'pane',
    priority: 20,
    run: moveFocus(1),
  },
  { id: 'focus.prev', scope: 'global', keys: ['S-tab'], title: 'Previous pane', run: moveFocus(-1) },
  ...viewsForCommands().map(viewCommand),
  {
    id: 'view.ops',
    scope: 'global',
    keys: ['5'],
    title: "View: Plan/Apply (the model's targets: plan, apply, command log)",
    run: (s) => ({ ...s, screen: 'ops', sheet: null, focus: 'ops' }),
  },
  {
    id: 'preview.recipient',
    scope: 'global',
    keys: ['t'],
    title:
      'Routing preview: trace a message: recipient, origin (internet, user:<logon>, server:<name>), sender, and the receiving server (via: the MX, or any Exchange or POP3 server)',
    short: 'trace to',
    priority: 12,
    run: (s) => openForm(s, previewForm(s.model, s.preview.message), { kind: 'preview' }),
  },
  {
    id: 'preview.mode',
    scope: 'global',
    keys: ['f'],
    title: 'Routing preview: switch between one trace and the flow matrix',
    short: 'flows',
    priority: 13,
    run: (s) => ({ ...s, preview: { ...s.preview, mode: s.preview.mode === 'trace' ? 'flows' : 'trace', cursor: 0 } }),
  },
  {
    id: 'edit.undo',
    scope: 'global',
    keys: ['z'],
    title: 'Undo the last edit',
    short: 'undo',
    priority: 10,
    unavailable: (s) => (s.undo.length ? undefined : 'Nothing to undo'),
    run: undo,
  },
  {
    id: 'edit.redo',
    scope: 'global',
    keys: ['Z'],
    title: 'Redo',
    short: 'redo',
    priority: 14,
    unavailable: (s) => (s.redo.length ? undefined : 'Nothing to redo'),
    run: redo,
  },
  {
    id: 'file.save',
    scope: 'global',
    keys: ['s', 'C-s'],
    title: 'Save the model file (atomic, keeps a .bak; asks for a name for the built-in example)',
    short: 'save',
    priority: 11,
    run: (s) => save(s, false),
  },
  { id: 'app.back', scope: 'global', keys: ['esc'], title: 'Back: close, clear the filter, or go up; never quits', run: back },
  {
    id: 'file.diff',
    scope: 'global',
    keys: ['D'],
    title: 'Unsaved changes: the YAML lines a save (s) will change in the file, as a diff with line numbers; Esc returns',
    short: 'diff',
    priority: 16,
    unavailable: (s) => (isDirty(s) ? undefined : 'No unsaved changes: the model is as saved'),
    run: (s) => ({ ...s, zoom: { top: 0, content: 'unsaved' } }),
  },
  {
    id: 'app.zoom',
    scope: 'global',
    keys: ['x'],
    title:
      'Zoom: the focused pane (tree, details, preview, findings, sheet, plan) takes the whole screen with its text wrapped; Esc returns',
    short: 'zoom',
    priority: 15,
    run: (s) => ({ ...s, zoom: { top: 0 } }),
  },
  {
    id: 'app.help',
    scope: 'global',
    keys: ['?'],
    title: 'Help: every key, searchable',
    short: 'help',
    priority: 30,
    run: (s) => ({ ...s, overlay: { kind: 'help', filter: '', cursor: 0, top: 0 } }),
  },
  {
    id: 'app.borders',
    scope: 'global',
    keys: ['B'],
    title: 'Switch between line and ASCII borders',
    run: (s) => flash({ ...s, ascii: !s.ascii }, s.ascii ? 'Line borders' : 'ASCII borders'),
  },
  {
    id: 'app.redraw',
    scope: 'global',
    keys: ['C-l'],
    title: 'Redraw the screen (also while typing or in a dialog)',
    run: (s) => addEffect(s, { kind: 'redraw' }),
  },
  {
    id: 'app.quit',
    scope: 'global',
    keys: ['q'],
    title: 'Quit (asks before dropping unsaved edits)',
    short: 'quit',
    priority: 31,
    run: (s) => quit(s, 0),
  },
  { id: 'app.interrupt', scope: 'global', keys: ['C-c'], title: 'Quit now if nothing is unsaved, else ask (twice quits)' },
];

const scrollZoom =
  (by: (s: State) => number) =>
  (s: State): State => ({ ...s, zoom: { ...s.zoom, top: Math.max(0, (s.zoom?.top ?? 0) + by(s)) } });
const zoomPage = (s: State) => Math.max(1, s.rows - 5);

export const ZOOM_COMMANDS: CommandDef[] = [
  { id: 'zoom.down', scope: 'zoom', keys: ['down', 'j'], title: 'Scroll down', run: scrollZoom(() => 1) },
  { id: 'zoom.up', scope: 'zoom', keys: ['up', 'k'], title: 'Scroll up', run: scrollZoom(() => -1) },
  { id: 'zoom.pageDown', scope: 'zoom', keys: ['pgdn', 'space', 'C-d'], title: 'Page down', run: scrollZoom(zoomPage) },
  { id: 'zoom.pageUp', scope: 'zoom', keys: ['pgup', 'C-u'], title: 'Page up', run: scrollZoom((s) => -zoomPage(s)) },
  {
    id: 'zoom.close',
    scope: 'zoom',
    keys: ['esc', 'x'],
    title: 'Back to the panes',
    short: 'back',
    priority: 1,
    run: (s) => ({ ...s, zoom: null }),
  },
];

const confirmOf = (s: State) => s.overlay as ConfirmState;

export const DIALOG_COMMANDS: CommandDef[] = [
  {
    id: 'dialog.next',
    scope: 'dialog',
    keys: ['right', 'l', 'tab'],
    title: 'Next button',
    run: (s) => {
      const o = confirmOf(s);
      return { ...s, overlay: { ...o, choice: (o.choice + 1) % o.buttons.length } };
    },
  },
  {
    id: 'dialog.prev',
    scope: 'dialog',
    keys: ['left', 'h', 'S-tab'],
    title: 'Previous button',
    run: (s) => {
      const o = confirmOf(s);
      return { ...s, overlay: { ...o, choice: (o.choice - 1 + o.buttons.length) % o.buttons.length } };
    },
  },
  {
    id: 'dialog.choose',
    scope: 'dialog',
    keys: ['enter'],
    title: 'Press the highlighted button (Cancel is highlighted first)',
    short: 'choose',
    priority: 1,
    run: (s) => {
      const o = confirmOf(s);
      return runConfirm(s, o.buttons[o.choice]!.action);
    },
  },
  {
    id: 'dialog.cancel',
    scope: 'dialog',
    keys: ['esc'],
    title: 'Cancel',
    short: 'cancel',
    priority: 2,
    run: (s) => runConfirm(s, { kind: 'cancel' }),
  },
];

const helpOf = (s: State) => s.overlay as HelpState;

export const HELP_COMMANDS: CommandDef[] = [
  {
    id: 'help.close',
    scope: 'help',
    keys: ['esc', '?'],
    title: 'Close the help (type to search it; the keys of "Typing in a field" edit the search)',
    short: 'close',
    priority: 1,
    run: (s) => ({ ...s, overlay: null }),
  },
  {
    id: 'help.down',
    scope: 'help',
    keys: ['down', 'C-n'],
    title: 'Scroll down',
    run: (s) => ({ ...s, overlay: { ...helpOf(s), top: helpOf(s).top + 1 } }),
  },
  {
    id: 'help.up',
    scope: 'help',
    keys: ['up', 'C-p'],
    title: 'Scroll up',
    run: (s) => ({ ...s, overlay: { ...helpOf(s), top: Math.max(0, helpOf(s).top - 1) } }),
  },
];

/** A key in the help that is not one of its commands edits the search. */
export function helpSearch(s: State, key: string): State {
  const o = helpOf(s);
  const next = editText({ text: o.filter, cursor: o.cursor }, key);
  return next ? { ...s, overlay: { ...o, filter: next.text, cursor: next.cursor, top: 0 } } : s;
}
