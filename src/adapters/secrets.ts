// Secrets named by the model (env:NAME or keyring:NAME), resolved only at apply time. A secret is never
// read from the model, never put in argv, logs, plans or exported scripts, and the keyring fails closed:
// when no Secret Service is reachable there is no plaintext fallback, only a clear error.

export const KEYRING_SERVICE = 'coexist';

export class SecretError extends Error {}

export type SecretRefParts = { kind: 'env' | 'keyring'; name: string };

export function parseSecretRef(ref: string): SecretRefParts {
  const m = /^(env|keyring):([A-Za-z0-9._-]{1,64})$/.exec(ref);
  if (!m) throw new SecretError(`"${ref}" is not a secret reference (env:VARIABLE or keyring:NAME)`);
  return { kind: m[1] as 'env' | 'keyring', name: m[2]! };
}

/** The subset of @napi-rs/keyring's Entry that coexist uses (injectable for tests). */
export interface KeyringEntry {
  getPassword(): string | null | undefined;
  setPassword(value: string): void;
  deletePassword(): boolean | undefined;
}
export type KeyringFactory = (service: string, name: string) => Promise<KeyringEntry>;

async function napiKeyring(service: string, name: string): Promise<KeyringEntry> {
  // Linux keyrings go through the Secret Service on the D-Bus session bus; without one, fail closed.
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new SecretError(
      'the OS keyring is not available: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service can hold secrets. Start a session with a Secret Service (gnome-keyring, KeePassXC) or name the secret as env:VARIABLE instead. coexist never falls back to storing secrets in a file.',
    );
  }
  let mod: typeof import('@napi-rs/keyring');
  try {
    mod = await import('@napi-rs/keyring');
  } catch (e) {
    throw new SecretError(`the OS keyring module could not be loaded (${(e as Error).message}); name the secret as env:VARIABLE instead`);
  }
  return new mod.Entry(service, name);
}

export interface SecretSource {
  env?: NodeJS.ProcessEnv;
  keyring?: KeyringFactory;
}

/** Resolves one reference to its value. Values with a line break or NUL are refused (they travel as one stdin line). */
export async function resolveSecret(ref: string, source: SecretSource = {}): Promise<string> {
  const { kind, name } = parseSecretRef(ref);
  let value: string | null | undefined;
  if (kind === 'env') {
    value = (source.env ?? process.env)[name];
    if (value === undefined || value === '') throw new SecretError(`secret ${ref}: the environment variable ${name} is not set`);
  } else {
    const entry = await (source.keyring ?? napiKeyring)(KEYRING_SERVICE, name);
    try {
      value = entry.getPassword();
    } catch (e) {
      throw new SecretError(`secret ${ref}: the OS keyring refused access (${(e as Error).message}); nothing was applied`);
    }
    if (value === null || value === undefined || value === '') {
      throw new SecretError(
        `secret ${ref}: no entry "${name}" for service "${KEYRING_SERVICE}" in the OS keyring (or the keyring is locked); store it with your keyring tool first`,
      );
    }
  }
  if (/[\r\n\0]/.test(value)) throw new SecretError(`secret ${ref} contains a line break or NUL, which coexist refuses`);
  return value;
}

/** Stores a secret in the OS keyring (fails closed like resolveSecret). */
export async function storeKeyringSecret(name: string, value: string, source: SecretSource = {}): Promise<void> {
  parseSecretRef(`keyring:${name}`);
  const entry = await (source.keyring ?? napiKeyring)(KEYRING_SERVICE, name);
  try {
    entry.setPassword(value);
  } catch (e) {
    throw new SecretError(`the OS keyring refused to store "${name}" (${(e as Error).message}); nothing was written anywhere else`);
  }
}
