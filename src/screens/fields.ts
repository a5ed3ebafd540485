// Field parsers for the console: the text typed into a field becomes a model value through the same
// zod types the file loader uses, so a value the console accepts is one a file would accept.
import type * as z from 'zod';
import {
  Domain,
  DomainPattern,
  IP,
  Logon,
  MailAddress,
  PolicyAddressText,
  RelayEntry,
  SecretRef,
  ServerName,
  SmartHostText,
  Text,
} from '../model/schema.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };
export type Parser = (text: string) => Parsed;

function fromSchema(schema: z.ZodType): Parser {
  return (text) => {
    const r = schema.safeParse(text);
    if (r.success) return { ok: true, value: r.data };
    return { ok: false, error: r.error.issues[0]?.message ?? 'is not valid' };
  };
}

const nonEmpty =
  (p: Parser, what: string): Parser =>
  (text) =>
    text.trim() === '' ? { ok: false, error: `${what} must not be empty` } : p(text);

export const parse = {
  text: nonEmpty(fromSchema(Text), 'the value'),
  domain: nonEmpty(fromSchema(Domain), 'the domain'),
  domainPattern: nonEmpty(fromSchema(DomainPattern), 'the domain'),
  ip: nonEmpty(fromSchema(IP), 'the IP address'),
  relayEntry: nonEmpty(fromSchema(RelayEntry), 'the address'),
  smartHost: nonEmpty(fromSchema(SmartHostText), 'the smart host'),
  serverName: nonEmpty(fromSchema(ServerName), 'the server name'),
  logon: nonEmpty(fromSchema(Logon), 'the logon name'),
  mailAddress: nonEmpty(fromSchema(MailAddress), 'the address'),
  policyAddress: nonEmpty(fromSchema(PolicyAddressText), 'the address'),
  secretRef: nonEmpty(fromSchema(SecretRef), 'the secret reference'),
  account: nonEmpty(
    (text) =>
      /^[A-Za-z0-9._-]{1,15}\\[A-Za-z0-9._-]{1,20}$|^[A-Za-z0-9._-]{1,64}@[A-Za-z0-9.-]{1,253}$/.test(text)
        ? { ok: true, value: text }
        : { ok: false, error: 'must be an account as DOMAIN\\user or user@domain' },
    'the account',
  ),
  int:
    (min: number, max: number): Parser =>
    (text) => {
      if (!/^\d+$/.test(text.trim())) return { ok: false, error: `must be a whole number from ${min} to ${max}` };
      const n = Number(text.trim());
      return n < min || n > max ? { ok: false, error: `must be from ${min} to ${max}` } : { ok: true, value: n };
    },
  priority: (text: string): Parsed => {
    if (text.trim().toLowerCase() === 'lowest') return { ok: true, value: 'lowest' };
    const n = parse.int(1, 999)(text);
    return n.ok ? n : { ok: false, error: 'must be a number from 1 (highest) to 999, or "lowest" for the Default Policy' };
  },
  /** Empty text means "not set" (the field is removed from the model). */
  optional:
    (p: Parser): Parser =>
    (text) =>
      text.trim() === '' ? { ok: true, value: undefined } : p(text),
};

export const originHelp = 'internet, user:<logon> or server:<name>';
