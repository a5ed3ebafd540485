// The unsaved changes as the YAML lines a save will change in the file (D, before s): the edits merged
// into the file's text exactly as a save merges them (comments and layout kept), compared line by line.
import { documentText, mergeIntoDocument, modelDocument, newDocument } from '../persistence/index.js';
import { lineDiff, type Hunk } from './line-diff.js';
import { isDirty, type State } from './state.js';

export interface UnsavedDiff {
  /** What the text is compared with: the file, or nothing (a new file). */
  file: string | undefined;
  hunks: Hunk[];
  removed: number;
  added: number;
}

let last: { before: string; model: State['model']; diff: UnsavedDiff } | undefined;

/** The text `s` would write and the text it replaces. */
function texts(s: State): { file: string | undefined; before: string; after: string } {
  if (s.source.kind === 'builtin') return { file: undefined, before: '', after: documentText(newDocument(s.model)) };
  const loaded = s.source.loaded;
  // A read-only file is saved as a new copy (a fresh document); otherwise the edits are merged into the file's text.
  if (s.source.readOnly) return { file: loaded.path, before: loaded.text, after: documentText(newDocument(s.model)) };
  const doc = modelDocument(loaded.text);
  mergeIntoDocument(doc, loaded.model, s.model);
  return { file: loaded.path, before: loaded.text, after: documentText(doc) };
}

export function unsavedDiff(s: State): UnsavedDiff {
  const before = s.source.kind === 'file' ? s.source.loaded.text : '';
  if (last && last.before === before && last.model === s.model) return last.diff;
  const t = texts(s);
  const hunks = lineDiff(t.before, t.after);
  let removed = 0;
  let added = 0;
  for (const h of hunks) for (const l of h.lines) l.op === '-' ? removed++ : l.op === '+' ? added++ : 0;
  const diff = { file: t.file, hunks, removed, added };
  last = { before, model: s.model, diff };
  return diff;
}

/** The zoomed view of the diff: a heading per hunk with its line number, then - / + / unchanged lines, wrapped. */
export function unsavedDiffText(s: State, width: number): { title: string; lines: string[] } {
  const d = unsavedDiff(s);
  const where =
    s.source.kind === 'builtin'
      ? 'a new file (the built-in example is read-only)'
      : s.source.readOnly
        ? `a copy of ${d.file} (it is open read-only)`
        : d.file!;
  const title = `Unsaved changes (${d.removed} line(s) removed, ${d.added} added): ${where}`;
  if (!isDirty(s) || d.hunks.length === 0) {
    return {
      title,
      lines: [
        isDirty(s) ? 'The edits leave the file as it is (undone or set back by hand).' : 'No unsaved changes: the model is as saved.',
      ],
    };
  }
  const lines: string[] = ['- a line the save removes, + one it writes; numbers: lines of the file.', 'Esc returns; then s saves.', ''];
  const room = Math.max(10, width - 7);
  for (const h of d.hunks) {
    lines.push(`@ line ${h.oldStart}${h.newStart !== h.oldStart ? ` (line ${h.newStart} after the save)` : ''}:`);
    for (const l of h.lines) {
      // Cut, never re-flowed: YAML's indentation is part of what changes.
      const chunks = l.text.match(new RegExp(`.{1,${room}}`, 'gu')) ?? [''];
      const number = l.op === '+' ? '' : String(l.line);
      chunks.forEach((c, i) => lines.push(i === 0 ? `${number.padStart(4)} ${l.op} ${c}` : `${''.padStart(4)} ${l.op}…${c}`));
    }
    lines.push('');
  }
  return { title, lines };
}
