// The postfix-dovecot target options (model targets[].options): where this Postfix instance and its
// mailboxes live, so that one machine can run several instances (the mail lab does).
import type { TargetT } from '../../model/schema.js';
import { AdapterError } from '../types.js';
import { systemPathProblem } from './target.js';

export interface PostfixOptions {
  /** Postfix config_directory (absolute): main.cf, master.cf and the map files coexist writes. */
  configDirectory: string;
  /** Where the Maildirs go (virtual_mailbox_base). */
  mailRoot: string;
  /** Numeric owner of the Maildirs (virtual_uid_maps / virtual_gid_maps). */
  mailUid: number;
  mailGid: number;
  /** virtual_transport: "virtual" (Postfix writes the Maildir Dovecot serves) or an lmtp: address of Dovecot. */
  deliveryTransport: string;
  /** smtpd_sasl_path: Dovecot's auth socket for SMTP AUTH (relative to the queue directory, or absolute). */
  saslPath: string;
  /** A Dovecot passwd-file userdb listing the mailboxes (user@domain, uid, gid, home = the Maildir); optional. */
  dovecotUsers?: string;
  /**
   * The Dovecot configuration file coexist writes (the auth listener smtpd_sasl_path names, the passdb, the
   * userdb file, the mail location), included by dovecot.conf. Default for the system instance
   * (configDirectory /etc/postfix): /etc/dovecot/conf.d/99-coexist.conf; another instance writes one only
   * when this names it (the host's Dovecot serves every instance).
   */
  dovecotConfig?: string;
  /** The passwd-file passdb for "encrypted password file" authentication, kept by the administrator (doveadm pw). */
  dovecotPasswords?: string;
  /** Port appended to every next hop (smart hosts, MX of the model): "[10.0.0.20]:2525". */
  nextHopPort?: number;
  /** The next hop for "the Internet" (mail for domains the model does not route), e.g. [127.0.0.4]:2525. */
  internetRelay?: string;
  /** "disabled": no DNS at all (smtp_dns_support_level, smtpd_peername_lookup), for labs and closed networks. */
  dns: 'enabled' | 'disabled';
  /** Optional instance paths coexist also sets (otherwise left as they are). */
  queueDirectory?: string;
  dataDirectory?: string;
}

const KNOWN = new Set([
  'configDirectory',
  'mailRoot',
  'mailUid',
  'mailGid',
  'deliveryTransport',
  'saslPath',
  'dovecotUsers',
  'dovecotConfig',
  'dovecotPasswords',
  'nextHopPort',
  'internetRelay',
  'dns',
  'queueDirectory',
  'dataDirectory',
]);

/** Paths end up in main.cf values and in sh arguments: absolute, plain characters only. */
const SAFE_PATH = /^\/[A-Za-z0-9._+/-]*$/;

function path(target: TargetT, name: string, value: string, kind: 'config' | 'mail' = 'config'): string {
  if (!SAFE_PATH.test(value) || value.includes('/../') || value.endsWith('/..')) {
    throw new AdapterError(
      `target ${target.id}: option ${name} "${value}" must be an absolute path of letters, digits and . _ + - / (no spaces, $ or ..)`,
      target.id,
    );
  }
  // The same refusal as the model's check (target.ts), for targets built in code.
  const problem = systemPathProblem(value, kind);
  if (problem) throw new AdapterError(`target ${target.id}: option ${name} ${problem}`, target.id);
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

function int(target: TargetT, name: string, value: string, min: number, max: number): number {
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new AdapterError(`target ${target.id}: option ${name} "${value}" must be a whole number from ${min} to ${max}`, target.id);
  }
  return Number(value);
}

export function postfixOptions(target: TargetT): PostfixOptions {
  const o = target.options ?? {};
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k))
      throw new AdapterError(`target ${target.id}: unknown option "${k}" for postfix-dovecot (known: ${[...KNOWN].join(', ')})`, target.id);
  }
  const configDirectory = path(target, 'configDirectory', o.configDirectory ?? '/etc/postfix');
  const deliveryTransport = o.deliveryTransport ?? 'virtual';
  if (!/^(virtual|lmtp:unix:[A-Za-z0-9._/-]+|lmtp:inet:\[?[A-Za-z0-9.:-]+\]?:[0-9]{1,5})$/.test(deliveryTransport)) {
    throw new AdapterError(
      `target ${target.id}: option deliveryTransport "${deliveryTransport}" must be "virtual", lmtp:unix:PATH or lmtp:inet:HOST:PORT`,
      target.id,
    );
  }
  const saslPath = o.saslPath ?? 'private/auth';
  if (!/^\/?[A-Za-z0-9._+-][A-Za-z0-9._+/-]*$/.test(saslPath))
    throw new AdapterError(`target ${target.id}: option saslPath "${saslPath}" must be a path of plain characters`, target.id);
  const internetRelay = o.internetRelay;
  if (internetRelay !== undefined && !/^\[[0-9A-Fa-f.:]+\](:[0-9]{1,5})?$/.test(internetRelay)) {
    throw new AdapterError(`target ${target.id}: option internetRelay "${internetRelay}" must be [IP] or [IP]:port`, target.id);
  }
  const dns = o.dns ?? 'enabled';
  if (dns !== 'enabled' && dns !== 'disabled')
    throw new AdapterError(`target ${target.id}: option dns must be "enabled" or "disabled"`, target.id);
  const result: PostfixOptions = {
    configDirectory,
    mailRoot: path(target, 'mailRoot', o.mailRoot ?? '/var/mail/vhosts', 'mail'),
    mailUid: int(target, 'mailUid', o.mailUid ?? '5000', 1, 4294967294),
    mailGid: int(target, 'mailGid', o.mailGid ?? o.mailUid ?? '5000', 1, 4294967294),
    deliveryTransport,
    saslPath,
    dns,
  };
  if (o.dovecotUsers !== undefined) result.dovecotUsers = path(target, 'dovecotUsers', o.dovecotUsers);
  const systemInstance = configDirectory === '/etc/postfix';
  const dovecotConfig = o.dovecotConfig ?? (systemInstance ? '/etc/dovecot/conf.d/99-coexist.conf' : undefined);
  if (dovecotConfig !== undefined) {
    result.dovecotConfig = path(target, 'dovecotConfig', dovecotConfig);
    result.dovecotUsers ??= '/etc/dovecot/coexist-users';
    result.dovecotPasswords = path(target, 'dovecotPasswords', o.dovecotPasswords ?? '/etc/dovecot/coexist-passwords');
    if (!saslPath.startsWith('/') && !result.queueDirectory && !o.queueDirectory && !systemInstance) {
      throw new AdapterError(
        `target ${target.id}: option dovecotConfig with a relative saslPath "${saslPath}" needs option queueDirectory (Dovecot's auth listener is queueDirectory/saslPath)`,
        target.id,
      );
    }
  }
  if (o.nextHopPort !== undefined) result.nextHopPort = int(target, 'nextHopPort', o.nextHopPort, 1, 65535);
  if (internetRelay !== undefined) result.internetRelay = internetRelay;
  if (o.queueDirectory !== undefined) result.queueDirectory = path(target, 'queueDirectory', o.queueDirectory);
  if (o.dataDirectory !== undefined) result.dataDirectory = path(target, 'dataDirectory', o.dataDirectory);
  return result;
}
