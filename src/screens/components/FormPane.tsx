// A small form (New..., the preview's inputs, Save as): each field validates as you type.
import type { ReactElement } from 'react';
import { Text } from 'ink';
import type { FormState } from '../state.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import { withCursor } from '../input/text-input.js';

/** Words into lines of at most `width` characters (a longer word is cut by fit()). */
function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...out, line];
}

export function FormPane(p: { form: FormState; width: number; height: number; theme: Theme }) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const f = p.form;
  const lines: ReactElement[] = [];
  f.form.fields.forEach((field, i) => {
    const active = i === f.field;
    const value = f.values[i]!;
    const shown = active ? withCursor({ text: value, cursor: f.cursor }) : value;
    lines.push(
      <Text key={`f${i}`} wrap="truncate-end">
        <Text {...(active ? toneProps(p.theme, 'accent') : {})}>{active ? `${g.select} ` : '  '}</Text>
        <Text bold={active}>{fit(`${field.label}: ${shown}`, inner - 2, g.ellipsis)}</Text>
      </Text>,
    );
    if (active) {
      const parsed = field.parse(value);
      const error = f.refused ?? (value === '' && !parsed.ok ? undefined : parsed.ok ? undefined : parsed.error);
      // A refusal says why in full: wrapped under the field, not cut at the pane's edge.
      if (error)
        wrapText(`! ${error}`, inner - 4).forEach((l, k) =>
          lines.push(
            <Text key={`err${k}`} wrap="truncate-end" {...toneProps(p.theme, 'error')}>
              {fit(`    ${l}`, inner, g.ellipsis)}
            </Text>,
          ),
        );
      else if (field.hint)
        lines.push(
          <Text key="hint" wrap="truncate-end" {...toneProps(p.theme, 'muted')}>
            {fit(`    ${field.hint}`, inner, g.ellipsis)}
          </Text>,
        );
    }
  });
  const last = f.field === f.values.length - 1;
  lines.push(
    <Text key="keys" wrap="truncate-end" {...toneProps(p.theme, 'muted')}>
      {fit(`Enter ${last ? 'accepts' : 'goes to the next field'}; Tab/Down next field; Esc cancels`, inner, g.ellipsis)}
    </Text>,
  );
  return (
    <Pane title={f.form.title} width={p.width} height={p.height} focused theme={p.theme}>
      {lines.slice(0, Math.max(1, p.height - 2))}
    </Pane>
  );
}
