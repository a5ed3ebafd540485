// A confirmation: Cancel is highlighted first, so Enter alone never destroys anything. Its text wraps.
import { Text } from 'ink';
import type { ConfirmState } from '../state.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import { wrap } from '../wrap.js';

export function ConfirmPane(p: { confirm: ConfirmState; width: number; height: number; theme: Theme }) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  return (
    <Pane title={p.confirm.title} width={p.width} height={p.height} focused theme={p.theme}>
      {p.confirm.lines.flatMap((l, i) =>
        wrap(l, inner - 3).map((w, j) => (
          <Text key={`${i}:${j}`} wrap="truncate-end" bold={i === 0}>
            {fit(`  ${w}`, inner, g.ellipsis)}
          </Text>
        )),
      )}
      <Text> </Text>
      <Text wrap="truncate-end">
        {'  '}
        {p.confirm.buttons.map((b, i) => {
          const sel = i === p.confirm.choice;
          return (
            <Text key={b.label}>
              <Text {...(sel ? toneProps(p.theme, 'accent') : {})}>{sel ? g.select : ' '}</Text>
              <Text inverse={sel} bold={sel}>
                [ {b.label} ]
              </Text>
              {'  '}
            </Text>
          );
        })}
      </Text>
      <Text wrap="truncate-end" {...toneProps(p.theme, 'muted')}>
        {fit('  Left/Right choose, Enter presses, Esc cancels', inner, g.ellipsis)}
      </Text>
    </Pane>
  );
}
