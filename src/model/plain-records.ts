// ModelSchema's answer for a model's data, faster on a large organisation: the users and clients (100,000
// and 35,000 records at the largest size the benchmark loads, most of zod's time) are checked by hand when a
// record has the plain shape coexist writes (known keys, printable ASCII text), with exactly the checks and
// the output of the schema (schema.ts's own patterns and parsers); any other record goes through zod. The
// rest of the model always goes through zod. test/model/plain-records.test.ts compares both on generated data.
// Pure: no I/O.
import { parseDomain } from './net.js';
import { Client, LOGON, ModelSchema, parseMailAddress, SERVER_NAME, User, type ClientT, type Model, type UserT } from './schema.js';

/** Text that zod's `Text` accepts without looking further: 1 to 256 printable ASCII characters. */
const PLAIN_TEXT = /^[\x20-\x7e]{1,256}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}

/** `o` has exactly these own keys, in this order (the order zod writes an output's keys in). */
function keysInOrder(o: object, keys: readonly string[]): boolean {
  let n = 0;
  for (const k in o) if (!Object.hasOwn(o, k) || keys[n++] !== k) return false;
  return n === keys.length;
}

const USER_KEYS = [
  ['logon', 'displayName', 'kind'],
  ['logon', 'displayName', 'kind', 'externalAddress'],
  ['logon', 'displayName', 'kind', 'mailboxServer'],
  ['logon', 'displayName', 'kind', 'externalAddress', 'mailboxServer'],
] as const;
const CLIENT_KEYS = ['user', 'program', 'emailAddress', 'incoming', 'outgoing'] as const;
const INCOMING_KEYS = ['protocol', 'server'] as const;
const OUTGOING_KEYS = ['server', 'requiresAuthentication'] as const;

/**
 * A user record of the plain shape, as `User` outputs it; undefined: let zod answer. A record that is
 * already what zod would output (keys in its order, nothing to normalise) is returned itself: at 100,000
 * users a copy of each is most of the cost. Callers pass data nothing else holds (a fresh parse).
 */
export function plainUser(u: unknown): UserT | undefined {
  if (!isRecord(u)) return undefined;
  const { logon, displayName, kind, externalAddress, mailboxServer } = u;
  if (keyCount(u) !== 3 + (externalAddress !== undefined ? 1 : 0) + (mailboxServer !== undefined ? 1 : 0)) return undefined;
  if (typeof logon !== 'string' || !LOGON.test(logon)) return undefined;
  if (typeof displayName !== 'string' || !PLAIN_TEXT.test(displayName)) return undefined;
  if (kind !== 'pop3' && kind !== 'exchange') return undefined;
  let address: string | undefined;
  if (externalAddress !== undefined) {
    if (typeof externalAddress !== 'string') return undefined;
    const parsed = parseMailAddress(externalAddress);
    if (!parsed.ok) return undefined;
    address = parsed.value;
  }
  if (mailboxServer !== undefined && (typeof mailboxServer !== 'string' || !SERVER_NAME.test(mailboxServer))) return undefined;
  const shape = USER_KEYS[(externalAddress !== undefined ? 1 : 0) + (mailboxServer !== undefined ? 2 : 0)]!;
  if (address === externalAddress && keysInOrder(u, shape)) return u as UserT;
  const out: UserT = { logon, displayName, kind };
  if (address !== undefined) out.externalAddress = address;
  if (mailboxServer !== undefined) out.mailboxServer = mailboxServer as string;
  return out;
}

function domainOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const d = parseDomain(v);
  return d.ok ? d.value : undefined;
}

/** A client record of the plain shape, as `Client` outputs it (itself if it is already that, as plainUser); undefined: let zod answer. */
export function plainClient(c: unknown): ClientT | undefined {
  if (!isRecord(c)) return undefined;
  const { user, program, emailAddress, incoming, outgoing } = c;
  if (keyCount(c) !== 4 + (program !== undefined ? 1 : 0)) return undefined;
  if (typeof user !== 'string' || !LOGON.test(user)) return undefined;
  if (program !== undefined && (typeof program !== 'string' || !PLAIN_TEXT.test(program))) return undefined;
  if (typeof emailAddress !== 'string') return undefined;
  const address = parseMailAddress(emailAddress);
  if (!address.ok) return undefined;
  if (!isRecord(incoming) || !isRecord(outgoing)) return undefined;
  const { protocol, server: incomingServer } = incoming;
  if (keyCount(incoming) !== 1 + (protocol !== undefined ? 1 : 0) || (protocol !== undefined && protocol !== 'pop3')) return undefined;
  const incomingDomain = domainOf(incomingServer);
  if (incomingDomain === undefined) return undefined;
  const { server: outgoingServer, requiresAuthentication } = outgoing;
  if (keyCount(outgoing) !== 1 + (requiresAuthentication !== undefined ? 1 : 0)) return undefined;
  if (requiresAuthentication !== undefined && typeof requiresAuthentication !== 'boolean') return undefined;
  const outgoingDomain = domainOf(outgoingServer);
  if (outgoingDomain === undefined) return undefined;
  if (
    address.value === emailAddress &&
    incomingDomain === incomingServer &&
    outgoingDomain === outgoingServer &&
    keysInOrder(c, CLIENT_KEYS) &&
    keysInOrder(incoming, INCOMING_KEYS) &&
    keysInOrder(outgoing, OUTGOING_KEYS)
  )
    return c as ClientT;
  return {
    user,
    program: program ?? 'Outlook Express',
    emailAddress: address.value,
    incoming: { protocol: 'pop3', server: incomingDomain },
    outgoing: { server: outgoingDomain, requiresAuthentication: requiresAuthentication ?? false },
  };
}

/** Each record by hand if it is plain, else by zod; undefined if zod refuses one. */
function checkedList<T>(
  items: unknown[],
  plain: (v: unknown) => T | undefined,
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
) {
  const out: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    let record = plain(items[i]);
    if (record === undefined) {
      const parsed = schema.safeParse(items[i]);
      if (!parsed.success) return undefined;
      record = parsed.data as T;
    }
    out[i] = record;
  }
  return out;
}

/**
 * The model ModelSchema makes of `data` if the data is valid, or undefined if it is not (the caller then
 * asks ModelSchema for the problems, with their paths).
 */
export function parseModelData(data: unknown): Model | undefined {
  if (!isRecord(data) || !Array.isArray(data.users) || !Array.isArray(data.clients)) {
    const parsed = ModelSchema.safeParse(data);
    return parsed.success ? parsed.data : undefined;
  }
  const users = checkedList(data.users, plainUser, User);
  if (!users) return undefined;
  const clients = checkedList(data.clients, plainClient, Client);
  if (!clients) return undefined;
  const rest = ModelSchema.safeParse({ ...data, users: [], clients: [] });
  if (!rest.success) return undefined;
  rest.data.users = users;
  rest.data.clients = clients;
  return rest.data;
}
