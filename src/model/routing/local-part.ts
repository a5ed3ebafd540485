// When the route of a recipient cannot depend on its local part: route --batch then answers every such
// recipient of a domain from one simulated answer with the local part filled in (src/cli/commands/route-answers.ts).
//
// Why it holds: a Simulation reads the recipient only through parseRecipient's result (final, path, route,
// routed, tricks; `input` only in the text of a routed address), and reads the local part of that result in two
// look-ups only: the directory's stamped addresses (exchangeRoute: `dir.recipient`) and a POP3 domain's
// mailboxes (pop3Receive). Everywhere else the local part is only written into text (mailboxText) or compared
// with itself (the loop key: the mailbox changes only through a directory hit). So two plain recipients of one
// domain that both miss those look-ups take the same path, and their answers differ only where the local part
// is written. The caller still checks that last part on the answers themselves (two local parts, one answer
// turned into the other by substitution), and test/cli/route-answers.property.test.ts holds the whole to
// simulate on generated models and recipients.
import { parseRecipient } from '../address.js';
import { analysisOf, derived } from '../analysis.js';
import { directoryOf } from './directory.js';
import { asciiLower } from '../lower-case.js';
import type { Model } from '../schema.js';

/** RFC 5321 dot-atom of ASCII atext: mailboxText writes it as it is, and JSON needs no escape in it. */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export interface LocalPartFree {
  /** The local part as the answer writes it. */
  local: string;
  /** The final domain (lowercase A-label): the answers of one domain are alike. */
  domain: string;
}

/**
 * The mailbox names of every POP3 domain, by domain name, lowercased both ways (the look-up compares either):
 * all servers' domains of a name together. From the POP3 servers only, so an edit elsewhere keeps it.
 */
const POP3_MAILBOX_NAMES = derived(
  'local-part.pop3-mailbox-names',
  (model) => {
    const byDomain = new Map<string, Set<string>>();
    for (const server of model.pop3.servers)
      for (const d of server.domains) {
        let names = byDomain.get(d.name);
        if (!names) byDomain.set(d.name, (names = new Set()));
        for (const m of d.mailboxes) {
          names.add(m.toLowerCase());
          names.add(asciiLower(m));
        }
      }
    return byDomain;
  },
  (model) => [model.pop3.servers],
);

/** The mailbox names of every POP3 domain (lowercased both ways), by domain name. */
export function pop3MailboxNames(model: Model): ReadonlyMap<string, ReadonlySet<string>> {
  return analysisOf(model).get(POP3_MAILBOX_NAMES);
}

/**
 * The local part and domain of a plain address: no routing trick, no source route, a domain name, an ASCII
 * dot-atom local part. Undefined for any other recipient. What the model does with it is not asked here.
 */
export function plainRecipient(recipient: string): LocalPartFree | undefined {
  const parsed = parseRecipient(recipient);
  if (!parsed.ok) return undefined;
  const { final, path, route, routed, tricks, smtputf8 } = parsed.value;
  if (routed || tricks.length > 0 || route.length > 0 || smtputf8) return undefined;
  if (final.domainKind !== 'name' || path.length !== 1 || path[0] !== final.domain) return undefined;
  if (!DOT_ATOM.test(final.local)) return undefined;
  return { local: final.local, domain: final.domain };
}

/**
 * The local part and domain of a recipient whose route does not depend on its local part: a plain address
 * that no directory address and no POP3 mailbox of its domain answers to. Undefined for any other recipient
 * (it is simulated alone).
 */
export function localPartFree(model: Model, recipient: string): LocalPartFree | undefined {
  const plain = plainRecipient(recipient);
  if (!plain) return undefined;
  // asciiLower(mailboxText(final)), as exchangeRoute looks it up (a dot-atom is written as it is), lowered in
  // two parts: no flattening of the joined text first.
  const local = asciiLower(plain.local);
  if (directoryOf(model).recipient(`${local}@${asciiLower(plain.domain)}`) !== undefined) return undefined;
  if (pop3MailboxNames(model).get(plain.domain)?.has(local)) return undefined;
  return plain;
}
