// The property sheet: its keys, what each does on the field under the cursor and why it does nothing
// there, and typing in one of its fields.
import type { CommandDef } from '../command-types.js';
import { selectable, type Row } from '../tree-types.js';
import type { ConfirmState, SheetState, State } from '../state.js';
import { flash } from '../effects.js';
import { editText, inputCommandId } from '../input/text-input.js';
import { openFind } from './find.js';
import { settingName } from '../setting-names.js';
import {
  commit,
  confirmRemove,
  moveSheet,
  openForm,
  rowLabel,
  scrollSheet,
  sheetEditResult,
  sheetGo,
  sheetOf,
  sheetRows,
  sheetTab,
} from './core.js';

const rowOf = (s: State): Row | undefined => (s.sheet ? sheetRows(s)[s.sheet.row] : undefined);

/** The field as ESM names it, for the status bar and the undo list (the label alone says not which policy or address). */
const fieldName = (s: State, row: Row & { label: string }): string => (row.path && settingName(s.model, row.path)) || row.label;

function activate(s: State, toggleOnly: boolean): State {
  const row = rowOf(s);
  if (!row) return s;
  if (row.kind === 'bool')
    return sheetEditResult(s, row.id, commit(s, row.set(!row.value), `${row.value ? 'Cleared' : 'Ticked'}: ${fieldName(s, row)}`));
  if (row.kind === 'choice') {
    const at = row.options.findIndex((o) => o.value === row.value);
    if (!toggleOnly) return { ...s, sheet: { ...s.sheet!, choosing: { rowId: row.id, index: Math.max(0, at) } } };
    const next = row.options[(at + 1) % row.options.length]!;
    return sheetEditResult(s, row.id, commit(s, row.set(next.value), `${fieldName(s, row)}: ${next.label}`));
  }
  if (toggleOnly) return s;
  if (row.kind === 'text') return { ...s, sheet: { ...s.sheet!, edit: { rowId: row.id, text: row.value, cursor: row.value.length } } };
  if (row.kind === 'button') {
    if (row.form) return openForm(s, row.form);
    if (row.findRecipients !== undefined) return openFind(s, row.findRecipients, row.id);
    if (row.edit) return sheetEditResult(s, row.id, commit(s, row.edit, row.label));
  }
  return s;
}

const oneTab = (s: State): string | undefined => {
  const def = sheetOf(s);
  return def && def.tabs.length < 2 ? `${def.title} has one tab` : undefined;
};

const listForm = (row: Row | undefined) => row?.add ?? (row?.kind === 'button' ? row.form : undefined);

export const SHEET_COMMANDS: CommandDef[] = [
  { id: 'sheet.down', scope: 'sheet', keys: ['down', 'j'], title: 'Next field', run: (s) => moveSheet(s, 1) },
  { id: 'sheet.up', scope: 'sheet', keys: ['up', 'k'], title: 'Previous field', run: (s) => moveSheet(s, -1) },
  {
    id: 'sheet.top',
    scope: 'sheet',
    keys: ['g', 'home'],
    title: 'First field',
    run: (s) => sheetGo(s, sheetRows(s).findIndex(selectable)),
  },
  {
    id: 'sheet.bottom',
    scope: 'sheet',
    keys: ['G', 'end'],
    title: 'Last field',
    run: (s) => {
      const rows = sheetRows(s);
      return sheetGo(s, rows.length - 1 - [...rows].reverse().findIndex(selectable));
    },
  },
  {
    id: 'sheet.nextTab',
    scope: 'sheet',
    keys: [']', 'right', 'l'],
    title: 'Next tab',
    short: 'tab',
    priority: 5,
    unavailable: oneTab,
    run: (s) => sheetTab(s, 1),
  },
  {
    id: 'sheet.prevTab',
    scope: 'sheet',
    keys: ['[', 'left', 'h'],
    title: 'Previous tab',
    unavailable: oneTab,
    run: (s) => sheetTab(s, -1),
  },
  {
    id: 'sheet.activate',
    scope: 'sheet',
    keys: ['enter'],
    title: 'Edit the field, tick the box, list the options of a choice, or press the button',
    short: 'edit',
    priority: 1,
    unavailable: (s) => {
      const row = rowOf(s);
      if (row?.kind === 'text' && row.readOnly) return `${row.label} cannot be changed: ${row.readOnly}`;
      return row && row.kind === 'button' && !row.form && !row.edit && row.findRecipients === undefined
        ? `${row.label} does nothing here`
        : undefined;
    },
    run: (s) => activate(s, false),
  },
  {
    id: 'sheet.toggle',
    scope: 'sheet',
    keys: ['space'],
    title: 'Tick or clear a check box, or pick the next option of a choice',
    short: 'toggle',
    priority: 2,
    unavailable: (s) => {
      const row = rowOf(s);
      return row && row.kind !== 'bool' && row.kind !== 'choice'
        ? 'Space ticks check boxes and picks options; Enter edits a text field'
        : undefined;
    },
    run: (s) => activate(s, true),
  },
  {
    id: 'sheet.new',
    scope: 'sheet',
    keys: ['n'],
    title: 'New item in the list under the cursor (New..., Add...)',
    short: 'new',
    priority: 3,
    unavailable: (s) =>
      listForm(rowOf(s))
        ? undefined
        : 'No list here: move to an item of a list (smart hosts, addresses, computers...) or its Add... button',
    run: (s) => {
      const form = listForm(rowOf(s));
      return form ? openForm(s, form) : s;
    },
  },
  {
    id: 'sheet.remove',
    scope: 'sheet',
    keys: ['d', 'delete'],
    title: 'Remove the list item under the cursor (asks first)',
    short: 'remove',
    priority: 4,
    dangerous: true,
    unavailable: (s) => {
      const row = rowOf(s);
      return row?.remove ? undefined : `${row ? rowLabel(row) : 'This'} is not a list item; nothing to remove`;
    },
    run: (s) => {
      const r = rowOf(s)?.remove;
      return r ? confirmRemove(s, r.what, r.edit, r.note) : s;
    },
  },
  {
    id: 'sheet.primary',
    scope: 'sheet',
    keys: ['m'],
    title: 'Set as Primary (the address under the cursor), then ESM\'s "update all corresponding recipient e-mail addresses?" (Yes / No)',
    short: 'set primary',
    priority: 6,
    unavailable: (s) => {
      const row = rowOf(s);
      if (row?.primary) return undefined;
      return row?.kind === 'text' && row.label.includes('Primary')
        ? 'This address is already the primary address'
        : 'Set as Primary works on a non-primary address of E-Mail Addresses (Policy)';
    },
    run: (s) => {
      const row = rowOf(s);
      if (!row?.primary) return s;
      const address = row.kind === 'text' ? row.value : 'the address';
      // ESM asks this when the policy's dialog is closed after Set as Primary (the seed answers Yes).
      const overlay: ConfirmState = {
        kind: 'confirm',
        title: 'Exchange System Manager',
        lines: [
          'The e-mail addresses of type(s) SMTP have been modified.',
          'Do you want to update all corresponding recipient e-mail addresses to match these new address(es)?',
          `(Yes makes ${address} the primary address of every recipient the policy's filter matches; No changes nothing.)`,
        ],
        buttons: [
          { label: 'No', action: { kind: 'cancel' } },
          {
            label: 'Yes',
            action: { kind: 'edit', edit: row.primary, label: `Set ${address} as primary; recipient addresses updated`, rowId: row.id },
          },
        ],
        choice: 0,
      };
      return { ...s, overlay };
    },
  },
  {
    id: 'sheet.close',
    scope: 'sheet',
    keys: ['esc'],
    title: 'Close the property sheet (edits are already in the local model)',
    short: 'close',
    priority: 7,
    run: (s) => ({ ...s, sheet: null, focus: 'tree' }),
  },
];

