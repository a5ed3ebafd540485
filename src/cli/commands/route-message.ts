// The message a route starts from, out of the command line's options, each checked against the model.
import { parseIP } from '../../model/net.js';
import type { Message, Origin } from '../../model/routing/types.js';
import type { Model } from '../../model/schema.js';
import type { OptionValues } from '../argv.js';
import { CliError } from '../io.js';

export function parseOrigin(text: string, model: Model): Origin {
  if (text === 'internet') return { kind: 'internet' };
  const m = /^(user|server):(.+)$/.exec(text);
  if (!m) throw new CliError(`--from "${text}": expected internet, user:<logon> or server:<name>`);
  const name = m[2]!;
  if (m[1] === 'user') {
    if (!model.users.some((u) => u.logon.toLowerCase() === name.toLowerCase()))
      throw new CliError(`--from ${text}: no user with logon "${name}" in the model`);
    return { kind: 'user', logon: name };
  }
  const servers = [...model.exchange.servers, ...model.pop3.servers];
  if (!servers.some((s) => s.name.toLowerCase() === name.toLowerCase()))
    throw new CliError(`--from ${text}: no server named "${name}" in the model`);
  return { kind: 'server', name };
}

export function messageFrom(v: OptionValues, model: Model, recipient: string): Message {
  const message: Message = { recipient, origin: parseOrigin(typeof v.from === 'string' ? v.from : 'internet', model) };
  if (typeof v.via === 'string') {
    const servers = [...model.exchange.servers, ...model.pop3.servers];
    if (!servers.some((s) => s.name.toLowerCase() === (v.via as string).toLowerCase()))
      throw new CliError(`--via "${v.via}": no server with that name in the model`);
    message.via = v.via;
  }
  if (typeof v.ip === 'string') {
    const ip = parseIP(v.ip);
    if (!ip.ok) throw new CliError(`--ip: ${ip.error}`);
    message.clientIp = ip.value;
  }
  if (v.auth === true && v['no-auth'] === true) throw new CliError('--auth and --no-auth contradict each other');
  if (v.auth === true) message.authenticated = true;
  if (v['no-auth'] === true) message.authenticated = false;
  if (typeof v.sender === 'string') message.sender = v.sender;
  return message;
}
