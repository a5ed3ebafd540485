// Errors and warnings of the rules; Enter on one jumps to the node and field it names.
import { Text } from 'ink';
import { memo } from 'react';
import type { Finding } from '../../model/rules/index.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { Pane } from './Pane.js';

export function findingsTitle(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return `Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/**
 * checking: the rules are still running, on the model just opened ('model') or just changed ('change');
 * after a change, `findings` are those from before it.
 */
export const FindingsPane = memo(function FindingsPane(p: { findings: Finding[]; checking?: 'model' | 'change'; cursor: number; width: number; height: number; focused: boolean; theme: Theme }) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const rows = p.height - 2;
  const top = Math.max(0, Math.min(p.cursor - rows + 1, p.findings.length - rows));
  return (
    <Pane title={p.checking === 'model' ? 'Findings: checking the model...' : p.checking ? `Findings: checking the change... (${findingsTitle(p.findings).slice('Findings: '.length)} before it)` : findingsTitle(p.findings)} right={p.findings.length > rows ? `${p.cursor + 1}/${p.findings.length}` : ''} width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      {p.findings.length === 0 && p.checking && <Text {...toneProps(p.theme, 'muted')}>{fit(' Checking the rules...', inner, g.ellipsis)}</Text>}
      {p.findings.length === 0 && !p.checking && <Text {...toneProps(p.theme, 'ok')}>{fit(' No errors or warnings: the model follows the seed\'s rules.', inner, g.ellipsis)}</Text>}
      {p.findings.slice(top, top + rows).map((f, k) => {
        const i = top + k;
        const sel = p.focused && i === p.cursor;
        return (
          <Text key={`${f.rule}${f.path}${i}`} wrap="truncate-end">
            <Text {...(sel ? toneProps(p.theme, 'accent') : {})}>{sel ? g.select : ' '}</Text>
            <Text inverse={sel} {...toneProps(p.theme, p.checking ? 'muted' : f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'muted')}>
              {fit(`${f.severity.toUpperCase().padEnd(7)} ${f.rule}  ${f.path}: ${f.message}`, inner - 1, g.ellipsis)}
            </Text>
          </Text>
        );
      })}
    </Pane>
  );
});
