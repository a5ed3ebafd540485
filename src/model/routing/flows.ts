// The flow matrix: the seed's standard flows and the classic relay probes, built from the model's own
// users, domains and servers, each with the outcome the seed intends.
import type { Model } from '../schema.js';
import { directoryOf } from './directory.js';
import { simulate } from './simulate.js';
import type { Message, Trace, Verdict } from './types.js';

export type Expectation =
  | { kind: 'delivered'; system: 'exchange' | 'pop3' | 'internet'; server?: string; mailbox?: string }
  | { kind: 'rejected' }
  | { kind: 'bounced'; status?: string };

export interface Flow {
  id: string;
  group: 'inbound' | 'outbound' | 'internal' | 'relay-probe';
  title: string;
  message: Message;
  expect: Expectation;
}

export interface FlowResult {
  flow: Flow;
  trace: Trace;
  pass: boolean;
}

/** A foreign domain that is never local: the victim of relay probes (docs/reliability.md). */
export const PROBE_DOMAIN = 'example.org';
export const OUTSIDE_RECIPIENT = 'partner@example.com';
const UNKNOWN_LOCAL = 'no-such-user';

export function sharedDomain(model: Model): string | undefined {
  const def = model.exchange.recipientPolicies.find((p) => p.priority === 'lowest') ?? model.exchange.recipientPolicies[0];
  return def?.addresses.find((a) => a.primary)?.address.slice(1);
}

/** The relay-probe families of docs/reliability.md (R02, R06-R21), aimed at one server. */
export function relayProbeRecipients(
  server: { fqdn: string; ip: string },
  shared: string | undefined,
): { id: string; rcpt: string; family: string }[] {
  const R = server.fqdn;
  const IP = server.ip;
  const L = shared ?? R;
  const v = `relaytest`;
  const o = PROBE_DOMAIN;
  return [
    { id: 'R02', rcpt: `<${v}@${o}>`, family: 'plain third-party relay' },
    { id: 'R06', rcpt: `<${v}%${o}@[${IP}]>`, family: 'percent hack via IP literal' },
    { id: 'R07', rcpt: `<${v}%${o}@${R}>`, family: 'percent hack via host name' },
    { id: 'R08', rcpt: `<${v}%${o}@${L}>`, family: 'percent hack via the shared domain' },
    { id: 'R09', rcpt: `<"${v}@${o}">`, family: 'quoted local part with @' },
    { id: 'R10', rcpt: `<"${v}%${o}">`, family: 'quoted percent form' },
    { id: 'R11', rcpt: `<${v}@${o}@[${IP}]>`, family: 'double @ with literal' },
    { id: 'R12', rcpt: `<"${v}@${o}"@[${IP}]>`, family: 'quoted inner @ behind a literal' },
    { id: 'R13', rcpt: `<${v}@${o}@${R}>`, family: 'double @ behind host name' },
    { id: 'R14', rcpt: `<"${v}@${o}"@${L}>`, family: 'quoted inner @ behind the shared domain' },
    { id: 'R15', rcpt: `<@[${IP}]:${v}@${o}>`, family: 'source route via literal' },
    { id: 'R16', rcpt: `<@${R}:${v}@${o}>`, family: 'source route via host name' },
    { id: 'R17', rcpt: `<@${L},@${R}:${v}@${o}>`, family: 'multi-hop source route' },
    { id: 'R18', rcpt: `<${o}!${v}>`, family: 'bare bang path' },
    { id: 'R19', rcpt: `<${o}!${v}@[${IP}]>`, family: 'bang path behind literal' },
    { id: 'R20', rcpt: `<${o}!${v}@${R}>`, family: 'bang path behind host name' },
    { id: 'R21', rcpt: `<${o}!${v}@${L}>`, family: 'bang path behind the shared domain' },
  ];
}

