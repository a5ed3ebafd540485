// What the Plan/Apply view shows for a target, as plain lines with a tone: the plan in terraform's grammar
// with each change's apply status, or the command log. Pure, so the screen tests can read it too.
import type { LogEntry } from '../../adapters/executor/log.js';
import { modelFingerprint } from '../../adapters/plan/fingerprint.js';
import { changeSymbol } from '../../adapters/change.js';
import { countActions } from '../../adapters/plan/render.js';
import type { Model, TargetT } from '../../model/schema.js';
import type { Tone } from '../theme.js';
import type { TargetRun } from './state.js';
import { analysisOf, derived } from '../../model/analysis.js';

export interface OpsLine {
  text: string;
  tone?: Tone;
}

const STEP_MARK: Record<string, string> = { 'not-run': '        ', running: 'running ', done: 'done    ', failed: 'FAILED  ' };

const FINGERPRINT = derived('model-fingerprint', (model) => modelFingerprint(model));

/** The plan was made from another model than the one shown (an edit, an undo, a reload since). */
export function planIsStale(run: TargetRun | undefined, model: Model): boolean {
  if (!run?.plan || (run.status !== 'planned' && run.status !== 'applied')) return false;
  return run.plan.modelFingerprint !== analysisOf(model).get(FINGERPRINT);
}

export function targetStatus(run: TargetRun | undefined, model: Model): string {
  if (!run) return 'not planned';
  if (planIsStale(run, model)) return 'plan is stale';
  switch (run.status) {
    case 'queued':
      return 'queued';
    case 'planning':
      return 'planning...';
    case 'applying': {
      const done = run.steps?.filter((s) => s.status === 'done').length ?? 0;
      return `applying ${done}/${run.steps?.length ?? 0}`;
    }
    case 'planned': {
      const { changes, manual = [] } = run.plan!;
      if (changes.length > 0) return `${changes.length} change(s)`;
      return manual.length > 0 ? `${manual.length} manual step(s)` : 'up to date';
    }
    case 'applied':
      return 'applied';
    case 'failed':
      return run.steps ? 'apply stopped' : 'plan failed';
  }
}

