// The two hard rules that protect everyone else: no mail loop, no open relay.
import { cidrContains, parseCidr } from '../net.js';
import { nameUnderDomain, parseRelayEntry } from '../relay-entry.js';
import type { Model } from '../schema.js';
import { simulate, simulateVerdict } from '../routing/simulate.js';
import { PROBE_DOMAIN, relayProbeRecipients, sharedDomain } from '../routing/flows.js';
import type { Origin } from '../routing/types.js';
import { pickConnector } from '../routing/directory.js';
import { resolveSmartHost } from './connectors.js';
import type { Report, Rule } from './types.js';
import { SEED } from './types.js';

const PROBE_LOCAL = 'no-such-user-loop-probe';

export const sameDomainBothSystems: Rule = {
  id: 'loop.same-domain-both-systems',
  severity: 'error',
  title: 'Exchange and the POP3 server own exactly the same domain',
  seed: `${SEED.rules}: "Exchange and a Windows POP3 server cannot use exactly the same mail domain, because a mail loop occurs on messages to invalid recipients"`,
  check(model, dir) {
    const out: Report[] = [];
    // Domains Exchange gives its own mailbox users and is responsible for: Exchange treats them as its own.
    // A non-authoritative entry (the box cleared) is the seed's way of sharing a domain, not owning it.
    const exchangeOwn = new Map<string, { policy: string; path: string }>();
    model.exchange.recipientPolicies.forEach((p, i) => {
      if (p.filter === 'users-with-external-addresses') return;
      p.addresses.forEach((a, j) => {
        if (a.responsible)
          exchangeOwn.set(a.address.slice(1), { policy: p.name, path: `exchange.recipientPolicies[${i}].addresses[${j}]` });
      });
    });
    for (const [domain, entry] of dir.pop3Domains) {
      const owned = exchangeOwn.get(domain);
      if (owned) {
        out.push({
          message: `${domain} is a POP3 domain of ${entry.server.name} and the mail domain of Exchange's recipient policy "${owned.policy}": both systems own it`,
          path: `pop3.servers[${entry.serverIndex}].domains[${entry.domainIndex}].name`,
          fix: `Give the POP3 server its own routing domain (for example pop.${domain}) and make the POP3 users mail-enabled users pointing at it`,
        });
      }
    }
    return out;
  },
};

/** A domain a connector address space or a POP3 remote domain pattern stands for, to send a probe to. */
function probeDomainOf(pattern: string): string {
  if (pattern === '*') return PROBE_DOMAIN;
  return pattern.startsWith('*.') ? `loop-probe.${pattern.slice(2)}` : pattern;
}

export const simulatedLoop: Rule = {
  id: 'loop.simulated',
  severity: 'error',
  title: 'A message loops between the servers',
  seed: `${SEED.rules}: mail loop on messages to invalid recipients`,
  check(model, dir) {
    // Every domain the model names: a loop can hide behind any of them, not only the organisation's own.
    // A connector space or remote domain can only loop if mail for it is forwarded to a server of the model
    // (the chosen connector's smart host, the remote domain's or the virtual server's smart host); the
    // others go to the Internet at once, and skipping them keeps validate fast with hundreds of partners.
    const intoModel = (host: string | undefined) => host !== undefined && resolveSmartHost(dir, host) !== undefined;
    const domains = new Set<string>([
      ...dir.policyDomains.keys(),
      ...dir.pop3Domains.keys(),
      ...Object.keys(model.dns.mx),
      ...model.exchange.connectors
        .flatMap((c) => c.addressSpaces.map((a) => probeDomainOf(a.domain)))
        .filter((d) => intoModel(pickConnector(dir, d)?.connector.smartHosts[0])),
      ...model.pop3.servers.flatMap((s) =>
        s.smtp.remoteDomains.filter((d) => intoModel(d.smartHost ?? s.smtp.smartHost)).map((d) => probeDomainOf(d.name)),
      ),
    ]);
    const pickups: Origin[] = [...model.exchange.servers, ...model.pop3.servers].map((s) => ({ kind: 'server', name: s.name }));
    const out: Report[] = [];
    for (const domain of domains) {
      const origins: Origin[] = model.dns.mx[domain] ? [{ kind: 'internet' }, ...pickups] : pickups;
      for (const origin of origins) {
        const message = { recipient: `${PROBE_LOCAL}@${domain}`, origin };
        // The verdict alone first (no steps kept); the trace, for the setting to name, only for a loop.
        if (simulateVerdict(model, message).verdict.kind !== 'loop') continue;
        const trace = simulate(model, message);
        if (trace.verdict.kind === 'loop') {
          const setting =
            trace.steps.find((s) => s.setting?.includes('responsible'))?.setting ??
            trace.steps.find((s) => s.setting?.includes('smartHost'))?.setting ??
            'exchange.connectors';
          out.push({
            message: `mail to ${PROBE_LOCAL}@${domain} (${origin.kind === 'server' ? `written on ${origin.name}` : 'from the Internet'}) loops ${trace.verdict.cycle.join(' -> ')} until ${trace.verdict.server} gives up after ${trace.verdict.hops} hops`,
            path: setting,
            fix: 'Make exactly one system authoritative for the domain: tick "This Exchange Organization is responsible for all mail delivery to this address", or stop the POP3 server from sending unknown recipients back',
          });
          break;
        }
      }
    }
    return out;
  },
};

