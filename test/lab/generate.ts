// Random coexistence models for the differential lab (issue 11): seeded (the bench's mulberry32), so a seed
// and an index always give the same model. Everything stays inside what the postfix-dovecot adapter can
// express and the lab can reach (every smart host and MX is a server of the model), but the settings are
// drawn freely: right and wrong smart hosts, any bridgeheads, relay boxes and lists, exact / "*.x" / "*"
// address spaces, remote domains, policy responsibilities and MX records, so that misconfigurations the
// seed warns about are generated as often as the seed's own setups.
import { rng, type Rng } from '../../bench/prng.js';
import { checkModel } from '../../src/model/check.js';
import type { Flow } from '../../src/model/routing/flows.js';
import { simulate } from '../../src/model/routing/simulate.js';
import type { Message, Verdict } from '../../src/model/routing/types.js';
import type { Model, ModelInput } from '../../src/model/schema.js';

export const ORG_DOMAIN = 'northwind.example';
/** Domains a POP3 server can host (each at most once per model). */
const POP_DOMAINS = ['pop.northwind.example', 'pop2.northwind.example', 'fabrikam.example', 'mail.fabrikam.example'];
const PARTNER_DOMAIN = 'partner.example';
const POP_USERS = ['alice', 'carl', 'dana', 'erin'];
const EXCHANGE_USERS = ['bob', 'fay'];
/** The Outbound Security secret every generated POP3 server names; the lab gives it its one password. */
export const GENERATED_SECRET = 'env:COEXIST_POP3_RELAY_PASSWORD';

/** The PRNG seed of model `index` of a run with seed `seed` (so one model can be rebuilt on its own). */
export function modelSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
}

const chance = (r: Rng, p: number) => r.next() < p;

function some<T>(r: Rng, items: readonly T[], p: number): T[] {
  return items.filter(() => chance(r, p));
}

