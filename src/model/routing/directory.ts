// An index of the organisation, built once per model object: which domains Exchange owns, every
// recipient address the Recipient Update Service would stamp, and servers by name, FQDN and IP.
// Routing one message is then a handful of map look-ups, whatever the size of the organisation.
import { type Analysis, analysisOf, derived } from '../analysis.js';
import type { ConnectorT, ExchangeServerT, Model, Pop3ServerT, RecipientPolicyT, UserT } from '../schema.js';
import { patternMatch } from '../net.js';
import { lowerCase } from '../lower-case.js';

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

export interface AppliedPolicy {
  policy: RecipientPolicyT;
  index: number;
}

export interface Directory {
  model: Model;
  servers: Map<string, ServerRef>;
  byFqdn: Map<string, ServerRef>;
  byIp: Map<string, ServerRef>;
  policyDomains: Map<string, PolicyDomain>;
  /** Every stamped address (lowercase): built on first use, for all the users at once. */
  readonly recipients: Map<string, Recipient>;
  /** The policy that applies to each user (by logon, lowercase): built on first use (without stamping every address). */
  readonly appliedPolicy: Map<string, AppliedPolicy>;
  /** `recipients.get(address)`, found through look-ups of the users by logon and external address (a pass over them for the first few, then an index). */
  recipient(address: string): Recipient | undefined;
  /** `appliedPolicy.get(logon)`, the same way. */
  policyOf(logon: string): AppliedPolicy | undefined;
  pop3Domains: Map<string, { server: Pop3ServerT; serverIndex: number; domainIndex: number; mailboxes: Map<string, number> }>;
  connectors: { connector: ConnectorT; index: number }[];
}

/** The directory of a model (its parts below are carried over across an edit that leaves their inputs alone). */
const DIRECTORY = derived<Directory>('directory', (model, analysis) => buildDirectory(model, analysis));

export function policyOrder(p: RecipientPolicyT): number {
  return p.priority === 'lowest' ? Number.MAX_SAFE_INTEGER : p.priority;
}

export function filterMatches(filter: RecipientPolicyT['filter'], user: UserT): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'users-with-external-addresses':
      return user.externalAddress !== undefined;
    case 'users-with-mailboxes':
      return user.kind === 'exchange';
  }
}

export function directoryOf(model: Model): Directory {
  return analysisOf(model).get(DIRECTORY);
}

/** The recipient policies in the order Exchange applies them. */
function sortedPolicies(model: Model): AppliedPolicy[] {
  return model.exchange.recipientPolicies
    .map((policy, index) => ({ policy, index }))
    .sort((a, b) => policyOrder(a.policy) - policyOrder(b.policy));
}

/**
 * Every stamped address, from the users and the address generation rules only. Most edits (a flag, a
 * connector, a server) change neither, and then the next model's recipients are carried over rather than
 * re-stamped (the biggest part of the index).
 */
const RECIPIENTS = derived<Map<string, Recipient>>(
  'directory.recipients',
  (_model, analysis) => (analysis.get(DIRECTORY) as IndexedDirectory).stampAll(),
  (model) => [model.users, stampingRules(sortedPolicies(model))],
);

/** Everything of the policies that stamping addresses reads (order, names, filters, addresses, primaries). */
function stampingRules(policies: { policy: RecipientPolicyT; index: number }[]): string {
  return JSON.stringify(
    policies.map(({ policy, index }) => [index, policy.name, policy.filter, policy.addresses.map((a) => [a.address, a.primary])]),
  );
}

type Stamp = { suffix: string; primary: boolean; source: string; sourceSetting: string };

/** The stamped addresses of every user (the Recipient Update Service's work). */
function stampRecipients(model: Model, policies: AppliedPolicy[], stamps: Map<AppliedPolicy, Stamp[]>): Map<string, Recipient> {
  const recipients = new Map<string, Recipient>();
  model.users.forEach((user, userIndex) => {
    const applied = policies.find((p) => filterMatches(p.policy.filter, user));
    if (applied) {
      const logon = lowerCase(user.logon);
      for (const stamp of stamps.get(applied)!) {
        const address = logon + stamp.suffix;
        if (!recipients.has(address)) {
          recipients.set(address, { user, userIndex, primary: stamp.primary, source: stamp.source, sourceSetting: stamp.sourceSetting });
        }
      }
    }
    if (user.externalAddress) {
      const address = lowerCase(user.externalAddress);
      if (!recipients.has(address)) {
        recipients.set(address, {
          user,
          userIndex,
          primary: false,
          source: 'the external (target) address',
          sourceSetting: `users[${userIndex}].externalAddress`,
        });
      }
    }
  });
  return recipients;
}

