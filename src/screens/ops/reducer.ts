// The Plan/Apply view's keys and events (pure). Planning and applying are queued as effects that the App
// hands to the OpsRunner; their results come back as OpsEvents.
import { confirmationFor, type ConfirmRequest, stalePlanRefusal } from '../../adapters/plan/refusal.js';
import type { Model } from '../../model/schema.js';
import type { Plan } from '../../adapters/types.js';
import { validate } from '../../model/rules/index.js';
import { analysisOf, derived } from '../../model/analysis.js';
import { describeSetting } from '../setting-names.js';
import type { CommandDef } from '../command-types.js';
import { addEffect, flash } from '../effects.js';
import { isDirty, type FormState, type State } from '../state.js';
import type { FormSpec } from '../tree-types.js';
import { LOG_LIMIT, type OpsEvent, type OpsState, type TargetRun } from './state.js';

const setOps = (s: State, ops: Partial<OpsState>): State => ({ ...s, ops: { ...s.ops, ...ops } });
const setRun = (s: State, targetId: string, run: TargetRun): State => setOps(s, { runs: { ...s.ops.runs, [targetId]: run } });

export function selectedTarget(s: State): string | undefined {
  return s.model.targets[Math.min(s.ops.cursor, s.model.targets.length - 1)]?.id;
}

// The status bar asks applyRefusal on every frame of the Plan/Apply view: whether a plan is stale (a hash of
// the whole model) is found once per model and plan, in the model's analysis.
const STALE_PLANS = derived('ops.stale-plans', () => new WeakMap<Plan, boolean>());
function isStale(model: Model, targetId: string, plan: Plan): boolean {
  const known = analysisOf(model).get(STALE_PLANS);
  let stale = known.get(plan);
  if (stale === undefined) known.set(plan, (stale = stalePlanRefusal(model, targetId, plan) !== undefined));
  return stale;
}

/** Why the plan on screen may not be applied now, or undefined when it may. */
export function applyRefusal(s: State, targetId: string): string | undefined {
  const run = s.ops.runs[targetId];
  if (!run?.plan || run.status === 'planning') return `no plan for ${targetId} yet: Enter makes one`;
  if (run.status === 'applied') return `this plan was applied; Enter plans ${targetId} again`;
  if (run.status === 'failed' && run.steps) return `the apply stopped; Enter plans ${targetId} again to see what remains`;
  if (run.plan.changes.length === 0) return `${targetId} already matches the model: nothing to apply`;
  // The operation checks these again when it runs; asking them here spares a confirmation that would be refused.
  if (isStale(s.model, targetId, run.plan)) return `the model changed since this plan was made; Enter plans ${targetId} again`;
  if (isDirty(s)) return 'save the model first (s): apply puts the saved model on the servers';
  return validationText(s.model);
}

/** The model's validation errors, each setting named as ESM names it (the operation's refusal gives YAML paths). */
function validationText(model: Model): string | undefined {
  const errors = validate(model).filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  const shown = errors.slice(0, 3).map((f) => `${f.rule} at ${describeSetting(model, f.path)}`);
  const more = errors.length > 3 ? `; ${errors.length - 3} more` : '';
  return `the model has validation errors (${shown.join('; ')}${more}): fix them first (the findings pane lists them); apply never puts a mail loop or an open relay on real servers`;
}

/** Why Enter (plan) or a (apply) does nothing now; the status bar and the help say it. */
export function opsUnavailable(s: State, id: 'ops.plan' | 'ops.apply'): string | undefined {
  const targetId = selectedTarget(s);
  if (!targetId) return 'The model has no targets: add one under targets (id, adapter, server, connection) in the model file';
  if (s.ops.running.includes(targetId) || s.ops.queued.includes(targetId)) return `busy with ${targetId}: wait for it to finish`;
  if (id === 'ops.apply' && s.ops.running.length >= s.ops.parallel)
    return `busy with ${s.ops.running.join(', ')} (at most ${s.ops.parallel} targets at once): wait for one to finish`;
  return id === 'ops.apply' ? applyRefusal(s, targetId) : undefined;
}

