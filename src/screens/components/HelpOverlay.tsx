// `?`: every command from the command table, grouped by where it works; typing searches it.
import { Text } from 'ink';
import { COMMANDS, SCOPE_TITLES, type Scope } from '../commands.js';
import { displayKey } from '../input/keys.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import { wrap } from '../wrap.js';
import type { State } from '../state.js';
import { withCursor } from '../input/text-input.js';

/** With the state: a command that does nothing on what is selected says why. */
export function helpLines(filter: string, state?: State, width = 1000): { text: string; heading: boolean }[] {
  const needle = filter.toLowerCase();
  const out: { text: string; heading: boolean }[] = [];
  // The pane in focus comes first, then what works everywhere, then the rest.
  const all = Object.keys(SCOPE_TITLES) as Scope[];
  const first: Scope[] = state ? [state.focus, 'global'] : [];
  for (const scope of [...first, ...all.filter((x) => !first.includes(x))]) {
    const cmds = COMMANDS.filter((c) => c.scope === scope).filter(
      (c) => !needle || c.title.toLowerCase().includes(needle) || c.keys.some((k) => displayKey(k).toLowerCase() === needle),
    );
    if (cmds.length === 0) continue;
    out.push({ text: SCOPE_TITLES[scope], heading: true });
    for (const c of cmds) {
      const why = state && c.unavailable?.(state);
      const text = `${c.title}${why ? ` (not now: ${why})` : ''}`;
      // Long titles and reasons wrap under the title column instead of being cut.
      wrap(text, Math.max(20, width - 25)).forEach((line, i) =>
        out.push({ text: `  ${(i === 0 ? c.keys.map(displayKey).join(' / ') : '').padEnd(22)} ${line}`, heading: false }),
      );
    }
  }
  if (out.length === 0) out.push({ text: `No command matches "${filter}"`, heading: false });
  return out;
}

export function HelpOverlay(p: {
  filter: string;
  cursor: number;
  state?: State;
  top: number;
  width: number;
  height: number;
  theme: Theme;
}) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const lines = helpLines(p.filter, p.state, inner);
  const rows = p.height - 3;
  const top = Math.min(p.top, Math.max(0, lines.length - rows));
  return (
    <Pane
      title="Help: keys"
      right={`${Math.min(lines.length, top + rows)}/${lines.length}`}
      width={p.width}
      height={p.height}
      focused
      theme={p.theme}
    >
      <Text wrap="truncate-end" {...toneProps(p.theme, 'accent')}>
        {fit(
          `Search: ${withCursor({ text: p.filter, cursor: p.cursor })}   (type to search; Up/Down scroll; Esc or ? closes)`,
          inner,
          g.ellipsis,
        )}
      </Text>
      {lines.slice(top, top + rows).map((l, i) => (
        <Text key={i} wrap="truncate-end" {...toneProps(p.theme, l.heading ? 'heading' : undefined)}>
          {fit(l.text, inner, g.ellipsis)}
        </Text>
      ))}
    </Pane>
  );
}