/** The policy applied to each user by lowercase logon (the last user of a logon wins), as stampRecipients() makes it. */
function appliedPolicies(model: Model, policies: AppliedPolicy[]): Map<string, AppliedPolicy> {
  const out = new Map<string, AppliedPolicy>();
  for (const user of model.users) {
    const applied = policies.find((p) => filterMatches(p.policy.filter, user));
    if (applied) out.set(lowerCase(user.logon), applied);
  }
  return out;
}

/** The directory of one model; its stamped addresses are made on first use (the state is private: not data). */
class IndexedDirectory implements Directory {
  readonly #analysis: Analysis;
  #recipients: Map<string, Recipient> | undefined;
  #applied: Map<string, AppliedPolicy> | undefined;
  readonly #policies: AppliedPolicy[];
  readonly #stamps: Map<AppliedPolicy, Stamp[]>;

  constructor(
    readonly model: Model,
    analysis: Analysis,
    readonly servers: Map<string, ServerRef>,
    readonly byFqdn: Map<string, ServerRef>,
    readonly byIp: Map<string, ServerRef>,
    readonly policyDomains: Map<string, PolicyDomain>,
    readonly connectors: Directory['connectors'],
    policies: AppliedPolicy[],
    stamps: Map<AppliedPolicy, Stamp[]>,
  ) {
    this.#analysis = analysis;
    this.#policies = policies;
    this.#stamps = stamps;
  }

  /** Every stamped address of this model (what `recipients` holds; computed by the analysis, at most once). */
  stampAll(): Map<string, Recipient> {
    return stampRecipients(this.model, this.#policies, this.#stamps);
  }

  get recipients(): Map<string, Recipient> {
    this.#recipients ??= this.#analysis.get(RECIPIENTS);
    return this.#recipients;
  }

  get appliedPolicy(): Map<string, AppliedPolicy> {
    this.#applied ??= appliedPolicies(this.model, this.#policies);
    return this.#applied;
  }

  get pop3Domains(): Directory['pop3Domains'] {
    return this.#analysis.get(POP3_DOMAINS);
  }

  /** The address spaces indexed by domain. */
  spaceIndex(): SpaceIndex {
    return this.#analysis.get(SPACE_INDEX);
  }

  #suffixList: string[] | undefined;
  /** Every policy address suffix (lowercase), once. */
  #suffixes(): string[] {
    this.#suffixList ??= [...new Set([...this.#stamps.values()].flat().map((s) => s.suffix))];
    return this.#suffixList;
  }

