// Row builders for property sheets: one field of the model per row, with its parser and edit.
import { formatPath, removeAt, setField, type Path } from '../model/edits/index.js';
import type { Parser } from './fields.js';
import type { FormSpec, Row } from './tree-types.js';

const idOf = (p: Path) => formatPath(p);

export function textRow(label: string, path: Path, value: string | number | undefined, parser: Parser, extra: Partial<Row> = {}): Row {
  return {
    kind: 'text',
    id: idOf(path),
    path: idOf(path),
    label,
    value: value === undefined ? '' : String(value),
    parse: parser,
    set: (v) => setField(path, v),
    ...extra,
  } as Row;
}

export function boolRow(label: string, path: Path, value: boolean, extra: Partial<Row> = {}): Row {
  return { kind: 'bool', id: idOf(path), path: idOf(path), label, value, set: (v: boolean) => setField(path, v), ...extra } as Row;
}

export function choiceRow(
  label: string,
  path: Path,
  value: string,
  options: { value: string; label: string }[],
  extra: Partial<Row> = {},
): Row {
  return {
    kind: 'choice',
    id: idOf(path),
    path: idOf(path),
    label,
    value,
    options,
    set: (v: string) => setField(path, v),
    ...extra,
  } as Row;
}

export const heading = (id: string, text: string, indent = 0): Row => ({ kind: 'heading', id: `h:${id}`, text, indent });
export const note = (id: string, text: string, indent = 0): Row => ({ kind: 'note', id: `n:${id}`, text, indent });
export const button = (id: string, label: string, form: FormSpec, indent = 0, path?: string): Row => ({
  kind: 'button',
  id: `b:${id}`,
  label,
  form,
  indent,
  ...(path ? { path } : {}),
});

/**
 * A list of strings (smart hosts, bridgeheads, relay computers, mailboxes): a heading, one editable row
 * per item (`d` removes it, `n` adds), and an "Add..." button.
 */
export function stringListRows(opts: {
  heading: string;
  path: Path;
  items: readonly string[];
  parser: Parser;
  itemLabel: string;
  what: string;
  empty?: string;
  add: FormSpec;
}): Row[] {
  const rows: Row[] = [heading(idOf(opts.path), opts.heading)];
  opts.items.forEach((item, i) => {
    const p = [...opts.path, i];
    rows.push(
      textRow(opts.itemLabel, p, item, opts.parser, {
        indent: 1,
        add: opts.add,
        remove: { what: `${opts.what} ${item}`, edit: removeAt(p) },
      }),
    );
  });
  if (opts.items.length === 0 && opts.empty) rows.push(note(idOf(opts.path), opts.empty, 1));
  rows.push({ ...button(idOf(opts.path), opts.add.title, opts.add, 1), path: idOf(opts.path) });
  return rows;
}

/** A one-field form that appends to a list. */
export function addForm(
  title: string,
  label: string,
  parser: Parser,
  submit: (value: unknown) => ReturnType<FormSpec['submit']>,
  hint?: string,
): FormSpec {
  return { title, fields: [{ label, parse: parser, ...(hint ? { hint } : {}) }], submit: ([v]) => submit(v) };
}
