// How each flow's message really enters the mail system: which server, from which address, with or
// without SMTP AUTH, or through a server's local pickup (sendmail) for mail written on the server itself.
import { parseRecipient } from '../../src/model/address.js';
import { directoryOf } from '../../src/model/routing/directory.js';
import type { Flow } from '../../src/model/routing/flows.js';
import type { Model } from '../../src/model/schema.js';
import { LAB_ADDRESSES, type LabServer } from './lab-model.js';

export type Submission =
  | { kind: 'smtp'; to: LabServer | 'Internet'; clientIp: string; auth?: { user: string }; from: string; rcpt: string; why: string }
  | { kind: 'pickup'; on: LabServer; from: string; rcpt: string; why: string }
  | { kind: 'impossible'; why: string }
  /** The Internet has no host for the domain: one of the organisation's with no MX (the lab's DNS is the model's). */
  | { kind: 'unreachable'; domain: string; why: string };

const unbracket = (rcpt: string) => (rcpt.startsWith('<') && rcpt.endsWith('>') ? rcpt.slice(1, -1) : rcpt);

export function labSender(token: string): string {
  return `lab-${token.toLowerCase()}@example.net`;
}

/** Where and how the lab submits one flow's message (the model's DNS and client settings decide, as for a real sender). */
export function submissionFor(model: Model, servers: LabServer[], flow: Flow, token: string): Submission {
  const m = flow.message;
  const byName = (name: string) => servers.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const byFqdn = (fqdn: string) => servers.find((s) => s.fqdn === fqdn.toLowerCase());
  const labIp = (ip: string | undefined, fallback: string): string | undefined => {
    if (ip === undefined) return fallback;
    const server = servers.find((s) => s.modelIp === ip || s.labIp === ip);
    if (server) return server.labIp;
    return /^127\./.test(ip) ? ip : undefined;
  };
  const sender = m.sender ?? labSender(token);

  if (m.origin.kind === 'internet') {
    const clientIp = labIp(m.clientIp, LAB_ADDRESSES.internetClient);
    if (!clientIp) return { kind: 'impossible', why: `client IP ${m.clientIp} has no lab address` };
    if (m.authenticated) return { kind: 'impossible', why: 'an authenticated Internet client has no account in the lab' };
    if (m.via) {
      const to = byName(m.via);
      return to
        ? { kind: 'smtp', to, clientIp, from: sender, rcpt: m.recipient, why: `Internet host ${clientIp} straight to ${to.name}` }
        : { kind: 'impossible', why: `${m.via} is not a server of the model` };
    }
    const parsed = parseRecipient(m.recipient);
    const domain = parsed.ok ? ([...parsed.value.route, ...parsed.value.path][0] ?? parsed.value.final.domain) : '';
    const mx = domain ? model.dns.mx[domain] : undefined;
    const to = mx ? byName(mx) : undefined;
    if (!to && domain && ownedDomain(model, domain))
      return {
        kind: 'unreachable',
        domain,
        why: `${domain} is the organisation's and has no MX in the model: no Internet host can deliver to it`,
      };
    if (!to)
      return {
        kind: 'smtp',
        to: 'Internet',
        clientIp,
        from: sender,
        rcpt: m.recipient,
        why: `no MX in the model for ${domain || 'the address'}: straight to the Internet`,
      };
    return { kind: 'smtp', to, clientIp, from: sender, rcpt: m.recipient, why: `MX for ${domain} is ${to.name}` };
  }

  if (m.origin.kind === 'server') {
    const on = byName(m.origin.name);
    return on
      ? { kind: 'pickup', on, from: sender, rcpt: unbracket(m.recipient), why: `written on ${on.name} (local pickup)` }
      : { kind: 'impossible', why: `${m.origin.name} is not a server of the model` };
  }

  const logon = m.origin.logon.toLowerCase();
  const user = model.users.find((u) => u.logon.toLowerCase() === logon);
  if (!user) return { kind: 'impossible', why: `${m.origin.logon} is not a user of the model` };
  const client = model.clients.find((c) => c.user.toLowerCase() === logon);
  const dir = directoryOf(model);
  const ownAddress = client?.emailAddress ?? [...dir.recipients].find(([, r]) => r.user === user && r.primary)?.[0] ?? sender;
  const from = m.sender ?? ownAddress;
  if (m.via || client) {
    const to = m.via ? byName(m.via) : byFqdn(client!.outgoing.server);
    if (!to) return { kind: 'impossible', why: `the outgoing server ${m.via ?? client!.outgoing.server} is not a server of the model` };
    const authenticated = m.authenticated ?? client?.outgoing.requiresAuthentication ?? false;
    const clientIp = labIp(m.clientIp, LAB_ADDRESSES.workstation);
    if (!clientIp) return { kind: 'impossible', why: `client IP ${m.clientIp} has no lab address` };
    const base = {
      kind: 'smtp' as const,
      to,
      clientIp,
      from,
      rcpt: m.recipient,
      why: `${user.logon}'s mail client to ${to.name} ${authenticated ? 'with' : 'without'} SMTP AUTH`,
    };
    return authenticated ? { ...base, auth: { user: user.logon } } : base;
  }
  if (user.kind === 'exchange' && user.mailboxServer) {
    const on = byName(user.mailboxServer);
    if (on)
      return { kind: 'pickup', on, from, rcpt: unbracket(m.recipient), why: `Outlook on the mailbox server ${on.name} (local submission)` };
  }
  return { kind: 'impossible', why: `${user.logon} has no mail client settings in the model` };
}

/**
 * A domain whose DNS the organisation holds: a recipient-policy domain, a POP3 domain, or the address
 * literal of one of its servers. Any other domain stands for the rest of the Internet (the sink).
 */
export function ownedDomain(model: Model, domain: string): boolean {
  const d = domain.toLowerCase();
  if (d.startsWith('[')) {
    const ip = d.replace(/^\[(ipv6:)?|\]$/g, '');
    return [...model.exchange.servers, ...model.pop3.servers].some((s) => s.ip.toLowerCase() === ip);
  }
  return (
    model.exchange.recipientPolicies.some((p) => p.addresses.some((a) => a.address.slice(1).toLowerCase() === d)) ||
    model.pop3.servers.some((p) => p.domains.some((x) => x.name.toLowerCase() === d))
  );
}

/** The message itself: the token in a header of its own, so copies and returned copies can be told apart. */
export function messageText(flow: Flow, token: string, from: string, rcpt: string): string {
  return [
    `From: <${from}>`,
    `To: <${unbracket(rcpt).replace(/[<>\r\n]/g, '')}>`,
    `Subject: coexist lab ${flow.id} ${token}`,
    `Message-ID: <${token}@lab.coexist.invalid>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `X-Lab-Token: ${token}`,
    '',
    `coexist mail lab: flow ${flow.id}`,
    flow.title,
    '',
  ].join('\n');
}
