// What the mail lab needs on this machine, and a one-line reason when something is missing.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// swaks is installed with them (.ci/run) for reproducing a flow by hand, but the lab sends with its own client
// (wire.mjs): swaks splits --to on commas, which would break source-routed probes such as <@a,@b:user@c>.
export const LAB_PROGRAMS = [
  'postfix',
  'postconf',
  'postqueue',
  'postsuper',
  'sendmail',
  'dovecot',
  'doveadm',
  'doveconf',
  'ip',
  'script',
] as const;
const SEARCH_EXTRA = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

export function findProgram(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), ...SEARCH_EXTRA]) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** Why the lab cannot run here, or undefined when it can. */
export function labSkipReason(): string | undefined {
  const missing = LAB_PROGRAMS.filter((p) => !findProgram(p));
  try {
    accessSync('/usr/lib/dovecot/pop3', constants.X_OK);
  } catch {
    missing.push('dovecot-pop3d (/usr/lib/dovecot/pop3)' as never);
  }
  if (missing.length > 0) {
    return `mail lab skipped: ${missing.join(', ')} not installed (apt-get install postfix dovecot-core dovecot-pop3d swaks, as .ci/run does), so npm run test:lab cannot run here`;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'mail lab skipped: it must run as root (it starts Postfix and Dovecot instances and creates a network namespace)';
  }
  return undefined;
}
