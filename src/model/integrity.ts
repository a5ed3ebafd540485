// Cross-references a schema cannot express: unique names, and references to servers, users and
// domains that must exist. These make a file unusable (exit 2), like a type error would.
import type { Model } from './schema.js';
import { parseDomain } from './net.js';
import { analysisOf, derived } from './analysis.js';

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

const exchangeNamesOf = (model: Model) => new Set(model.exchange.servers.map((s) => s.name.toLowerCase()));
/** The Exchange server names as one value compared by ===: the servers array changes with any server setting. */
const exchangeNamesKey = (model: Model) => model.exchange.servers.map((s) => s.name.toLowerCase()).join('\n');

type Add = (path: (string | number)[], message: string) => void;

/** An issue for each item whose key (case-insensitively) an item before it has already. */
function uniqueIn<T>(add: Add, items: T[], key: (t: T) => string, base: (string | number)[], field: string, what: string, named = false) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item).toLowerCase();
    if (seen.has(k))
      add(
        [...base, i, field],
        named ? `a ${what} named "${key(item)}" already exists; choose another name` : `${what} "${key(item)}" appears twice`,
      );
    seen.add(k);
  });
}

/**
 * The connectors' issues, from the connectors and the Exchange server names: a large organisation has
 * hundreds of connectors, and an edit of anything else keeps them.
 */
const CONNECTOR_ISSUES = derived<PathIssue[]>(
  'integrity.connectors',
  (model) => {
    const issues: PathIssue[] = [];
    const add: Add = (path, message) => issues.push({ path, message });
    const exchangeNames = exchangeNamesOf(model);
    uniqueIn(add, model.exchange.connectors, (c) => c.name, ['exchange', 'connectors'], 'name', 'connector', true);
    model.exchange.connectors.forEach((c, i) => {
      c.bridgeheads.forEach((b, j) => {
        if (!exchangeNames.has(b.toLowerCase()))
          add(['exchange', 'connectors', i, 'bridgeheads', j], `"${b}" is not an Exchange server of the model`);
      });
      uniqueIn(add, c.addressSpaces, (a) => a.domain, ['exchange', 'connectors', i, 'addressSpaces'], 'domain', 'address space');
    });
    return issues;
  },
  (model) => [model.exchange.connectors, exchangeNamesKey(model)],
);

export function checkIntegrity(model: Model): PathIssue[] {
  const issues: PathIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });

  const serverNames = new Map<string, (string | number)[]>();
  const noteServer = (name: string, path: (string | number)[]) => {
    const key = name.toLowerCase();
    if (serverNames.has(key)) add(path, `server name "${name}" is already used at ${serverNames.get(key)!.join('.')}`);
    else serverNames.set(key, path);
  };
  const ips = new Map<string, string>();
  const fqdns = new Map<string, string>();
  const noteHost = (name: string, fqdn: string, ip: string, path: (string | number)[]) => {
    if (fqdns.has(fqdn)) add([...path, 'fqdn'], `FQDN ${fqdn} is already the FQDN of ${fqdns.get(fqdn)}`);
    else fqdns.set(fqdn, name);
    if (ips.has(ip)) add([...path, 'ip'], `IP ${ip} is already the IP of ${ips.get(ip)}`);
    else ips.set(ip, name);
  };

  model.exchange.servers.forEach((s, i) => {
    noteServer(s.name, ['exchange', 'servers', i, 'name']);
    noteHost(s.name, s.fqdn, s.ip, ['exchange', 'servers', i]);
  });
  model.pop3.servers.forEach((s, i) => {
    noteServer(s.name, ['pop3', 'servers', i, 'name']);
    noteHost(s.name, s.fqdn, s.ip, ['pop3', 'servers', i]);
  });
  const allNames = new Set(serverNames.keys());

  for (const [domain, server] of Object.entries(model.dns.mx)) {
    const d = parseDomain(domain);
    if (!d.ok) add(['dns', 'mx', domain], `"${domain}" ${d.error}`);
    else if (d.value !== domain) add(['dns', 'mx', domain], `write the domain as "${d.value}"`);
    if (!allNames.has(server.toLowerCase())) add(['dns', 'mx', domain], `MX points to "${server}", which is not a server of the model`);
  }

  const uniqueBy = <T>(items: T[], key: (t: T) => string, base: (string | number)[], field: string, what: string, named = false) =>
    uniqueIn(add, items, key, base, field, what, named);

  uniqueBy(model.exchange.recipientPolicies, (p) => p.name, ['exchange', 'recipientPolicies'], 'name', 'recipient policy', true);
  const numbered = model.exchange.recipientPolicies.filter((p) => p.priority !== 'lowest');
  uniqueBy(numbered, (p) => String(p.priority), ['exchange', 'recipientPolicies'], 'priority', 'priority');
  model.exchange.recipientPolicies.forEach((p, i) => {
    uniqueBy(p.addresses, (a) => a.address, ['exchange', 'recipientPolicies', i, 'addresses'], 'address', 'address');
    const primaries = p.addresses.filter((a) => a.primary).length;
    if (primaries !== 1)
      add(['exchange', 'recipientPolicies', i, 'addresses'], `needs exactly one primary SMTP address (has ${primaries})`);
  });
  if (model.exchange.recipientPolicies.filter((p) => p.priority === 'lowest').length > 1) {
    add(['exchange', 'recipientPolicies'], 'only one recipient policy (the Default Policy) can have priority "lowest"');
  }

  for (const issue of analysisOf(model).get(CONNECTOR_ISSUES)) issues.push(issue);

  model.pop3.servers.forEach((s, i) => {
    uniqueBy(s.domains, (d) => d.name, ['pop3', 'servers', i, 'domains'], 'name', 'POP3 domain');
    s.domains.forEach((d, j) => {
      for (const k of duplicateMailboxes(model, d.mailboxes))
        add(['pop3', 'servers', i, 'domains', j, 'mailboxes', k], `mailbox "${d.mailboxes[k]!}" appears twice`);
    });
    uniqueBy(s.smtp.remoteDomains, (d) => d.name, ['pop3', 'servers', i, 'smtp', 'remoteDomains'], 'name', 'remote domain');
    // IIS Manager > Domains holds each domain once: the POP3 Service's domains appear there as Local.
    const locals = new Set(s.domains.map((d) => d.name.toLowerCase()));
    s.smtp.remoteDomains.forEach((r, j) => {
      if (locals.has(r.name.toLowerCase())) {
        add(
          ['pop3', 'servers', i, 'smtp', 'remoteDomains', j, 'name'],
          `"${r.name}" is already a Local domain of ${s.name} (its POP3 domain): IIS holds a domain once, as Local or as Remote`,
        );
      }
    });
  });

  for (const issue of analysisOf(model).get(USER_AND_CLIENT_ISSUES)) issues.push(issue);

  uniqueBy(model.targets, (t) => t.id, ['targets'], 'id', 'target id');
  model.targets.forEach((t, i) => {
    if (!allNames.has(t.server.toLowerCase())) add(['targets', i, 'server'], `"${t.server}" is not a server of the model`);
  });
  return issues.map((issue) => ({ ...issue, path: issue.path.filter((p) => p !== '') }));
}

