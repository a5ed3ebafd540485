// Every key of the wizard goes through this reducer, so a burst of keys in one stdin chunk (a paste,
// tmux send-keys, a fast typist) sees each previous key's result. Pure: file reads and the final write
// are requested here and carried out by the view's effects, which dispatch the outcome back.
import type { Model } from '../../model/schema.js';
import { countBySeverity, validate } from '../../model/rules/index.js';
import {
  buildModel,
  checkAnswers,
  emptyAnswers,
  formatCsvProblem,
  parseUsersCsv,
  type FieldProblem,
  type SetupAnswers,
} from '../../model/setup/index.js';
import { pageFields, setAnswer, type Field } from './fields.js';
import { PAGES } from './pages.js';
import { editText } from '../input/text-input.js';

export type Request = { kind: 'import'; path: string } | { kind: 'finish'; model: Model; overwrite: boolean };

export interface WizardState {
  page: number;
  answers: SetupAnswers;
  /** The answers as they started, to know whether Esc throws work away. */
  initial: string;
  csvPath: string;
  focus: number;
  cursor: number;
  /** Fields whose problems are on screen: edited, left, or on a page whose Next was refused. */
  shown: Record<string, true>;
  /** Scroll offset of pages without fields (the summary). */
  scroll: number;
  dialog: null | 'discard' | 'overwrite';
  notice: null | { tone: 'error' | 'info'; text: string };
  importProblems: string[];
  request: Request | null;
  outcome: null | { kind: 'cancelled' } | { kind: 'written'; path: string };
  out: string;
  overwrite: boolean;
}

export type Action =
  /** A key name from the shared decoder (src/screens/input/keys.ts). */
  | { type: 'key'; name: string }
  | { type: 'imported'; path: string; text: string }
  | { type: 'import-failed'; message: string }
  | { type: 'written'; path: string }
  | { type: 'write-exists' }
  | { type: 'write-failed'; message: string }
  /** The view's answer to how far a page without fields can scroll at the current terminal size. */
  | { type: 'clamp-scroll'; max: number };

export function initialState(opts: { out: string; overwrite?: boolean; answers?: SetupAnswers }): WizardState {
  const answers = opts.answers ?? emptyAnswers();
  return {
    page: 0,
    answers,
    initial: JSON.stringify(answers),
    csvPath: '',
    focus: 0,
    cursor: 0,
    shown: {},
    scroll: 0,
    dialog: null,
    notice: null,
    importProblems: [],
    request: null,
    outcome: null,
    out: opts.out,
    overwrite: opts.overwrite === true,
  };
}

export const currentPage = (s: WizardState) => PAGES[s.page]!;
export const fieldsOf = (s: WizardState): Field[] => pageFields(currentPage(s).id, s.answers, s.csvPath);
const touched = (s: WizardState) => JSON.stringify(s.answers) !== s.initial || s.csvPath !== '';

/** Problems of the current page's answers (errors and warnings), memoised per answers object. */
const problemCache = new WeakMap<SetupAnswers, FieldProblem[]>();
export function problemsOf(answers: SetupAnswers): FieldProblem[] {
  let p = problemCache.get(answers);
  if (!p) {
    p = checkAnswers(answers);
    problemCache.set(answers, p);
  }
  return p;
}

export const pageProblems = (s: WizardState) => problemsOf(s.answers).filter((p) => currentPage(s).owns(p.field));

/** Problems to draw under a field (only once it has been edited or left). */
export function visibleProblems(s: WizardState, fieldId: string): FieldProblem[] {
  if (!s.shown[fieldId]) return [];
  return pageProblems(s).filter((p) => p.field === fieldId);
}

function valueLength(f: Field | undefined): number {
  return f?.kind === 'text' ? f.value.length : 0;
}

function focusOn(s: WizardState, index: number): WizardState {
  const fields = fieldsOf(s);
  const focus = Math.max(0, Math.min(index, fields.length - 1));
  const leaving = fields[s.focus];
  const shown = leaving ? { ...s.shown, [leaving.id]: true as const } : s.shown;
  return { ...s, focus, cursor: valueLength(fields[focus]), shown };
}

function goToPage(s: WizardState, page: number): WizardState {
  const next: WizardState = { ...s, page, focus: 0, scroll: 0, notice: null, dialog: null };
  return { ...next, cursor: valueLength(fieldsOf(next)[0]) };
}

