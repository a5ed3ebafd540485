// Find Exchange Recipients (a recipient policy's General tab > Filter rules > Modify...): the users a
// filter matches, with "Show only Exchange recipients" ticked as the seed asks, and which of them are not
// POP3 users. The seed's note on that step: the filter "assumes the POP3 users are the only users with
// external addresses"; anyone else it matches gets the POP3 users' addresses. Pure.
import type { Model, RecipientPolicyT, UserT } from './schema.js';
import { type AppliedPolicy, directoryOf, filterMatches } from './routing/directory.js';
import { lowerCase } from './lower-case.js';

/** Filter rules as Find Exchange Recipients' Exchange tab sets them. */
export const FILTER_TEXT: Record<RecipientPolicyT['filter'], string> = {
  all: 'All recipients (mailnickname=*)',
  'users-with-external-addresses': 'Users with external e-mail addresses',
  'users-with-mailboxes': 'Users with Exchange mailbox',
};

export interface FoundRecipient {
  index: number;
  user: UserT;
  /** "E-Mail Address" column: the external address, or the mailbox's server. */
  address: string;
  /** Why the user is not a POP3 user (undefined: a POP3 user, external address in a POP3 domain of the model). */
  notPop3?: string;
  /** The policy that stamps the user's addresses: a policy of higher priority may catch the user first. */
  applied?: { name: string; index: number };
}

/** A mailbox or a mail-enabled user: what "Show only Exchange recipients" keeps. */
export const isExchangeRecipient = (u: UserT): boolean => u.kind === 'exchange' || u.externalAddress !== undefined;

export function pop3DomainNames(model: Model): Set<string> {
  return new Set(model.pop3.servers.flatMap((s) => s.domains.map((d) => d.name.toLowerCase())));
}

/** Why a user is not a POP3 user the seed's filter is meant for, or undefined when it is one. */
export function notPop3Reason(u: UserT, pop3Domains: ReadonlySet<string>): string | undefined {
  if (u.kind === 'exchange') return `an Exchange mailbox user${u.mailboxServer ? ` (mailbox on ${u.mailboxServer})` : ''}`;
  if (!u.externalAddress) return 'not mail-enabled';
  const domain = lowerCase(u.externalAddress.slice(u.externalAddress.lastIndexOf('@') + 1));
  return pop3Domains.has(domain) ? undefined : `external address ${u.externalAddress} is not in a POP3 domain of the model`;
}

/** Find Now: the Exchange recipients a filter matches, in the order of the directory. */
export function findExchangeRecipients(model: Model, filter: RecipientPolicyT['filter']): FoundRecipient[] {
  const dir = directoryOf(model);
  const pop3 = pop3DomainNames(model);
  const out: FoundRecipient[] = [];
  model.users.forEach((user, index) => {
    if (!isExchangeRecipient(user) || !filterMatches(filter, user)) return;
    out.push(foundRecipient(index, user, notPop3Reason(user, pop3), dir.appliedPolicy.get(user.logon.toLowerCase())));
  });
  return out;
}

function foundRecipient(index: number, user: UserT, notPop3: string | undefined, applied: AppliedPolicy | undefined): FoundRecipient {
  return {
    index,
    user,
    address: user.externalAddress ?? `mailbox${user.mailboxServer ? ` on ${user.mailboxServer}` : ''}`,
    ...(notPop3 ? { notPop3 } : {}),
    ...(applied ? { applied: { name: applied.policy.name, index: applied.index } } : {}),
  };
}

/** A policy that gives addresses in a POP3 domain: the seed's « Adresses utilisateur POP ». */
export function isPop3Policy(model: Model, p: RecipientPolicyT): boolean {
  if (p.priority === 'lowest') return false;
  const pop3 = pop3DomainNames(model);
  return p.addresses.some((a) => pop3.has(a.address.slice(1).toLowerCase()));
}

/** The users a POP3 users' policy gives its addresses to (it is the policy that applies) who are not POP3 users. */
export function sweptIn(model: Model, policyIndex: number): FoundRecipient[] {
  const p = model.exchange.recipientPolicies[policyIndex];
  if (!p || !isPop3Policy(model, p)) return [];
  // Find Now's list kept to those who are not POP3 users and whom this policy stamps (as
  // findExchangeRecipients(...).filter(...) would give it), the cheap tests first: on a large organisation
  // nearly every user is left out before the look-up of the policy applied to them.
  const dir = directoryOf(model);
  const pop3 = pop3DomainNames(model);
  const out: FoundRecipient[] = [];
  model.users.forEach((user, index) => {
    if (!isExchangeRecipient(user) || !filterMatches(p.filter, user)) return;
    const notPop3 = notPop3Reason(user, pop3);
    if (notPop3 === undefined) return;
    const applied = dir.policyOf(lowerCase(user.logon));
    if (applied?.index === policyIndex) out.push(foundRecipient(index, user, notPop3, applied));
  });
  return out;
}