function choosingRow(s: State) {
  const c = s.sheet?.choosing;
  const row = c ? sheetRows(s).find((r) => r.id === c.rowId) : undefined;
  return row?.kind === 'choice' ? { row, index: c!.index } : undefined;
}

const closeChooser = (s: State): State => ({ ...s, sheet: { ...s.sheet!, choosing: undefined } as SheetState });

const moveChoice =
  (dir: 1 | -1) =>
  (s: State): State => {
    const c = choosingRow(s);
    if (!c) return closeChooser(s);
    const index = Math.max(0, Math.min(c.row.options.length - 1, c.index + dir));
    return { ...s, sheet: { ...s.sheet!, choosing: { rowId: c.row.id, index } } };
  };

/** The option list of a choice (Enter on it): every option shown, as ESM's radio buttons and drop-downs. */
export const CHOICE_COMMANDS: CommandDef[] = [
  { id: 'choice.down', scope: 'choice', keys: ['down', 'j'], title: 'Next option', run: moveChoice(1) },
  { id: 'choice.up', scope: 'choice', keys: ['up', 'k'], title: 'Previous option', run: moveChoice(-1) },
  {
    id: 'choice.pick',
    scope: 'choice',
    keys: ['enter', 'space'],
    title: 'Choose the highlighted option',
    short: 'choose',
    priority: 1,
    run: (s) => {
      const c = choosingRow(s);
      if (!c) return closeChooser(s);
      const option = c.row.options[c.index]!;
      const closed = closeChooser(s);
      if (option.value === c.row.value) return closed;
      return sheetEditResult(closed, c.row.id, commit(closed, c.row.set(option.value), `${fieldName(closed, c.row)}: ${option.label}`));
    },
  },
  {
    id: 'choice.cancel',
    scope: 'choice',
    keys: ['esc'],
    title: 'Leave the option as it was',
    short: 'cancel',
    priority: 2,
    run: closeChooser,
  },
];

/** A key while a sheet field is being typed in. */
export function sheetInput(s: State, key: string): State {
  const edit = s.sheet!.edit!;
  const id = inputCommandId(key);
  if (id === 'input.cancel') return { ...s, sheet: { ...s.sheet!, edit: undefined } as SheetState };
  if (id === 'input.commit') {
    const row = sheetRows(s).find((r) => r.id === edit.rowId);
    if (row?.kind !== 'text') return { ...s, sheet: { ...s.sheet!, edit: undefined } as SheetState };
    const parsed = row.parse(edit.text);
    if (!parsed.ok) return { ...s, sheet: { ...s.sheet!, edit: { ...edit, refused: parsed.error } } };
    if (edit.text === row.value) return { ...s, sheet: { ...s.sheet!, edit: undefined } as SheetState };
    const r = commit(s, row.set(parsed.value), `${fieldName(s, row)}: ${edit.text === '' ? '(cleared)' : edit.text}`);
    if (typeof r === 'string') return flash({ ...s, sheet: { ...s.sheet!, edit: { ...edit, refused: r } } }, `Refused: ${r}`, 'error');
    return scrollSheet({ ...r, sheet: r.sheet && ({ ...r.sheet, edit: undefined } as SheetState) });
  }
  const next = editText(edit, key);
  return next ? { ...s, sheet: { ...s.sheet!, edit: { ...next, rowId: edit.rowId } } } : s;
}
