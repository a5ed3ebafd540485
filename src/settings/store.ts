// Per-user settings: how to reach each target (SSH host, user, key, known_hosts) and preferences. Kept out
// of the model (which is shared in git) in a `conf` store that only its owner can read: the directory is
// created 0700 and the file 0600, with the mode given at creation.
import Conf from 'conf';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';

export const TargetSettingsSchema = z.strictObject({
  connection: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('local') }),
      z.strictObject({
        kind: z.literal('ssh'),
        host: z
          .string()
          .regex(/^[A-Za-z0-9.:[\]-]{1,253}$/)
          .refine((h) => !h.startsWith('-'), 'must not begin with "-"'),
        port: z.number().int().min(1).max(65535).default(22),
        user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/),
      }),
    ])
    .optional(),
  /** The known_hosts file with the target's host key (host keys are always checked). */
  knownHostsFile: z.string().min(1).optional(),
  identityFile: z.string().min(1).optional(),
  /** An ssh_config file to use instead of none. */
  sshConfig: z.string().min(1).optional(),
  connectTimeoutSec: z.number().int().min(1).max(300).optional(),
  commandTimeoutSec: z.number().int().min(1).max(3600).optional(),
});
export type TargetSettings = z.output<typeof TargetSettingsSchema>;

export interface SettingsData {
  targets: Record<string, unknown>;
  preferences: Record<string, unknown>;
}

/** $COEXIST_CONFIG_DIR, else $XDG_CONFIG_HOME/coexist, else ~/.config/coexist. */
export function settingsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COEXIST_CONFIG_DIR) return env.COEXIST_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'coexist');
}

/** Creates the directory 0700, and tightens an existing one of ours that others could read. */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) chmodSync(dir, 0o700);
}

export class SettingsStore {
  private readonly conf: Conf<SettingsData>;
  readonly directory: string;

  constructor(directory = settingsDirectory()) {
    this.directory = directory;
    ensurePrivateDirectory(directory);
    this.conf = new Conf<SettingsData>({
      cwd: directory,
      configName: 'settings',
      configFileMode: 0o600,
      defaults: { targets: {}, preferences: {} },
      projectName: 'coexist',
    });
    try {
      chmodSync(this.conf.path, 0o600);
    } catch {
      // not written yet: conf creates it with configFileMode
    }
  }

  get path(): string {
    return this.conf.path;
  }

  target(id: string): TargetSettings {
    const raw = this.conf.get('targets')[id];
    if (raw === undefined) return {};
    const r = TargetSettingsSchema.safeParse(raw);
    if (!r.success)
      throw new Error(
        `${this.conf.path}: settings of target "${id}" are invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return r.data;
  }

  setTarget(id: string, settings: TargetSettings): void {
    const parsed = TargetSettingsSchema.parse(settings);
    this.conf.set('targets', { ...this.conf.get('targets'), [id]: parsed });
  }

  preference<T>(name: string, fallback: T): T {
    const v = this.conf.get('preferences')[name];
    return v === undefined ? fallback : (v as T);
  }

  setPreference(name: string, value: unknown): void {
    this.conf.set('preferences', { ...this.conf.get('preferences'), [name]: value });
  }

  /** Where command logs and the apply journal go (inside the private directory). */
  logPath(name: string): string {
    ensurePrivateDirectory(join(this.directory, 'logs'));
    return join(this.directory, 'logs', name);
  }
}
