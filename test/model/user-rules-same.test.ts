// The rules that go over every user or client (policy.pop3-policy-missing, user.external-address-outside-pop3-domain,
// client.incoming-server) and the directory's POP3 mailboxes were made to allocate less on large organisations
// (no list of the POP3 users to count them, no new text for an address's local part and domain, the directory's
// mailboxes instead of a set per server, no pair per mailbox). Their findings
// must not change: the code they had before is kept here as the reference, and both are run on the
// scenarios, the bench's organisations, the hardening generator's models and models generated here with
// POP3 domains named twice, several domains per server, and users, mailboxes and clients in any case.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acceptedModel } from '../hardening/models.js';
import { params } from '../hardening/fc-seed.js';
import { syntheticModel } from '../../bench/org.js';
import { scenarioModel, SCENARIOS } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';
import { directoryOf, type Directory } from '../../src/model/routing/directory.js';
import { clientIncoming } from '../../src/model/rules/pop3-and-clients.js';
import { externalOutsidePop3, pop3PolicyMissing } from '../../src/model/rules/policies-and-users.js';
import type { Report } from '../../src/model/rules/types.js';

// ------------------------------------------------------------------ the code as it was (4961226)

function pop3DomainsBefore(model: Model): Directory['pop3Domains'] {
  const pop3Domains: Directory['pop3Domains'] = new Map();
  model.pop3.servers.forEach((server, serverIndex) => {
    server.domains.forEach((d, domainIndex) => {
      if (pop3Domains.has(d.name)) return;
      pop3Domains.set(d.name, { server, serverIndex, domainIndex, mailboxes: new Map(d.mailboxes.map((m, k) => [m.toLowerCase(), k])) });
    });
  });
  return pop3Domains;
}

function pop3PolicyMissingBefore(model: Model, dir: Directory): Report[] {
  if (model.scenario !== 'shared-domain' || dir.pop3Domains.size === 0) return [];
  const mailUsers = model.users.filter((u) => u.kind === 'pop3' && u.externalAddress);
  if (mailUsers.length === 0) return [];
  const policy = model.exchange.recipientPolicies.findIndex((p) => p.filter === 'users-with-external-addresses');
  if (policy < 0) {
    return [
      {
        message:
          'no recipient policy filters "Users with external e-mail addresses": the POP3 users get the Default Policy\'s addresses only',
        path: 'exchange.recipientPolicies',
        fix: 'Create the recipient policy "POP User Addresses": primary @<POP3 domain> (not responsible), secondary @<shared domain>',
      },
    ];
  }
  const p = model.exchange.recipientPolicies[policy]!;
  const out: Report[] = [];
  const primary = p.addresses.find((a) => a.primary);
  const primaryDomain = primary?.address.slice(1);
  if (!primaryDomain || !dir.pop3Domains.has(primaryDomain)) {
    out.push({
      message: `recipient policy "${p.name}" has primary address ${primary?.address ?? '(none)'}, not the POP3 domain`,
      path: `exchange.recipientPolicies[${policy}].addresses`,
      fix: `Add @${[...dir.pop3Domains.keys()][0]} and "Set as Primary"`,
    });
  }
  const shared = model.exchange.recipientPolicies.find((x) => x.priority === 'lowest')?.addresses.find((a) => a.primary)?.address;
  if (shared && !p.addresses.some((a) => a.address === shared)) {
    out.push({
      message: `recipient policy "${p.name}" does not give POP3 users the shared address ${shared}`,
      path: `exchange.recipientPolicies[${policy}].addresses`,
      fix: `Keep ${shared} as a secondary address of the policy`,
    });
  }
  return out;
}

