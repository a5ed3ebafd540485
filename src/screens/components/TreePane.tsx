// The scope pane: only the visible rows are rendered, whatever the size of the organisation.
import { Text } from 'ink';
import { memo } from 'react';
import type { Flat } from '../tree-state.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import { withCursor } from '../input/text-input.js';

interface Props {
  title: string;
  flat: Flat;
  selected: string;
  top: number;
  filter: string;
  filtering: boolean;
  filterCursor: number;
  badges: Map<string, 'error' | 'warning'>;
  /** Users selected for a task on several at once (TreeNode.mark keys): shown with a *. */
  marked?: ReadonlySet<string> | undefined;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

export const TreePane = memo(function TreePane(p: Props) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const showFilter = p.filtering || p.filter !== '';
  const rows = Math.max(1, p.height - 2 - (showFilter ? 1 : 0));
  const visible = p.flat.rows.slice(p.top, p.top + rows);
  const pos = p.flat.position.get(p.selected);
  const right = p.flat.rows.length > rows ? `${(pos ?? 0) + 1}/${p.flat.rows.length}` : '';
  return (
    <Pane title={p.title} right={right} width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      {visible.map((r) => {
        const sel = r.node.id === p.selected;
        const badge = p.badges.get(r.node.id);
        const picked = r.node.mark !== undefined && p.marked?.has(r.node.mark) === true;
        const mark = r.node.children.length === 0 ? (picked ? '*' : ' ') : r.expanded ? g.open : g.closed;
        const badgeText = badge === 'error' ? ' !!' : badge === 'warning' ? ' !' : '';
        const label = fit(`${' '.repeat(r.depth)}${mark} ${r.node.label}`, inner - 1 - badgeText.length, g.ellipsis);
        return (
          <Text key={r.node.id} wrap="truncate-end">
            <Text {...(sel ? toneProps(p.theme, 'accent') : {})}>{sel ? g.select : ' '}</Text>
            <Text inverse={sel && p.focused} bold={sel}>
              {label}
            </Text>
            <Text {...toneProps(p.theme, badge === 'error' ? 'error' : 'warning')}>{badgeText}</Text>
          </Text>
        );
      })}
      {p.filter.trim() !== '' && p.flat.rows.length === 0 && (
        <Text wrap="truncate-end" {...toneProps(p.theme, 'muted')}>
          {fit(` No match for "${p.filter.trim()}"`, inner, g.ellipsis)}
        </Text>
      )}
      {showFilter && (
        <Text wrap="truncate-end" {...toneProps(p.theme, 'accent')}>
          {p.filtering
            ? fit(`/${withCursor({ text: p.filter, cursor: p.filterCursor })}  (Enter keeps, Esc clears)`, inner, g.ellipsis)
            : fit(`filter: ${p.filter} (${p.flat.rows.length} shown; Esc clears)`, inner, g.ellipsis)}
        </Text>
      )}
    </Pane>
  );
});
