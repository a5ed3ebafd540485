// Recipient policies and mail-enabled users: how Exchange knows the POP3 users.
import type { Report, Rule } from './types.js';
import { SEED } from './types.js';
import { FILTER_TEXT, sweptIn } from '../recipient-filter.js';
import { lowerCase } from '../lower-case.js';

export const responsibleForPop3Domain: Rule = {
  id: 'policy.responsible-for-pop3-domain',
  severity: 'error',
  title: 'Exchange is responsible for the POP3 domain',
  seed: `${SEED.policy}, step 11: clear "This Exchange Organization is responsible for all mail delivery to this address"`,
  check(model, dir) {
    const out: Report[] = [];
    model.exchange.recipientPolicies.forEach((p, i) =>
      p.addresses.forEach((a, j) => {
        const domain = a.address.slice(1);
        if (a.responsible && dir.pop3Domains.has(domain)) {
          out.push({
            message: `recipient policy "${p.name}" makes Exchange responsible for all mail delivery to ${domain}, which the POP3 server ${dir.pop3Domains.get(domain)!.server.name} serves: Exchange would never forward it (NDR 5.4.6)`,
            path: `exchange.recipientPolicies[${i}].addresses[${j}].responsible`,
            fix: 'Clear "This Exchange Organization is responsible for all mail delivery to this address" for the POP3 domain',
          });
        }
      }),
    );
    return out;
  },
};

export const pop3PolicyMissing: Rule = {
  id: 'policy.pop3-policy-missing',
  severity: 'error',
  title: 'No recipient policy gives POP3 users the shared domain',
  seed: `${SEED.policy}, steps 1 to 15`,
  check(model, dir) {
    if (model.scenario !== 'shared-domain' || dir.pop3Domains.size === 0) return [];
    if (!model.users.some((u) => u.kind === 'pop3' && u.externalAddress)) return [];
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
  },
};

export const pop3UserNotMailEnabled: Rule = {
  id: 'user.pop3-not-mail-enabled',
  severity: 'error',
  title: 'A POP3 user is not mail-enabled',
  seed: `${SEED.mailEnable}: Exchange Tasks, Establish E-mail Address`,
  check(model) {
    if (model.scenario !== 'shared-domain') return [];
    const out: Report[] = [];
    model.users.forEach((u, i) => {
      if (u.kind === 'pop3' && !u.externalAddress) {
        out.push({
          message: `POP3 user ${u.displayName} (${u.logon}) has no external e-mail address: Exchange cannot route the shared domain to them`,
          path: `users[${i}].externalAddress`,
          fix: "Run Exchange Tasks > Establish E-mail Address with the user's POP3 address",
        });
      }
    });
    return out;
  },
};

export const externalOutsidePop3: Rule = {
  id: 'user.external-address-outside-pop3-domain',
  severity: 'error',
  title: "A POP3 user's external address is not on the POP3 server",
  seed: `${SEED.mailEnable}, step 6: the external address "must match the mail domain on the server running Windows Server POP3"`,
  check(model, dir) {
    const out: Report[] = [];
    const pop3Domains = dir.pop3Domains;
    const domainOf = keyAfter(pop3Domains);
    model.users.forEach((u, i) => {
      const address = u.externalAddress;
      if (u.kind !== 'pop3' || !address) return;
      const at = address.lastIndexOf('@');
      // The local part is most often the logon itself: no new text then (nor for its lowercase, if it is lowercase).
      const logon = u.logon;
      const local = lowerCase(at === logon.length && address.startsWith(logon) ? logon : address.slice(0, at));
      const domain = domainOf(address, at);
      const entry = domain === undefined ? undefined : pop3Domains.get(domain);
      if (!entry) {
        out.push({
          message: `${u.displayName}'s external address ${address} is not in a POP3 domain of the model`,
          path: `users[${i}].externalAddress`,
          fix: `Use ${u.logon}@${[...pop3Domains.keys()][0] ?? '<POP3 domain>'}`,
        });
      } else if (!entry.mailboxes.has(local)) {
        out.push({
          message: `${u.displayName}'s external address ${address} has no mailbox on ${entry.server.name}`,
          path: `users[${i}].externalAddress`,
          fix: `Create the mailbox ${local} in ${domain} on ${entry.server.name}`,
        });
      }
    });
    return out;
  },
};

