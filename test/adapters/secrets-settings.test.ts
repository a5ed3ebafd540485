// Secrets fail closed (no keyring, no variable: a clear error, never a fallback) and per-user settings are
// owner-only from the moment they exist.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redact } from '../../src/adapters/executor/log.js';
import { resolveSecret, SecretError, storeKeyringSecret } from '../../src/adapters/secrets.js';
import { SettingsStore } from '../../src/settings/store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('secrets', () => {
  it('reads env:NAME and refuses a missing one or a multi-line value', async () => {
    expect(await resolveSecret('env:PW', { env: { PW: 'x y' } })).toBe('x y');
    await expect(resolveSecret('env:PW', { env: {} })).rejects.toThrow(/PW is not set/);
    await expect(resolveSecret('env:PW', { env: { PW: 'a\nb' } })).rejects.toThrow(/line break/);
    await expect(resolveSecret('plain-password')).rejects.toThrow(SecretError);
  });

  it('fails closed when no Secret Service is reachable, and writes nothing anywhere', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    try {
      if (process.platform === 'linux') {
        await expect(resolveSecret('keyring:relay')).rejects.toThrow(/OS keyring is not available.*never falls back/);
        await expect(storeKeyringSecret('relay', 'pw')).rejects.toThrow(/OS keyring is not available/);
      }
    } finally {
      if (saved !== undefined) process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });

  it('reports a keyring that answers without the entry, or refuses access', async () => {
    const empty = async () => ({ getPassword: () => null, setPassword: () => {}, deletePassword: () => true });
    await expect(resolveSecret('keyring:relay', { keyring: empty })).rejects.toThrow(/no entry "relay"/);
    const locked = async () => ({
      getPassword: () => {
        throw new Error('AccessDenied');
      },
      setPassword: () => {},
      deletePassword: () => true,
    });
    await expect(resolveSecret('keyring:relay', { keyring: locked })).rejects.toThrow(/refused access \(AccessDenied\)/);
    const ok = async () => ({ getPassword: () => 'pw', setPassword: () => {}, deletePassword: () => true });
    expect(await resolveSecret('keyring:relay', { keyring: ok })).toBe('pw');
  });

  it('redacts secret values and their encodings from log text', () => {
    expect(redact('pw=s3cr3t b64=czNjcjN0', ['s3cr3t'])).toBe('pw=[redacted] b64=[redacted]');
  });
});

describe('per-user settings', () => {
  it('creates the directory 0700 and the file 0600, and keeps connection details per target', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'coexist-settings-')), 'cfg');
    dirs.push(dir);
    const store = new SettingsStore(dir);
    store.setTarget('pop', { connection: { kind: 'ssh', host: '127.0.0.1', port: 2222, user: 'root' }, knownHostsFile: '/k' });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(new SettingsStore(dir).target('pop')).toEqual({
      connection: { kind: 'ssh', host: '127.0.0.1', port: 2222, user: 'root' },
      knownHostsFile: '/k',
    });
    expect(JSON.parse(readFileSync(store.path, 'utf8')).targets.pop.knownHostsFile).toBe('/k');
    expect(statSync(store.logPath('x.log').replace(/x\.log$/, '')).mode & 0o777).toBe(0o700);
    expect(() => store.setTarget('bad', { connection: { kind: 'ssh', host: '-oProxyCommand=x', port: 22, user: 'root' } })).toThrow();
  });
});