export const wildcardAddressSpace: Rule = {
  id: 'relay.wildcard-address-space',
  severity: 'error',
  title: 'A connector has the address space * or *.domain with relaying allowed',
  seed: `${SEED.connector}, step 6 (Caution): "Do not enter * on the SMTP connector ... anyone on the Internet can use the open relay"`,
  check(model, dir) {
    const out: Report[] = [];
    model.exchange.connectors.forEach((c, i) => {
      c.addressSpaces.forEach((space, j) => {
        if (space.domain.startsWith('*.') && c.allowRelay) {
          out.push({
            message: `connector "${c.name}" has address space ${space.domain} and "Allow messages to be relayed to these domains": Exchange relays mail for every domain under ${space.domain.slice(2)}, not one specific domain (seed: "Il est important d'entrer le domaine de messagerie SMTP spécifique")`,
            path: `exchange.connectors[${i}].addressSpaces[${j}].domain`,
            fix: "Enter the POP3 users' specific SMTP domain (for example pop.contoso.com), or clear the relay box",
          });
          return;
        }
        if (space.domain !== '*') return;
        const toPop3 = c.smartHosts.some((h) => {
          const ip = h.startsWith('[') ? h.slice(1, -1) : undefined;
          const ref = ip ? dir.byIp.get(ip) : dir.byFqdn.get(h);
          return ref?.system === 'pop3';
        });
        if (c.allowRelay || toPop3) {
          out.push({
            message: c.allowRelay
              ? `connector "${c.name}" has address space * and "Allow messages to be relayed to these domains": Exchange relays mail for every domain (open relay; seed: "Cette configuration permet à toutes les personnes utilisant Internet de se servir du relais ouvert")`
              : `connector "${c.name}" sends every domain (*) to the POP3 server`,
            path: `exchange.connectors[${i}].addressSpaces[${j}].domain`,
            fix: "Enter the POP3 users' specific SMTP domain (for example pop.northwindtraders.com), never *",
          });
        }
      });
    });
    return out;
  },
};

export const simulatedOpenRelay: Rule = {
  id: 'relay.open-simulated',
  severity: 'error',
  title: 'A relay probe from the Internet gets through',
  seed: `${SEED.connector}, step 6 (Caution): an open relay "is not secure at all"`,
  check(model) {
    const out: Report[] = [];
    const shared = sharedDomain(model);
    for (const s of [...model.exchange.servers, ...model.pop3.servers]) {
      for (const probe of relayProbeRecipients(s, shared)) {
        // Judged at the first hop: an accepted probe is a relay whatever happens to it later. The verdict
        // says all the report needs (no steps kept).
        const v = simulateVerdict(model, { recipient: probe.rcpt, origin: { kind: 'internet' }, via: s.name }).verdict;
        if (v.kind === 'relayed') {
          out.push({
            message: `${s.name} relays Internet mail for ${probe.rcpt} (${probe.family}, probe ${probe.id}): ${v.text}`,
            path: v.setting,
            fix: 'Relay only for authenticated users and the listed servers: "Only the list below", no * address space, no connector relaying to a foreign domain',
          });
          break;
        }
      }
    }
    return out;
  },
};

export const relayAllExcept: Rule = {
  id: 'relay.all-except-list',
  severity: 'warning',
  title: 'A relay list is in "All except the list below" mode',
  seed: `${SEED.relay}, method 2, step 6: "make sure Only the list below is selected"`,
  check(model) {
    const out: Report[] = [];
    model.exchange.servers.forEach((s, i) =>
      s.smtpVirtualServers.forEach((vs, j) => {
        if (vs.relay.mode === 'all-except-list')
          out.push({
            message: `${s.name} ${vs.name}: relay restrictions are "All except the list below"`,
            path: `exchange.servers[${i}].smtpVirtualServers[${j}].relay.mode`,
            fix: 'Select "Only the list below" and add the POP3 server\'s IP',
          });
      }),
    );
    model.pop3.servers.forEach((s, i) => {
      if (s.smtp.relay.mode === 'all-except-list')
        out.push({
          message: `${s.name}: relay restrictions are "All except the list below"`,
          path: `pop3.servers[${i}].smtp.relay.mode`,
          fix: 'Select "Only the list below"',
        });
    });
    return out;
  },
};

