// The wizard's page body as plain rows of styled segments, so the view can show exactly the rows that
// fit (a window around the focused field) at any terminal size. Pure.
import { countBySeverity, validate } from '../../model/rules/index.js';
import { describeVerdict } from '../../model/routing/flows.js';
import { flowsOf } from '../derive.js';
import { effectivePop3Domain, type FieldProblem } from '../../model/setup/index.js';
import type { Field } from './fields.js';
import { currentPage, fieldsOf, pageProblems, summaryOf, visibleProblems, type WizardState } from './reducer.js';
import { glyphs, type Glyphs, type Tone as ThemeTone } from '../theme.js';

/** Tests and callers without a terminal get the ASCII glyphs. */
const ASCII = glyphs({ color: false, ascii: true });

/** The console's tones (src/screens/theme.ts), or none. */
export type Tone = ThemeTone | 'normal';
export interface Segment {
  text: string;
  tone: Tone;
}
export type Row = Segment[];

export interface PageLayout {
  rows: Row[];
  /** Rows of the focused field (start inclusive, end exclusive), to keep it in view. */
  focus: [number, number] | null;
}

export { wrap } from '../wrap.js';
import { wrap } from '../wrap.js';

const LABEL_WIDTH = 24;
const seg = (text: string, tone: Tone = 'normal'): Segment => ({ text, tone });

function textValue(f: Extract<Field, { kind: 'text' }>, focused: boolean, cursor: number, width: number): Segment[] {
  if (f.value === '' && f.placeholder) {
    const long = `${f.placeholder} (suggested)`;
    const hint = long.length < width ? long : f.placeholder;
    return focused ? [seg(' ', 'cursor'), seg(hint.slice(0, width - 1), 'muted')] : [seg(hint.slice(0, width), 'muted')];
  }
  // An example (not a suggestion: Enter does not keep it) in an empty field.
  if (f.value === '' && f.example)
    return focused
      ? [seg(' ', 'cursor'), seg(`e.g. ${f.example}`.slice(0, width - 1), 'muted')]
      : [seg(`e.g. ${f.example}`.slice(0, width), 'muted')];
  if (!focused) return [seg(f.value.length > width ? `${f.value.slice(0, width - 3)}...` : f.value)];
  // Keep the cursor in view in a long value.
  const c = Math.min(cursor, f.value.length);
  const start = Math.max(0, c - width + 2);
  const before = f.value.slice(start, c);
  const at = f.value[c] ?? ' ';
  const after = f.value.slice(c + 1, start + width - 1);
  return [seg(before), seg(at, 'cursor'), seg(after)];
}

function problemRows(problems: FieldProblem[], width: number): Row[] {
  const rows: Row[] = [];
  for (const p of problems) {
    const mark = p.severity === 'error' ? 'x ' : '! ';
    wrap(p.message, width - 6).forEach((line, i) =>
      rows.push([seg(i === 0 ? `    ${mark}` : '      '), seg(line, p.severity === 'error' ? 'error' : 'warning')]),
    );
  }
  return rows;
}

function fieldRows(s: WizardState, f: Field, focused: boolean, width: number, g: Glyphs): Row[] {
  const marker = seg(focused ? `${g.select} ` : '  ', 'focus');
  const radio = (on: boolean) => `${on ? g.radioOn : g.radioOff} `;
  const label = (text: string) => seg(text.padEnd(LABEL_WIDTH).slice(0, LABEL_WIDTH), focused ? 'heading' : 'normal');
  const valueWidth = Math.max(8, width - LABEL_WIDTH - 2);
  switch (f.kind) {
    case 'text':
      return [[marker, label(f.label), ...textValue(f, focused, s.cursor, valueWidth)]];
    case 'toggle':
      return [[marker, label(f.label), seg(f.value ? '[x] yes' : '[ ] no', focused ? 'accent' : 'normal')]];
    case 'button':
      return [[marker, seg(`[ ${f.label} ]`, focused ? 'accent' : 'normal')]];
    case 'choice': {
      // Short choices (a user's kind) fit on the field's own row; longer ones get a row per option.
      const inline = f.options.map((o) => `${radio(o.value === f.value)}${o.label}`).join('  ');
      if (inline.length <= valueWidth && f.options.length <= 2) {
        return [
          [
            marker,
            label(f.label),
            ...f.options.flatMap((o, i): Segment[] => [
              seg(`${i > 0 ? '  ' : ''}${radio(o.value === f.value)}`, o.value === f.value ? 'accent' : 'normal'),
              seg(o.label, o.value === f.value ? 'heading' : 'normal'),
            ]),
          ],
        ];
      }
      return [
        [marker, label(f.label), seg(focused ? 'Left/Right to choose' : '', 'muted')],
        ...f.options.map(
          (o): Row => [
            seg('    '),
            seg(radio(o.value === f.value), o.value === f.value ? 'accent' : 'normal'),
            seg(o.label, o.value === f.value ? 'heading' : 'normal'),
          ],
        ),
      ];
    }
  }
}

