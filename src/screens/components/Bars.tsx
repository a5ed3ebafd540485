// The title bar (source, unsaved marker, views) and the status bar (a message, or the keys that work here).
import { Box, Text } from 'ink';
import { statusHints, type Scope } from '../commands.js';
import { VIEWS, viewCommandId } from '../views/index.js';
import { COMMANDS } from '../commands.js';
import { displayKey } from '../input/keys.js';
import { fit, toneProps, type Theme } from '../theme.js';
import type { State } from '../state.js';

export function TitleBar(p: { source: string; dirty: boolean; viewId: string; width: number; theme: Theme }) {
  const tabs = [...VIEWS, { id: 'ops', title: 'Plan/Apply' }]
    .map((v) => {
      const key = displayKey(COMMANDS.find((c) => c.id === viewCommandId(v))?.keys[0] ?? '?');
      return v.id === p.viewId ? `[${key} ${v.title}]` : `${key} ${v.title.split(/[ /]/)[0]}`;
    })
    .join(' ');
  const room = Math.max(0, p.width - tabs.length - 1);
  const suffix = p.dirty ? ' (modified)' : '';
  // The product name goes first when the source fits beside it; the source itself matters more.
  const prefix = room - suffix.length - p.source.length >= 'coexist: '.length ? 'coexist: ' : '';
  const pathRoom = room - prefix.length - suffix.length;
  // A long path keeps its end (the file name) and loses its start.
  const source =
    p.source.length > pathRoom && pathRoom > 4 ? `${p.theme.ascii ? '~' : '…'}${p.source.slice(p.source.length - pathRoom + 1)}` : p.source;
  const left = `${prefix}${source}${suffix}`;
  return (
    <Text wrap="truncate-end">
      <Text bold {...(p.dirty ? toneProps(p.theme, 'warning') : {})}>
        {fit(left, room, p.theme.ascii ? '~' : '…')}
      </Text>
      <Text> </Text>
      <Text {...toneProps(p.theme, 'accent')}>{tabs.slice(0, p.width)}</Text>
    </Text>
  );
}

export function StatusBar(p: {
  scope: Scope;
  withGlobal: boolean;
  state?: State;
  flash: { text: string; tone: 'info' | 'error' } | null;
  width: number;
  theme: Theme;
}) {
  if (p.flash) {
    // A long message takes two lines (the findings pane gives up one) so a refusal can be read whole.
    const tone = toneProps(p.theme, p.flash.tone === 'error' ? 'error' : 'ok');
    const e = p.theme.ascii ? '~' : '…';
    if (p.flash.text.length <= p.width)
      return (
        <Text wrap="truncate-end" {...tone}>
          {fit(p.flash.text, p.width, e)}
        </Text>
      );
    const cut = p.flash.text.lastIndexOf(' ', p.width);
    const at = cut > p.width / 2 ? cut : p.width;
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end" {...tone}>
          {fit(p.flash.text.slice(0, at), p.width, e)}
        </Text>
        <Text wrap="truncate-end" {...tone}>
          {fit(p.flash.text.slice(at).trim(), p.width, e)}
        </Text>
      </Box>
    );
  }
  const hints = statusHints(p.scope, p.withGlobal, p.state);
  const tail = p.withGlobal ? hints.filter((h) => h.label === 'help' || h.label === 'quit') : [];
  const parts: string[] = [];
  let used = tail.reduce((n, h) => n + h.key.length + h.label.length + 3, 0);
  for (const h of hints) {
    if (tail.includes(h)) continue;
    const t = `${h.key} ${h.label}`;
    if (used + t.length + 2 > p.width) break;
    parts.push(t);
    used += t.length + 2;
  }
  for (const h of tail) parts.push(`${h.key} ${h.label}`);
  return (
    <Text wrap="truncate-end" {...toneProps(p.theme, 'muted')}>
      {fit(parts.join('  '), p.width)}
    </Text>
  );
}
