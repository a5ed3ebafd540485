// THE text-input state of every field: console property fields, New... forms, the tree filter, the
// trace dialog, the help search and the wizard. One buffer and cursor; the editing keys are the
// command table's "input" scope, so the help, the README and this code cannot disagree.
import { commandIn } from '../commands.js';
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
  'input.deleteWord': (t) => { const at = wordStart(t.text, t.cursor); return { text: t.text.slice(0, at) + t.text.slice(t.cursor), cursor: at }; },
  'input.deleteToStart': (t) => ({ text: t.text.slice(t.cursor), cursor: 0 }),
  'input.deleteToEnd': (t) => ({ text: t.text.slice(0, t.cursor), cursor: t.cursor }),
};

/** The command ids that edit text (each must be in the command table's input scope). */
export const TEXT_EDIT_COMMANDS = Object.keys(EDITS);

/** Insert text at the cursor (a typed character or a pasted line: line breaks and controls become spaces). */
export function insertText(t: TextInput, text: string): TextInput {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return { text: t.text.slice(0, t.cursor) + clean + t.text.slice(t.cursor), cursor: t.cursor + clean.length };
}

/**
 * Apply one key to a text input: an editing command of the input scope, or a printable character.
 * Undefined when the key is neither (Enter, Esc, Tab, Up...: the caller's business).
 */
export function editText(t: TextInput, key: string): TextInput | undefined {
  const c = commandIn('input', key);
  const edit = c && EDITS[c.id];
  if (edit) return edit(textAt(t.text, t.cursor));
  if (c) return undefined;
  const ch = printable(key);
  return ch === undefined ? undefined : insertText(textAt(t.text, t.cursor), ch);
}

/** The value as a field shows it while it is edited: "_" marks the cursor (it reads the same without colour). */
export const withCursor = (t: TextInput): string => `${t.text.slice(0, t.cursor)}_${t.text.slice(t.cursor)}`;
