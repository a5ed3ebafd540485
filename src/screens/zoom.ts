// Zoom (x): the focused pane's whole text, wrapped to the screen's width, so a hop, a finding or a plan
// line is read in full without leaving the console. Pure: lines from the state.
import { findingsOf, traceOf, flowsOf } from './derive.js';
import { describeVerdict } from '../model/routing/flows.js';
import { describeSetting } from './setting-names.js';
import { flatten, nodeIndex, ancestors } from './tree-state.js';
import { viewById, viewTree } from './views/index.js';
import { selectedNode, sheetOf } from './panes/core.js';
import { planLines, logLines } from './ops/lines.js';
import { selectedTarget } from './ops/reducer.js';
import { originText, type State } from './state.js';
import { unsavedDiffText } from './unsaved-diff.js';
import { wrap } from './wrap.js';
import type { Row } from './tree-types.js';

export interface ZoomText {
  title: string;
  lines: string[];
}

/** `first` indents the first line, `rest` the lines that continue it. */
const para = (text: string, width: number, first = '', rest = first) =>
  wrap(text, Math.max(10, width - rest.length)).map((l, i) => `${i === 0 ? first : rest}${l}`);

function rowText(r: Row): string {
  const pad = '  '.repeat(r.indent ?? 0);
  switch (r.kind) {
    case 'heading':
    case 'note':
      return `${pad}${r.text}`;
    case 'bool':
      return `${pad}[${r.value ? 'x' : ' '}] ${r.label}`;
    case 'button':
      return `${pad}[ ${r.label} ]`;
    case 'choice':
      return `${pad}${r.label}: ${r.options.map((o) => `(${o.value === r.value ? '*' : ' '}) ${o.label}`).join('  ')}`;
    case 'text':
      return `${pad}${r.label}: ${r.value === '' ? '(not set)' : r.value}`;
  }
}

export function zoomText(s: State, width: number): ZoomText {
  if (s.zoom?.content === 'unsaved') return unsavedDiffText(s, width);
  const focus = s.focus;
  if (focus === 'preview') {
    if (s.preview.mode === 'flows') {
      return {
        title: 'Flow matrix (zoomed)',
        lines: flowsOf(s.model).flatMap((f) =>
          para(`${f.pass ? 'PASS' : 'FAIL'} ${f.flow.title}: ${describeVerdict(f.trace.verdict)}`, width, '', '     '),
        ),
      };
    }
    const m = s.preview.message;
    const t = traceOf(s.model, m);
    const lines = [...para(describeVerdict(t.verdict), width), ''];
    t.steps.forEach((st, i) => {
      lines.push(...para(`${i + 1}. ${st.server} ${st.component}: ${st.decision}`, width, '', '    '));
      if (st.setting)
        lines.push(...para(`Setting: ${describeSetting(s.model, st.setting)} (YAML path ${st.setting})`, width, '    ', '      '));
    });
    return { title: `Routing preview: ${m.recipient} from ${originText(m.origin)}${m.via ? ` via ${m.via}` : ''} (zoomed)`, lines };
  }
  if (focus === 'findings') {
    const findings = findingsOf(s.model);
    const lines = findings.length
      ? findings.flatMap((f) => [
          ...para(`${f.severity.toUpperCase()} ${f.rule}`, width),
          ...para(`Field: ${describeSetting(s.model, f.path)}`, width, '  ', '    '),
          ...para(f.message, width, '  '),
          ...para(`Fix: ${f.fix}`, width, '  ', '    '),
          ...para(`Seed: ${f.seed}`, width, '  ', '    '),
          `  YAML path: ${f.path}`,
          '',
        ])
      : ["No errors or warnings: the model follows the seed's rules."];
    return { title: 'Findings (zoomed)', lines };
  }
  if (focus === 'ops') {
    const target = s.model.targets.find((t) => t.id === selectedTarget(s));
    const source = !target
      ? [{ text: 'The model has no targets.' }]
      : s.ops.pane === 'log'
        ? logLines(s.ops.log, target.id)
        : planLines(target, s.ops.runs[target.id], s.model);
    return {
      title: `${s.ops.pane === 'log' ? 'Command log' : 'Plan'}${target ? `: ${target.id}` : ''} (zoomed)`,
      lines: source.flatMap((l) => para(l.text, width, '', '    ')),
    };
  }
  if (focus === 'sheet') {
    const def = sheetOf(s);
    const tab = def?.tabs[s.sheet!.tab];
    return {
      title: `${def?.title ?? 'Properties'}: ${tab?.title ?? ''} (zoomed)`,
      lines: (tab?.rows ?? []).flatMap((r) => para(rowText(r), width, '', '      ')),
    };
  }
  const view = viewById(s.viewId);
  const roots = viewTree(view, s.model);
  if (focus === 'tree') {
    const vs = s.views[s.viewId]!;
    const flat = flatten(roots, vs.expanded, vs.filter);
    return {
      title: `${view.title} (zoomed)`,
      lines: flat.rows.flatMap((r) =>
        para(`${r.node.id === vs.selected ? '>' : ' '}${'  '.repeat(r.depth)}${r.node.label}`, width, '', ' '.repeat(r.depth * 2 + 3)),
      ),
    };
  }
  const node = selectedNode(s);
  if (!node) return { title: 'Details (zoomed)', lines: ['Nothing selected'] };
  const idx = nodeIndex(roots);
  const crumbs = [...ancestors(roots, node.id), node.id].map((id) => idx.get(id)?.node.label ?? '').join(' › ');
  const lines = [
    ...para(crumbs, width),
    `Kind: ${node.kind}`,
    ...(node.details?.() ?? []).flatMap((d) => para(d.label ? `${d.label}: ${d.text}` : d.text, width, '', '  ')),
  ];
  if (node.children.length) lines.push(`Contains ${node.children.length}:`, ...node.children.map((c) => `  ${c.label}`));
  return { title: `${node.label} (zoomed)`, lines };
}