/** The typed confirmation: "yes", or the target's id when the plan deletes anything. */
export function confirmApplyForm(request: ConfirmRequest): FormSpec {
  const { targetId, deletes, count, expected } = request;
  return {
    title: deletes ? `This plan deletes or removes entries on ${targetId}` : `Apply ${count} change(s) to ${targetId}`,
    fields: [
      {
        label: deletes ? `Type the target's id (${targetId}) to apply` : 'Type yes to apply',
        initial: '',
        hint: 'Esc cancels; nothing is applied until you type it',
        parse: (t) =>
          t.trim() === expected ? { ok: true, value: expected } : { ok: false, error: `type ${expected} to apply, or Esc to cancel` },
      },
    ],
    submit: () => (m) => m,
  };
}

export function opsCommand(s: State, c: CommandDef): State {
  const targets = s.model.targets;
  const move = (cursor: number): State => setOps(s, { cursor: Math.max(0, Math.min(targets.length - 1, cursor)), scroll: 0 });
  switch (c.id) {
    case 'ops.down':
      return move(s.ops.cursor + 1);
    case 'ops.up':
      return move(s.ops.cursor - 1);
    case 'ops.scrollDown':
      return setOps(s, { scroll: s.ops.scroll + 5 });
    case 'ops.scrollUp':
      return setOps(s, { scroll: Math.max(0, s.ops.scroll - 5) });
    case 'ops.log':
      return setOps(s, { pane: s.ops.pane === 'plan' ? 'log' : 'plan', scroll: 0 });
  }
  const targetId = selectedTarget(s);
  if (!targetId)
    return flash(s, 'The model has no targets: add one under targets (id, adapter, server, connection) in the model file', 'error');
  if (c.id === 'ops.planAll') {
    const waiting = targets.map((t) => t.id).filter((id) => !s.ops.running.includes(id) && !s.ops.queued.includes(id));
    if (waiting.length === 0) return flash(s, 'Every target is being planned or applied already: wait for them to finish', 'error');
    let next = setOps(s, { queued: [...s.ops.queued, ...waiting], pane: 'plan', scroll: 0 });
    for (const id of waiting) next = setRun(next, id, { status: 'queued' });
    return flash(startQueued(next), `Planning ${waiting.length} target(s), at most ${s.ops.parallel} at once`);
  }
  if (s.ops.running.includes(targetId) || s.ops.queued.includes(targetId))
    return flash(s, `Busy with ${targetId}: wait for it to finish`, 'error');
  if (c.id === 'ops.plan') {
    const next = setOps(setRun(s, targetId, { status: 'queued' }), { queued: [...s.ops.queued, targetId], pane: 'plan', scroll: 0 });
    return startQueued(next);
  }
  if (c.id === 'ops.apply') {
    if (s.ops.running.length >= s.ops.parallel)
      return flash(s, `Busy with ${s.ops.running.join(', ')} (at most ${s.ops.parallel} targets at once): wait for one to finish`, 'error');
    const refusal = applyRefusal(s, targetId);
    if (refusal) return flash(s, `Not applied: ${refusal}`, 'error');
    const plan = s.ops.runs[targetId]!.plan!;
    const form = confirmApplyForm(confirmationFor(plan));
    const overlay: FormState = { kind: 'form', form, purpose: { kind: 'apply', targetId }, values: [''], field: 0, cursor: 0 };
    return { ...s, overlay };
  }
  return s;
}

/** Starts queued plans, in order, while fewer than `parallel` targets are running. */
function startQueued(s: State): State {
  let next = s;
  while (next.ops.queued.length > 0 && next.ops.running.length < next.ops.parallel) {
    const [targetId, ...queued] = next.ops.queued as [string, ...string[]];
    next = addEffect(setOps(setRun(next, targetId, { status: 'planning' }), { queued, running: [...next.ops.running, targetId] }), {
      kind: 'plan',
      targetId,
    });
  }
  return next;
}

