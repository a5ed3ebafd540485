// The routing preview's inputs as a form: recipient (anything a client could send in RCPT TO) and
// origin (internet, user:<logon> or server:<name>, checked against the model).
import type { Model } from '../model/schema.js';
import type { Message, Origin } from '../model/routing/types.js';
import type { Parsed } from './fields.js';
import { originHelp } from './fields.js';
import type { FormSpec } from './tree-types.js';
import { originText } from './state.js';

export function parseOrigin(model: Model, text: string): Parsed {
  const t = text.trim();
  if (t.toLowerCase() === 'internet') return { ok: true, value: { kind: 'internet' } satisfies Origin };
  const m = /^(user|server):(.+)$/i.exec(t);
  if (!m) return { ok: false, error: `must be ${originHelp}` };
  const name = m[2]!.trim();
  if (m[1]!.toLowerCase() === 'user') {
    const u = model.users.find((x) => x.logon.toLowerCase() === name.toLowerCase());
    return u
      ? { ok: true, value: { kind: 'user', logon: u.logon } satisfies Origin }
      : { ok: false, error: `"${name}" is not a user of the model` };
  }
  const servers = [...model.exchange.servers, ...model.pop3.servers];
  const s = servers.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return s
    ? { ok: true, value: { kind: 'server', name: s.name } satisfies Origin }
    : { ok: false, error: `"${name}" is not a server of the model (${servers.map((x) => x.name).join(', ')})` };
}

const serverNames = (model: Model) => [...model.exchange.servers, ...model.pop3.servers].map((x) => x.name);

/** Empty (the MX or the client's outgoing server) or a server of the model, spelt as the model spells it. */
export function parseVia(model: Model, text: string): Parsed {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'mx') return { ok: true, value: undefined };
  const name = serverNames(model).find((n) => n.toLowerCase() === t.toLowerCase());
  return name
    ? { ok: true, value: name }
    : { ok: false, error: `"${t}" is not a server of the model (${serverNames(model).join(', ')}); empty means the MX` };
}

export function previewForm(model: Model, current: Message): FormSpec {
  return {
    title: 'Routing preview: trace a message',
    fields: [
      {
        label: 'Recipient (RCPT TO)',
        initial: current.recipient,
        hint: 'e.g. alice@northwindtraders.com',
        parse: (t) =>
          t.trim() === ''
            ? { ok: false, error: 'enter a recipient address' }
            : t.length > 512
              ? { ok: false, error: 'is longer than 512 characters' }
              : { ok: true, value: t.trim() },
      },
      { label: 'Origin', initial: originText(current.origin), hint: originHelp, parse: (t) => parseOrigin(model, t) },
      {
        label: 'Sender (MAIL FROM)',
        initial: current.sender ?? '',
        hint: 'empty: the usual sender for the origin; any address a client could send',
        parse: (t) =>
          t.length > 512
            ? { ok: false, error: 'is longer than 512 characters' }
            : { ok: true, value: t.trim() === '' ? undefined : t.trim() },
      },
      {
        label: 'Via (receiving server)',
        initial: current.via ?? '',
        hint: `empty: the MX (from the Internet) or the client's outgoing server; or one of ${serverNames(model).join(', ')} (probe it for relaying, as route --via)`,
        parse: (t) => parseVia(model, t),
      },
    ],
    submit: () => (m) => m,
  };
}
