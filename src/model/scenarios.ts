// The seed's two scenarios, with the seed's own example values (Northwind Traders, Contoso).
import { ModelSchema, type Model, type ModelInput } from './schema.js';

export type ScenarioId = 'shared-domain' | 'separate-domains';
export const SCENARIOS: readonly ScenarioId[] = ['shared-domain', 'separate-domains'];

export const SCENARIO_SUMMARY: Record<ScenarioId, string> = {
  'shared-domain':
    "Exchange and the POP3 server share one public SMTP domain (northwindtraders.com). Exchange owns it; POP3 users are mail-enabled users whose external address is on the POP3 server's own routing domain (pop.northwindtraders.com), reached through an SMTP connector.",
  'separate-domains':
    'Exchange keeps its domain (northwindtraders.com) and the POP3 users keep theirs (pop.contoso.com). Exchange receives mail for both and relays the POP3 domain to the POP3 server through an SMTP connector that allows relaying.',
};

const exchangeServer = {
  name: 'EX01',
  fqdn: 'ex01.northwindtraders.com',
  ip: '10.0.0.10',
  acceptsInternetMail: true,
  maxHopCount: 30,
  smtpVirtualServers: [
    { name: 'Default SMTP Virtual Server', relay: { mode: 'only-list' as const, computers: ['10.0.0.20'], allowAuthenticated: true } },
  ],
};

const sharedDomain: ModelInput = {
  version: 1,
  organization: 'Northwind Traders',
  scenario: 'shared-domain',
  dns: { mx: { 'northwindtraders.com': 'EX01' } },
  exchange: {
    servers: [exchangeServer],
    recipientPolicies: [
      {
        name: 'Default Policy',
        priority: 'lowest',
        filter: 'all',
        addresses: [{ address: '@northwindtraders.com', primary: true, responsible: true }],
      },
      {
        name: 'POP User Addresses',
        priority: 1,
        filter: 'users-with-external-addresses',
        addresses: [
          { address: '@pop.northwindtraders.com', primary: true, responsible: false },
          { address: '@northwindtraders.com', primary: false, responsible: true },
        ],
      },
    ],
    connectors: [
      {
        name: 'POP3 Connector',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: 'pop.northwindtraders.com', cost: 1 }],
        allowRelay: false,
      },
    ],
  },
  pop3: {
    servers: [
      {
        name: 'POP01',
        fqdn: 'pop01.northwindtraders.com',
        ip: '10.0.0.20',
        maxHopCount: 15,
        authentication: 'active-directory',
        domains: [{ name: 'pop.northwindtraders.com', mailboxes: ['alice', 'carl'] }],
        smtp: {
          relay: { mode: 'only-list', computers: [], allowAuthenticated: true },
          smartHost: '[10.0.0.10]',
          requireAuthentication: true,
          outboundSecurity: {
            mode: 'integrated',
            account: 'NWTRADERS\\svc-pop3-relay',
            passwordNeverExpires: true,
            secret: 'env:COEXIST_POP3_RELAY_PASSWORD',
          },
          remoteDomains: [{ name: 'northwindtraders.com', allowRelay: true, smartHost: '[10.0.0.10]' }],
        },
      },
    ],
  },
  users: [
    { logon: 'alice', displayName: 'Alice Martin', kind: 'pop3', externalAddress: 'alice@pop.northwindtraders.com' },
    { logon: 'carl', displayName: 'Carl Dubois', kind: 'pop3', externalAddress: 'carl@pop.northwindtraders.com' },
    { logon: 'bob', displayName: 'Bob Kelly', kind: 'exchange', mailboxServer: 'EX01' },
  ],
  clients: [
    {
      user: 'alice',
      program: 'Outlook Express',
      emailAddress: 'alice@northwindtraders.com',
      incoming: { protocol: 'pop3', server: 'pop01.northwindtraders.com' },
      outgoing: { server: 'ex01.northwindtraders.com', requiresAuthentication: true },
    },
    {
      user: 'carl',
      program: 'Outlook Express',
      emailAddress: 'carl@northwindtraders.com',
      incoming: { protocol: 'pop3', server: 'pop01.northwindtraders.com' },
      outgoing: { server: 'ex01.northwindtraders.com', requiresAuthentication: true },
    },
  ],
  targets: [],
};

const separateDomains: ModelInput = {
  version: 1,
  organization: 'Northwind Traders',
  scenario: 'separate-domains',
  dns: { mx: { 'northwindtraders.com': 'EX01', 'pop.contoso.com': 'EX01' } },
  exchange: {
    servers: [exchangeServer],
    recipientPolicies: [
      {
        name: 'Default Policy',
        priority: 'lowest',
        filter: 'all',
        addresses: [{ address: '@northwindtraders.com', primary: true, responsible: true }],
      },
    ],
    connectors: [
      {
        name: 'POP3 Connector',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: 'pop.contoso.com', cost: 1 }],
        allowRelay: true,
      },
    ],
  },
  pop3: {
    servers: [
      {
        name: 'POP01',
        fqdn: 'pop01.contoso.com',
        ip: '10.0.0.20',
        maxHopCount: 15,
        authentication: 'active-directory',
        domains: [{ name: 'pop.contoso.com', mailboxes: ['alice', 'carl'] }],
        smtp: {
          relay: { mode: 'only-list', computers: [], allowAuthenticated: true },
          smartHost: '[10.0.0.10]',
          requireAuthentication: true,
          outboundSecurity: { mode: 'anonymous', passwordNeverExpires: false },
          remoteDomains: [{ name: 'northwindtraders.com', allowRelay: true, smartHost: '[10.0.0.10]' }],
        },
      },
    ],
  },
  users: [
    { logon: 'alice', displayName: 'Alice Martin', kind: 'pop3' },
    { logon: 'carl', displayName: 'Carl Dubois', kind: 'pop3' },
    { logon: 'bob', displayName: 'Bob Kelly', kind: 'exchange', mailboxServer: 'EX01' },
  ],
  clients: [
    {
      user: 'alice',
      program: 'Outlook Express',
      emailAddress: 'alice@pop.contoso.com',
      incoming: { protocol: 'pop3', server: 'pop01.contoso.com' },
      outgoing: { server: 'ex01.northwindtraders.com', requiresAuthentication: true },
    },
    {
      user: 'carl',
      program: 'Outlook Express',
      emailAddress: 'carl@pop.contoso.com',
      incoming: { protocol: 'pop3', server: 'pop01.contoso.com' },
      outgoing: { server: 'ex01.northwindtraders.com', requiresAuthentication: true },
    },
  ],
  targets: [],
};

const INPUTS: Record<ScenarioId, ModelInput> = { 'shared-domain': sharedDomain, 'separate-domains': separateDomains };

/** A fresh copy of a built-in example. */
export function scenarioModel(id: ScenarioId): Model {
  return ModelSchema.parse(structuredClone(INPUTS[id]));
}
