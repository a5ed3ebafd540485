// Errors and warnings of the rules; Enter on one jumps to the node and field it names.
import { Text } from 'ink';
import { memo } from 'react';
import type { Finding } from '../../model/rules/index.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import type { Model } from '../../model/schema.js';
import { describeSetting } from '../setting-names.js';
import { wrap } from '../wrap.js';

export function findingsTitle(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return `Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/**
 * checking: the rules are still running, on the model just opened ('model') or just changed ('change');
 * after a change, `findings` are those from before it.
 */
/**
 * A finding (rule, the setting by its console name, the message) on up to `most` lines, two at least; the
 * rest is in the zoom (x).
 */
export function findingLines(f: Finding, model: Model | undefined, width: number, most = 2): string[] {
  const where = model ? describeSetting(model, f.path) : f.path;
  const lines = wrap(`${f.severity.toUpperCase().padEnd(7)} ${f.rule}  ${where}: ${f.message}`, width);
  const max = Math.max(2, most);
  if (lines.length <= max) return lines;
  const last = lines[max - 1]!;
  return [...lines.slice(0, max - 1), `${last.length >= width ? last.slice(0, width - 1) : last}…`];
}

export const FindingsPane = memo(function FindingsPane(p: {
  findings: Finding[];
  model?: Model;
  checking?: 'model' | 'change';
  cursor: number;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const rows = p.height - 2;
  // A taller pane (120x40) gives each finding the rows the others leave: one finding is read whole there.
  const most = Math.floor(rows / Math.max(1, p.findings.length));
  const items = p.findings.map((f) =>
    findingLines(f, p.model, inner - 1, most).map((l) => (p.theme.ascii ? l.replace(/\u2026$/, '~').replace(/\u203a/g, '>') : l)),
  );
  // The first finding to show: the cursor's finding must fit, whole, below it.
  let top = Math.min(p.cursor, Math.max(0, p.findings.length - 1));
  let used = items[top]?.length ?? 0;
  while (top > 0 && used + items[top - 1]!.length <= rows) used += items[--top]!.length;
  const out: { key: string; text: string; sel: boolean; f: Finding }[] = [];
  for (let i = top; i < items.length && out.length < rows; i++) {
    items[i]!.forEach((text, n) => {
      if (out.length < rows)
        out.push({
          key: `${p.findings[i]!.rule}${p.findings[i]!.path}${i}:${n}`,
          text,
          sel: p.focused && i === p.cursor,
          f: p.findings[i]!,
        });
    });
  }
  return (
    <Pane
      title={
        p.checking === 'model'
          ? 'Findings: checking the model...'
          : p.checking
            ? `Findings: checking the change... (${findingsTitle(p.findings).slice('Findings: '.length)} before it)`
            : findingsTitle(p.findings)
      }
      right={p.findings.length > 1 ? `${p.cursor + 1}/${p.findings.length}` : ''}
      width={p.width}
      height={p.height}
      focused={p.focused}
      theme={p.theme}
    >
      {p.findings.length === 0 && p.checking && (
        <Text {...toneProps(p.theme, 'muted')}>{fit(' Checking the rules...', inner, g.ellipsis)}</Text>
      )}
      {p.findings.length === 0 && !p.checking && (
        <Text {...toneProps(p.theme, 'ok')}>{fit(" No errors or warnings: the model follows the seed's rules.", inner, g.ellipsis)}</Text>
      )}
      {out.map((l, k) => (
        <Text key={l.key} wrap="truncate-end">
          <Text {...(l.sel ? toneProps(p.theme, 'accent') : {})}>{l.sel && (k === 0 || out[k - 1]!.f !== l.f) ? g.select : ' '}</Text>
          <Text
            inverse={l.sel}
            {...toneProps(
              p.theme,
              p.checking ? 'muted' : l.f.severity === 'error' ? 'error' : l.f.severity === 'warning' ? 'warning' : 'muted',
            )}
          >
            {fit(l.text, inner - 1, g.ellipsis)}
          </Text>
        </Text>
      ))}
    </Pane>
  );
});