/**
 * Positions of mailboxes named before (case-insensitively), per list object: an edit elsewhere keeps the
 * list. A table by model part, so it names no inputs of the model and is carried over whole.
 */
const MAILBOX_DUPLICATES = derived(
  'integrity.mailbox-duplicates',
  () => new WeakMap<string[], number[]>(),
  () => [],
);

function duplicateMailboxes(model: Model, mailboxes: string[]): number[] {
  const mailboxDuplicates = analysisOf(model).get(MAILBOX_DUPLICATES);
  let hit = mailboxDuplicates.get(mailboxes);
  if (!hit) {
    const seen = new Set<string>();
    hit = [];
    mailboxes.forEach((m, k) => {
      const key = m.toLowerCase();
      if (seen.has(key)) hit!.push(k);
      seen.add(key);
    });
    mailboxDuplicates.set(mailboxes, hit);
  }
  return hit;
}

/**
 * The users' and clients' issues, from the users, clients and Exchange server names: most edits of a large
 * organisation (a flag, a connector, a policy) change none of them, and these are the biggest lists of the model.
 */
const USER_AND_CLIENT_ISSUES = derived<PathIssue[]>(
  'integrity.users-and-clients',
  (model) => userAndClientIssues(model.users, model.clients, exchangeNamesOf(model)),
  (model) => [model.users, model.clients, exchangeNamesKey(model)],
);

function userAndClientIssues(users: Model['users'], clients: Model['clients'], exchangeNames: Set<string>): PathIssue[] {
  const issues: PathIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const seen = new Set<string>();
  users.forEach((u, i) => {
    const k = u.logon.toLowerCase();
    if (seen.has(k)) add(['users', i, 'logon'], `logon "${u.logon}" appears twice`);
    seen.add(k);
  });
  users.forEach((u, i) => {
    if (u.kind === 'exchange') {
      if (!u.mailboxServer) add(['users', i, 'mailboxServer'], `Exchange user "${u.logon}" needs a mailboxServer`);
      else if (!exchangeNames.has(u.mailboxServer.toLowerCase()))
        add(['users', i, 'mailboxServer'], `"${u.mailboxServer}" is not an Exchange server of the model`);
      if (u.externalAddress)
        add(['users', i, 'externalAddress'], `Exchange mailbox user "${u.logon}" cannot also have an external address`);
    } else if (u.mailboxServer) {
      add(['users', i, 'mailboxServer'], `POP3 user "${u.logon}" has no Exchange mailbox; remove mailboxServer`);
    }
  });
  clients.forEach((c, i) => {
    if (!seen.has(c.user.toLowerCase())) add(['clients', i, 'user'], `"${c.user}" is not a user of the model`);
  });
  return issues;
}
