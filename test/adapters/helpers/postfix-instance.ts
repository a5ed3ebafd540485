// A throw-away Postfix instance with its own config directory (mail-lab.md section 3, pf_instance):
// stock master.cf without chroot, smtpd on IP:PORT only, its own queue, data and log directories.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remapModelAddresses } from '../../../src/adapters/postfix-dovecot/remap.js';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { Model, TargetT } from '../../../src/model/schema.js';
import { parsePid, signalPid } from '../../helpers/pid.js';

export function missingTools(tools: string[]): string[] {
  return tools.filter((t) => {
    try {
      execFileSync('sh', ['-c', 'command -v "$1"', 'probe', t], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

export function canRunPostfix(): string | undefined {
  if (process.getuid?.() !== 0) return 'these tests run Postfix instances and need root (CI runs as root)';
  const missing = missingTools(['postconf', 'postfix', 'postmap']);
  if (missing.length > 0) return `Postfix is not installed (missing ${missing.join(', ')}); .ci/run installs it with apt-get`;
  return undefined;
}

/**
 * The seed's shared-domain example with its servers on loopback (EX01 127.0.0.2, POP01 127.0.0.3), so that a
 * Postfix instance on 127.0.0.3 can stand for POP01; the 10.0.0.x addresses are never dialled.
 */
export function sharedModelOnLoopback(): Model {
  return remapModelAddresses(scenarioModel('shared-domain'), { '10.0.0.10': '127.0.0.2', '10.0.0.20': '127.0.0.3' });
}

/** The target "pop": POP01 on this instance, applied locally, mail owned by nobody (65534), no DNS. */
export function localPopTarget(inst: PostfixInstance): TargetT {
  return {
    id: 'pop',
    adapter: 'postfix-dovecot',
    server: 'POP01',
    connection: { kind: 'local' },
    options: { configDirectory: inst.etc, mailRoot: inst.mail, mailUid: '65534', mailGid: '65534', dns: 'disabled' },
  };
}

export interface PostfixInstance {
  root: string;
  etc: string;
  mail: string;
  log: string;
}

export function createPostfixInstance(
  name: string,
  ip: string,
  port: number,
  root = mkdtempSync(join(tmpdir(), `coexist-pf-${name}-`)),
): PostfixInstance {
  chmodSync(root, 0o755); // the postfix user must reach data_directory
  const d = join(root, name);
  for (const sub of ['etc', 'spool', 'data', 'log']) mkdirSync(join(d, sub), { recursive: true });
  const postfixUid = Number(execFileSync('id', ['-u', 'postfix']).toString().trim());
  const postfixGid = Number(execFileSync('id', ['-g', 'postfix']).toString().trim());
  chownSync(join(d, 'data'), postfixUid, postfixGid);
  const stock = execFileSync('postconf', ['-h', '-d', 'config_directory']).toString().trim();
  const etc = join(d, 'etc');
  const stockMaster = join(stock, 'master.cf');
  if (existsSync(stockMaster)) copyFileSync(stockMaster, join(etc, 'master.cf'));
  else copyFileSync('/usr/share/postfix/master.cf.dist', join(etc, 'master.cf'));
  writeFileSync(join(etc, 'main.cf'), '');
  execFileSync('postconf', [
    '-c',
    etc,
    '-e',
    'compatibility_level = 3.6',
    `queue_directory = ${join(d, 'spool')}`,
    `data_directory = ${join(d, 'data')}`,
    `maillog_file_prefixes = ${join(d, 'log')}`,
    `maillog_file = ${join(d, 'log', 'maillog')}`,
    `syslog_name = postfix-${name}`,
    'inet_interfaces = loopback-only',
    'inet_protocols = ipv4',
    `smtp_bind_address = ${ip}`,
    'alias_maps =',
    'alias_database =',
    'local_recipient_maps =',
    'biff = no',
    'smtputf8_enable = no',
  ]);
  execFileSync('postconf', ['-c', etc, '-F', '*/*/chroot = n']);
  execFileSync('postconf', ['-c', etc, '-MX', 'smtp/inet']);
  execFileSync('postconf', ['-c', etc, '-Me', `${ip}:${port}/inet = ${ip}:${port} inet n - n - - smtpd`]);
  return { root, etc, mail: join(d, 'mail'), log: join(d, 'log', 'maillog') };
}

export function stopPostfix(etc: string): void {
  const pidFile = join(etc, '..', 'spool', 'pid', 'master.pid');
  let pid: number | undefined;
  try {
    pid = parsePid(readFileSync(pidFile, 'utf8'));
  } catch {
    return; // never started
  }
  try {
    execFileSync('postfix', ['-c', etc, 'stop'], { stdio: 'ignore' });
  } catch {
    // already stopped
  }
  // Wait for this instance's master to go; kill it (only it, by its pid) if it lingers.
  const until = Date.now() + 5000;
  while (pid !== undefined && Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync('sleep', ['0.1']);
  }
  if (pid !== undefined) signalPid(pid, 'SIGKILL');
}
