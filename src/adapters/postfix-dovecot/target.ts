// The postfix-dovecot target as the model declares it (targets[].adapter and .options): its id and its options
// schema, checked when the model loads (model/target-kinds.ts; registered by src/adapters/registry.ts), so
// `coexist validate` and the console report a bad option with its line and column instead of `plan` failing
// later. Pure data contracts (zod, no I/O): options.ts reads the same values and may check more. Numbers are
// accepted where the README writes them (mailUid: 5000). Paths that a target's apply writes, or hands to the
// mail user, may not be system files or directories: `dovecotUsers: /etc/shadow` or `mailRoot: /` would
// otherwise export a script that does exactly that.
import * as z from 'zod';
import { declareTargetKind } from '../../model/target-kinds.js';

/** System trees coexist never writes into nor chowns, except the mail servers' own directories under them. */
const SYSTEM_TREES = [
  '/etc',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/boot',
  '/dev',
  '/proc',
  '/sys',
  '/run',
  '/root',
  '/var/lib',
  '/var/log',
  '/var/spool',
  '/var/run',
  '/var/cache',
  '/var/backups',
  '/var/tmp',
];
const MAIL_SERVER_DIRS = [
  /^\/etc\/postfix(-[A-Za-z0-9._-]+)?(\/|$)/,
  /^\/etc\/dovecot(\/|$)/,
  /^\/var\/spool\/postfix(-[A-Za-z0-9._-]+)?(\/|$)/,
  /^\/var\/lib\/postfix(-[A-Za-z0-9._-]+)?(\/|$)/,
];

const under = (path: string, tree: string) => path === tree || path.startsWith(`${tree}/`);

/** Why `path` is a system location coexist refuses for this option, or undefined. */
export function systemPathProblem(path: string, kind: 'config' | 'mail'): string | undefined {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (p === '/' || /^\/[^/]+$/.test(p))
    return `"${path}" is a top-level system directory; give a directory of its own, e.g. ${kind === 'mail' ? '/var/mail/vhosts' : '/etc/postfix'}`;
  const tree = SYSTEM_TREES.find((t) => under(p, t));
  if (!tree) return undefined;
  if (kind === 'config' && MAIL_SERVER_DIRS.some((r) => r.test(p))) return undefined;
  return kind === 'mail'
    ? `"${path}" is under the system directory ${tree}; the mail user would own it. Give a directory of its own, e.g. /var/mail/vhosts`
    : `"${path}" is under the system directory ${tree}; coexist writes there only inside Postfix's and Dovecot's own directories (/etc/postfix, /etc/dovecot, /var/spool/postfix, /var/lib/postfix)`;
}

const SAFE_PATH = /^\/[A-Za-z0-9._+/-]*$/;

const absolutePath = (kind: 'config' | 'mail') =>
  z.string().superRefine((v, ctx) => {
    if (!SAFE_PATH.test(v) || v.includes('/../') || v.endsWith('/..') || v.includes('/./') || v.endsWith('/.')) {
      ctx.addIssue({ code: 'custom', message: `"${v}" must be an absolute path of letters, digits and . _ + - / (no spaces, $ or ..)` });
      return;
    }
    const problem = systemPathProblem(v, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,10}$/, `must be a whole number from ${min} to ${max}`)
    .refine((v) => Number(v) >= min && Number(v) <= max, `must be a whole number from ${min} to ${max}`);

/** The known names only (strict). */
const postfixDovecotOptions = () =>
  z.strictObject({
    configDirectory: absolutePath('config').optional(),
    mailRoot: absolutePath('mail').optional(),
    mailUid: wholeNumber(1, 4294967294).optional(),
    mailGid: wholeNumber(1, 4294967294).optional(),
    deliveryTransport: z
      .string()
      .regex(
        /^(virtual|lmtp:unix:[A-Za-z0-9._/-]+|lmtp:inet:\[?[A-Za-z0-9.:-]+\]?:[0-9]{1,5})$/,
        'must be "virtual", lmtp:unix:PATH or lmtp:inet:HOST:PORT',
      )
      .optional(),
    saslPath: z
      .string()
      .regex(/^\/?[A-Za-z0-9._+-][A-Za-z0-9._+/-]*$/, 'must be a path of plain characters')
      .refine((v) => !v.split('/').includes('..'), 'must not contain ..')
      .optional(),
    dovecotUsers: absolutePath('config').optional(),
    dovecotConfig: absolutePath('config').optional(),
    dovecotPasswords: absolutePath('config').optional(),
    nextHopPort: wholeNumber(1, 65535).optional(),
    internetRelay: z
      .string()
      .regex(/^\[[0-9A-Fa-f.:]+\](:[0-9]{1,5})?$/, 'must be [IP] or [IP]:port')
      .optional(),
    dns: z.enum(['enabled', 'disabled'], 'must be "enabled" or "disabled"').optional(),
    queueDirectory: absolutePath('config').optional(),
    dataDirectory: absolutePath('config').optional(),
  });

/** Its options schema is built on first use (a model check with targets), not at every start. */
export const postfixDovecotTarget = declareTargetKind('postfix-dovecot', postfixDovecotOptions);