function nextPage(s: WizardState): WizardState {
  if (s.page >= PAGES.length - 1) return finish(s);
  const errors = pageProblems(s).filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const shown = { ...s.shown };
    for (const f of fieldsOf(s)) shown[f.id] = true;
    for (const p of errors) shown[p.field] = true;
    return {
      ...s,
      shown,
      notice: {
        tone: 'error',
        text: `Fix ${errors.length === 1 ? 'the problem' : `the ${errors.length} problems`} on this page first: ${errors[0]!.message}`,
      },
    };
  }
  return goToPage(s, s.page + 1);
}

export interface Summary {
  model: Model | null;
  problems: FieldProblem[];
}

/** Memoised per answers object: the summary page redraws on every scroll key, the answers do not change. */
const summaryCache = new WeakMap<SetupAnswers, Summary>();
export function summaryOf(answers: SetupAnswers): Summary {
  const hit = summaryCache.get(answers);
  if (hit) return hit;
  const built = buildModel(answers);
  const summary = built.ok ? { model: built.model, problems: built.warnings } : { model: null, problems: built.problems };
  summaryCache.set(answers, summary);
  return summary;
}

function finish(s: WizardState): WizardState {
  const summary = summaryOf(s.answers);
  if (!summary.model)
    return { ...s, notice: { tone: 'error', text: `Finish refused: ${summary.problems[0]?.message ?? 'the answers are incomplete'}` } };
  const { errors } = countBySeverity(validate(summary.model));
  if (errors > 0)
    return { ...s, notice: { tone: 'error', text: `Finish refused: ${errors} error(s) remain. PgUp goes back to fix them.` } };
  return {
    ...s,
    notice: { tone: 'info', text: `Writing ${s.out}...` },
    request: { kind: 'finish', model: summary.model, overwrite: s.overwrite },
  };
}

function edit(s: WizardState, field: Field, value: string | boolean, cursor?: number): WizardState {
  const base = { ...s, notice: null, shown: { ...s.shown, [field.id]: true as const } };
  if (field.id === 'csvPath') return { ...base, csvPath: String(value), cursor: cursor ?? s.cursor, importProblems: [] };
  return { ...base, answers: setAnswer(s.answers, field.id, value), cursor: cursor ?? s.cursor };
}

function press(s: WizardState, field: Field): WizardState {
  if (field.kind !== 'button') return s;
  const a = structuredClone(s.answers);
  const fields = fieldsOf(s);
  const indexOf = (id: string, st: WizardState) => fieldsOf(st).findIndex((f) => f.id === id);
  switch (field.action.kind) {
    case 'add-exchange': {
      a.exchange.push({ name: '', fqdn: '', ip: '', internet: false });
      const next = { ...s, answers: a, notice: null };
      return focusOn({ ...next, focus: s.focus }, indexOf(`exchange[${a.exchange.length - 1}].name`, next));
    }
    case 'remove-exchange':
      a.exchange.splice(field.action.index, 1);
      return focusOn(
        { ...s, answers: a, focus: 0, notice: { tone: 'info', text: `Removed Exchange server ${field.action.index + 1}` } },
        Math.min(s.focus, fields.length - 1),
      );
    case 'add-user': {
      a.users.push({ logon: '', displayName: '', kind: 'pop3' });
      const next = { ...s, answers: a, notice: null };
      return focusOn({ ...next, focus: s.focus }, indexOf(`users[${a.users.length - 1}].logon`, next));
    }
    case 'remove-user':
      a.users.splice(field.action.index, 1);
      return focusOn(
        { ...s, answers: a, focus: 0, notice: { tone: 'info', text: `Removed user ${field.action.index + 1}` } },
        Math.max(0, s.focus - 4),
      );
    case 'import-csv':
      if (s.csvPath.trim() === '') return { ...s, notice: { tone: 'error', text: 'Type the CSV file\'s path in "CSV file" first' } };
      return {
        ...s,
        notice: { tone: 'info', text: `Reading ${s.csvPath.trim()}...` },
        request: { kind: 'import', path: s.csvPath.trim() },
      };
  }
}

