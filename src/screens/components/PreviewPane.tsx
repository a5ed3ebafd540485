// The live routing preview: one trace (hops, the setting behind each, the verdict) or the flow matrix.
import { Text } from 'ink';
import { memo } from 'react';
import { isPathPrefix } from '../../model/edits/index.js';
import { describeVerdict, type FlowResult } from '../../model/routing/flows.js';
import type { Trace, Verdict } from '../../model/routing/types.js';
import { fit, glyphs, toneProps, type Theme, type Tone } from '../theme.js';
import { Pane } from './Pane.js';
import type { Model } from '../../model/schema.js';
import { describeSetting } from '../setting-names.js';

interface Props {
  /** Names the setting behind each hop as the consoles do. */
  model?: Model;
  mode: 'trace' | 'flows';
  title: string;
  trace: Trace | undefined;
  flows: FlowResult[] | undefined;
  cursor: number;
  /** The selected node's model path: hops that use it are marked. */
  selectedPath: string | undefined;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

export function verdictLine(v: Verdict): { text: string; tone: Tone } {
  switch (v.kind) {
    case 'delivered':
      return { text: `DELIVERED to ${v.system} ${v.server} ${v.mailbox}`, tone: 'ok' };
    case 'rejected':
      return { text: `REJECTED ${v.code} ${v.status} at ${v.server}: ${v.text}`, tone: 'error' };
    case 'bounced':
      return { text: `BOUNCED ${v.status} at ${v.server}: ${v.text}`, tone: 'error' };
    case 'loop':
      return { text: `LOOP ${v.cycle.join(' > ')}: stopped by ${v.server} after ${v.hops} hops (${v.status})`, tone: 'error' };
    case 'relayed':
      return { text: `OPEN RELAY at ${v.server}: accepted for an Internet stranger, then ${verdictLine(v.outcome).text}`, tone: 'error' };
    case 'unreachable':
      return { text: `UNREACHABLE from the Internet: ${v.text}`, tone: 'error' };
  }
}

export const PreviewPane = memo(function PreviewPane(p: Props) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const rows = p.height - 2;
  const lines: { key: string; text: string; tone?: Tone; sel: boolean }[] = [];
  let right = '';
  if (p.mode === 'trace' && p.trace) {
    const v = verdictLine(p.trace.verdict);
    lines.push({ key: 'verdict', text: v.text, tone: v.tone, sel: false });
    const stepRows = rows - 1 - (p.focused ? 1 : 0);
    const top = Math.max(0, Math.min(p.cursor - stepRows + 1, p.trace.steps.length - stepRows));
    p.trace.steps.slice(Math.max(0, top), Math.max(0, top) + stepRows).forEach((s, k) => {
      const i = Math.max(0, top) + k;
      const uses =
        p.selectedPath && s.setting && (isPathPrefix(p.selectedPath, s.setting) || isPathPrefix(s.setting, p.selectedPath)) ? '*' : ' ';
      lines.push({
        key: `s${i}`,
        text: `${uses}${String(i + 1).padStart(2)}. ${s.server.padEnd(8)} ${s.component}: ${s.decision}${s.setting ? `  [${p.model ? describeSetting(p.model, s.setting) : s.setting}]` : ''}`,
        sel: p.focused && i === p.cursor,
      });
    });
    if (p.focused) {
      const s = p.trace.steps[p.cursor];
      lines.push({
        key: 'setting',
        text: s?.setting
          ? `setting: ${p.model ? describeSetting(p.model, s.setting) : s.setting} (Enter goes there)`
          : 'this step names no setting',
        tone: 'muted',
        sel: false,
      });
    }
    right = `${p.trace.steps.length} hops`;
  } else if (p.flows) {
    const fails = p.flows.filter((f) => !f.pass).length;
    right = `${p.flows.length - fails} pass, ${fails} fail`;
    const top = Math.max(0, Math.min(p.cursor - rows + 1, p.flows.length - rows));
    p.flows.slice(top, top + rows).forEach((f, k) => {
      const i = top + k;
      lines.push({
        key: f.flow.id,
        text: `${f.pass ? 'PASS' : 'FAIL'} ${f.flow.title} ${g.arrow} ${describeVerdict(f.trace.verdict)}`,
        tone: f.pass ? undefined : 'error',
        sel: p.focused && i === p.cursor,
      });
    });
  }
  return (
    <Pane title={p.title} right={right} width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      {lines.slice(0, rows).map((l) => (
        <Text key={l.key} wrap="truncate-end">
          <Text {...(l.sel ? toneProps(p.theme, 'accent') : {})}>{l.sel ? g.select : ' '}</Text>
          <Text inverse={l.sel} {...toneProps(p.theme, l.tone)}>
            {fit(l.text, inner - 1, g.ellipsis)}
          </Text>
        </Text>
      ))}
    </Pane>
  );
});
