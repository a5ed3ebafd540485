// Turns setup answers into a model shaped like the seed's built-in examples (src/model/scenarios.ts):
// the same policies, connector, remote domain, relay settings, users and Outlook Express clients.
import { parseDomain, parseIP } from '../net.js';
import { ModelSchema, type Model, type ModelInput } from '../schema.js';
import { usesOutboundSecurity, usesRelayList, type SetupAnswers } from './answers.js';
import { checkAnswers, hasErrors, resolveAnswers, type FieldProblem } from './check.js';

export type BuildResult = { ok: true; model: Model; warnings: FieldProblem[] } | { ok: false; problems: FieldProblem[] };

const domainOf = (s: string) => {
  const r = parseDomain(s.trim());
  return r.ok ? r.value : s.trim().toLowerCase();
};
const ipOf = (s: string) => {
  const r = parseIP(s.trim());
  return r.ok ? r.value : s.trim();
};

function modelInput(raw: SetupAnswers): ModelInput {
  const a = resolveAnswers(raw);
  const shared = domainOf(a.sharedDomain);
  const popDomain = domainOf(a.pop3Domain);
  const sharedScenario = a.scenario === 'shared-domain';
  const exchange = a.exchange.map((s) => ({ name: s.name.trim(), fqdn: domainOf(s.fqdn), ip: ipOf(s.ip), internet: s.internet }));
  const gateways = exchange.filter((s) => s.internet);
  const gateway = gateways[0] ?? exchange[0]!;
  const pop = { name: a.pop3.name.trim(), fqdn: domainOf(a.pop3.fqdn), ip: ipOf(a.pop3.ip) };
  const users = a.users.map((u) => ({ logon: u.logon.trim(), displayName: u.displayName.trim(), kind: u.kind }));
  const popUsers = users.filter((u) => u.kind === 'pop3');

  const mx: Record<string, string> = { [shared]: gateway.name };
  // Separate domains: Exchange receives the POP3 domain too and relays it through the connector.
  if (!sharedScenario) mx[popDomain] = gateway.name;

  const defaultPolicy = {
    name: 'Default Policy',
    priority: 'lowest' as const,
    filter: 'all' as const,
    addresses: [{ address: `@${shared}`, primary: true, responsible: true }],
  };
  const popPolicy = {
    name: a.policyName,
    priority: 1,
    filter: 'users-with-external-addresses' as const,
    addresses: [
      { address: `@${popDomain}`, primary: true, responsible: false },
      { address: `@${shared}`, primary: false, responsible: true },
    ],
  };

  const outbound = usesOutboundSecurity(a.relayMethod)
    ? {
        mode: 'integrated' as const,
        account: a.serviceAccount.trim(),
        passwordNeverExpires: a.passwordNeverExpires,
        secret: a.serviceSecret.trim(),
      }
    : { mode: 'anonymous' as const, passwordNeverExpires: false };

  return {
    version: 1,
    organization: a.organization.trim(),
    scenario: a.scenario,
    dns: { mx },
    exchange: {
      servers: exchange.map((s) => ({
        name: s.name,
        fqdn: s.fqdn,
        ip: s.ip,
        acceptsInternetMail: s.internet,
        maxHopCount: 30,
        smtpVirtualServers: [
          {
            name: 'Default SMTP Virtual Server',
            // Method 2: "Only the list below" with the POP3 server's IP, on the servers it sends through.
            relay: {
              mode: 'only-list' as const,
              computers: usesRelayList(a.relayMethod) && s.internet ? [pop.ip] : [],
              allowAuthenticated: true,
            },
          },
        ],
      })),
      recipientPolicies: sharedScenario ? [defaultPolicy, popPolicy] : [defaultPolicy],
      connectors: [
        {
          name: 'POP3 Connector',
          smartHosts: [`[${pop.ip}]`],
          bridgeheads: gateways.map((s) => s.name),
          addressSpaces: [{ type: 'SMTP' as const, domain: popDomain, cost: 1 }],
          allowRelay: !sharedScenario,
        },
      ],
    },
    pop3: {
      servers: [
        {
          name: pop.name,
          fqdn: pop.fqdn,
          ip: pop.ip,
          maxHopCount: 15,
          authentication: a.pop3.authentication,
          domains: [{ name: popDomain, mailboxes: popUsers.map((u) => u.logon) }],
          smtp: {
            relay: { mode: 'only-list' as const, computers: [], allowAuthenticated: true },
            // Delivery > Advanced: everything that leaves the POP3 server goes out through Exchange.
            smartHost: `[${gateway.ip}]`,
            requireAuthentication: true,
            outboundSecurity: outbound,
            remoteDomains: [{ name: shared, allowRelay: true, smartHost: `[${gateway.ip}]` }],
          },
        },
      ],
    },
    users: users.map((u) =>
      u.kind === 'pop3'
        ? { ...u, ...(sharedScenario ? { externalAddress: `${u.logon}@${popDomain}` } : {}) }
        : { ...u, mailboxServer: gateway.name },
    ),
    clients: popUsers.map((u) => ({
      user: u.logon,
      program: 'Outlook Express',
      emailAddress: `${u.logon}@${sharedScenario ? shared : popDomain}`,
      incoming: { protocol: 'pop3' as const, server: pop.fqdn },
      outgoing: { server: a.clientsSendTo === 'exchange' ? gateway.fqdn : pop.fqdn, requiresAuthentication: true },
    })),
    // A runbook in one language is a target of its own; both languages is the runbook's default.
    targets:
      a.runbookLanguage === 'both'
        ? []
        : [{ id: 'runbook', adapter: 'runbook' as const, server: gateway.name, options: { language: a.runbookLanguage } }],
  };
}

/** The model for these answers, or the problems that stop it (errors only; warnings ride along). */
export function buildModel(answers: SetupAnswers): BuildResult {
  const problems = checkAnswers(answers);
  if (hasErrors(problems)) return { ok: false, problems: problems.filter((p) => p.severity === 'error') };
  const parsed = ModelSchema.safeParse(modelInput(answers));
  if (!parsed.success) {
    // The field checks above mirror the schema; reaching this means they drifted apart.
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ field: i.path.join('.'), severity: 'error' as const, message: i.message })),
    };
  }
  return { ok: true, model: parsed.data, warnings: problems };
}