function shuffled<T>(r: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** From a list of weighted choices. */
function weighted<T>(r: Rng, choices: [number, T][]): T {
  const total = choices.reduce((s, [w]) => s + w, 0);
  let x = r.next() * total;
  for (const [w, v] of choices) {
    x -= w;
    if (x < 0) return v;
  }
  return choices[choices.length - 1]![1];
}

interface Host {
  name: string;
  fqdn: string;
  ip: string;
}

/** A smart host naming a server of the model, as ESM and IIS accept it: "[ip]" mostly, sometimes the FQDN. */
const hostRef = (r: Rng, h: Host) => (chance(r, 0.8) ? `[${h.ip}]` : h.fqdn);

/** Smart hosts outside the model (a partner's relay, an ISP's): the preview's Internet, the lab's sink. */
const OUTSIDE_SMART_HOSTS = ['[192.0.2.25]', 'relay.partner.example'];

/** Domain of the Exchange mailbox users' own policy ("users-with-mailboxes"), when a model has one. */
export const STAFF_DOMAIN = `staff.${ORG_DOMAIN}`;

export function generateModel(seed: number, index: number): Model {
  const r = rng(modelSeed(seed, index));
  // Draws added after the first record (issue 11, session 4) come from their own stream, so the models of a
  // seed keep everything they had and only gain the new settings.
  const more = rng(modelSeed(seed, index) ^ 0x51a7e);
  const exCount = 1 + r.int(3);
  const popCount = 1 + r.int(3);
  const ex: Host[] = Array.from({ length: exCount }, (_, i) => ({
    name: `EX0${i + 1}`,
    fqdn: `ex0${i + 1}.${ORG_DOMAIN}`,
    ip: `10.0.0.1${i + 1}`,
  }));
  const pops: Host[] = Array.from({ length: popCount }, (_, i) => ({
    name: `POP0${i + 1}`,
    fqdn: `pop0${i + 1}.${ORG_DOMAIN}`,
    ip: `10.0.0.2${i + 1}`,
  }));
  const scenario = chance(r, 0.6) ? ('shared-domain' as const) : ('separate-domains' as const);

  // POP3 domains: one or two per server, never the same domain on two servers.
  const pool = shuffled(r, POP_DOMAINS);
  const popDomains = pops
    .map((_, i) => (i === 0 || pool.length > pops.length - i ? [pool.shift()!] : []))
    .map((d) => (pool.length > 0 && chance(r, 0.2) ? [...d, pool.shift()!] : d));
  const allPopDomains = popDomains.flat();

  // Users: POP3 users with a mailbox on one POP3 domain, Exchange users with a mailbox on one Exchange server.
  const popUsers = shuffled(r, POP_USERS).slice(0, 1 + r.int(3));
  const exUsers = shuffled(r, EXCHANGE_USERS).slice(0, 1 + r.int(2));
  const home = new Map<string, { pop: number; domain: string }>();
  for (const u of popUsers) {
    const candidates = pops.map((_, i) => i).filter((i) => popDomains[i]!.length > 0);
    const p = r.pick(candidates);
    home.set(u, { pop: p, domain: r.pick(popDomains[p]!) });
  }
  const mailboxesOf = (p: number, domain: string) => popUsers.filter((u) => home.get(u)!.pop === p && home.get(u)!.domain === domain);

  // Recipient policies: the Default Policy (ESM requires it authoritative; sometimes not), and in the shared
  // namespace the POP users' policy with the POP3 routing domain non-authoritative (sometimes authoritative).
  const defaultAddresses: { address: string; primary: boolean; responsible: boolean }[] = [
    { address: `@${ORG_DOMAIN}`, primary: true, responsible: chance(r, 0.9) },
  ];
  if (chance(r, 0.15)) defaultAddresses.push({ address: `@${r.pick(allPopDomains)}`, primary: false, responsible: chance(r, 0.3) });
  const policies: NonNullable<ModelInput['exchange']>['recipientPolicies'] = [
    { name: 'Default Policy', priority: 'lowest', filter: 'all', addresses: defaultAddresses },
  ];
  const withExternal = scenario === 'shared-domain' ? 0.9 : 0.2;
  const external = new Set(popUsers.filter(() => chance(r, withExternal)));
  if (scenario === 'shared-domain' || chance(r, 0.2)) {
    const routing = home.get(popUsers[0]!)!.domain;
    policies.push({
      name: 'POP User Addresses',
      priority: 1,
      filter: 'users-with-external-addresses',
      addresses: [
        { address: `@${routing}`, primary: true, responsible: chance(r, 0.15) },
        { address: `@${ORG_DOMAIN}`, primary: false, responsible: true },
      ],
    });
  }
  // The Exchange mailbox users' own policy ("users-with-mailboxes"), with a second domain of theirs.
  const staffPolicy = chance(more, 0.3);
  if (staffPolicy) {
    // Primary only where Exchange is responsible: the lab names a Maildir after the mailbox's address in a
    // domain Exchange is responsible for, the preview after the primary address.
    const staffResponsible = chance(more, 0.8);
    const staffPrimary = chance(more, 0.3) && staffResponsible;
    policies.push({
      name: 'Mailbox Users',
      priority: policies.length,
      filter: 'users-with-mailboxes',
      addresses: [
        { address: `@${ORG_DOMAIN}`, primary: true, responsible: true },
        { address: `@${STAFF_DOMAIN}`, primary: staffPrimary, responsible: staffResponsible },
      ].map((a, i, all) => (i === 0 && all[1]!.primary ? { ...a, primary: false } : a)),
    });
  }

  // Connectors: mostly one per POP3 server, with any bridgeheads, address spaces and smart hosts.
  const connectors: NonNullable<ModelInput['exchange']>['connectors'] = [];
  const usedSpaces = new Set<string>();
  pops.forEach((pop, i) => {
    if (popDomains[i]!.length === 0 || !chance(r, 0.85)) return;
    const domain = popDomains[i]![0]!;
    const parent = domain.slice(domain.indexOf('.') + 1);
    const space = weighted(r, [
      [70, domain],
      [15, `*.${parent.includes('.') ? parent : domain}`],
      [15, '*'],
    ]);
    if (usedSpaces.has(space)) return;
    usedSpaces.add(space);
    const other = pops.filter((p) => p !== pop);
    const bridgeheads = weighted(r, [
      [70, [r.pick(ex).name]],
      [
        15,
        shuffled(r, ex)
          .slice(0, 2)
          .map((e) => e.name),
      ],
      [15, []],
    ]);
    const smartHost = weighted<Host | 'self' | undefined>(r, [
      [70, pop],
      [10, other.length ? r.pick(other) : pop],
      [5, 'self'],
      [5, ex.length > 1 ? r.pick(ex) : pop],
      [10, undefined],
    ]);
    const selfHost = ex.find((e) => e.name === bridgeheads[0]) ?? ex[0]!;
    // A "*" connector whose smart host is its own bridgehead: every domain it takes gets NDR 5.4.8.
    const chosen = space === '*' && bridgeheads.length > 0 && chance(more, 0.3) ? 'self' : smartHost;
    const ref = smartHost === undefined ? undefined : hostRef(r, smartHost === 'self' ? selfHost : smartHost);
    connectors.push({
      name: `${pop.name} Connector`,
      smartHosts: chosen === 'self' ? [smartHost === 'self' ? ref! : hostRef(more, selfHost)] : ref === undefined ? [] : [ref],
      bridgeheads,
      addressSpaces: [{ type: 'SMTP', domain: space, cost: 1 + r.int(3) }],
      allowRelay: chance(r, scenario === 'separate-domains' ? 0.8 : 0.3),
    });
  });
  if (chance(r, 0.2) && !usedSpaces.has(PARTNER_DOMAIN)) {
    const host = chance(r, 0.5) ? undefined : r.pick([...pops, ...ex]);
    const inside = host && hostRef(r, host);
    // Sometimes, instead of a POP3 server, a smart host outside the model (the partner's or an ISP's relay).
    const outside = host && pops.includes(host) && chance(more, 0.4) ? more.pick(OUTSIDE_SMART_HOSTS) : undefined;
    connectors.push({
      name: 'Partner Connector',
      smartHosts: inside === undefined ? [] : [outside ?? inside],
      bridgeheads: [r.pick(ex).name],
      addressSpaces: [{ type: 'SMTP', domain: PARTNER_DOMAIN, cost: 1 }],
      allowRelay: chance(r, 0.5),
    });
  }

  const exchangeServers = ex.map((e, i) => {
    const onlyList = chance(r, 0.85);
    const computers = onlyList
      ? [
          ...some(
            r,
            pops.map((p) => p.ip),
            0.6,
          ),
          ...(chance(r, 0.1) ? ['10.0.0.0/24'] : []),
        ]
      : some(
          r,
          pops.map((p) => p.ip),
          0.3,
        );
    const vs: Record<string, unknown> = {
      name: 'Default SMTP Virtual Server',
      relay: { mode: onlyList ? 'only-list' : 'all-except-list', computers, allowAuthenticated: chance(r, 0.8) },
    };
    if (chance(r, 0.1)) vs.forwardUnresolvedTo = hostRef(r, r.pick([...pops, ...ex.filter((x) => x !== e)]));
    // A second virtual server (an open one): the model gives it no address or port, so the server's address
    // reaches the first one only; the preview and the adapter must both leave the second alone.
    const second = { name: 'Relay Virtual Server', relay: { mode: 'all-except-list', computers: [], allowAuthenticated: true } };
    const servers = chance(more, 0.15) ? [vs, second] : [vs];
    return { ...e, acceptsInternetMail: i === 0 || chance(r, 0.3), maxHopCount: r.pick([30, 30, 20, 10]), smtpVirtualServers: servers };
  });

  const popServers = pops.map((p, i) => {
    const onlyList = chance(r, 0.9);
    const computers = onlyList
      ? [
          ...some(
            r,
            ex.map((e) => e.ip),
            0.2,
          ),
          ...(chance(r, 0.1) ? ['10.0.0.0/24'] : []),
        ]
      : some(
          r,
          ex.map((e) => e.ip),
          0.3,
        );
    const smartHost = weighted<Host | undefined>(r, [
      [75, r.pick(ex)],
      [10, undefined],
      [5, p],
      [10, pops.length > 1 ? r.pick(pops.filter((x) => x !== p)) : r.pick(ex)],
    ]);
    const secured = chance(r, 0.5);
    const remoteDomains: { name: string; allowRelay: boolean; smartHost?: string }[] = [];
    if (chance(r, 0.75)) {
      const rd: { name: string; allowRelay: boolean; smartHost?: string } = { name: ORG_DOMAIN, allowRelay: chance(r, 0.8) };
      if (chance(r, 0.8)) rd.smartHost = hostRef(r, r.pick(ex));
      remoteDomains.push(rd);
    }
    if (chance(r, 0.15))
      remoteDomains.push({
        name: weighted(r, [
          [1, '*'],
          [1, `*.${ORG_DOMAIN}`],
          [1, PARTNER_DOMAIN],
        ]),
        allowRelay: chance(r, 0.5),
        ...(chance(r, 0.5) ? { smartHost: hostRef(r, r.pick(ex)) } : {}),
      });
    return {
      ...p,
      maxHopCount: r.pick([15, 15, 10, 30]),
      authentication: 'active-directory' as const,
      domains: popDomains[i]!.map((d) => ({ name: d, mailboxes: mailboxesOf(i, d) })),
      smtp: {
        relay: { mode: onlyList ? ('only-list' as const) : ('all-except-list' as const), computers, allowAuthenticated: chance(r, 0.8) },
        // Sometimes the ISP's relay instead of Exchange (the seed wants Exchange, its « hôte actif »).
        ...(smartHost ? { smartHost: ((h) => (chance(more, 0.1) ? more.pick(OUTSIDE_SMART_HOSTS) : h))(hostRef(r, smartHost)) } : {}),
        requireAuthentication: chance(r, 0.7),
        outboundSecurity: secured
          ? {
              mode: r.pick(['integrated', 'basic'] as const),
              account: `NWTRADERS\\svc-pop0${i + 1}`,
              passwordNeverExpires: true,
              secret: GENERATED_SECRET,
            }
          : { mode: 'anonymous' as const },
        remoteDomains,
      },
    };
  });

  // DNS: the organisation's domain points at an Exchange server that takes Internet mail (mostly), the
  // POP3 domains at Exchange, at their own server, or nowhere.
  const mx: Record<string, string> = {};
  mx[ORG_DOMAIN] = weighted(r, [
    [80, ex[0]!.name],
    [10, r.pick(ex).name],
    [10, r.pick(pops).name],
  ]);
  pops.forEach((p, i) => {
    for (const d of popDomains[i]!) {
      const target =
        scenario === 'separate-domains'
          ? weighted<string | undefined>(r, [
              [70, r.pick(ex).name],
              [15, p.name],
              [15, undefined],
            ])
          : weighted<string | undefined>(r, [
              [60, undefined],
              [20, r.pick(ex).name],
              [20, p.name],
            ]);
      if (target) mx[d] = target;
    }
  });

  const users: NonNullable<ModelInput['users']> = [
    ...popUsers.map((u) => ({
      logon: u,
      displayName: `${u[0]!.toUpperCase()}${u.slice(1)} (POP3)`,
      kind: 'pop3' as const,
      ...(external.has(u) ? { externalAddress: `${u}@${home.get(u)!.domain}` } : {}),
    })),
    ...exUsers.map((u) => ({
      logon: u,
      displayName: `${u[0]!.toUpperCase()}${u.slice(1)} (Exchange)`,
      kind: 'exchange' as const,
      mailboxServer: r.pick(ex).name,
    })),
  ];
  const clients: NonNullable<ModelInput['clients']> = popUsers
    .filter(() => chance(r, 0.8))
    .map((u) => {
      const h = home.get(u)!;
      const outgoing = weighted<Host>(r, [
        [60, r.pick(ex)],
        [30, pops[h.pop]!],
        [10, r.pick([...ex, ...pops])],
      ]);
      return {
        user: u,
        program: 'Outlook Express',
        emailAddress: scenario === 'shared-domain' && external.has(u) ? `${u}@${ORG_DOMAIN}` : `${u}@${h.domain}`,
        incoming: { protocol: 'pop3' as const, server: pops[h.pop]!.fqdn },
        outgoing: { server: outgoing.fqdn, requiresAuthentication: chance(r, 0.75) },
      };
    });

  const input: ModelInput = {
    version: 1,
    organization: `Generated ${seed}/${index}`,
    scenario,
    dns: { mx },
    exchange: { servers: exchangeServers as NonNullable<ModelInput['exchange']>['servers'], recipientPolicies: policies, connectors },
    pop3: { servers: popServers },
    users,
    clients,
    targets: [],
  };
  const checked = checkModel(input);
  if (!checked.ok)
    throw new Error(
      `generated model ${seed}/${index} is invalid (a generator bug): ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  return checked.model;
}

/**
 * Random messages on top of the flow matrix: any origin (an Internet host through the MX or straight to a
 * server, a POP3 client with or without SMTP AUTH, a server's own pickup, Outlook on an Exchange mailbox)
 * to any address the model makes interesting (known and unknown users of every domain, a subdomain a
 * "*.x" space covers, a partner domain, the Internet).
 */
export function randomFlows(model: Model, seed: number, index: number, count: number): Flow[] {
  const r = rng(modelSeed(seed, index) ^ 0x5eed);
  const servers = [...model.exchange.servers, ...model.pop3.servers];
  const domains = [ORG_DOMAIN, ...model.pop3.servers.flatMap((p) => p.domains.map((d) => d.name))];
  const recipients = [
    ...model.users.flatMap((u) => [`${u.logon}@${ORG_DOMAIN}`, ...(u.externalAddress ? [u.externalAddress] : [])]),
    ...model.pop3.servers.flatMap((p) => p.domains.flatMap((d) => d.mailboxes.map((m) => `${m}@${d.name}`))),
    ...domains.map((d) => `nobody@${d}`),
    `someone@other.${ORG_DOMAIN}`,
    `someone@${PARTNER_DOMAIN}`,
    'someone@example.net',
    // The "users-with-mailboxes" policy's second domain, when there is one.
    ...(model.exchange.recipientPolicies.some((p) => p.addresses.some((a) => a.address === `@${STAFF_DOMAIN}`))
      ? [...model.users.filter((u) => u.kind === 'exchange').map((u) => `${u.logon}@${STAFF_DOMAIN}`), `nobody@${STAFF_DOMAIN}`]
      : []),
    // Address literals: every server's own (local there, a relay target elsewhere), with a mailbox's local
    // part too, and an address outside the organisation.
    ...servers.map((s) => `nobody@[${s.ip}]`),
    ...model.pop3.servers.flatMap((p) => p.domains.flatMap((d) => d.mailboxes.slice(0, 1).map((m) => `${m}@[${p.ip}]`))),
    'someone@[198.51.100.7]',
  ];
  const popClients = model.clients.map((c) => c.user);
  const exUsers = model.users.filter((u) => u.kind === 'exchange' && !model.clients.some((c) => c.user === u.logon)).map((u) => u.logon);
  const flows: Flow[] = [];
  for (let k = 0; k < count; k++) {
    const recipient = r.pick(recipients);
    const origin = weighted<() => [Message, string]>(r, [
      [30, () => [{ recipient, origin: { kind: 'internet' } }, 'Internet host through the MX']],
      [
        20,
        () => {
          const s = r.pick(servers).name;
          return [{ recipient, origin: { kind: 'internet' }, via: s }, `Internet host straight to ${s}`];
        },
      ],
      [
        20,
        () => {
          if (popClients.length === 0) return [{ recipient, origin: { kind: 'internet' } }, 'Internet host through the MX'];
          const u = r.pick(popClients);
          const auth = chance(r, 0.6);
          return [
            { recipient, origin: { kind: 'user', logon: u }, authenticated: auth },
            `${u}'s mail client ${auth ? 'with' : 'without'} SMTP AUTH`,
          ];
        },
      ],
      [
        15,
        () => {
          const s = r.pick(servers).name;
          return [{ recipient, origin: { kind: 'server', name: s } }, `written on ${s}`];
        },
      ],
      [
        15,
        () => {
          if (exUsers.length === 0) return [{ recipient, origin: { kind: 'internet' } }, 'Internet host through the MX'];
          const u = r.pick(exUsers);
          return [{ recipient, origin: { kind: 'user', logon: u } }, `${u} in Outlook (MAPI)`];
        },
      ],
    ])();
    const [message, how] = origin;
    const verdict: Verdict = simulate(model, message).verdict;
    flows.push({
      id: `random-${String(k + 1).padStart(2, '0')}`,
      group: 'internal',
      title: `${how} to ${recipient}`,
      message,
      // What the preview says (the lab compares the preview with reality, not with an intended outcome).
      expect:
        verdict.kind === 'delivered'
          ? { kind: 'delivered', system: verdict.system }
          : verdict.kind === 'bounced'
            ? { kind: 'bounced', status: verdict.status }
            : { kind: 'rejected' },
    });
  }
  return flows;
}
