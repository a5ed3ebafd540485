// The rules that probe the model (loop.simulated, relay.open-simulated, relay.list-too-broad) and the policy
// rule's sweptIn were made cheaper on large organisations (verdict-only simulations, each relay entry and
// address read once, the cheap tests of Find Now first). Their findings must not change: the code they had
// before is kept here as the reference, and both are run on generated models (the hardening generator's
// mutated scenarios, and the bench's organisations).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { acceptedModel } from '../hardening/models.js';
import { params } from '../hardening/fc-seed.js';
import { syntheticModel } from '../../bench/org.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';
import { directoryOf, pickConnector, type Directory } from '../../src/model/routing/directory.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { PROBE_DOMAIN, relayProbeRecipients, sharedDomain } from '../../src/model/routing/flows.js';
import type { Origin } from '../../src/model/routing/types.js';
import { cidrContains, parseCidr, parseIP, type Cidr } from '../../src/model/net.js';
import { nameUnderDomain, parseRelayEntry } from '../../src/model/relay-entry.js';
import { resolveSmartHost } from '../../src/model/rules/connectors.js';
import { relayListTooBroad, simulatedLoop, simulatedOpenRelay } from '../../src/model/rules/loops-and-relay.js';
import type { Report } from '../../src/model/rules/types.js';
import { findExchangeRecipients, sweptIn } from '../../src/model/recipient-filter.js';

// ------------------------------------------------------------------ the code as it was (5123f85)

function cidrContainsBefore(cidr: Cidr, ip: string): boolean {
  const parsed = parseIP(ip);
  if (!parsed.ok) return false;
  const addr = ipaddr.parse(parsed.value);
  if (addr.kind() !== (cidr.family === 'ipv4' ? 'ipv4' : 'ipv6')) return false;
  return addr.match(ipaddr.parse(cidr.address), cidr.prefix);
}

const PROBE_LOCAL = 'no-such-user-loop-probe';

function probeDomainOf(pattern: string): string {
  if (pattern === '*') return PROBE_DOMAIN;
  return pattern.startsWith('*.') ? `loop-probe.${pattern.slice(2)}` : pattern;
}

function loopBefore(model: Model, dir: Directory): Report[] {
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
      const trace = simulate(model, { recipient: `${PROBE_LOCAL}@${domain}`, origin });
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
}

