// Create and delete the objects of the seed's procedures. Each function is a pure Edit (model -> model);
// values are expected in normal form (parsed by the schema's field types) and the result is checked by
// applyEdit before the console accepts it.
import type { ClientT, ConnectorT, Model, RecipientPolicyT, UserT } from '../schema.js';
import { appendIn, getIn, removeIn, setIn, updateIn, type Path } from './path.js';
import type { Edit } from './apply.js';
import { analysisOf, derived } from '../analysis.js';

type RemoteDomainT = Model['pop3']['servers'][number]['smtp']['remoteDomains'][number];

/** Set one field (a scalar, or a whole sub-object) at a path. */
export const setField =
  (path: Path, value: unknown): Edit =>
  (m) =>
    setIn(m, path, value);

/** Remove a list item or an optional field. */
export const removeAt =
  (path: Path): Edit =>
  (m) =>
    removeIn(m, path);

/** Append an item to a list. */
export const appendAt =
  (path: Path, item: unknown): Edit =>
  (m) =>
    appendIn(m, path, item);

// Recipient policies and their E-Mail Addresses (Policy).

export function nextPolicyPriority(model: Model): number {
  const used = new Set(model.exchange.recipientPolicies.map((p) => p.priority));
  let n = 1;
  while (used.has(n)) n++;
  return n;
}

export const addRecipientPolicy =
  (name: string, address: string): Edit =>
  (m) => {
    const policy: RecipientPolicyT = {
      name,
      priority: nextPolicyPriority(m),
      filter: 'users-with-external-addresses',
      addresses: [{ type: 'SMTP', address, primary: true, responsible: true }],
    };
    return appendIn(m, ['exchange', 'recipientPolicies'], policy);
  };

export const removeRecipientPolicy = (index: number): Edit => removeAt(['exchange', 'recipientPolicies', index]);

/** New... > SMTP Address: a secondary address, responsible by default (as the dialog's check box). */
export const addPolicyAddress = (policy: number, address: string): Edit =>
  appendAt(['exchange', 'recipientPolicies', policy, 'addresses'], { type: 'SMTP', address, primary: false, responsible: true });

/** Remove an address; if it was the primary, the first remaining address becomes primary. */
export const removePolicyAddress =
  (policy: number, index: number): Edit =>
  (m) => {
    const path = ['exchange', 'recipientPolicies', policy, 'addresses'];
    const list = getIn(m, path) as RecipientPolicyT['addresses'];
    const wasPrimary = list[index]?.primary === true;
    let next = removeIn(m, [...path, index]);
    if (wasPrimary)
      next = updateIn<Model, RecipientPolicyT['addresses']>(next, path, (l) => l.map((a, i) => (i === 0 ? { ...a, primary: true } : a)));
    return next;
  };

/** Set as Primary: exactly one primary address per policy. */
export const setPrimaryAddress =
  (policy: number, index: number): Edit =>
  (m) =>
    updateIn<Model, RecipientPolicyT['addresses']>(m, ['exchange', 'recipientPolicies', policy, 'addresses'], (list) => {
      if (!list[index]) throw new Error(`no address ${index} in this policy`);
      return list.map((a, i) => (a.primary === (i === index) ? a : { ...a, primary: i === index }));
    });

// SMTP connectors.

export const addConnector =
  (name: string, domain: string, smartHost: string | undefined, bridgehead: string | undefined): Edit =>
  (m) => {
    const connector: ConnectorT = {
      name,
      smartHosts: smartHost ? [smartHost] : [],
      bridgeheads: bridgehead ? [bridgehead] : [],
      addressSpaces: [{ type: 'SMTP', domain, cost: 1 }],
      allowRelay: false,
    };
    return appendIn(m, ['exchange', 'connectors'], connector);
  };

export const removeConnector = (index: number): Edit => removeAt(['exchange', 'connectors', index]);
export const addAddressSpace = (connector: number, domain: string, cost = 1): Edit =>
  appendAt(['exchange', 'connectors', connector, 'addressSpaces'], { type: 'SMTP', domain, cost });
export const addSmartHost = (connector: number, host: string): Edit => appendAt(['exchange', 'connectors', connector, 'smartHosts'], host);
export const addBridgehead = (connector: number, server: string): Edit =>
  appendAt(['exchange', 'connectors', connector, 'bridgeheads'], server);

// Relay restrictions (Exchange virtual servers and the POP3 server's SMTP service).

