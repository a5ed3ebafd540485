// Plan and apply for the console's Plan/Apply view: the same steps as `coexist plan` and `coexist apply`
// (settings, executor, command log, journal, stale-plan refusal), with every logged command and every step
// also reported to the caller as it happens. The console never runs a command itself; it calls this.
import type { Model, TargetT } from '../../model/schema.js';
import { SettingsStore } from '../../settings/store.js';
import { fileLog, type CommandLog, type LogEntry } from '../executor/log.js';
import { fileJournal } from './journal.js';
import { applyReviewedPlan, adapterFor, executorFor, planTarget } from './run.js';
import { AdapterError, type ApplyProgress, type ApplyReport, type Plan } from '../types.js';

export interface OpsListener {
  /** Every command run on a target (secrets already redacted), as it finishes. */
  onCommand(entry: LogEntry): void;
  /** Each step of an apply: running, then done or failed. */
  onProgress?: ApplyProgress;
}

export interface OpsRunner {
  plan(model: Model, targetId: string, listener: OpsListener): Promise<Plan>;
  apply(model: Model, targetId: string, plan: Plan, listener: OpsListener): Promise<ApplyReport>;
}

function targetOf(model: Model, targetId: string): TargetT {
  const target = model.targets.find((t) => t.id === targetId);
  if (!target) throw new AdapterError(`no target "${targetId}" in the model`, targetId);
  return target;
}

/** The real runner: per-user settings, owner-only logs and journal, local or SSH executors. */
export function settingsOpsRunner(openSettings: () => SettingsStore = () => new SettingsStore()): OpsRunner {
  let settings: SettingsStore | undefined;
  const store = () => {
    try {
      return (settings ??= openSettings());
    } catch (e) {
      throw new AdapterError(`cannot open the per-user settings: ${(e as Error).message}`);
    }
  };
  const teeLog = (s: SettingsStore, listener: OpsListener): CommandLog => {
    const file = fileLog(s.logPath('commands.log'));
    return { entries: file.entries, write: (entry) => { file.write(entry); listener.onCommand(entry); } };
  };
  return {
    async plan(model, targetId, listener) {
      const s = store();
      const target = targetOf(model, targetId);
      const adapter = adapterFor(target);
      return planTarget(model, target, executorFor(target, s.target(target.id), teeLog(s, listener)), adapter);
    },
    async apply(model, targetId, plan, listener) {
      const s = store();
      const target = targetOf(model, targetId);
      const adapter = adapterFor(target);
      const executor = executorFor(target, s.target(target.id), teeLog(s, listener));
      return applyReviewedPlan(model, target, plan, executor, {
        journal: fileJournal(s.logPath('journal.jsonl')),
        ...(listener.onProgress ? { progress: listener.onProgress } : {}),
      }, adapter);
    },
  };
}
