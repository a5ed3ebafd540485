// Runs a queued plan or apply through the plan/apply operation (adapters/plan/operation.ts) and turns what
// it reports into OpsEvents for the reducer. The screens never run a command or decide a refusal themselves.
import type { OpsRunner } from '../../adapters/plan/session.js';
import type { OperationHooks } from '../../adapters/plan/operation.js';
import { refusalText } from '../../adapters/plan/refusal.js';
import { isDirty, type State } from '../state.js';
import type { Action } from '../store.js';

export function runOps(
  runner: OpsRunner | undefined,
  state: State,
  kind: 'plan' | 'apply',
  targetId: string,
  dispatch: (a: Action) => void,
): void {
  const failed = kind === 'plan' ? ('planFailed' as const) : ('applyFailed' as const);
  if (!runner) {
    dispatch({
      type: 'ops',
      event: { kind: failed, targetId, error: 'plan and apply are not available in this console (no adapters wired)' },
    });
    return;
  }
  const hooks: OperationHooks = {
    onCommand: (entry) => dispatch({ type: 'ops', event: { kind: 'command', entry } }),
    onProgress: (e) => dispatch({ type: 'ops', event: { kind: 'step', targetId, index: e.index, status: e.status } }),
  };
  const fail = (e: unknown) =>
    dispatch({ type: 'ops', event: { kind: failed, targetId, error: e instanceof Error ? e.message : String(e) } });
  if (kind === 'plan') {
    runner.plan(state.model, targetId, hooks).then((r) => {
      if (!r.ok) fail(new Error(refusalText(r.refusal, 'console')));
      else
        dispatch({
          type: 'ops',
          event: { kind: 'planned', targetId, plan: r.plan, ...(r.interrupted ? { interrupted: r.interrupted } : {}) },
        });
    }, fail);
    return;
  }
  const run = state.ops.runs[targetId];
  if (!run?.plan) {
    fail(new Error(`no plan for ${targetId}`));
    return;
  }
  runner
    .apply(
      {
        model: state.model,
        targetId,
        plan: run.plan,
        unsaved: isDirty(state),
        ...(run.confirmation !== undefined ? { confirmation: run.confirmation } : {}),
      },
      hooks,
    )
    .then((r) => {
      if (r.status === 'refused') fail(new Error(refusalText(r.refusal, 'console')));
      else if (r.status === 'unchanged') dispatch({ type: 'ops', event: { kind: 'planned', targetId, plan: r.plan } });
      else dispatch({ type: 'ops', event: { kind: 'applied', targetId, report: r.report } });
    }, fail);
}