export function planLines(target: TargetT, run: TargetRun | undefined, model: Model): OpsLine[] {
  const where = target.connection
    ? ` (${target.connection.kind === 'ssh' ? `ssh ${target.connection.user}@${target.connection.host}:${target.connection.port}` : 'this machine'})`
    : '';
  const out: OpsLine[] = [{ text: `Target ${target.id}: ${target.adapter} on ${target.server}${where}`, tone: 'heading' }];
  if (!run)
    return [...out, { text: 'Enter observes the target and shows the plan: what would change to make it match the model.', tone: 'muted' }];
  if (run.status === 'planning') return [...out, { text: 'Observing the target...', tone: 'muted' }];
  if (run.status === 'queued')
    return [...out, { text: 'Queued: observed as soon as one of the targets being planned has finished.', tone: 'muted' }];
  const stale = planIsStale(run, model);
  if (stale) out.push({ text: 'The plan is stale: the model changed since it was made; Enter plans again.', tone: 'warning' });
  // What matters first, so that it shows in a small pane: the summary, then how the apply ended.
  const changes = run.plan?.changes ?? [];
  if (run.interrupted) out.push({ text: `Warning: ${run.interrupted}`, tone: 'error' });
  const manual = run.plan?.manual ?? [];
  if (run.plan) {
    const n = countActions(changes);
    const none = stale
      ? 'No changes for the model as it was then.'
      : manual.length > 0
        ? 'No changes coexist can make; the steps below are left to you.'
        : 'No changes. The target matches the model.';
    out.push(
      changes.length === 0
        ? { text: none, tone: stale || manual.length > 0 ? 'muted' : 'ok' }
        : { text: `Plan: ${n.create} to add, ${n.update} to change, ${n.delete} to destroy.`, tone: 'heading' },
    );
  }
  if (run.status === 'applying') {
    const done = run.steps?.filter((x) => x.status === 'done').length ?? 0;
    out.push({ text: `Applying: ${done} of ${changes.length} done...`, tone: 'accent' });
  }
  if (run.status === 'applied' && !stale) out.push({ text: 'Apply complete. Enter plans again (it should show no changes).', tone: 'ok' });
  if (run.status === 'failed' && run.error) {
    out.push({ text: run.steps ? `Apply stopped: ${run.error}` : `Plan failed: ${run.error}`, tone: 'error' });
    if (run.steps) out.push({ text: 'Nothing was rolled back. Enter plans again to see what remains.', tone: 'muted' });
  }
  if (run.status === 'planned' && changes.length > 0 && !stale)
    out.push({ text: 'a applies exactly this plan (asks first; refused if the target or the model changed since).', tone: 'muted' });
  changes.forEach((c, i) => {
    const step = run.steps?.[i];
    const mark = step ? (STEP_MARK[step.status] ?? '') : '';
    const tone: Tone | undefined =
      step?.status === 'failed' ? 'error' : step?.status === 'done' ? 'ok' : step?.status === 'running' ? 'accent' : undefined;
    out.push({ text: `${mark}${changeSymbol(c.action)} ${c.object}`, ...(tone ? { tone } : {}) });
    for (const d of c.details ?? []) out.push({ text: `${' '.repeat(mark.length)}    ${d}`, tone: 'muted' });
    if (step?.error) out.push({ text: `${' '.repeat(mark.length)}    ${step.error}`, tone: 'error' });
  });
  if (manual.length > 0) {
    // The same words as the CLI's plan (renderPlan): what the adapter cannot do is never silently left out.
    out.push({ text: 'Left to the administrator (coexist cannot do these; they are not checked):', tone: 'warning' });
    for (const l of manual) out.push({ text: `    ${l}`, tone: 'muted' });
  }
  return out;
}

export function logLines(log: readonly LogEntry[], targetId: string | undefined): OpsLine[] {
  const mine = log.filter((e) => targetId === undefined || e.target === targetId);
  if (mine.length === 0) return [{ text: `No command run on ${targetId ?? 'any target'} from this console yet.`, tone: 'muted' }];
  const out: OpsLine[] = [];
  for (const e of mine) {
    const status = e.timedOut ? 'timed out' : `exit ${e.exitCode}`;
    out.push({
      text: `${e.time.slice(11, 19)} ${status.padEnd(9)} ${String(e.durationMs).padStart(6)} ms  ${e.description}`,
      tone: e.exitCode === 0 && !e.timedOut ? undefined : 'error',
    });
    out.push({ text: `    $ ${e.argv.join(' ')}`, tone: 'muted' });
    const err = e.stderr.trim().split('\n').filter(Boolean).slice(-2);
    for (const l of err) out.push({ text: `    ${l}`, tone: e.exitCode === 0 ? 'muted' : 'error' });
  }
  return out;
}

/** Long lines wrapped to the pane's width, continuations indented under their line. */
export function wrapLines(lines: readonly OpsLine[], width: number): OpsLine[] {
  const out: OpsLine[] = [];
  for (const l of lines) {
    if (l.text.length <= width || width < 12) {
      out.push(l);
      continue;
    }
    const indent = ' '.repeat(Math.min(8, l.text.length - l.text.trimStart().length) + 2);
    let rest = l.text;
    let first = true;
    while (rest.length > 0) {
      const room = first ? width : width - indent.length;
      let cut = rest.length <= room ? rest.length : rest.lastIndexOf(' ', room);
      if (cut <= room / 3) cut = Math.min(room, rest.length);
      out.push({ text: first ? rest.slice(0, cut) : indent + rest.slice(0, cut), ...(l.tone ? { tone: l.tone } : {}) });
      rest = rest.slice(cut).trimStart();
      first = false;
    }
  }
  return out;
}