export const exchangeRelayPath = (server: number, vs: number): Path => ['exchange', 'servers', server, 'smtpVirtualServers', vs, 'relay'];
export const pop3RelayPath = (server: number): Path => ['pop3', 'servers', server, 'smtp', 'relay'];
export const addRelayEntry = (relayPath: Path, entry: string): Edit => appendAt([...relayPath, 'computers'], entry);

// The POP3 server: remote domains, POP3 domains and mailboxes.

export const addRemoteDomain = (server: number, name: string): Edit => {
  const domain: RemoteDomainT = { name, allowRelay: false };
  return appendAt(['pop3', 'servers', server, 'smtp', 'remoteDomains'], domain);
};
export const removeRemoteDomain = (server: number, index: number): Edit =>
  removeAt(['pop3', 'servers', server, 'smtp', 'remoteDomains', index]);
export const addPop3Domain = (server: number, name: string): Edit =>
  appendAt(['pop3', 'servers', server, 'domains'], { name, mailboxes: [] });
export const removePop3Domain = (server: number, index: number): Edit => removeAt(['pop3', 'servers', server, 'domains', index]);
export const addMailbox = (server: number, domain: number, logon: string): Edit =>
  appendAt(['pop3', 'servers', server, 'domains', domain, 'mailboxes'], logon);
export const removeMailbox = (server: number, domain: number, index: number): Edit =>
  removeAt(['pop3', 'servers', server, 'domains', domain, 'mailboxes', index]);

// Active Directory users and their Outlook Express clients.

export const addUser = (user: UserT): Edit => appendAt(['users'], user);

/** Remove a user and the client accounts configured for it (a client cannot name a missing user). */
export const removeUser =
  (index: number): Edit =>
  (m) => {
    const user = m.users[index];
    if (!user) throw new Error(`no user ${index}`);
    const logon = user.logon.toLowerCase();
    let next = removeIn(m, ['users', index]);
    if (m.clients.some((c) => c.user.toLowerCase() === logon))
      next = setIn(
        next,
        ['clients'],
        m.clients.filter((c) => c.user.toLowerCase() !== logon),
      );
    return next;
  };

/**
 * Outlook Express accounts per logon (lowercase), counted once per client list: the Users tree asks for
 * every user, and an edit that leaves the clients alone keeps the same list (and the same counts).
 */
const CLIENT_COUNTS = derived(
  'clients-per-user',
  (model) => {
    const counts = new Map<string, number>();
    for (const c of model.clients) {
      const key = c.user.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  },
  (model) => [model.clients],
);

export const clientsOfUser = (model: Model, index: number): number => {
  const logon = model.users[index]?.logon.toLowerCase();
  if (logon === undefined) return 0;
  return analysisOf(model).get(CLIENT_COUNTS).get(logon) ?? 0;
};

export const addClient = (client: ClientT): Edit => appendAt(['clients'], client);
export const removeClient = (index: number): Edit => removeAt(['clients', index]);

/** A new Outlook Express account for a user, pointing at the model's first POP3 and Exchange servers. */
export function defaultClient(model: Model, user: UserT, emailAddress: string): ClientT {
  const pop = model.pop3.servers[0];
  const ex = model.exchange.servers[0];
  return {
    user: user.logon,
    program: 'Outlook Express',
    emailAddress,
    incoming: { protocol: 'pop3', server: pop?.fqdn ?? ex?.fqdn ?? 'pop.example.com' },
    outgoing: { server: ex?.fqdn ?? pop?.fqdn ?? 'smtp.example.com', requiresAuthentication: true },
  };
}

/**
 * Change a user between a POP3 user (mail-enabled, with an external address) and an Exchange mailbox
 * user, keeping the user consistent: a mailbox user gets the first Exchange server and loses the
 * external address; a POP3 user gets logon@ the first POP3 domain as its external address.
 */
export const setUserKind =
  (index: number, kind: UserT['kind']): Edit =>
  (m) => {
    const u = m.users[index];
    if (!u) throw new Error(`no user ${index}`);
    if (u.kind === kind) return m;
    const { externalAddress: _e, mailboxServer: _s, ...rest } = u;
    let next: UserT;
    if (kind === 'exchange') {
      const server = m.exchange.servers[0]?.name;
      if (!server) throw new Error('the model has no Exchange server to hold a mailbox');
      next = { ...rest, kind, mailboxServer: server };
    } else {
      const domain = m.pop3.servers[0]?.domains[0]?.name;
      next = { ...rest, kind, ...(domain ? { externalAddress: `${u.logon}@${domain}` } : {}) };
    }
    return setIn(m, ['users', index], next);
  };
