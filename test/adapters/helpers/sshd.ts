// A real sshd on 127.0.0.1 with its own config, host key and authorized_keys in a temp dir (mail-lab.md §7).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signalPid, waitForPidFile } from '../../helpers/pid.js';
import { missingTools } from './postfix-instance.js';

export interface Sshd {
  dir: string;
  port: number;
  identityFile: string;
  knownHostsFile: string;
  pid: number;
  stop(): void;
}

export function canRunSshd(): string | undefined {
  if (process.getuid?.() !== 0) return 'the loopback sshd needs root (CI runs as root)';
  const missing = missingTools(['sshd', 'ssh', 'ssh-keygen']);
  return missing.length > 0 ? `OpenSSH is not installed (missing ${missing.join(', ')}); .ci/run installs it` : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-sshd-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hostkey')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_test')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_test.pub')), { mode: 0o600 });
  const hostPub = readFileSync(join(dir, 'hostkey.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPub}\n`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${join(dir, 'hostkey')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'UseDNS no',
      'StrictModes no',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const t = spawnSync('/usr/sbin/sshd', ['-t', '-f', join(dir, 'sshd_config')], { encoding: 'utf8' });
  const privsep = /Missing privilege separation directory: (\S+)/.exec(t.stderr ?? '');
  if (privsep) mkdirSync(privsep[1]!, { recursive: true, mode: 0o755 });
  execFileSync('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
  const pid = await waitForPidFile(join(dir, 'sshd.pid'));
  return {
    dir,
    port,
    pid,
    identityFile: join(dir, 'id_test'),
    knownHostsFile: join(dir, 'known_hosts'),
    stop() {
      signalPid(pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
