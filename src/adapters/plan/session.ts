// The console's Plan/Apply view runs the same operation as `coexist plan` and `coexist apply`
// (operation.ts): settings, executor, command log, journal, lock and every refusal live there. This file
// only names it for the screens, which never run a command themselves.
import { SettingsStore } from '../../settings/store.js';
import { planApplyOperation, type OperationHooks, type PlanApplyOperation } from './operation.js';

export type OpsListener = OperationHooks;
export type OpsRunner = PlanApplyOperation;

/** The real runner: per-user settings, owner-only logs and journal, local or SSH executors. */
export function settingsOpsRunner(openSettings: () => SettingsStore = () => new SettingsStore()): OpsRunner {
  return planApplyOperation({ settings: openSettings });
}
