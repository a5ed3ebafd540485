// Which adapter and which executor a target uses: its adapter from the registry, and a local or SSH
// executor from the model's connection or the per-user settings.
import type { TargetT } from '../../model/schema.js';
import { LocalExecutor } from '../executor/local.js';
import type { CommandLog } from '../executor/log.js';
import type { ExecutorOptions } from '../executor/run.js';
import { SshExecutor } from '../executor/ssh.js';
import { findAdapter, loadAdapter } from '../registry.js';
import type { SecretSource } from '../secrets.js';
import { AdapterError, type Adapter, type Executor } from '../types.js';
import type { TargetSettings } from '../../settings/store.js';

/** The target's adapter, loaded on first use. */
export async function adapterFor(target: TargetT): Promise<Adapter> {
  const adapter = await loadAdapter(target.adapter);
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
    if (findAdapter(target.adapter)?.needsConnection?.(target) === false) return new NoConnection(target.id);
    throw new AdapterError(
      `target ${target.id}: no connection; set targets[].connection in the model ({kind: local} or {kind: ssh, host, port, user}) or in your settings`,
      target.id,
    );
  }
  if (connection.kind === 'local') return new LocalExecutor(options);
  if (!settings.knownHostsFile) {
    throw new AdapterError(
      `target ${target.id}: SSH needs a known_hosts file holding ${connection.host}'s host key (settings: targets.${target.id}.knownHostsFile); host keys are always checked`,
      target.id,
    );
  }
  return new SshExecutor(
    {
      host: connection.host,
      port: connection.port,
      user: connection.user,
      knownHostsFile: settings.knownHostsFile,
      ...(settings.identityFile ? { identityFile: settings.identityFile } : {}),
      ...(settings.sshConfig ? { configFile: settings.sshConfig } : {}),
      ...(settings.connectTimeoutSec ? { connectTimeoutSec: settings.connectTimeoutSec } : {}),
    },
    options,
  );
}

/** The executor of a target that runs nothing anywhere: any command is refused, none is ever run. */
class NoConnection implements Executor {
  readonly description: string;
  constructor(private readonly targetId: string) {
    this.description = `target ${targetId}: no connection (this target runs nothing)`;
  }
  async run(command: { description: string }): Promise<never> {
    throw new AdapterError(
      `target ${this.targetId}: has no connection, so "${command.description}" cannot run; set targets[].connection`,
      this.targetId,
    );
  }
}
