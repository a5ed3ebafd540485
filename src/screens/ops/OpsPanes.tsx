// The Plan/Apply view: the model's targets on the left (with what was last done to each), the selected
// target's plan and apply progress, or the command log, on the right.
import { Text } from 'ink';
import type { Model } from '../../model/schema.js';
import { Pane } from '../components/Pane.js';
import { fit, glyphs, toneProps, type Theme } from '../theme.js';
import { logLines, planLines, targetStatus, wrapLines, type OpsLine } from './lines.js';
import type { OpsState } from './state.js';

interface Props {
  model: Model;
  ops: OpsState;
  treeW: number;
  detailsW: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

export function TargetsPane(p: Props) {
  const g = glyphs(p.theme);
  const inner = p.treeW - 2;
  const rows = p.height - 2;
  const targets = p.model.targets;
  if (targets.length === 0) {
    return (
      <Pane title="Targets" width={p.treeW} height={p.height} focused={p.focused} theme={p.theme}>
        <Text {...toneProps(p.theme, 'muted')}>{fit('(none in the model)', inner)}</Text>
      </Pane>
    );
  }
  const top = Math.max(0, Math.min(p.ops.cursor - rows + 1, targets.length - rows));
  return (
    <Pane title="Targets" right={`${targets.length}`} width={p.treeW} height={p.height} focused={p.focused} theme={p.theme}>
      {targets.slice(Math.max(0, top), Math.max(0, top) + rows).map((t, i) => {
        const index = Math.max(0, top) + i;
        const selected = index === p.ops.cursor;
        const run = p.ops.runs[t.id];
        const status = targetStatus(run, p.model);
        const tone =
          run?.status === 'failed'
            ? 'error'
            : status === 'plan is stale'
              ? 'warning'
              : run?.status === 'applied' || (run?.status === 'planned' && run.plan?.changes.length === 0)
                ? 'ok'
                : undefined;
        const label = `${selected ? g.select : ' '} ${t.id}`;
        return (
          <Text key={t.id} inverse={selected}>
            {fit(label, Math.max(1, inner - status.length - 1))} <Text {...toneProps(p.theme, tone)}>{status}</Text>
          </Text>
        );
      })}
    </Pane>
  );
}

const NO_TARGETS: OpsLine[] = [
  { text: 'The model has no targets: nothing to plan or apply yet.', tone: 'heading' },
  {
    text: 'Add one under targets in the model file: id, adapter (postfix-dovecot, exchange-ems, windows2003, runbook), server (a server of the model), connection ({kind: local} or {kind: ssh, host, port, user}). See the README, "Plan, apply and export".',
  },
  { text: 'Without targets, coexist export --adapter ID --out DIR writes the scripts to review and run by hand.', tone: 'muted' },
];

export function PlanPane(p: Props) {
  const inner = p.detailsW - 2;
  const rows = p.height - 2;
  const target = p.model.targets[p.ops.cursor];
  const source =
    target === undefined
      ? NO_TARGETS
      : p.ops.pane === 'log'
        ? logLines(p.ops.log, target.id)
        : planLines(target, p.ops.runs[target.id], p.model);
  const lines = wrapLines(source, inner);
  const scroll = Math.max(0, Math.min(p.ops.scroll, lines.length - rows));
  const title = p.ops.pane === 'log' ? `Command log${target ? `: ${target.id}` : ''}` : `Plan${target ? `: ${target.id}` : ''}`;
  const more = lines.length > rows ? `${scroll + 1}-${Math.min(lines.length, scroll + rows)}/${lines.length}` : undefined;
  return (
    <Pane title={title} {...(more ? { right: more } : {})} width={p.detailsW} height={p.height} focused={p.focused} theme={p.theme}>
      {lines.slice(scroll, scroll + rows).map((l, i) => (
        <Text key={i} {...toneProps(p.theme, l.tone)}>
          {fit(l.text, inner)}
        </Text>
      ))}
    </Pane>
  );
}