/** A target's plan or apply ended: it leaves the running ones, and a queued plan takes its place. */
const finished = (s: State, targetId: string): State => startQueued(setOps(s, { running: s.ops.running.filter((id) => id !== targetId) }));

/** After the typed confirmation: check again (the model may have changed), then queue the apply. */
export function startApply(s: State, targetId: string): State {
  const refusal = applyRefusal(s, targetId);
  if (refusal) return flash(s, `Not applied: ${refusal}`, 'error');
  if (s.ops.running.includes(targetId) || s.ops.queued.includes(targetId)) return flash(s, `Not applied: busy with ${targetId}`, 'error');
  if (s.ops.running.length >= s.ops.parallel)
    return flash(
      s,
      `Not applied: busy with ${s.ops.running.join(', ')} (at most ${s.ops.parallel} targets at once); a applies when one has finished`,
      'error',
    );
  const run = s.ops.runs[targetId]!;
  const steps = run.plan!.changes.map(() => ({ status: 'not-run' as const }));
  // The form submits only once its text equals what the operation expects; the operation checks it again.
  const confirmation = confirmationFor(run.plan!).expected;
  return addEffect(
    setOps(setRun(s, targetId, { ...run, status: 'applying', steps, confirmation }), {
      running: [...s.ops.running, targetId],
      pane: 'plan',
      scroll: 0,
    }),
    { kind: 'apply', targetId },
  );
}

export function opsEvent(s: State, e: OpsEvent): State {
  switch (e.kind) {
    case 'command': {
      const log = s.ops.log.length >= LOG_LIMIT ? [...s.ops.log.slice(1 - LOG_LIMIT), e.entry] : [...s.ops.log, e.entry];
      return setOps(s, { log });
    }
    case 'planned': {
      const n = e.plan.changes.length;
      const run: TargetRun = { status: 'planned', plan: e.plan, ...(e.interrupted ? { interrupted: e.interrupted } : {}) };
      const said =
        n === 0 ? `${e.targetId}: no changes, the target matches the model` : `${e.targetId}: ${n} change(s) planned; a applies them`;
      return flash(
        finished(setRun(s, e.targetId, run), e.targetId),
        e.interrupted ? `${said}; ${e.interrupted}` : said,
        e.interrupted ? 'error' : 'info',
      );
    }
    case 'planFailed':
      return flash(finished(setRun(s, e.targetId, { status: 'failed', error: e.error }), e.targetId), `Plan failed: ${e.error}`, 'error');
    case 'step': {
      const run = s.ops.runs[e.targetId];
      if (!run?.steps) return s;
      const steps = run.steps.slice();
      steps[e.index] = { status: e.status };
      return setRun(s, e.targetId, { ...run, steps });
    }
    case 'applied': {
      const run = s.ops.runs[e.targetId] ?? { status: 'applying' };
      const steps = e.report.steps.map((st) => ({ status: st.status, ...(st.error ? { error: st.error } : {}) }));
      const done = steps.filter((x) => x.status === 'done').length;
      const next: TargetRun = { ...run, status: e.report.ok ? 'applied' : 'failed', steps, report: e.report };
      if (!e.report.ok) next.error = e.report.steps.find((st) => st.status === 'failed')?.error ?? 'a step failed';
      const notes = e.report.notes?.length ? `; ${e.report.notes.join('; ')}` : '';
      const text = e.report.ok
        ? `${e.targetId}: apply complete, ${done} change(s) done${notes}`
        : `${e.targetId}: apply stopped at the first failure: ${done} done, 1 failed, ${steps.length - done - 1} not run; nothing was rolled back${notes}`;
      return flash(finished(setRun(s, e.targetId, next), e.targetId), text, e.report.ok ? 'info' : 'error');
    }
    case 'applyFailed': {
      const run = s.ops.runs[e.targetId] ?? { status: 'applying' };
      return flash(
        finished(setRun(s, e.targetId, { ...run, status: 'failed', error: e.error }), e.targetId),
        `Not applied: ${e.error}`,
        'error',
      );
    }
  }
}
