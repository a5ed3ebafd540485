// The zoomed pane: every line of the focused pane's text, wrapped, scrolled with Up/Down/PgUp/PgDn.
import { Text } from 'ink';
import type { ZoomText } from '../zoom.js';
import { fit, glyphs, type Theme } from '../theme.js';
import { Pane } from './Pane.js';

export function ZoomPane(p: { zoom: ZoomText; top: number; width: number; height: number; theme: Theme }) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const rows = Math.max(1, p.height - 2);
  const top = Math.min(p.top, Math.max(0, p.zoom.lines.length - rows));
  const right = p.zoom.lines.length > rows ? `${top + 1}-${Math.min(p.zoom.lines.length, top + rows)}/${p.zoom.lines.length}` : '';
  return (
    <Pane title={p.zoom.title} right={right} width={p.width} height={p.height} focused theme={p.theme}>
      {p.zoom.lines.slice(top, top + rows).map((l, i) => (
        <Text key={top + i} wrap="truncate-end">
          {fit(` ${l}`, inner, p.theme.ascii ? '~' : g.ellipsis)}
        </Text>
      ))}
    </Pane>
  );
}
