// Runs a queued plan or apply through the console's OpsRunner and turns everything it reports into
// OpsEvents for the reducer. The screens never run a command themselves.
import type { OpsListener, OpsRunner } from '../../adapters/plan/session.js';
import type { Action } from '../store.js';
import type { State } from '../state.js';

export function runOps(runner: OpsRunner | undefined, state: State, kind: 'plan' | 'apply', targetId: string, dispatch: (a: Action) => void): void {
  const failed = kind === 'plan' ? 'planFailed' as const : 'applyFailed' as const;
  if (!runner) {
    dispatch({ type: 'ops', event: { kind: failed, targetId, error: 'plan and apply are not available in this console (no adapters wired)' } });
    return;
  }
  const listener: OpsListener = {
    onCommand: (entry) => dispatch({ type: 'ops', event: { kind: 'command', entry } }),
    onProgress: (e) => dispatch({ type: 'ops', event: { kind: 'step', targetId, index: e.index, status: e.status } }),
  };
  const fail = (e: unknown) => dispatch({ type: 'ops', event: { kind: failed, targetId, error: e instanceof Error ? e.message : String(e) } });
  if (kind === 'plan') {
    runner.plan(state.model, targetId, listener).then((plan) => dispatch({ type: 'ops', event: { kind: 'planned', targetId, plan } }), fail);
    return;
  }
  const plan = state.ops.runs[targetId]?.plan;
  if (!plan) {
    fail(new Error(`no plan for ${targetId}`));
    return;
  }
  runner.apply(state.model, targetId, plan, listener).then((report) => dispatch({ type: 'ops', event: { kind: 'applied', targetId, report } }), fail);
}