function externalOutsidePop3Before(model: Model, dir: Directory): Report[] {
  const out: Report[] = [];
  model.users.forEach((u, i) => {
    if (u.kind !== 'pop3' || !u.externalAddress) return;
    const at = u.externalAddress.lastIndexOf('@');
    const local = u.externalAddress.slice(0, at).toLowerCase();
    const domain = u.externalAddress.slice(at + 1);
    const entry = dir.pop3Domains.get(domain);
    if (!entry) {
      out.push({
        message: `${u.displayName}'s external address ${u.externalAddress} is not in a POP3 domain of the model`,
        path: `users[${i}].externalAddress`,
        fix: `Use ${u.logon}@${[...dir.pop3Domains.keys()][0] ?? '<POP3 domain>'}`,
      });
    } else if (!entry.mailboxes.has(local)) {
      out.push({
        message: `${u.displayName}'s external address ${u.externalAddress} has no mailbox on ${entry.server.name}`,
        path: `users[${i}].externalAddress`,
        fix: `Create the mailbox ${local} in ${domain} on ${entry.server.name}`,
      });
    }
  });
  return out;
}

function clientIncomingBefore(model: Model, dir: Directory): Report[] {
  const out: Report[] = [];
  const boxes = new Map<object, Set<string>>();
  const mailboxesOf = (server: { domains: { mailboxes: string[] }[] }) => {
    let set = boxes.get(server);
    if (!set) {
      set = new Set(server.domains.flatMap((d) => d.mailboxes.map((m) => m.toLowerCase())));
      boxes.set(server, set);
    }
    return set;
  };
  model.clients.forEach((c, i) => {
    const ref = dir.byFqdn.get(c.incoming.server);
    const holds = ref?.system === 'pop3' && mailboxesOf(ref.server).has(c.user.toLowerCase());
    if (!holds)
      out.push({
        message: `${c.user}'s incoming (POP3) server ${c.incoming.server} ${ref ? 'holds no mailbox for them' : 'is not a server of the model'}`,
        path: `clients[${i}].incoming.server`,
        fix: 'Enter the FQDN of the POP3 server that holds the mailbox',
      });
  });
  return out;
}

// ------------------------------------------------------------------ the comparison

function expectSameFindings(model: Model, label: string): number {
  // A fresh copy for each side: no memo of one run can answer the other.
  const before = structuredClone(model);
  const after = structuredClone(model);
  const dirBefore = directoryOf(before);
  const dirAfter = directoryOf(after);
  expect(dirAfter.pop3Domains, `pop3Domains: ${label}`).toEqual(pop3DomainsBefore(before));
  const pairs: [string, Report[], Report[]][] = [
    ['policy.pop3-policy-missing', pop3PolicyMissingBefore(before, dirBefore), pop3PolicyMissing.check(after, dirAfter)],
    ['user.external-address-outside-pop3-domain', externalOutsidePop3Before(before, dirBefore), externalOutsidePop3.check(after, dirAfter)],
    ['client.incoming-server', clientIncomingBefore(before, dirBefore), clientIncoming.check(after, dirAfter)],
  ];
  let findings = 0;
  for (const [rule, old, now] of pairs) {
    expect(now, `${rule}: ${label}`).toEqual(old);
    findings += old.length;
  }
  return findings;
}