function onField(s: WizardState, field: Field, key: string): WizardState {
  if (field.kind === 'text') {
    const next = editText({ text: field.value, cursor: Math.min(s.cursor, field.value.length) }, key);
    if (!next) return s;
    return next.text === field.value ? { ...s, cursor: next.cursor } : edit(s, field, next.text, next.cursor);
  }
  const step = key === 'left' ? -1 : key === 'right' || key === 'space' ? 1 : 0;
  if (field.kind === 'choice' && step !== 0) {
    const i = field.options.findIndex((o) => o.value === field.value);
    const n = field.options.length;
    return edit(s, field, field.options[(i + step + n) % n]!.value);
  }
  if (field.kind === 'toggle' && step !== 0) return edit(s, field, !field.value);
  if (field.kind === 'button' && key === 'space') return press(s, field);
  return s;
}

function onKey(s: WizardState, key: string): WizardState {
  if (s.outcome) return s;
  const ctrlC = key === 'C-c';
  if (s.dialog === 'discard') {
    if (key === 'y' || key === 'Y' || ctrlC) return { ...s, dialog: null, outcome: { kind: 'cancelled' } };
    return { ...s, dialog: null, notice: { tone: 'info', text: 'Setup continues; nothing was thrown away' } };
  }
  if (s.dialog === 'overwrite') {
    if ((key === 'y' || key === 'Y') && s.request === null) {
      const summary = summaryOf(s.answers);
      if (summary.model)
        return {
          ...s,
          dialog: null,
          overwrite: true,
          notice: { tone: 'info', text: `Writing ${s.out}...` },
          request: { kind: 'finish', model: summary.model, overwrite: true },
        };
    }
    return { ...s, dialog: null, notice: { tone: 'info', text: `Not written: ${s.out} is left as it was` } };
  }
  if (s.request) return s;
  if (key === 'esc' || ctrlC) return touched(s) ? { ...s, dialog: 'discard' } : { ...s, outcome: { kind: 'cancelled' } };
  if (key === 'pgdn') return nextPage(s);
  if (key === 'pgup') return s.page > 0 ? goToPage(s, s.page - 1) : s;
  const fields = fieldsOf(s);
  if (fields.length === 0) {
    if (key === 'enter') return nextPage(s);
    if (key === 'up') return { ...s, scroll: Math.max(0, s.scroll - 1) };
    if (key === 'down') return { ...s, scroll: s.scroll + 1 };
    return s;
  }
  const field = fields[Math.min(s.focus, fields.length - 1)]!;
  if (key === 'tab' || key === 'down') return focusOn(s, s.focus + 1);
  if (key === 'S-tab' || key === 'up') return focusOn(s, s.focus - 1);
  if (key === 'enter') {
    if (field.kind === 'button') return press(s, field);
    if (s.focus >= fields.length - 1 || (currentPage(s).id === 'users' && field.id === 'csvPath')) {
      if (field.id === 'csvPath' && s.csvPath.trim() !== '') return press(s, fields.find((f) => f.id === 'users.import')!);
      return nextPage(focusOn(s, s.focus));
    }
    return focusOn(s, s.focus + 1);
  }
  return onField(s, field, key);
}

export function reducer(s: WizardState, action: Action): WizardState {
  switch (action.type) {
    case 'key':
      return onKey(s, action.name);
    case 'imported': {
      const r = parseUsersCsv(action.text, action.path, s.answers.users);
      if (!r.ok) {
        return {
          ...s,
          request: null,
          importProblems: r.problems.map(formatCsvProblem),
          notice: { tone: 'error', text: `${action.path}: ${r.problems.length} problem(s); nothing imported` },
        };
      }
      const answers = { ...s.answers, users: [...s.answers.users, ...r.users] };
      return {
        ...s,
        request: null,
        answers,
        importProblems: [],
        notice: { tone: 'info', text: `Imported ${r.users.length} user(s) from ${action.path}` },
      };
    }
    case 'import-failed':
      return { ...s, request: null, notice: { tone: 'error', text: action.message } };
    case 'written':
      return { ...s, request: null, outcome: { kind: 'written', path: action.path } };
    case 'write-exists':
      return { ...s, request: null, dialog: 'overwrite', notice: null };
    case 'write-failed':
      return { ...s, request: null, notice: { tone: 'error', text: action.message } };
    case 'clamp-scroll':
      return s.scroll > action.max ? { ...s, scroll: action.max } : s;
  }
}