export function standardFlows(model: Model): Flow[] {
  const dir = directoryOf(model);
  const flows: Flow[] = [];
  const shared = sharedDomain(model);
  const popHome = (logon: string) => {
    for (const [domain, entry] of dir.pop3Domains) {
      if (entry.mailboxes.has(logon.toLowerCase()))
        return {
          server: entry.server.name,
          mailbox: `${entry.server.domains[entry.domainIndex]!.mailboxes[entry.mailboxes.get(logon.toLowerCase())!]}@${domain}`,
        };
    }
    return undefined;
  };
  const popUser = model.users.find((u) => u.kind === 'pop3' && popHome(u.logon));
  const exUser = model.users.find((u) => u.kind === 'exchange' && u.mailboxServer);
  const publicAddress = (logon: string): string | undefined => {
    const client = model.clients.find((c) => c.user.toLowerCase() === logon.toLowerCase());
    if (client) return client.emailAddress;
    const home = popHome(logon);
    if (model.scenario === 'shared-domain' && shared) return `${logon}@${shared}`;
    return home?.mailbox;
  };

  if (popUser) {
    const home = popHome(popUser.logon)!;
    const address = publicAddress(popUser.logon)!;
    flows.push({
      id: 'internet-to-pop3-user',
      group: 'inbound',
      title: `Internet to POP3 user ${popUser.displayName} (${address})`,
      message: { recipient: address, origin: { kind: 'internet' } },
      expect: { kind: 'delivered', system: 'pop3', server: home.server, mailbox: home.mailbox },
    });
    if (address.toLowerCase() !== home.mailbox.toLowerCase() && dir.model.dns.mx[home.mailbox.split('@')[1]!]) {
      flows.push({
        id: 'internet-to-pop3-domain',
        group: 'inbound',
        title: `Internet to the POP3 domain address ${home.mailbox}`,
        message: { recipient: home.mailbox, origin: { kind: 'internet' } },
        expect: { kind: 'delivered', system: 'pop3', server: home.server, mailbox: home.mailbox },
      });
    }
  }
  if (exUser && shared) {
    flows.push({
      id: 'internet-to-exchange-user',
      group: 'inbound',
      title: `Internet to Exchange user ${exUser.displayName} (${exUser.logon}@${shared})`,
      message: { recipient: `${exUser.logon}@${shared}`, origin: { kind: 'internet' } },
      expect: { kind: 'delivered', system: 'exchange', server: exUser.mailboxServer! },
    });
  }
  if (shared) {
    flows.push({
      id: 'internet-to-unknown-user',
      group: 'inbound',
      title: `Internet to an unknown user (${UNKNOWN_LOCAL}@${shared}): NDR, no loop`,
      message: { recipient: `${UNKNOWN_LOCAL}@${shared}`, origin: { kind: 'internet' } },
      expect: { kind: 'bounced', status: '5.1.1' },
    });
  }
  for (const [domain] of dir.pop3Domains) {
    if (!dir.model.dns.mx[domain] && model.scenario === 'shared-domain') continue;
    flows.push({
      id: `internet-to-unknown-pop3-user-${domain}`,
      group: 'inbound',
      title: `Internet to an unknown user of the POP3 domain (${UNKNOWN_LOCAL}@${domain}): NDR, no loop`,
      message: { recipient: `${UNKNOWN_LOCAL}@${domain}`, origin: { kind: 'internet' } },
      expect: { kind: 'bounced', status: '5.1.1' },
    });
  }
  if (popUser && model.clients.some((c) => c.user.toLowerCase() === popUser.logon.toLowerCase())) {
    flows.push({
      id: 'pop3-client-to-internet-auth',
      group: 'outbound',
      title: `POP3 client of ${popUser.displayName} to the Internet, authenticated`,
      message: { recipient: OUTSIDE_RECIPIENT, origin: { kind: 'user', logon: popUser.logon }, authenticated: true },
      expect: { kind: 'delivered', system: 'internet' },
    });
    flows.push({
      id: 'pop3-client-to-internet-noauth',
      group: 'outbound',
      title: `POP3 client of ${popUser.displayName} to the Internet, without authentication: refused`,
      message: { recipient: OUTSIDE_RECIPIENT, origin: { kind: 'user', logon: popUser.logon }, authenticated: false },
      expect: { kind: 'rejected' },
    });
    if (exUser && shared) {
      flows.push({
        id: 'pop3-user-to-exchange-user',
        group: 'internal',
        title: `POP3 user ${popUser.displayName} to Exchange user ${exUser.displayName}`,
        message: { recipient: `${exUser.logon}@${shared}`, origin: { kind: 'user', logon: popUser.logon } },
        expect: { kind: 'delivered', system: 'exchange', server: exUser.mailboxServer! },
      });
    }
  }
  for (const pop of model.pop3.servers) {
    flows.push({
      id: `pop3-server-to-internet-${pop.name}`,
      group: 'outbound',
      title: `Mail leaving the POP3 server ${pop.name} for the Internet (relayed through Exchange)`,
      message: { recipient: OUTSIDE_RECIPIENT, origin: { kind: 'server', name: pop.name } },
      expect: { kind: 'delivered', system: 'internet' },
    });
  }
  if (exUser && popUser) {
    const home = popHome(popUser.logon)!;
    flows.push({
      id: 'exchange-user-to-pop3-user',
      group: 'internal',
      title: `Exchange user ${exUser.displayName} to POP3 user ${popUser.displayName}`,
      message: { recipient: publicAddress(popUser.logon)!, origin: { kind: 'user', logon: exUser.logon } },
      expect: { kind: 'delivered', system: 'pop3', server: home.server, mailbox: home.mailbox },
    });
  }
  const servers = [...model.exchange.servers, ...model.pop3.servers];
  for (const server of servers) {
    for (const probe of relayProbeRecipients(server, shared)) {
      flows.push({
        id: `relay-probe-${server.name}-${probe.id}`,
        group: 'relay-probe',
        title: `Relay probe ${probe.id} at ${server.name} (${probe.family}): ${probe.rcpt}`,
        message: { recipient: probe.rcpt, origin: { kind: 'internet' }, via: server.name },
        expect: { kind: 'rejected' },
      });
    }
  }
  return flows;
}

