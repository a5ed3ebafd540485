// What the postfix-dovecot adapter would write for one server of a model, for the tests that pin its
// routing values (gateway-mapping, pop3-remote-domains): main.cf's parameters and the transport map.
import { desiredState } from '../../../src/adapters/postfix-dovecot/desired.js';
import type { PostfixOptions } from '../../../src/adapters/postfix-dovecot/options.js';
import type { Model, TargetT } from '../../../src/model/schema.js';

export const TEST_OPTIONS: PostfixOptions = {
  configDirectory: '/etc/postfix',
  mailRoot: '/var/mail/vhosts',
  mailUid: 5000,
  mailGid: 5000,
  deliveryTransport: 'virtual',
  saslPath: 'private/auth',
  dns: 'disabled',
};

/** Without a role, the adapter's own default for the server (as a target that names none). */
export function desiredFor(model: Model, server: string, role?: 'gateway' | 'pop3', options: PostfixOptions = TEST_OPTIONS) {
  const target = { id: `pf-${server}`, adapter: 'postfix-dovecot', server, ...(role ? { role } : {}), options: {} } as unknown as TargetT;
  const d = desiredState(model, target, options);
  return { params: d.params, transport: d.maps.find((m) => m.name === 'transport')!.entries };
}
