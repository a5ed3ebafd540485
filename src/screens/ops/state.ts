// The Plan/Apply view's state: per target, the last plan and what applying it did, plus the command log.
// Changed only by ops/reducer.ts; the commands themselves run outside the screens (adapters/plan/session.ts).
import { availableParallelism } from 'node:os';
import type { LogEntry } from '../../adapters/executor/log.js';
import type { ApplyReport, Plan, StepResult } from '../../adapters/types.js';

export type StepStatus = StepResult['status'] | 'running';

export interface TargetRun {
  status: 'queued' | 'planning' | 'planned' | 'applying' | 'applied' | 'failed';
  plan?: Plan;
  /** Per change of the plan while and after applying. */
  steps?: { status: StepStatus; error?: string }[];
  /** Why planning or applying stopped (observation failed, stale plan, a step failed...). */
  error?: string;
  report?: ApplyReport;
  /** What the administrator typed to confirm the apply (handed to the operation, which checks it). */
  confirmation?: string;
  /** The target's last apply was killed midway (from the journal): said above the plan. */
  interrupted?: string;
}

export interface OpsState {
  cursor: number;
  /** What the right-hand pane shows for the selected target. */
  pane: 'plan' | 'log';
  scroll: number;
  runs: Readonly<Record<string, TargetRun>>;
  /** Every command run from this console, newest last (kept to LOG_LIMIT). */
  log: readonly LogEntry[];
  /** The targets being planned or applied now: one operation per target, at most `parallel` at once. */
  running: readonly string[];
  /** Targets waiting to be planned (P plans them all), started in order as running ones finish. */
  queued: readonly string[];
  /** How many targets may be planned or applied at once (the number of CPUs: targets mostly wait on their servers). */
  parallel: number;
}

export const LOG_LIMIT = 500;

export const initialOps = (parallel = Math.max(1, availableParallelism())): OpsState => ({
  cursor: 0,
  pane: 'plan',
  scroll: 0,
  runs: {},
  log: [],
  running: [],
  queued: [],
  parallel,
});

export type OpsEvent =
  | { kind: 'planned'; targetId: string; plan: Plan; interrupted?: string }
  | { kind: 'planFailed'; targetId: string; error: string }
  | { kind: 'step'; targetId: string; index: number; status: StepStatus }
  | { kind: 'command'; entry: LogEntry }
  | { kind: 'applied'; targetId: string; report: ApplyReport }
  | { kind: 'applyFailed'; targetId: string; error: string };
