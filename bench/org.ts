// Deterministic synthetic organisations for the benchmark: a shared-domain coexistence (DESIGN section 3)
// grown to thousands of users, several Exchange and POP3 servers, and hundreds of partner connectors.
// Every organisation is a valid model: `validate` reports no errors (test/bench checks it).
import { ModelSchema, type Model, type ModelInput } from '../src/model/schema.js';
import { rng } from './prng.js';

export const SHARED_DOMAIN = 'synthcorp.com';
export const SECOND_DOMAIN = 'synthcorp.co.uk';
export const DEFAULT_SEED = 20261128;

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jon',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Xavi',
  'Yara',
  'Zoe',
];
const LAST = [
  'Martin',
  'Dubois',
  'Kelly',
  'Nguyen',
  'Garcia',
  'Smith',
  'Okafor',
  'Rossi',
  'Novak',
  'Larsen',
  'Silva',
  'Kowalski',
  'Haddad',
  'Tanaka',
  'Moreau',
  'Fischer',
  'Ivanova',
  'Costa',
  'Walsh',
  'Berg',
];

export interface OrgShape {
  users: number;
  exchangeServers: number;
  pop3Servers: number;
  partnerConnectors: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** How big each part of the organisation is for a number of users. */
export function shapeFor(users: number): OrgShape {
  return {
    users,
    exchangeServers: clamp(Math.ceil(users / 2000), 2, 25),
    pop3Servers: clamp(Math.ceil(users / 4000), 2, 12),
    partnerConnectors: clamp(Math.round(20 + users / 40), 20, 600),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const exchangeName = (i: number) => `EX${pad(i + 1)}`;
export const pop3Name = (i: number) => `POP${pad(i + 1)}`;
export const pop3Domain = (i: number) => `pop${i + 1}.${SHARED_DOMAIN}`;
export const exchangeIp = (i: number) => `10.0.1.${i + 10}`;
export const pop3Ip = (i: number) => `10.0.2.${i + 10}`;
export const partnerDomain = (i: number) => `partner${pad(i + 1, 3)}.net`;

/** The organisation as model input (before defaults), deterministic for (users, seed). */
export function syntheticInput(users: number, seed = DEFAULT_SEED): ModelInput {
  const shape = shapeFor(users);
  const r = rng(seed ^ users);
  const exchange = Array.from({ length: shape.exchangeServers }, (_, i) => ({
    name: exchangeName(i),
    fqdn: `${exchangeName(i).toLowerCase()}.${SHARED_DOMAIN}`,
    ip: exchangeIp(i),
    // The first two take Internet mail (MX); the rest only hold mailboxes and run partner connectors.
    acceptsInternetMail: i < 2,
    maxHopCount: 30,
    smtpVirtualServers: [
      {
        name: 'Default SMTP Virtual Server',
        relay: {
          mode: 'only-list' as const,
          computers: Array.from({ length: shape.pop3Servers }, (_, j) => pop3Ip(j)),
          allowAuthenticated: true,
        },
      },
    ],
  }));
  const internetServers = exchange.filter((s) => s.acceptsInternetMail).map((s) => s.name);

  const mailboxes: string[][] = Array.from({ length: shape.pop3Servers }, () => []);
  const userList: NonNullable<ModelInput['users']> = [];
  const clients: NonNullable<ModelInput['clients']> = [];
  for (let i = 0; i < users; i++) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const logon = `${first[0]}${last}${i + 1}`.toLowerCase().slice(0, 20);
    const displayName = `${first} ${last}`;
    if (r.next() < 0.35) {
      const p = r.int(shape.pop3Servers);
      mailboxes[p]!.push(logon);
      userList.push({ logon, displayName, kind: 'pop3', externalAddress: `${logon}@${pop3Domain(p)}` });
      clients.push({
        user: logon,
        program: 'Outlook Express',
        emailAddress: `${logon}@${SHARED_DOMAIN}`,
        incoming: { protocol: 'pop3', server: `${pop3Name(p).toLowerCase()}.${SHARED_DOMAIN}` },
        outgoing: { server: `${r.pick(internetServers).toLowerCase()}.${SHARED_DOMAIN}`, requiresAuthentication: true },
      });
    } else {
      userList.push({ logon, displayName, kind: 'exchange', mailboxServer: exchangeName(r.int(shape.exchangeServers)) });
    }
  }

  const pop3 = Array.from({ length: shape.pop3Servers }, (_, i) => ({
    name: pop3Name(i),
    fqdn: `${pop3Name(i).toLowerCase()}.${SHARED_DOMAIN}`,
    ip: pop3Ip(i),
    maxHopCount: 15,
    authentication: 'active-directory' as const,
    domains: [{ name: pop3Domain(i), mailboxes: mailboxes[i]! }],
    smtp: {
      relay: { mode: 'only-list' as const, computers: [], allowAuthenticated: true },
      smartHost: `[${exchangeIp(0)}]`,
      requireAuthentication: true,
      outboundSecurity: {
        mode: 'integrated' as const,
        account: 'SYNTHCORP\\svc-pop3-relay',
        passwordNeverExpires: true,
        secret: 'env:COEXIST_POP3_RELAY_PASSWORD',
      },
      remoteDomains: [
        { name: SHARED_DOMAIN, allowRelay: true, smartHost: `[${exchangeIp(0)}]` },
        { name: SECOND_DOMAIN, allowRelay: true, smartHost: `[${exchangeIp(1)}]` },
      ],
    },
  }));

  const pop3Connectors = pop3.map((p, i) => ({
    name: `POP3 Connector ${p.name}`,
    smartHosts: [`[${p.ip}]`],
    bridgeheads: internetServers,
    addressSpaces: [{ type: 'SMTP' as const, domain: pop3Domain(i), cost: 1 }],
    allowRelay: false,
  }));
  const partnerConnectors = Array.from({ length: shape.partnerConnectors }, (_, i) => {
    const domain = partnerDomain(i);
    const spaces = [{ type: 'SMTP' as const, domain, cost: 1 + r.int(10) }];
    if (r.next() < 0.6) spaces.push({ type: 'SMTP', domain: `*.${domain}`, cost: 1 + r.int(50) });
    if (r.next() < 0.3) spaces.push({ type: 'SMTP', domain: `mail.partner${pad(i + 1, 3)}-group.org`, cost: 1 + r.int(100) });
    // Half go out through the partner's own (public, TEST-NET) relay, half use DNS.
    const smartHosts = r.next() < 0.5 ? [`[${r.next() < 0.5 ? '198.51.100' : '203.0.113'}.${1 + r.int(254)}]`] : [];
    return {
      name: `Partner ${pad(i + 1, 3)}`,
      smartHosts,
      bridgeheads: [exchangeName(r.int(shape.exchangeServers))],
      addressSpaces: spaces,
      allowRelay: false,
    };
  });

  return {
    version: 1,
    organization: `Synthetic Corp (${users} users)`,
    scenario: 'shared-domain',
    dns: { mx: { [SHARED_DOMAIN]: internetServers[0]!, [SECOND_DOMAIN]: internetServers[1] ?? internetServers[0]! } },
    exchange: {
      servers: exchange,
      recipientPolicies: [
        {
          name: 'Default Policy',
          priority: 'lowest',
          filter: 'all',
          addresses: [{ address: `@${SHARED_DOMAIN}`, primary: true, responsible: true }],
        },
        {
          name: 'POP User Addresses',
          priority: 1,
          filter: 'users-with-external-addresses',
          addresses: [
            { address: `@${pop3Domain(0)}`, primary: true, responsible: false },
            { address: `@${SHARED_DOMAIN}`, primary: false, responsible: true },
          ],
        },
        {
          name: 'Mailbox Users',
          priority: 2,
          filter: 'users-with-mailboxes',
          addresses: [
            { address: `@${SHARED_DOMAIN}`, primary: true, responsible: true },
            { address: `@${SECOND_DOMAIN}`, primary: false, responsible: true },
          ],
        },
      ],
      connectors: [...pop3Connectors, ...partnerConnectors],
    },
    pop3: { servers: pop3 },
    users: userList,
    clients,
    targets: [],
  };
}

export function syntheticModel(users: number, seed = DEFAULT_SEED): Model {
  return ModelSchema.parse(syntheticInput(users, seed));
}

/** Recipients a gateway would see for this organisation: users, unknowns, partners, the Internet. */
export function recipientMix(model: Model, count: number, seed = DEFAULT_SEED): string[] {
  const r = rng(seed ^ 0x5eed ^ count);
  const users = model.users;
  const partners = model.exchange.connectors.filter((c) => c.name.startsWith('Partner'));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const user = users[r.int(users.length)]!;
    if (roll < 0.6) out.push(`${user.logon}@${SHARED_DOMAIN}`);
    else if (roll < 0.7) out.push(`${user.logon}@${SECOND_DOMAIN}`);
    else if (roll < 0.8) out.push(`nobody${i}@${SHARED_DOMAIN}`);
    else if (roll < 0.9 && partners.length > 0) out.push(`contact${i}@${r.pick(partners).addressSpaces[0]!.domain}`);
    else out.push(`someone${i}@internet-${r.int(1000)}.com`);
  }
  return out;
}
