// Planning and applying one target end to end: pick its executor (local, or SSH with the per-user
// settings), observe, diff, and apply exactly a reviewed plan after re-observing: a plan whose model or
// observed state changed since it was made is refused, like terraform's "Saved plan is stale".
import { modelFingerprint } from './fingerprint.js';
import type { Model, TargetT } from '../../model/schema.js';
import { LocalExecutor } from '../executor/local.js';
import type { CommandLog } from '../executor/log.js';
import type { ExecutorOptions } from '../executor/run.js';
import { SshExecutor } from '../executor/ssh.js';
import { findAdapter } from '../registry.js';
import type { SecretSource } from '../secrets.js';
import { AdapterError, type Adapter, type ApplyReport, type Executor, type Plan } from '../types.js';
import type { TargetSettings } from '../../settings/store.js';
import { applyChanges, type ApplyOptions } from './apply.js';

export { modelFingerprint };

export function adapterFor(target: TargetT): Adapter {
  const adapter = findAdapter(target.adapter);
  if (!adapter) throw new AdapterError(`target ${target.id}: adapter "${target.adapter}" is not available in this build`, target.id);
  return adapter;
}

/** The executor for a target: the model's connection, else the per-user settings, else refuse. */
export function executorFor(target: TargetT, settings: TargetSettings, log: CommandLog, secrets?: SecretSource): Executor {
  const connection = target.connection ?? settings.connection;
  const options: ExecutorOptions = { target: target.id, log };
  if (secrets) options.secrets = secrets;
  if (settings.commandTimeoutSec) options.defaultTimeoutMs = settings.commandTimeoutSec * 1000;
  if (!connection) {
    throw new AdapterError(`target ${target.id}: no connection; set targets[].connection in the model ({kind: local} or {kind: ssh, host, port, user}) or in your settings`, target.id);
  }
  if (connection.kind === 'local') return new LocalExecutor(options);
  if (!settings.knownHostsFile) {
    throw new AdapterError(`target ${target.id}: SSH needs a known_hosts file holding ${connection.host}'s host key (settings: targets.${target.id}.knownHostsFile); host keys are always checked`, target.id);
  }
  return new SshExecutor({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    knownHostsFile: settings.knownHostsFile,
    ...(settings.identityFile ? { identityFile: settings.identityFile } : {}),
    ...(settings.sshConfig ? { configFile: settings.sshConfig } : {}),
    ...(settings.connectTimeoutSec ? { connectTimeoutSec: settings.connectTimeoutSec } : {}),
  }, options);
}

export async function planTarget(model: Model, target: TargetT, executor: Executor, adapter = adapterFor(target)): Promise<Plan> {
  const observed = await adapter.observe(model, target, executor);
  const changes = adapter.plan(model, target, observed);
  return { targetId: target.id, adapter: adapter.id, observedFingerprint: observed.fingerprint, modelFingerprint: modelFingerprint(model), changes };
}

export class StalePlanError extends AdapterError {}

/** Re-observes the target and applies the plan's changes only if nothing moved since the plan was made. */
export async function applyReviewedPlan(model: Model, target: TargetT, plan: Plan, executor: Executor, options: ApplyOptions = {}, adapter = adapterFor(target)): Promise<ApplyReport> {
  if (plan.targetId !== target.id || plan.adapter !== adapter.id) {
    throw new StalePlanError(`the plan is for target ${plan.targetId} (${plan.adapter}), not ${target.id} (${adapter.id})`, target.id);
  }
  if (plan.modelFingerprint !== modelFingerprint(model)) {
    throw new StalePlanError(`target ${target.id}: the plan is stale: the model changed since the plan was made; run plan again. Nothing was applied.`, target.id);
  }
  const observed = await adapter.observe(model, target, executor);
  if (observed.fingerprint !== plan.observedFingerprint) {
    throw new StalePlanError(`target ${target.id}: the plan is stale: the target changed since the plan was made (someone else applied, or it was edited by hand); run plan again. Nothing was applied.`, target.id);
  }
  return applyChanges(plan.changes, executor, { ...options, targetId: target.id });
}
