// A property sheet: tabs, then one row per field. Text fields validate as you type; a refused value
import type { ReactElement } from 'react';
// keeps its message at the field.
import { Text } from 'ink';
import type { SheetDef, Row } from '../tree-types.js';
import type { SheetState } from '../state.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';

interface Props {
  def: SheetDef;
  sheet: SheetState;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

function rowText(row: Row, theme: Theme, width: number, editing: { text: string; cursor: number } | undefined): string {
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
      const prefix = `${pad}${row.label}: `;
      if (prefix.length + all.length <= width) return prefix + all;
      const at = row.options.findIndex((o) => o.value === row.value);
      return `${prefix}${g.radioOn} ${row.options[at]?.label ?? row.value}  (${at + 1} of ${row.options.length}; Space: next)`;
    }
    case 'text': {
      if (editing) return `${pad}${row.label}: ${editing.text.slice(0, editing.cursor)}_${editing.text.slice(editing.cursor)}`;
      return `${pad}${row.label}: ${row.value === '' ? '(not set)' : row.value}`;
    }
  }
}

export function SheetPane(p: Props) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const tab = p.def.tabs[p.sheet.tab];
  const rows = tab?.rows ?? [];
  const edit = p.sheet.edit;
  const editRow = edit ? rows.find((r) => r.id === edit.rowId) : undefined;
  const live = edit && editRow?.kind === 'text' ? editRow.parse(edit.text) : undefined;
  const message = edit ? edit.refused ?? (live && !live.ok ? live.error : undefined) : p.sheet.error?.message;
  const messageRow = edit ? edit.rowId : p.sheet.error?.rowId;
  const body = Math.max(1, p.height - 3 - (message ? 1 : 0));
  const tabs = p.def.tabs.map((t, i) => (i === p.sheet.tab ? `[${t.title}]` : ` ${t.title} `)).join(' ');
  const out: ReactElement[] = [];
  rows.slice(p.sheet.top, p.sheet.top + body).forEach((row, k) => {
    const i = p.sheet.top + k;
    const sel = i === p.sheet.row;
    const editing = edit && edit.rowId === row.id ? edit : undefined;
    const text = fit(rowText(row, p.theme, inner - 2, editing), inner - 2, g.ellipsis);
    const tone = row.kind === 'heading' ? 'heading' : row.kind === 'note' ? 'muted' : row.kind === 'button' ? 'accent' : undefined;
    out.push(
      <Text key={row.id + i} wrap="truncate-end">
        <Text {...(sel ? toneProps(p.theme, 'accent') : {})}>{sel ? `${g.select} ` : '  '}</Text>
        <Text inverse={sel && p.focused && !editing} {...toneProps(p.theme, tone)}>{text}</Text>
      </Text>,
    );
    if (message && messageRow === row.id) {
      out.push(
        <Text key={`${row.id}-msg`} wrap="truncate-end" {...toneProps(p.theme, 'error')}>
          {fit(`${'  '.repeat((row.indent ?? 0) + 1)}! ${message}`, inner, g.ellipsis)}
        </Text>,
      );
    }
  });
  return (
    <Pane title={p.def.title} right="local model" width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      <Text wrap="truncate-end" {...toneProps(p.theme, 'heading')}>{fit(tabs, inner, g.ellipsis)}</Text>
      {out}
    </Pane>
  );
}