  recipient(address: string): Recipient | undefined {
    if (this.#recipients) return this.#recipients.get(address);
    return lookedUpRecipient(this.model, this.#policies, this.#stamps, this.#suffixes(), this.#analysis.get(USER_LOOKUP), address);
  }

  policyOf(logon: string): AppliedPolicy | undefined {
    if (this.#applied) return this.#applied.get(logon);
    const at = this.#analysis.get(USER_LOOKUP).byLogon(logon);
    const indexes = at === undefined ? [] : typeof at === 'number' ? [at] : at;
    for (let k = indexes.length - 1; k >= 0; k--) {
      const user = this.model.users[indexes[k]!]!;
      const applied = this.#policies.find((p) => filterMatches(p.policy.filter, user));
      if (applied) return applied;
    }
    return undefined;
  }
}

/**
 * Users by lowercase logon (their indexes in order: a logon may repeat in an invalid model) and by lowercase
 * external address (the first user only: the first is the one stamped).
 */
interface UserMaps {
  byLogon: Map<string, number | number[]>;
  byExternal: Map<string, number>;
}

/**
 * How many look-ups of the users are answered by a pass over them (each remembered) before they are indexed.
 * validate asks about three to ten addresses (its probes, about twenty-five look-ups), the console's routing
 * preview one or two; a pass over 100,000 users costs 1-3 ms, indexing them (two maps of 135,000 strings)
 * 50-80 ms. A batch or the flow matrix asks many more and gets the index after a few passes.
 */
const PASSES = 8;

/** U+0130 is the one character whose lowercase is longer (U+0069 U+0307): without U+0307, equal lowercase means equal length. */
const lowercaseKeepsLength = (lower: string) => !lower.includes('\u0307');

/**
 * The users found by lowercase logon and by lowercase external address, as the maps of UserMaps answer: the
 * first look-ups by a pass over the users (answers kept), past PASSES passes through the maps, built once.
 */
class UserLookup {
  #maps: UserMaps | undefined;
  #passes = 0;
  readonly #logons = new Map<string, number | number[] | undefined>();
  readonly #externals = new Map<string, number | undefined>();

  constructor(readonly users: readonly UserT[]) {}

  /** Answer these logons and this external address from now on: one pass over the users for the new ones. */
  prepare(logons: readonly string[], external: string | undefined): void {
    if (this.#maps) return;
    const newLogons = logons.filter((l) => !this.#logons.has(l));
    const newExternal = external !== undefined && !this.#externals.has(external) ? external : undefined;
    if (newLogons.length === 0 && newExternal === undefined) return;
    if (++this.#passes > PASSES) {
      this.#maps = userMaps(this.users);
      this.#logons.clear();
      this.#externals.clear();
      return;
    }
    this.#pass(newLogons, newExternal);
  }

  /** The indexes of the users whose logon is this one lowercase (one number for one user). */
  byLogon(logon: string): number | number[] | undefined {
    if (!this.#maps && !this.#logons.has(logon)) this.prepare([logon], undefined);
    return this.#maps ? this.#maps.byLogon.get(logon) : this.#logons.get(logon);
  }

  /** The index of the first user whose external address is this one lowercase. */
  byExternal(address: string): number | undefined {
    if (!this.#maps && !this.#externals.has(address)) this.prepare([], address);
    return this.#maps ? this.#maps.byExternal.get(address) : this.#externals.get(address);
  }

  #pass(logons: readonly string[], external: string | undefined): void {
    const found: (number | number[] | undefined)[] = logons.map(() => undefined);
    const logonAnyLength = logons.map((l) => !lowercaseKeepsLength(l));
    const externalAnyLength = external !== undefined && !lowercaseKeepsLength(external);
    let externalAt: number | undefined;
    const users = this.users;
    for (let i = 0; i < users.length; i++) {
      const user = users[i]!;
      const logon = user.logon;
      for (let k = 0; k < logons.length; k++) {
        const wanted = logons[k]!;
        if ((logon.length === wanted.length || logonAnyLength[k]) && lowerCase(logon) === wanted) {
          const at = found[k];
          if (at === undefined) found[k] = i;
          else if (typeof at === 'number') found[k] = [at, i];
          else at.push(i);
        }
      }
      const address = user.externalAddress;
      if (
        external !== undefined &&
        externalAt === undefined &&
        address &&
        (address.length === external.length || externalAnyLength) &&
        lowerCase(address) === external
      )
        externalAt = i;
    }
    logons.forEach((l, k) => this.#logons.set(l, found[k]));
    if (external !== undefined) this.#externals.set(external, externalAt);
  }
}

function userMaps(users: readonly UserT[]): UserMaps {
  const byLogon = new Map<string, number | number[]>();
  const byExternal = new Map<string, number>();
  users.forEach((user, i) => {
    const logon = lowerCase(user.logon);
    const at = byLogon.get(logon);
    if (at === undefined) byLogon.set(logon, i);
    else if (typeof at === 'number') byLogon.set(logon, [at, i]);
    else at.push(i);
    if (user.externalAddress) {
      const external = lowerCase(user.externalAddress);
      if (!byExternal.has(external)) byExternal.set(external, i);
    }
  });
  return { byLogon, byExternal };
}

/**
 * The look-ups of the users, from the users only: an edit of anything but the users (a flag, a connector, a
 * server) keeps the same users array, and the next model's directory carries over their answers (or maps).
 */
const USER_LOOKUP = derived<UserLookup>(
  'directory.user-lookup',
  (model) => new UserLookup(model.users),
  (model) => [model.users],
);

/** The POP3 domains and their mailboxes, from the POP3 servers only. */
const POP3_DOMAINS = derived<Directory['pop3Domains']>(
  'directory.pop3-domains',
  (model) => {
    const pop3Domains: Directory['pop3Domains'] = new Map();
    model.pop3.servers.forEach((server, serverIndex) => {
      server.domains.forEach((d, domainIndex) => {
        if (pop3Domains.has(d.name)) return;
        // A mailbox named twice keeps its last index (as new Map(entries) would).
        const mailboxes = new Map<string, number>();
        d.mailboxes.forEach((m, k) => mailboxes.set(lowerCase(m), k));
        pop3Domains.set(d.name, { server, serverIndex, domainIndex, mailboxes });
      });
    });
    return pop3Domains;
  },
  (model) => [model.pop3.servers],
);

/**
 * The entry stampRecipients() would make for one address: the first user in order it is stamped on, through the
 * look-ups of the users (the lowest user index among the logons it can be stamped on and the user with it as
 * external address).
 */
function lookedUpRecipient(
  model: Model,
  policies: AppliedPolicy[],
  stamps: Map<AppliedPolicy, Stamp[]>,
  suffixes: readonly string[],
  users: UserLookup,
  address: string,
): Recipient | undefined {
  const logons: string[] = [];
  for (const suffix of suffixes) if (address.endsWith(suffix)) logons.push(address.slice(0, address.length - suffix.length));
  users.prepare(logons, address);
  let best: Recipient | undefined;
  for (const suffix of suffixes) {
    if (!address.endsWith(suffix)) continue;
    const at = users.byLogon(address.slice(0, address.length - suffix.length));
    if (at === undefined) continue;
    for (const userIndex of typeof at === 'number' ? [at] : at) {
      if (best && userIndex >= best.userIndex) break;
      const user = model.users[userIndex]!;
      const applied = policies.find((p) => filterMatches(p.policy.filter, user));
      const stamp = applied && stamps.get(applied)!.find((st) => st.suffix === suffix);
      if (stamp) {
        best = { user, userIndex, primary: stamp.primary, source: stamp.source, sourceSetting: stamp.sourceSetting };
        break;
      }
    }
  }
  const external = users.byExternal(address);
  // The same user's stamp comes before its external address: only a user before it wins with the external one.
  if (external !== undefined && (!best || external < best.userIndex)) {
    const user = model.users[external]!;
    return {
      user,
      userIndex: external,
      primary: false,
      source: 'the external (target) address',
      sourceSetting: `users[${external}].externalAddress`,
    };
  }
  return best;
}

function buildDirectory(model: Model, analysis: Analysis): Directory {
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

  const policies = sortedPolicies(model);

  const policyDomains = new Map<string, PolicyDomain>();
  for (const { policy, index } of policies) {
    policy.addresses.forEach((a, j) => {
      const domain = a.address.slice(1);
      const existing = policyDomains.get(domain);
      if (!existing || (a.responsible && !existing.responsible)) {
        policyDomains.set(domain, {
          domain,
          responsible: a.responsible,
          setting: `exchange.recipientPolicies[${index}].addresses[${j}].responsible`,
          policy: policy.name,
        });
      }
    });
  }

  // The texts of each policy address, built once rather than once per user.
  const stamps = new Map(
    policies.map((p) => [
      p,
      p.policy.addresses.map((a, j) => ({
        suffix: a.address.toLowerCase(),
        primary: a.primary,
        source: `recipient policy "${p.policy.name}"`,
        sourceSetting: `exchange.recipientPolicies[${p.index}].addresses[${j}]`,
      })),
    ]),
  );
  return new IndexedDirectory(
    model,
    analysis,
    servers,
    byFqdn,
    byIp,
    policyDomains,
    model.exchange.connectors.map((connector, index) => ({ connector, index })),
    policies,
    stamps,
  );
}

interface SpaceEntry {
  connector: ConnectorT;
  index: number;
  space: number;
  cost: number;
  order: number;
}

/** Address spaces indexed by domain, so that picking a connector does not scan every connector. */
interface SpaceIndex {
  exact: Map<string, SpaceEntry[]>;
  /** "*.base" by base: matches base and every subdomain of it. */
  wildcard: Map<string, SpaceEntry[]>;
  star: SpaceEntry[];
}

/** The address spaces indexed by domain, from the connectors only. */
const SPACE_INDEX = derived<SpaceIndex>(
  'directory.space-index',
  (model) => {
    const index: SpaceIndex = { exact: new Map(), wildcard: new Map(), star: [] };
    let order = 0;
    const add = (map: Map<string, SpaceEntry[]>, key: string, e: SpaceEntry) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    model.exchange.connectors.forEach((connector, i) => {
      connector.addressSpaces.forEach((space, s) => {
        const e = { connector, index: i, space: s, cost: space.cost, order: order++ };
        if (space.domain === '*') index.star.push(e);
        else if (space.domain.startsWith('*.')) add(index.wildcard, space.domain.slice(2), e);
        else add(index.exact, space.domain, e);
      });
    });
    return index;
  },
  (model) => [model.exchange.connectors],
);

/**
 * The connector Exchange picks for a domain: most specific address space, then lowest cost (the first
 * listed wins a tie). Specificity as patternMatch: exact domain, then the longest "*.base", then "*".
 */
export function pickConnector(dir: Directory, domain: string): { connector: ConnectorT; index: number; space: number } | undefined {
  const idx = (dir as IndexedDirectory).spaceIndex();
  // One small record per call rather than a closure: validate's probes pick thousands of connectors.
  const pick: Picked = { best: undefined, spec: -1 };
  const exact = idx.exact.get(domain);
  if (exact) consider(pick, exact, patternMatch(domain, domain));
  for (let base = domain; ; ) {
    const wildcard = idx.wildcard.get(base);
    if (wildcard) consider(pick, wildcard, patternMatch(`*.${base}`, domain));
    const dot = base.indexOf('.');
    if (dot < 0) break;
    base = base.slice(dot + 1);
  }
  consider(pick, idx.star, patternMatch('*', domain));
  const picked = pick.best;
  return picked && { connector: picked.connector, index: picked.index, space: picked.space };
}

interface Picked {
  best: SpaceEntry | undefined;
  spec: number;
}

/** Keep the better of the pick so far and these entries of one specificity: more specific, then cheaper, then first. */
function consider(pick: Picked, entries: readonly SpaceEntry[], spec: number): void {
  for (const e of entries) {
    const best = pick.best;
    if (!best || spec > pick.spec || (spec === pick.spec && (e.cost < best.cost || (e.cost === best.cost && e.order < best.order)))) {
      pick.best = e;
      pick.spec = spec;
    }
  }
}

/**
 * Whether an IIS remote domain covers a domain: "*" every domain, "*.x" the subdomains of x but not x itself
 * (IIS: the wildcard makes "all inclusive domains" use the remote domain's settings; x is a domain of its own),
 * else the name itself. Exchange connector address spaces differ: "*.x" covers x too (pickConnector).
 * Returns the specificity (higher is more specific) or -1.
 */
export function remoteDomainMatch(name: string, domain: string): number {
  if (name === '*') return 0;
  if (name.startsWith('*.')) return domain.endsWith(name.slice(1)) ? name.length : -1;
  return name === domain ? 10000 : -1;
}

/**
 * The POP3 server's remote domain that matches a domain, as IIS picks it: an exact name first, then the longest
 * `*.x` (subdomains of x only), then `*`.
 */
export function pickRemoteDomain<D extends { name: string }>(
  remoteDomains: readonly D[],
  domain: string,
): { domain: D; index: number } | undefined {
  let best: { domain: D; index: number; spec: number } | undefined;
  remoteDomains.forEach((d, index) => {
    const spec = remoteDomainMatch(d.name, domain);
    if (spec >= 0 && (!best || spec > best.spec)) best = { domain: d, index, spec };
  });
  return best && { domain: best.domain, index: best.index };
}

export function serverPath(ref: ServerRef): string {
  return ref.system === 'exchange' ? `exchange.servers[${ref.index}]` : `pop3.servers[${ref.index}]`;
}
