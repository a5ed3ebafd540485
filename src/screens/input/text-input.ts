// THE text-input state of every field: console property fields, New... forms, the tree filter, the
// trace dialog, the help search and the wizard. One buffer and cursor; the editing keys are the
// command table's "input" scope, so the help, the README and this code cannot disagree.
import type { CommandDef } from '../command-types.js';
import { READ_CHANGING } from '../../model/schema.js';
import { printable } from './keys.js';

export interface TextInput {
  text: string;
  cursor: number;
}

export const textAt = (text: string, cursor = text.length): TextInput => ({ text, cursor: Math.max(0, Math.min(cursor, text.length)) });

const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

function wordStart(text: string, from: number): number {
  let i = from;
  while (i > 0 && !isWord(text[i - 1])) i--;
  while (i > 0 && isWord(text[i - 1])) i--;
  return i;
}

function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isWord(text[i])) i++;
  while (i < text.length && isWord(text[i])) i++;
  return i;
}

const EDITS: Record<string, (t: TextInput) => TextInput> = {
  'input.backspace': (t) => (t.cursor === 0 ? t : { text: t.text.slice(0, t.cursor - 1) + t.text.slice(t.cursor), cursor: t.cursor - 1 }),
  'input.delete': (t) => ({ text: t.text.slice(0, t.cursor) + t.text.slice(t.cursor + 1), cursor: t.cursor }),
  'input.left': (t) => ({ ...t, cursor: Math.max(0, t.cursor - 1) }),
  'input.right': (t) => ({ ...t, cursor: Math.min(t.text.length, t.cursor + 1) }),
  'input.wordLeft': (t) => ({ ...t, cursor: wordStart(t.text, t.cursor) }),
  'input.wordRight': (t) => ({ ...t, cursor: wordEnd(t.text, t.cursor) }),
  'input.home': (t) => ({ ...t, cursor: 0 }),
  'input.end': (t) => ({ ...t, cursor: t.text.length }),
  'input.deleteWord': (t) => {
    const at = wordStart(t.text, t.cursor);
    return { text: t.text.slice(0, at) + t.text.slice(t.cursor), cursor: at };
  },
  'input.deleteToStart': (t) => ({ text: t.text.slice(t.cursor), cursor: 0 }),
  'input.deleteToEnd': (t) => ({ text: t.text.slice(0, t.cursor), cursor: t.cursor }),
};

/**
 * The "Typing in a field" part of the command table. Enter, Esc and the field moves are handled by
 * whatever holds the field (a property sheet, a form, the filter, the help search, the wizard).
 */
export const INPUT_COMMANDS: CommandDef[] = [
  {
    id: 'input.commit',
    scope: 'input',
    keys: ['enter'],
    title: 'Accept the value (refused with a message if it is not valid)',
    short: 'accept',
    priority: 1,
  },
  { id: 'input.cancel', scope: 'input', keys: ['esc'], title: 'Cancel typing; the value is not changed', short: 'cancel', priority: 2 },
  { id: 'input.nextField', scope: 'input', keys: ['tab', 'down'], title: 'Next field of a form', short: 'next field', priority: 3 },
  { id: 'input.prevField', scope: 'input', keys: ['S-tab', 'up'], title: 'Previous field of a form' },
  { id: 'input.backspace', scope: 'input', keys: ['backspace'], title: 'Delete the character before the cursor (Backspace, or Ctrl+H)' },
  { id: 'input.delete', scope: 'input', keys: ['delete'], title: 'Delete the character under the cursor' },
  { id: 'input.left', scope: 'input', keys: ['left'], title: 'Move the cursor left' },
  { id: 'input.right', scope: 'input', keys: ['right'], title: 'Move the cursor right' },
  { id: 'input.wordLeft', scope: 'input', keys: ['C-left'], title: 'Cursor to the start of the word (or Alt+B)' },
  { id: 'input.wordRight', scope: 'input', keys: ['C-right'], title: 'Cursor past the end of the word (or Alt+F)' },
  { id: 'input.home', scope: 'input', keys: ['home', 'C-a'], title: 'Cursor to the start' },
  { id: 'input.end', scope: 'input', keys: ['end', 'C-e'], title: 'Cursor to the end' },
  { id: 'input.deleteWord', scope: 'input', keys: ['C-w'], title: 'Delete the word before the cursor (or Alt+Backspace)' },
  {
    id: 'input.deleteToStart',
    scope: 'input',
    keys: ['C-u'],
    title: 'Delete everything before the cursor (the whole value when the cursor is at the end)',
  },
  { id: 'input.deleteToEnd', scope: 'input', keys: ['C-k'], title: 'Delete from the cursor to the end' },
];

const INPUT_KEYS = new Map<string, string>();
for (const c of INPUT_COMMANDS) for (const k of c.keys) if (!INPUT_KEYS.has(k)) INPUT_KEYS.set(k, c.id);

/** The input-scope command a key runs while typing (input.commit, input.cancel, input.left...). */
export const inputCommandId = (key: string): string | undefined => INPUT_KEYS.get(key);

/** What a field never holds nor shows: controls, line separators and text-direction overrides (the model's READ_CHANGING). */
const READ_CHANGING_ALL = new RegExp(READ_CHANGING.source, 'g');

/**
 * Insert text at the cursor (a typed character or a pasted line). Line breaks, C0/C1 controls, U+2028/U+2029
 * and the bidirectional overrides and isolates become spaces: U+202E typed or pasted into a field would
 * otherwise reach the terminal and reverse the rest of the row (and shift the panes' borders).
 */
export function insertText(t: TextInput, text: string): TextInput {
  const clean = text.replace(READ_CHANGING_ALL, ' ');
  return { text: t.text.slice(0, t.cursor) + clean + t.text.slice(t.cursor), cursor: t.cursor + clean.length };
}

/**
 * Apply one key to a text input: an editing command of the input scope, or a printable character.
 * Undefined when the key is neither (Enter, Esc, Tab, Up...: the caller's business).
 */
export function editText(t: TextInput, key: string): TextInput | undefined {
  const id = inputCommandId(key);
  const edit = id && EDITS[id];
  if (edit) return edit(textAt(t.text, t.cursor));
  if (id) return undefined;
  const ch = printable(key);
  return ch === undefined ? undefined : insertText(textAt(t.text, t.cursor), ch);
}

/** The value as a field shows it while it is edited: "_" marks the cursor (it reads the same without colour). */
export const withCursor = (t: TextInput): string => `${t.text.slice(0, t.cursor)}_${t.text.slice(t.cursor)}`;
