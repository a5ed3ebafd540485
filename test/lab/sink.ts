// The catch-all "Internet": a Postfix instance that accepts mail for every domain into one Maildir.
// It stands for the rest of the world, so it is lab infrastructure, not a server of the model.
import { chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, type LabNetwork } from './netns.js';
import { PostfixInstance } from './postfix.js';

const NOBODY = 65534;

export async function postfixUid(): Promise<{ uid: number; gid: number }> {
  const r = await mustRun(['id', '-u', 'postfix']);
  const g = await mustRun(['id', '-g', 'postfix']);
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Writes the sink's configuration under `root` and returns the instance (not started). */
export async function createSink(
  root: string,
  ip: string,
  net: LabNetwork,
  port: number,
  /** More addresses to listen on (the stand-in for smart hosts outside the model). */
  alsoOn: string[] = [],
): Promise<{ instance: PostfixInstance; maildir: string }> {
  const etc = join(root, 'etc');
  for (const d of ['etc', 'spool', 'data', 'log', 'mail']) mkdirSync(join(root, d), { recursive: true });
  const pf = await postfixUid();
  chownSync(join(root, 'data'), pf.uid, pf.gid);
  chownSync(join(root, 'mail'), NOBODY, NOBODY);
  const stock = (await mustRun(['postconf', '-h', '-d', 'config_directory'])).stdout.trim();
  copyFileSync(join(stock, 'master.cf'), join(etc, 'master.cf'));
  writeFileSync(join(etc, 'main.cf'), '');
  const settings = [
    'compatibility_level = 3.6',
    `queue_directory = ${root}/spool`,
    `data_directory = ${root}/data`,
    `maillog_file_prefixes = ${root}/log`,
    `maillog_file = ${root}/log/maillog`,
    'syslog_name = postfix-sink',
    'inet_interfaces = loopback-only',
    'inet_protocols = ipv4',
    `smtp_bind_address = ${ip}`,
    'myhostname = sink.internet.invalid',
    'mydomain = internet.invalid',
    'mydestination =',
    'local_recipient_maps =',
    'alias_maps =',
    'alias_database =',
    'biff = no',
    'smtputf8_enable = no',
    'smtpd_peername_lookup = no',
    'smtp_dns_support_level = disabled',
    'mynetworks = 127.0.0.0/8',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    'virtual_mailbox_domains = static:ALL',
    'virtual_mailbox_maps = static:sink/',
    `virtual_mailbox_base = ${root}/mail`,
    `virtual_uid_maps = static:${NOBODY}`,
    `virtual_gid_maps = static:${NOBODY}`,
    // The sink never sends anything: a message it cannot take stays put instead of being bounced onwards.
    'default_transport = error:the lab sink sends nothing',
    'delay_warning_time = 0',
  ];
  await mustRun(['postconf', '-c', etc, '-e', ...settings]);
  await mustRun(['postconf', '-c', etc, '-F', '*/*/chroot = n']);
  await mustRun(['postconf', '-c', etc, '-MX', 'smtp/inet']);
  for (const a of [ip, ...alsoOn]) await mustRun(['postconf', '-c', etc, '-Me', `${a}:${port}/inet = ${a}:${port} inet n - n - - smtpd`]);
  return { instance: new PostfixInstance('sink', etc, net), maildir: join(root, 'mail', 'sink') };
}
