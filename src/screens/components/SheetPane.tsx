// A property sheet: tabs, then one row per field. Text fields validate as you type; a refused value
import type { ReactElement } from 'react';
// keeps its message at the field.
import { Text } from 'ink';
import type { SheetDef, Row } from '../tree-types.js';
import type { SheetState } from '../state.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import { withCursor } from '../input/text-input.js';
import type { Model } from '../../model/schema.js';
import { settingName } from '../setting-names.js';

interface Props {
  model?: Model;
  def: SheetDef;
  sheet: SheetState;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

function rowText(row: Row, theme: Theme, _width: number, editing: { text: string; cursor: number } | undefined): string {
  const g = glyphs(theme);
  const pad = '  '.repeat(row.indent ?? 0);
  switch (row.kind) {
    case 'heading':
    case 'note':
      return `${pad}${row.text}`;
    case 'bool':
      return `${pad}[${row.value ? g.check : ' '}] ${row.label}`;
    case 'button':
      return `${pad}[ ${row.label} ]`;
    case 'choice': {
      const all = row.options.map((o) => `${o.value === row.value ? g.radioOn : g.radioOff} ${o.label}`).join('  ');
      return `${pad}${row.label}: ${all}`;
    }
    case 'text': {
      if (editing) return `${pad}${row.label}: ${withCursor(editing)}`;
      return `${pad}${row.label}: ${row.value === '' ? '(not set)' : row.value}`;
    }
  }
}

/**
 * A choice shows every option, as ESM's radio buttons do: on the label's line when they fit, else one
 * line each under it (always while the option list is open).
 */
function choiceLines(row: Extract<Row, { kind: 'choice' }>, theme: Theme, width: number, open: boolean): string[] {
  const g = glyphs(theme);
  const pad = '  '.repeat(row.indent ?? 0);
  const inline = rowText(row, theme, width, undefined);
  if (!open && inline.length <= width) return [inline];
  return [
    `${pad}${row.label}:${open ? '  (Up/Down, Enter chooses, Esc leaves it)' : ''}`,
    ...row.options.map((o) => `${pad}    ${o.value === row.value ? g.radioOn : g.radioOff} ${o.label}`),
  ];
}

export const MESSAGE_LINES = 2;

/** A field message on at most two lines, so the whole refusal can be read at 80 columns. */
function messageLines(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const cut = text.lastIndexOf(' ', width);
  const at = cut > width / 2 ? cut : width;
  return [text.slice(0, at), text.slice(at).trim()].slice(0, MESSAGE_LINES);
}

/** Split a row's text into at most two lines at a space; the second line is indented. */
function wrapRow(text: string, width: number, indent: string): string[] {
  if (text.length <= width) return [text];
  const cut = text.lastIndexOf(' ', width);
  const at = cut > width / 2 ? cut : width;
  return [text.slice(0, at), `${indent}${text.slice(at).trim()}`];
}

export function SheetPane(p: Props) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const tab = p.def.tabs[p.sheet.tab];
  const rows = tab?.rows ?? [];
  const edit = p.sheet.edit;
  const editRow = edit ? rows.find((r) => r.id === edit.rowId) : undefined;
  const live = edit && editRow?.kind === 'text' ? editRow.parse(edit.text) : undefined;
  const message = edit ? (edit.refused ?? (live && !live.ok ? live.error : undefined)) : p.sheet.error?.message;
  const messageRow = edit ? edit.rowId : p.sheet.error?.rowId;
  const body = Math.max(1, p.height - 3 - (message ? MESSAGE_LINES : 0));
  const tabs = p.def.tabs.map((t, i) => (i === p.sheet.tab ? `[${t.title}]` : ` ${t.title} `)).join(' ');
  // A row takes one or two lines (long seed labels wrap); start late enough that the cursor row shows.
  const width = inner - 2;
  const choosing = p.sheet.choosing;
  const texts = rows.map((row) =>
    row.kind === 'choice'
      ? choiceLines(row, p.theme, width, choosing?.rowId === row.id)
      : wrapRow(rowText(row, p.theme, width, edit && edit.rowId === row.id ? edit : undefined), width, '  '.repeat((row.indent ?? 0) + 2)),
  );
  let top = Math.min(p.sheet.top, p.sheet.row);
  const linesFrom = (from: number, to: number) => texts.slice(from, to + 1).reduce((n, t) => n + t.length, 0);
  while (top < p.sheet.row && linesFrom(top, p.sheet.row) > body) top++;
  const out: ReactElement[] = [];
  let used = 0;
  for (let i = top; i < rows.length && used < body; i++) {
    const row = rows[i]!;
    const sel = i === p.sheet.row;
    const editing = edit && edit.rowId === row.id;
    const tone = row.kind === 'heading' ? 'heading' : row.kind === 'note' ? 'muted' : row.kind === 'button' ? 'accent' : undefined;
    // While its options are listed, the highlighted option (not the label) carries the cursor.
    const cursorLine = choosing?.rowId === row.id ? 1 + choosing.index : 0;
    texts[i]!.slice(0, body - used).forEach((line, n) => {
      const here = sel && n === cursorLine;
      out.push(
        <Text key={`${row.id}:${i}:${n}`} wrap="truncate-end">
          <Text {...(here ? toneProps(p.theme, 'accent') : {})}>{here ? `${g.select} ` : '  '}</Text>
          <Text inverse={here && p.focused && !editing} {...toneProps(p.theme, tone)}>
            {fit(line, width, g.ellipsis)}
          </Text>
        </Text>,
      );
      used++;
    });
    if (message && messageRow === row.id) {
      const prefix = row.path && [row.path, p.model && settingName(p.model, row.path)].find((x) => x && message.startsWith(`${x}: `));
      const own = prefix ? message.slice(prefix.length + 2) : message;
      const indent = '  '.repeat((row.indent ?? 0) + 1);
      messageLines(`! ${own}`, inner - indent.length).forEach((line, n) =>
        out.push(
          <Text key={`${row.id}-msg${n}`} wrap="truncate-end" {...toneProps(p.theme, 'error')}>
            {fit(`${indent}${n === 0 ? '' : '  '}${line}`, inner, g.ellipsis)}
          </Text>,
        ),
      );
    }
  }
  return (
    <Pane title={p.def.title} right="local model" width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      <Text wrap="truncate-end" {...toneProps(p.theme, 'heading')}>
        {fit(tabs, inner, g.ellipsis)}
      </Text>
      {out}
    </Pane>
  );
}