function summaryRows(s: WizardState, width: number): Row[] {
  const rows: Row[] = [];
  const text = (t: string, tone: Tone = 'normal', indent = '') =>
    wrap(t, width - indent.length).forEach((l) => rows.push([seg(indent + l, tone)]));
  const { model, problems } = summaryOf(s.answers);
  if (!model) {
    text('The answers cannot make a model yet:', 'error');
    for (const p of problems) text(`${p.field}: ${p.message}`, 'error', '  ');
    return rows;
  }
  const a = s.answers;
  const popUsers = model.users.filter((u) => u.kind === 'pop3').length;
  text(
    `${model.organization}: ${model.scenario === 'shared-domain' ? 'shared domain' : 'separate domains'} ${a.sharedDomain.trim().toLowerCase()} / ${effectivePop3Domain(a).toLowerCase()}`,
    'heading',
  );
  text(
    `Exchange: ${model.exchange.servers.map((x) => `${x.name}${x.acceptsInternetMail ? ' (Internet mail)' : ''}`).join(', ')}; POP3: ${model.pop3.servers.map((x) => x.name).join(', ')}; ${model.users.length} user(s), ${popUsers} on POP3`,
  );
  text(`Will write: ${s.out}`);
  rows.push([]);
  const findings = validate(model);
  const counts = countBySeverity(findings);
  rows.push([
    seg('Findings: ', 'heading'),
    seg(`${counts.errors} error(s)`, counts.errors ? 'error' : 'ok'),
    seg(`, ${counts.warnings} warning(s)`, counts.warnings ? 'warning' : 'normal'),
  ]);
  for (const f of findings) {
    wrap(`${f.severity.toUpperCase()} ${f.message}`, width - 2).forEach((l) =>
      rows.push([seg(`  ${l}`, f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'muted')]),
    );
  }
  for (const p of problems) if (p.severity === 'warning' && p.field === 'users') text(`NOTE ${p.message}`, 'warning', '  ');
  rows.push([]);
  const flows = flowsOf(model);
  const failed = flows.filter((r) => !r.pass);
  rows.push([
    seg('Flow matrix: ', 'heading'),
    seg(`${flows.length - failed.length} passed`, 'ok'),
    seg(`, ${failed.length} failed`, failed.length ? 'error' : 'normal'),
  ]);
  for (const r of flows.filter((x) => x.flow.group !== 'relay-probe')) {
    wrap(`${r.flow.title}: ${describeVerdict(r.trace.verdict)}`, width - 7).forEach((l, i) =>
      rows.push([seg(i === 0 ? (r.pass ? '  PASS ' : '  FAIL ') : '       ', r.pass ? 'ok' : 'error'), seg(l)]),
    );
  }
  const probes = flows.filter((x) => x.flow.group === 'relay-probe');
  const openProbes = probes.filter((x) => !x.pass);
  rows.push([
    seg(openProbes.length ? '  FAIL ' : '  PASS ', openProbes.length ? 'error' : 'ok'),
    seg(`Relay probes from the Internet: ${probes.length - openProbes.length} of ${probes.length} refused`),
  ]);
  for (const r of openProbes) text(`${r.flow.title}: ${describeVerdict(r.trace.verdict)}`, 'error', '       ');
  rows.push([]);
  text(
    counts.errors > 0
      ? 'Finish is refused while errors remain: PgUp goes back to fix them.'
      : 'Enter writes the model file; warnings are allowed.',
    counts.errors > 0 ? 'error' : 'accent',
  );
  return rows;
}

export function layoutPage(s: WizardState, width: number, g: Glyphs = ASCII): PageLayout {
  const page = currentPage(s);
  const rows: Row[] = [];
  for (const para of page.intro(s.answers)) {
    for (const line of wrap(para, width)) rows.push([seg(line, 'muted')]);
    rows.push([]);
  }
  if (page.id === 'summary') return { rows: [...rows, ...summaryRows(s, width)], focus: null };
  let focus: [number, number] | null = null;
  fieldsOf(s).forEach((f, i) => {
    const start = rows.length;
    rows.push(...fieldRows(s, f, i === s.focus, width, g));
    if (i === s.focus && f.kind === 'text' && f.value === '' && f.placeholder) {
      rows.push([seg('    Enter keeps the suggestion; typing replaces it', 'muted')]);
    }
    rows.push(...problemRows(visibleProblems(s, f.id), width));
    if (f.id === 'users.import')
      for (const p of s.importProblems)
        wrap(p, width - 6).forEach((l, j) => rows.push([seg(j === 0 ? '    x ' : '      '), seg(l, 'error')]));
    if (i === s.focus) focus = [start, rows.length];
  });
  // Problems that belong to the page rather than one field (no Internet server, no POP3 user).
  const pageLevel = pageProblems(s).filter((p) => p.field === 'exchange' || p.field === 'users');
  if (pageLevel.length) {
    rows.push([]);
    rows.push(...problemRows(pageLevel, width));
  }
  return { rows, focus };
}

/** The first row to show so the focused field (or the summary's scroll position) is in view. */
export function windowStart(layout: PageLayout, height: number, scroll: number): number {
  const max = Math.max(0, layout.rows.length - height);
  if (!layout.focus) return Math.min(scroll, max);
  const [start, end] = layout.focus;
  if (end <= height) return 0;
  return Math.min(max, Math.max(0, Math.min(start, end - height + 1)));
}
