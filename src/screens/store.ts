// The reducer: every key goes through here (several keys in one chunk each see the previous key's
// state). Pure: saving and quitting are queued as effects that the App runs. What each key does lives
// with its pane in panes/*.ts and is bound to it in the command table (commands.ts).
import type { LoadedModel } from '../persistence/index.js';
import type { Model } from '../model/schema.js';
import { commandFor, commandIn, type CommandDef } from './commands.js';
import { isDirty, type State } from './state.js';
import { addEffect, flash } from './effects.js';
import { opsEvent } from './ops/reducer.js';
import type { OpsEvent } from './ops/state.js';
import { currentIndex, layoutOf, moveTo, scrollSheet } from './panes/core.js';
import { sheetInput } from './panes/sheet.js';
import { filterInput, formInput } from './panes/forms.js';
import { applyingOn, helpSearch, quit } from './panes/app.js';

export { selectedNode, sheetOf } from './panes/core.js';

export type Action =
  | { type: 'key'; name: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'saved'; loaded: LoadedModel; model: Model; thenQuit: boolean }
  | { type: 'saveFailed'; message: string }
  | { type: 'effectDone'; id: number }
  | { type: 'flash'; text: string }
  | { type: 'ops'; event: OpsEvent };

/** Run a bound command, or say why it does nothing on what is selected. */
function run(s: State, c: Pick<CommandDef, 'run' | 'unavailable' | 'refusedAs'>): State {
  const why = c.unavailable?.(s);
  if (why) return c.refusedAs ? flash(s, `${c.refusedAs}: ${why}`, 'error') : flash(s, why);
  return c.run ? c.run(s) : s;
}

function onKey(state: State, key: string): State {
  const armed = state.interruptArmed;
  const s: State = state.flash ? { ...state, flash: null } : state;
  if (key === 'C-c') {
    if (armed || (!isDirty(s) && !applyingOn(s))) return addEffect({ ...s, overlay: null }, { kind: 'exit', code: 130 });
    const why = isDirty(s) ? 'Unsaved edits: Ctrl+C again quits without saving' : 'An apply is running: Ctrl+C again quits and stops it';
    return { ...quit(s, 130), interruptArmed: true, flash: { text: why, tone: 'error' } };
  }
  // Ctrl+L repaints from anywhere, also while typing in a field or a dialog is open.
  if (commandIn('global', key)?.id === 'app.redraw') return addEffect(s, { kind: 'redraw' });
  if (layoutOf(s).tooSmall) return commandIn('global', key)?.id === 'app.quit' ? quit(s, 0) : s;
  const o = s.overlay;
  if (o?.kind === 'confirm') {
    const c = commandIn('dialog', key);
    return c ? run(s, c) : s;
  }
  if (o?.kind === 'form') return formInput(s, key);
  if (o?.kind === 'filter') return filterInput(s, key);
  if (o?.kind === 'find') {
    const c = commandIn('find', key);
    return c ? run(s, c) : s;
  }
  if (s.zoom) {
    const c = commandIn('zoom', key);
    return c ? run(s, c) : s;
  }
  if (o?.kind === 'help') {
    const c = commandIn('help', key);
    return c ? run(s, c) : helpSearch(s, key);
  }
  if (s.sheet?.edit && s.focus === 'sheet') return sheetInput(s, key);
  if (s.sheet?.choosing && s.focus === 'sheet') {
    const c = commandIn('choice', key);
    return c ? run(s, c) : s;
  }
  const c = commandFor(s.focus, key, true);
  if (!c) return s;
  return run({ ...s, interruptArmed: false }, c);
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'key':
      return onKey(state, action.name);
    // A new size (or Ctrl+L's repaint) keeps what is shown: the selection in view, the details' scroll.
    case 'resize':
      return {
        ...scrollSheet(moveTo({ ...state, cols: action.cols, rows: action.rows }, currentIndex(state))),
        detailsTop: state.detailsTop,
      };
    case 'effectDone':
      return state.effects.some((e) => e.id === action.id) ? { ...state, effects: state.effects.filter((e) => e.id !== action.id) } : state;
    case 'saved': {
      const next: State = { ...state, source: { kind: 'file', loaded: action.loaded }, savedModel: action.model, overlay: null };
      const saved = flash(next, `Saved ${action.loaded.path}`);
      return action.thenQuit ? addEffect(saved, { kind: 'exit', code: 0 }) : saved;
    }
    case 'flash':
      return flash(state, action.text);
    case 'ops':
      return opsEvent(state, action.event);
    case 'saveFailed':
      return flash({ ...state, interruptArmed: false }, `Not saved: ${action.message}`, 'error');
  }
}