export function meets(expect: Expectation, verdict: Verdict): boolean {
  if (expect.kind !== verdict.kind) return false;
  if (expect.kind === 'delivered' && verdict.kind === 'delivered') {
    if (expect.system !== verdict.system) return false;
    if (expect.server && expect.server.toLowerCase() !== verdict.server.toLowerCase()) return false;
    if (expect.mailbox && expect.mailbox.toLowerCase() !== verdict.mailbox.toLowerCase()) return false;
  }
  if (expect.kind === 'bounced' && verdict.kind === 'bounced' && expect.status && expect.status !== verdict.status) return false;
  return true;
}

export function describeExpectation(e: Expectation): string {
  switch (e.kind) {
    case 'delivered':
      return `delivered (${e.system}${e.server ? ` ${e.server}` : ''}${e.mailbox ? ` ${e.mailbox}` : ''})`;
    case 'rejected':
      return 'rejected';
    case 'bounced':
      return `bounced${e.status ? ` ${e.status}` : ''}`;
  }
}

export function describeVerdict(v: Verdict): string {
  switch (v.kind) {
    case 'delivered':
      return `delivered (${v.system} ${v.server} ${v.mailbox})`;
    case 'rejected':
      return `rejected ${v.code} ${v.status} at ${v.server}`;
    case 'bounced':
      return `bounced ${v.status} at ${v.server}`;
    case 'loop':
      return `loop ${v.cycle.join(' -> ')} (stopped by ${v.server} after ${v.hops} hops)`;
    case 'relayed':
      return `relayed by ${v.server} for an unauthenticated Internet client (open relay), then ${describeVerdict(v.outcome)}`;
    case 'unreachable':
      if (v.domain === '') return 'not reachable from the Internet (the address names no domain)';
      if (v.domain.startsWith('[')) return `not reachable from the Internet (no route to ${v.domain})`;
      return `not reachable from the Internet (${v.domain} has no MX record)`;
  }
}

export function runFlows(model: Model, flows = standardFlows(model)): FlowResult[] {
  return flows.map((flow) => {
    const trace = simulate(model, flow.message);
    return { flow, trace, pass: meets(flow.expect, trace.verdict) };
  });
}