/** A Domain entry lets every computer relay whose reverse DNS name is under the domain, whoever holds the address. */
function domainEntryReport(model: Model, domain: string, path: string, who: string, pop3Ips: string[]): Report {
  const inModel = [...model.exchange.servers, ...model.pop3.servers]
    .filter((s) => nameUnderDomain(s.fqdn, domain))
    .map((s) => `${s.name} (${s.fqdn})`);
  return {
    message: `${who}: relay list entry ${domain} (Domain) lets every computer whose name, by reverse DNS of its address, is ${domain} or ends in .${domain} relay (in the model: ${inModel.length ? inModel.join(', ') : 'no server'}); whoever controls the reverse DNS of an address can give it such a name (seed, method 2: "Ordinateur unique" with the IP address of the server running Windows Server POP3)`,
    path,
    fix: `Replace the Domain entry with single computers: the POP3 server's IP${pop3Ips.length ? ` (${pop3Ips.join(', ')})` : ''}`,
  };
}

export const relayListTooBroad: Rule = {
  id: 'relay.list-too-broad',
  severity: 'error',
  title: 'A relay list grants more computers than the POP3 servers',
  seed: `${SEED.relay}, method 2, step 8: "Single computer" with the POP3 server's IP address`,
  check(model) {
    const out: Report[] = [];
    const pop3Ips = model.pop3.servers.map((s) => s.ip);
    // Every server of a large organisation lists the same entries: each text is parsed, and held against the
    // POP3 servers' addresses, once (servers x entries x POP3 servers parses otherwise).
    const cidrs = new Map<string, ReturnType<typeof parseCidr>>();
    const inside = new Map<string, string[]>();
    const check = (relay: { mode: string; computers: string[] }, path: string, who: string) => {
      // "All except the list below" lists who may not relay: relay.all-except-list reports that mode.
      if (relay.mode !== 'only-list') return;
      relay.computers.forEach((c, k) => {
        let cidr = cidrs.get(c);
        if (!cidr) {
          cidr = parseCidr(c);
          cidrs.set(c, cidr);
        }
        if (!cidr.ok) {
          const entry = parseRelayEntry(c);
          if (entry.ok && entry.value.kind === 'domain')
            out.push(domainEntryReport(model, entry.value.domain, `${path}[${k}]`, who, pop3Ips));
          return;
        }
        const { family, prefix } = cidr.value;
        const size = 2n ** BigInt((family === 'ipv4' ? 32 : 128) - prefix);
        let pop3Inside = inside.get(c);
        if (!pop3Inside) {
          const parsed = cidr.value;
          pop3Inside = pop3Ips.filter((ip) => cidrContains(parsed, ip));
          inside.set(c, pop3Inside);
        }
        if (size <= BigInt(pop3Inside.length)) return;
        const others =
          size === 1n
            ? `${c}, which is not a POP3 server of the model`
            : `${size} addresses, ${pop3Inside.length ? `of which only ${pop3Inside.join(', ')} ${pop3Inside.length === 1 ? 'is a POP3 server' : 'are POP3 servers'}` : 'none of them a POP3 server'}`;
        out.push({
          message: `${who}: relay list entry ${c} lets ${others} relay (seed, method 2: "Ordinateur unique" with the IP address of the server running Windows Server POP3)`,
          path: `${path}[${k}]`,
          fix: `List single computers: the POP3 server's IP${pop3Ips.length ? ` (${pop3Ips.join(', ')})` : ''}`,
        });
      });
    };
    model.exchange.servers.forEach((s, i) =>
      s.smtpVirtualServers.forEach((vs, j) =>
        check(vs.relay, `exchange.servers[${i}].smtpVirtualServers[${j}].relay.computers`, `${s.name} ${vs.name}`),
      ),
    );
    model.pop3.servers.forEach((s, i) => check(s.smtp.relay, `pop3.servers[${i}].smtp.relay.computers`, s.name));
    return out;
  },
};

export const wildcardAddressSpaceSeed: Rule = {
  id: 'connector.wildcard-address-space-seed',
  severity: 'warning',
  title: 'A connector has the address space * (the seed says never to enter it)',
  seed: `${SEED.connector}, step 6 (Caution): "N'entrez pas le caractère * (astérisque) sur le connecteur SMTP"`,
  check(model) {
    // Microsoft: without "Allow messages to be relayed", * only routes outgoing mail (every domain no other
    // connector matches); it opens no relay (relay.open-simulated would say so). The seed forbids it anyway.
    const out: Report[] = [];
    model.exchange.connectors.forEach((c, i) =>
      c.addressSpaces.forEach((space, j) => {
        if (space.domain !== '*' || c.allowRelay) return;
        out.push({
          message: `connector "${c.name}" has the address space *: without "Allow messages to be relayed to these domains" it only routes outgoing mail for every other domain and is not an open relay (Microsoft), but the seed says "N'entrez pas le caractère * (astérisque) sur le connecteur SMTP"`,
          path: `exchange.connectors[${i}].addressSpaces[${j}].domain`,
          fix: 'Route the Internet by DNS (no connector) or keep * only on an Internet connector whose relay box stays cleared',
        });
      }),
    );
    return out;
  },
};