function openRelayBefore(model: Model): Report[] {
  const out: Report[] = [];
  const shared = sharedDomain(model);
  for (const s of [...model.exchange.servers, ...model.pop3.servers]) {
    for (const probe of relayProbeRecipients(s, shared)) {
      const trace = simulate(model, { recipient: probe.rcpt, origin: { kind: 'internet' }, via: s.name });
      const v = trace.verdict;
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
}

function domainEntryReportBefore(model: Model, domain: string, path: string, who: string, pop3Ips: string[]): Report {
  const inModel = [...model.exchange.servers, ...model.pop3.servers]
    .filter((s) => nameUnderDomain(s.fqdn, domain))
    .map((s) => `${s.name} (${s.fqdn})`);
  return {
    message: `${who}: relay list entry ${domain} (Domain) lets every computer whose name, by reverse DNS of its address, is ${domain} or ends in .${domain} relay (in the model: ${inModel.length ? inModel.join(', ') : 'no server'}); whoever controls the reverse DNS of an address can give it such a name (seed, method 2: "Ordinateur unique" with the IP address of the server running Windows Server POP3)`,
    path,
    fix: `Replace the Domain entry with single computers: the POP3 server's IP${pop3Ips.length ? ` (${pop3Ips.join(', ')})` : ''}`,
  };
}

function listTooBroadBefore(model: Model): Report[] {
  const out: Report[] = [];
  const pop3Ips = model.pop3.servers.map((s) => s.ip);
  const check = (relay: { mode: string; computers: string[] }, path: string, who: string) => {
    if (relay.mode !== 'only-list') return;
    relay.computers.forEach((c, k) => {
      const cidr = parseCidr(c);
      if (!cidr.ok) {
        const entry = parseRelayEntry(c);
        if (entry.ok && entry.value.kind === 'domain')
          out.push(domainEntryReportBefore(model, entry.value.domain, `${path}[${k}]`, who, pop3Ips));
        return;
      }
      const { family, prefix } = cidr.value;
      const size = 2n ** BigInt((family === 'ipv4' ? 32 : 128) - prefix);
      const pop3Inside = pop3Ips.filter((ip) => cidrContainsBefore(cidr.value, ip));
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
}

function sweptInBefore(model: Model, policyIndex: number) {
  const p = model.exchange.recipientPolicies[policyIndex];
  if (!p) return [];
  const pop3 = new Set(model.pop3.servers.flatMap((s) => s.domains.map((d) => d.name.toLowerCase())));
  if (p.priority === 'lowest' || !p.addresses.some((a) => pop3.has(a.address.slice(1).toLowerCase()))) return [];
  return findExchangeRecipients(model, p.filter).filter((f) => f.notPop3 !== undefined && f.applied?.index === policyIndex);
}

// ------------------------------------------------------------------ the comparison

function expectSameFindings(model: Model, label: string): number {
  // A fresh copy for each side: no memo of one run can answer the other.
  const before = structuredClone(model);
  const after = structuredClone(model);
  const dirBefore = directoryOf(before);
  const dirAfter = directoryOf(after);
  const pairs: [string, Report[], Report[]][] = [
    ['loop.simulated', loopBefore(before, dirBefore), simulatedLoop.check(after, dirAfter)],
    ['relay.open-simulated', openRelayBefore(before), simulatedOpenRelay.check(after, dirAfter)],
    ['relay.list-too-broad', listTooBroadBefore(before), relayListTooBroad.check(after, dirAfter)],
  ];
  let findings = 0;
  for (const [rule, old, now] of pairs) {
    expect(now, `${rule}: ${label}`).toEqual(old);
    findings += old.length;
  }
  model.exchange.recipientPolicies.forEach((_, i) => {
    const old = sweptInBefore(before, i);
    expect(sweptIn(after, i), `sweptIn(${i}): ${label}`).toEqual(old);
    findings += old.length;
  });
  return findings;
}

describe('the probe rules and the policy sweep give the findings they gave before', () => {
  it("on the scenarios and the bench's organisations", () => {
    expectSameFindings(scenarioModel('shared-domain'), 'shared-domain');
    expectSameFindings(scenarioModel('separate-domains'), 'separate-domains');
    for (const [users, seed] of [
      [100, 1],
      [1000, 7],
      [3000, 20261128],
    ] as const)
      expectSameFindings(syntheticModel(users, seed), `${users} users, seed ${seed}`);
  });

  it('on generated models (relay lists, connectors, smart hosts, remote domains, MX and users mutated)', () => {
    let findings = 0;
    fc.assert(
      fc.property(acceptedModel(), (generated) => {
        if (!generated) return;
        findings += expectSameFindings(generated.model, `${generated.base}: ${generated.edits.join(', ')}`);
      }),
      params(300),
    );
    // The comparison is only worth something if the rules find things on these models.
    expect(findings).toBeGreaterThan(50);
  }, 120_000);

  it('cidrContains answers as before on any address and block', () => {
    const ip = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('10.0.0.20', '::ffff:10.0.0.20', '::1', '010.0.0.1', '10.0.0', '', 'x', '1.2.3.4.5', 'fe80::1%eth0'),
    );
    const block = fc
      .tuple(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('10.0.0.0', '::', '0.0.0.0')), fc.nat({ max: 128 }))
      .map(([address, prefix]) => parseCidr(`${address}/${prefix}`))
      .filter((r) => r.ok)
      .map((r) => (r as { ok: true; value: Cidr }).value);
    fc.assert(
      fc.property(block, ip, ip, (cidr, a, b) => {
        // Twice each, so that the second answer comes from what the first kept.
        for (const x of [a, b, a, b]) expect(cidrContains(cidr, x), `${cidr.text} ${x}`).toBe(cidrContainsBefore(cidr, x));
      }),
      params(3000),
    );
  });
});
