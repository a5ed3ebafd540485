// The result pane: what the selected node is, its settings, its findings and its children.
import { Text } from 'ink';
import { memo, useMemo } from 'react';
import type { Model } from '../../model/schema.js';
import { isPathPrefix } from '../../model/edits/index.js';
import type { Finding } from '../../model/rules/index.js';
import type { DetailLine, TreeNode } from '../tree-types.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';
import { describeSetting } from '../setting-names.js';

interface Props {
  model: Model;
  node: TreeNode | undefined;
  crumbs: string[];
  findings: Finding[];
  /** When the findings pane has focus, the details pane shows the selected finding in full. */
  finding: Finding | undefined;
  top: number;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export const DetailsPane = memo(function DetailsPane(p: Props) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const rows = p.height - 2;
  const lines = useMemo((): DetailLine[] => {
    if (p.finding) {
      const f = p.finding;
      return [
        { text: `${f.severity.toUpperCase()} ${f.rule}`, tone: f.severity === 'error' ? 'error' : 'warning' },
        // The whole ESM name, wrapped: at 80x24 it is wider than the pane.
        ...wrap(`Field: ${describeSetting(p.model, f.path)}`, inner - 1).map((text) => ({ text })),
        ...wrap(f.message, inner - 1).map((text) => ({ text })),
        ...wrap(`Fix: ${f.fix}`, inner - 1).map((text) => ({ text, tone: 'ok' as const })),
        ...wrap(`Seed: ${f.seed}`, inner - 1).map((text) => ({ text, tone: 'muted' as const })),
        { label: 'YAML path', text: f.path, tone: 'muted' },
        { text: 'Enter goes to the field.', tone: 'muted' },
      ];
    }
    const n = p.node;
    if (!n) return [{ text: 'Nothing selected', tone: 'muted' }];
    const out: DetailLine[] = [
      { text: p.crumbs.join(` ${g.arrow} `) || n.label, tone: 'muted' },
      { label: 'Kind', text: n.kind },
    ];
    out.push(...(n.details?.() ?? []));
    if (n.path) {
      const mine = p.findings.filter((f) => f.severity !== 'info' && isPathPrefix(n.path!, f.path));
      for (const f of mine.slice(0, 5))
        out.push({
          text: `${f.severity === 'error' ? '!!' : '!'} ${f.rule}: ${f.message}`,
          tone: f.severity === 'error' ? 'error' : 'warning',
        });
      if (mine.length > 5) out.push({ text: `... ${mine.length - 5} more finding(s) here`, tone: 'warning' });
    }
    if (n.children.length > 0) {
      out.push({ text: `Contains ${n.children.length}:`, tone: 'muted' });
      const shown = n.children.slice(0, p.top + rows);
      for (const c of shown) out.push({ text: `  ${c.label}` });
      if (n.children.length > shown.length)
        out.push({ text: `  ... ${n.children.length - shown.length} more (open the node to browse)`, tone: 'muted' });
    }
    if (n.sheet) out.push({ text: 'Enter or p: Properties', tone: 'accent' });
    if (n.create) out.push({ text: 'n: New...', tone: 'accent' });
    if (n.remove) out.push({ text: 'd: Delete', tone: 'accent' });
    return out;
  }, [p.node, p.finding, p.findings, p.crumbs, p.top, rows, inner, g.arrow]);
  const top = Math.min(p.top, Math.max(0, lines.length - rows));
  return (
    <Pane
      title={p.finding ? 'Finding' : (p.node?.label ?? 'Details')}
      width={p.width}
      height={p.height}
      focused={p.focused}
      theme={p.theme}
    >
      {lines.slice(top, top + rows).map((l, i) => (
        <Text key={i} wrap="truncate-end" {...toneProps(p.theme, l.tone)}>
          {fit(l.label ? `${l.label}: ${l.text}` : l.text, inner, g.ellipsis)}
        </Text>
      ))}
    </Pane>
  );
});
