// An index of the organisation, built once per model object: which domains Exchange owns, every
// recipient address the Recipient Update Service would stamp, and servers by name, FQDN and IP.
// Routing one message is then a handful of map look-ups, whatever the size of the organisation.
import type { ConnectorT, ExchangeServerT, Model, Pop3ServerT, RecipientPolicyT, UserT } from '../schema.js';
import { patternMatch } from '../net.js';

export type ServerRef =
  | { system: 'exchange'; server: ExchangeServerT; index: number }
  | { system: 'pop3'; server: Pop3ServerT; index: number };

export interface PolicyDomain {
  domain: string;
  responsible: boolean;
  /** Where the flag comes from, e.g. exchange.recipientPolicies[1].addresses[0]. */
  setting: string;
  policy: string;
}

export interface Recipient {
  user: UserT;
  userIndex: number;
  /** The policy that stamped this address, or the user field it comes from. */
  source: string;
  sourceSetting: string;
  primary: boolean;
}

export interface Directory {
  model: Model;
  servers: Map<string, ServerRef>;
  byFqdn: Map<string, ServerRef>;
  byIp: Map<string, ServerRef>;
  policyDomains: Map<string, PolicyDomain>;
  recipients: Map<string, Recipient>;
  /** The policy that applies to each user (by logon, lowercase). */
  appliedPolicy: Map<string, { policy: RecipientPolicyT; index: number }>;
  pop3Domains: Map<string, { server: Pop3ServerT; serverIndex: number; domainIndex: number; mailboxes: Map<string, number> }>;
  connectors: { connector: ConnectorT; index: number }[];
}

const cache = new WeakMap<Model, Directory>();

export function policyOrder(p: RecipientPolicyT): number {
  return p.priority === 'lowest' ? Number.MAX_SAFE_INTEGER : p.priority;
}

export function filterMatches(filter: RecipientPolicyT['filter'], user: UserT): boolean {
  switch (filter) {
    case 'all': return true;
    case 'users-with-external-addresses': return user.externalAddress !== undefined;
    case 'users-with-mailboxes': return user.kind === 'exchange';
  }
}

export function directoryOf(model: Model): Directory {
  const hit = cache.get(model);
  if (hit) return hit;
  const dir = buildDirectory(model);
  cache.set(model, dir);
  return dir;
}

function buildDirectory(model: Model): Directory {
  const servers = new Map<string, ServerRef>();
  const byFqdn = new Map<string, ServerRef>();
  const byIp = new Map<string, ServerRef>();
  const add = (ref: ServerRef) => {
    servers.set(ref.server.name.toLowerCase(), ref);
    byFqdn.set(ref.server.fqdn, ref);
    byIp.set(ref.server.ip, ref);
  };
  model.exchange.servers.forEach((server, index) => add({ system: 'exchange', server, index }));
  model.pop3.servers.forEach((server, index) => add({ system: 'pop3', server, index }));

  const policies = model.exchange.recipientPolicies
    .map((policy, index) => ({ policy, index }))
    .sort((a, b) => policyOrder(a.policy) - policyOrder(b.policy));

  const policyDomains = new Map<string, PolicyDomain>();
  for (const { policy, index } of policies) {
    policy.addresses.forEach((a, j) => {
      const domain = a.address.slice(1);
      const existing = policyDomains.get(domain);
      if (!existing || (a.responsible && !existing.responsible)) {
        policyDomains.set(domain, { domain, responsible: a.responsible, setting: `exchange.recipientPolicies[${index}].addresses[${j}].responsible`, policy: policy.name });
      }
    });
  }

  const recipients = new Map<string, Recipient>();
  const appliedPolicy = new Map<string, { policy: RecipientPolicyT; index: number }>();
  model.users.forEach((user, userIndex) => {
    const applied = policies.find((p) => filterMatches(p.policy.filter, user));
    if (applied) {
      appliedPolicy.set(user.logon.toLowerCase(), applied);
      applied.policy.addresses.forEach((a, j) => {
        const address = `${user.logon}${a.address}`.toLowerCase();
        if (!recipients.has(address)) {
          recipients.set(address, {
            user, userIndex, primary: a.primary, source: `recipient policy "${applied.policy.name}"`,
            sourceSetting: `exchange.recipientPolicies[${applied.index}].addresses[${j}]`,
          });
        }
      });
    }
    if (user.externalAddress) {
      const address = user.externalAddress.toLowerCase();
      if (!recipients.has(address)) {
        recipients.set(address, { user, userIndex, primary: false, source: 'the external (target) address', sourceSetting: `users[${userIndex}].externalAddress` });
      }
    }
  });

  const pop3Domains: Directory['pop3Domains'] = new Map();
  model.pop3.servers.forEach((server, serverIndex) => {
    server.domains.forEach((d, domainIndex) => {
      if (pop3Domains.has(d.name)) return;
      pop3Domains.set(d.name, { server, serverIndex, domainIndex, mailboxes: new Map(d.mailboxes.map((m, k) => [m.toLowerCase(), k])) });
    });
  });

  return {
    model, servers, byFqdn, byIp, policyDomains, recipients, appliedPolicy, pop3Domains,
    connectors: model.exchange.connectors.map((connector, index) => ({ connector, index })),
  };
}

/** The connector Exchange picks for a domain: most specific address space, then lowest cost. */
export function pickConnector(dir: Directory, domain: string): { connector: ConnectorT; index: number; space: number } | undefined {
  let best: { connector: ConnectorT; index: number; space: number; spec: number; cost: number } | undefined;
  for (const { connector, index } of dir.connectors) {
    connector.addressSpaces.forEach((space, s) => {
      const spec = patternMatch(space.domain, domain);
      if (spec < 0) return;
      if (!best || spec > best.spec || (spec === best.spec && space.cost < best.cost)) {
        best = { connector, index, space: s, spec, cost: space.cost };
      }
    });
  }
  return best && { connector: best.connector, index: best.index, space: best.space };
}

export function serverPath(ref: ServerRef): string {
  return ref.system === 'exchange' ? `exchange.servers[${ref.index}]` : `pop3.servers[${ref.index}]`;
}
