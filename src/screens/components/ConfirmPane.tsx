// A confirmation: Cancel is highlighted first, so Enter alone never destroys anything.
import { Text } from 'ink';
import type { ConfirmState } from '../state.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';

export function ConfirmPane(p: { confirm: ConfirmState; width: number; height: number; theme: Theme }) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  return (
    <Pane title={p.confirm.title} width={p.width} height={p.height} focused theme={p.theme}>
      {p.confirm.lines.map((l, i) => <Text key={i} wrap="truncate-end" bold={i === 0}>{fit(`  ${l}`, inner, g.ellipsis)}</Text>)}
      <Text> </Text>
      <Text wrap="truncate-end">
        {'  '}
        {p.confirm.buttons.map((b, i) => {
          const sel = i === p.confirm.choice;
          return (
            <Text key={b.label}>
              <Text {...(sel ? toneProps(p.theme, 'accent') : {})}>{sel ? g.select : ' '}</Text>
              <Text inverse={sel} bold={sel}>[ {b.label} ]</Text>
              {'  '}
            </Text>
          );
        })}
      </Text>
      <Text wrap="truncate-end" {...toneProps(p.theme, 'muted')}>{fit('  Left/Right choose, Enter presses, Esc cancels', inner, g.ellipsis)}</Text>
    </Pane>
  );
}
