// The title bar (source, unsaved marker, views) and the status bar (a message, or the keys that work here).
import { Text } from 'ink';
import { statusHints, type Scope } from '../commands.js';
import { VIEWS } from '../views/index.js';
import { COMMANDS } from '../commands.js';
import { displayKey } from '../keys.js';
import { fit, toneProps, type Theme } from '../theme.js';

export function TitleBar(p: { source: string; dirty: boolean; viewId: string; width: number; theme: Theme }) {
  const tabs = VIEWS.map((v) => {
    const key = displayKey(COMMANDS.find((c) => c.id === v.command)?.keys[0] ?? '?');
    return v.id === p.viewId ? `[${key} ${v.title}]` : `${key} ${v.title.split(' ')[0]}`;
  }).join(' ');
  const left = `coexist: ${p.source}${p.dirty ? ' (modified)' : ''}`;
  const room = Math.max(0, p.width - tabs.length - 1);
  return (
    <Text wrap="truncate-end">
      <Text bold {...(p.dirty ? toneProps(p.theme, 'warning') : {})}>{fit(left, room, p.theme.ascii ? '~' : '…')}</Text>
      <Text> </Text>
      <Text {...toneProps(p.theme, 'accent')}>{tabs.slice(0, p.width)}</Text>
    </Text>
  );
}

export function StatusBar(p: { scope: Scope; withGlobal: boolean; flash: { text: string; tone: 'info' | 'error' } | null; width: number; theme: Theme }) {
  if (p.flash) {
    return <Text wrap="truncate-end" {...toneProps(p.theme, p.flash.tone === 'error' ? 'error' : 'ok')}>{fit(p.flash.text, p.width, p.theme.ascii ? '~' : '…')}</Text>;
  }
  const hints = statusHints(p.scope, p.withGlobal);
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
  return <Text wrap="truncate-end" {...toneProps(p.theme, 'muted')}>{fit(parts.join('  '), p.width)}</Text>;
}