/** Any case of a text, chosen by n. */
const anyCase = (text: string, n: number) => [...text].map((ch, k) => ((n >> (k % 20)) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join('');

/**
 * A model whose POP3 side is rearranged by the numbers: more POP3 servers (some with a domain another server
 * has, or two domains), mailboxes of the users' logons in any case and a few others, users' external addresses
 * in those domains or outside them, and clients of those users (in any case) on any server or none.
 */
function rearranged(base: Model, ns: number[]): Model {
  const m = structuredClone(base) as Model;
  const next = (() => {
    let k = 0;
    return () => ns[k++ % ns.length]! + k;
  })();
  const logons = m.users.map((u) => u.logon);
  // Domain names in another case, and many of one length.
  const names = [
    'pop.northwindtraders.com',
    'pop.contoso.com',
    'POP.Contoso.com',
    'other.example',
    ...Array.from({ length: 20 }, (_, k) => `pop${String(k).padStart(2, '0')}.example`),
    ...m.pop3.servers.flatMap((s) => s.domains.map((d) => d.name)),
  ];
  const template = m.pop3.servers[0];
  if (template)
    for (let s = 0; s < 1 + (next() % 3); s++)
      m.pop3.servers.push({
        ...structuredClone(template),
        name: `POPX${s}`,
        fqdn: `popx${s}.example`,
        ip: `10.9.9.${s + 1}`,
        domains: Array.from({ length: 1 + (next() % 2) }, () => ({
          name: names[next() % names.length]!,
          mailboxes: Array.from({ length: next() % 6 }, () => {
            const n = next();
            return n % 4 === 0 ? `box${n % 7}` : anyCase(logons[n % Math.max(1, logons.length)] ?? 'nobody', n);
          }),
        })),
      });
  // Sometimes a server of twenty domains of one length holding every logon (the rule then looks a domain up by its text).
  if (template && next() % 3 === 0)
    m.pop3.servers.push({
      ...structuredClone(template),
      name: 'POPMANY',
      fqdn: 'popmany.example',
      ip: '10.9.9.99',
      domains: Array.from({ length: 20 }, (_, k) => ({
        name: `pop${String(k).padStart(2, '0')}.example`,
        mailboxes: logons.map((l) => l.toLowerCase()),
      })),
    });
  const domains = m.pop3.servers.flatMap((s) => s.domains.map((d) => d.name));
  m.users = m.users.map((u) => {
    const n = next();
    if (n % 5 === 0) return { ...u, kind: 'pop3', externalAddress: undefined };
    if (n % 5 === 1 && domains.length > 0)
      return { ...u, kind: 'pop3', externalAddress: `${anyCase(u.logon, n)}@${domains[n % domains.length]!}` };
    if (n % 5 === 2)
      return {
        ...u,
        kind: 'pop3',
        externalAddress: `${n % 3 ? `box${n % 7}` : `${u.logon}x`}@${n % 4 ? (domains[n % Math.max(1, domains.length)] ?? 'none.example') : anyCase(names[n % names.length]!, n >> 3)}`,
      };
    return u;
  });
  const fqdns = [...m.pop3.servers.map((s) => s.fqdn), ...m.exchange.servers.map((s) => s.fqdn), 'nowhere.example'];
  const clientTemplate = m.clients[0];
  if (clientTemplate)
    for (let c = 0; c < 3 + (next() % 6); c++) {
      const n = next();
      m.clients.push({
        ...structuredClone(clientTemplate),
        user: anyCase(logons[n % Math.max(1, logons.length)] ?? 'nobody', n),
        incoming: { ...clientTemplate.incoming, server: fqdns[n % fqdns.length]! },
      });
    }
  return m;
}

describe('the rules over every user and client give the findings they gave before', () => {
  it("on the scenarios and the bench's organisations", () => {
    for (const id of SCENARIOS) expectSameFindings(scenarioModel(id), id);
    for (const [users, seed] of [
      [100, 1],
      [1000, 7],
      [3000, 20261128],
    ] as const)
      expectSameFindings(syntheticModel(users, seed), `${users} users, seed ${seed}`);
  });

  it('on generated models (the hardening edits)', () => {
    fc.assert(
      fc.property(acceptedModel(), (generated) => {
        if (!generated) return;
        expectSameFindings(generated.model, `${generated.base}: ${generated.edits.join(', ')}`);
      }),
      params(200),
    );
  }, 120_000);

  it('on models with POP3 domains named twice, several domains per server, and names in any case', () => {
    let findings = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 40 }), (id, ns) => {
        findings += expectSameFindings(rearranged(scenarioModel(id), ns), `${id} rearranged by ${ns.join(',')}`);
      }),
      params(300),
    );
    // The comparison is only worth something if the rules find things on these models.
    expect(findings).toBeGreaterThan(100);
  }, 120_000);
});