/**
 * `address.slice(at + 1)` when it is a key of the map (undefined otherwise), found among the keys of its length
 * without making that text (100,000 users, a dozen POP3 domains); with many keys of one length, by the text.
 */
function keyAfter(keys: ReadonlyMap<string, unknown>): (address: string, at: number) => string | undefined {
  const byLength = new Map<number, string[]>();
  for (const key of keys.keys()) {
    const same = byLength.get(key.length);
    if (same) same.push(key);
    else byLength.set(key.length, [key]);
  }
  return (address, at) => {
    const same = byLength.get(address.length - at - 1);
    if (!same) return undefined;
    if (same.length > 16) {
      const text = address.slice(at + 1);
      return keys.has(text) ? text : undefined;
    }
    for (const key of same) if (address.endsWith(key)) return key;
    return undefined;
  };
}

export const pop3UserWithoutMailbox: Rule = {
  id: 'user.pop3-without-mailbox',
  severity: 'warning',
  title: 'A POP3 user has no mailbox on any POP3 server',
  seed: SEED.rules,
  check(model, dir) {
    if (model.scenario !== 'separate-domains') return [];
    const out: Report[] = [];
    model.users.forEach((u, i) => {
      if (u.kind !== 'pop3') return;
      const has = [...dir.pop3Domains.values()].some((d) => d.mailboxes.has(u.logon.toLowerCase()));
      if (!has)
        out.push({
          message: `POP3 user ${u.displayName} (${u.logon}) has no mailbox on a POP3 server`,
          path: `users[${i}]`,
          fix: 'Create the mailbox on the POP3 server',
        });
    });
    return out;
  },
};

export const defaultPrimaryNotAuthoritative: Rule = {
  id: 'policy.default-primary-not-authoritative',
  severity: 'error',
  title: "The Default Policy's primary SMTP domain is not authoritative",
  seed: `${SEED.policy}, step 8: "le domaine SMTP partagé apparaît comme domaine principal"`,
  check(model) {
    const out: Report[] = [];
    model.exchange.recipientPolicies.forEach((p, i) => {
      if (p.priority !== 'lowest') return;
      p.addresses.forEach((a, j) => {
        if (!a.primary || a.responsible) return;
        out.push({
          message: `recipient policy "${p.name}" (the Default Policy) has primary address ${a.address} without "This Exchange Organization is responsible for all mail delivery to this address": Exchange System Manager does not allow that for the Default Policy's primary address, where "le domaine SMTP partagé apparaît comme domaine principal" (seed)`,
          path: `exchange.recipientPolicies[${i}].addresses[${j}].responsible`,
          fix: 'Tick "This Exchange Organization is responsible for all mail delivery to this address"; clear it only on the POP3 routing domain of the POP User Addresses policy',
        });
      });
    });
    return out;
  },
};

export const policyFilterSweepsOthers: Rule = {
  id: 'policy.filter-matches-non-pop3-users',
  severity: 'warning',
  title: "The POP3 users' recipient policy also matches users who are not POP3 users",
  seed: `${SEED.policy}, step 5, note: the filter "assumes the POP3 users are the only users with external addresses"; Find Now must return "only your POP3 users"`,
  check(model) {
    const out: Report[] = [];
    model.exchange.recipientPolicies.forEach((p, i) => {
      const swept = sweptIn(model, i);
      if (swept.length === 0) return;
      const primary = p.addresses.find((a) => a.primary)?.address;
      const names = swept.slice(0, 3).map((f) => `${f.user.displayName} (${f.user.logon}): ${f.notPop3}`);
      out.push({
        message: `recipient policy "${p.name}" (Filter rules: ${FILTER_TEXT[p.filter]}) matches ${swept.length} user(s) who are not POP3 users, and gives them its addresses${primary ? ` (primary ${primary})` : ''}: ${names.join('; ')}${swept.length > 3 ? `; and ${swept.length - 3} more` : ''}`,
        path: `exchange.recipientPolicies[${i}].filter`,
        fix: 'Filter rules > Modify... (Find Exchange Recipients): change the criteria until Find Now returns only the POP3 users, or give those users no external address',
      });
    });
    return out;
  },
};
