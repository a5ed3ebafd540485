// What a model compiles to for route --batch, the way postmap compiles a table into a .db: the verdict-only
// answer of every directory address, of a free local part (local-part.ts) at every domain the model names, and
// of a free local part at a domain the model names nowhere. With it, a batch answers the plain addresses that
// make up most of a mail log without loading the model (src/cli/commands/route-batch.ts); anything else, and
// anything the table is unsure of, is simulated.
//
// An answer is kept as a template: the local part written as \u0001 and the domain as \u0002 (JSON text never
// holds those two characters raw). For a directory address the template only folds the answer for storage
// (filled with the same address it gives the answer back exactly, which compile() checks). For a domain, and
// for "elsewhere", it says more: that every free local part at that domain, or every domain named nowhere in
// the model, gets that answer with its own text written in. compile() proves it on the answers themselves, with
// probes of different local parts and domains, and keeps a domain out of the table when they disagree;
// test/cli/route-table.property.test.ts holds it to simulate() on generated models.
import type { Model } from '../schema.js';
import { plainShapeAt } from '../address.js';
import { directoryOf } from './directory.js';
import { localPartFree, plainRecipient, pop3MailboxNames } from './local-part.js';
import { asciiLower } from '../lower-case.js';

export interface RouteTable {
  /** Answers (what follows `"recipient":...,` in a batch line) with \u0001 for the local part, \u0002 for the domain. */
  templates: string[];
  /** Every directory address (lowercase, as the directory keeps them), each followed by its template's index (-1: simulate). */
  exact: (string | number)[];
  /** Domains the model names, each with the template of a free local part there (-1: simulate). */
  domains: Record<string, number>;
  /** POP3 mailbox names by domain, lowercase: such a local part is not free (simulated). */
  mailboxes: Record<string, string[]>;
  /** Every name the model writes that could be a domain or lie above one: a domain equal to or under one is not "elsewhere". */
  named: string[];
  /** The template of a free local part at a domain named nowhere in the model (-1: simulate). */
  elsewhere: number;
}

const LOCAL = '\u0001';
const DOMAIN = '\u0002';
/** Probe local parts and domains: mixed case and unlike anything a model holds, so a transformed copy is never taken for them. */
const PROBES = [
  { local: 'Zq9x-Kw7v.Pb', domain: 'qz7k-probe-a.net' },
  { local: 'Hy4m_Tq8.Lr3', domain: 'mail.xw3m-probe-b.org' },
  { local: 'b7', domain: 'v9c2-probe-c.info' },
];

const fold = (answer: string, local: string, domain: string) => answer.split(local).join(LOCAL).split(domain).join(DOMAIN);
/** As a batch fills a template in (RouteTableAnswers): compile() proves its templates by the same code. */
const fill = (template: string, local: string, domain: string) => filled(cut(template), local, domain);

/** A template cut where the local part and the domain go: pieces[0], slot 0, pieces[1], slot 1, ... */
interface Cut {
  pieces: string[];
  /** true: the local part; false: the domain. */
  local: boolean[];
}

const cut = (template: string): Cut => {
  const pieces: string[] = [];
  const local: boolean[] = [];
  let from = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === LOCAL || c === DOMAIN) {
      pieces.push(template.slice(from, i));
      local.push(c === LOCAL);
      from = i + 1;
    }
  }
  pieces.push(template.slice(from));
  return { pieces, local };
};

/** A cut template with this local part and domain written in: what a batch prints after `"recipient":...,`. */
function filled(c: Cut, local: string, domain: string): string {
  let text = c.pieces[0]!;
  for (let i = 0; i < c.local.length; i++) text += (c.local[i] ? local : domain) + c.pieces[i + 1]!;
  return text;
}

/** A domain name as route --batch writes it (lowercase LDH labels, no IDN): the only domains the table answers for. */
const PLAIN_DOMAIN = /^(?=.{1,253}$)(?!.*(?:^|\.)xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** Runs of text that read as a domain name, in anything the model writes. */
const NAME_LIKE = /[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;

/**
 * Every name of the model a recipient's domain could be compared with: its policy and POP3 domains, MX records,
 * connector address spaces and IIS remote domains (a wildcard's base), and, to be safe, anything in the model's
 * text that reads as a domain name (server names, smart hosts, external addresses, client settings).
 */
function namedDomains(model: Model): Set<string> {
  const named = new Set<string>();
  const add = (name: string) => {
    const n = name
      .toLowerCase()
      .replace(/^\*\.?/, '')
      .replace(/^@/, '');
    if (n !== '') named.add(n);
  };
  const dir = directoryOf(model);
  for (const d of dir.policyDomains.keys()) add(d);
  for (const d of dir.pop3Domains.keys()) add(d);
  for (const d of Object.keys(model.dns.mx)) add(d);
  for (const c of model.exchange.connectors) for (const s of c.addressSpaces) add(s.domain);
  const scan = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.toLowerCase().matchAll(NAME_LIKE)) add(m[0]);
    } else if (Array.isArray(value)) value.forEach(scan);
    else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) scan(v);
  };
  const { users, ...rest } = model;
  scan(rest);
  for (const u of users) if (u.externalAddress) scan(u.externalAddress);
  for (const s of model.pop3.servers) for (const r of s.smtp.remoteDomains) add(r.name);
  return named;
}

/** Whether a domain, or a domain above it, is one the model names. */
function underNamed(domain: string, named: ReadonlySet<string>): boolean {
  for (let d = domain; ; ) {
    if (named.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0) return false;
    d = d.slice(dot + 1);
  }
}

/**
 * The table of a model for one set of batch options. `answer` gives a recipient's verdict-only answer (what
 * follows `"recipient":...,`), as BatchAnswers computes it.
 */
export function compileRouteTable(model: Model, answer: (recipient: string) => string): RouteTable {
  const templates: string[] = [];
  const index = new Map<string, number>();
  const templateOf = (t: string) => {
    let i = index.get(t);
    if (i === undefined) {
      i = templates.length;
      templates.push(t);
      index.set(t, i);
    }
    return i;
  };
  const exact: (string | number)[] = [];
  for (const address of directoryOf(model).recipients.keys()) {
    const at = address.lastIndexOf('@');
    const text = answer(address);
    const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
    const folded = at > 0 && domain !== '' && !text.includes(LOCAL) && !text.includes(DOMAIN) ? fold(text, local, domain) : undefined;
    // Every directory address is listed (its local part is never free); its answer only if the template gives it
    // back (it always does, by construction; this is the proof, not a hope).
    exact.push(address, folded !== undefined && fill(folded, local, domain) === text ? templateOf(folded) : -1);
  }
  const named = namedDomains(model);
  /** The template that fills every probe's answer, or -1; `probes` gives the recipients' local part and domain. */
  const proven = (probes: { local: string; domain: string }[]): number => {
    const answers = probes.map((p) => {
      const free = localPartFree(model, `${p.local}@${p.domain}`);
      return free && free.local === p.local && free.domain === p.domain ? answer(`${p.local}@${p.domain}`) : undefined;
    });
    const first = answers[0];
    if (first === undefined || first.includes(LOCAL) || first.includes(DOMAIN)) return -1;
    const template = fold(first, probes[0]!.local, probes[0]!.domain);
    return probes.every((p, i) => answers[i] !== undefined && fill(template, p.local, p.domain) === answers[i]) ? templateOf(template) : -1;
  };
  const domains: Record<string, number> = {};
  for (const domain of named) {
    if (PLAIN_DOMAIN.test(domain)) domains[domain] = proven(PROBES.map((p) => ({ local: p.local, domain })));
  }
  const elsewhere = PROBES.every((p) => !underNamed(p.domain, named)) ? proven(PROBES) : -1;
  const mailboxes: Record<string, string[]> = {};
  for (const [domain, names] of pop3MailboxNames(model)) mailboxes[domain] = [...names];
  return { templates, exact, domains, mailboxes, named: [...named], elsewhere };
}

/** Domain texts whose answer is kept (a batch names a few thousand domains; bounded all the same). */
const DOMAIN_TEXTS_KEPT = 50_000;

/** What the table says of a domain: its name, the template of a free local part there (-1: simulate), its POP3 mailboxes. */
interface DomainEntry {
  domain: string;
  template: number;
  mailboxes: ReadonlySet<string> | undefined;
}

const HAS_CAPITAL = /[A-Z]/;

/** Answers from a table alone: a plain address it knows, else undefined (simulate it). */
export class RouteTableAnswers {
  readonly #exact = new Map<string, number>();
  readonly #domains: Map<string, number>;
  readonly #mailboxes: Map<string, Set<string>>;
  readonly #named: Set<string>;
  readonly #cuts: (Cut | undefined)[] = [];
  /** A domain as written in the common shape (address.ts plainShapeAt) -> what the table says of it, or null: nothing. */
  readonly #domainOfText = new Map<string, DomainEntry | null>();

  constructor(private readonly table: RouteTable) {
    const { exact } = table;
    for (let i = 0; i < exact.length; i += 2) this.#exact.set(exact[i] as string, exact[i + 1] as number);
    this.#domains = new Map(Object.entries(table.domains));
    this.#mailboxes = new Map(Object.entries(table.mailboxes).map(([d, names]) => [d, new Set(names)]));
    this.#named = new Set(table.named);
  }

  /** The answer after `"recipient":...,`, or undefined. */
  answer(recipient: string): string | undefined {
    // Written exactly as a directory address: its own answer, whatever its shape (compile() simulated that text).
    const exact = this.#exact.get(recipient);
    if (exact !== undefined) {
      const at = recipient.lastIndexOf('@');
      return exact >= 0 ? this.#fill(exact, recipient.slice(0, at), recipient.slice(at + 1)) : undefined;
    }
    const at = plainShapeAt(recipient);
    if (at < 0) {
      const plain = plainRecipient(recipient);
      return plain && this.#free(plain.local, this.#entry(plain.domain));
    }
    // The common shape: what it parses to depends on the domain text only, so that is kept per text.
    const text = recipient.slice(at + 1);
    let entry = this.#domainOfText.get(text);
    if (entry === undefined) {
      const plain = plainRecipient(recipient);
      entry = plain ? this.#entry(plain.domain) : null;
      if (this.#domainOfText.size < DOMAIN_TEXTS_KEPT) this.#domainOfText.set(text, entry);
    }
    const local = recipient.slice(0, at);
    // Written in lowercase at its own domain, the recipient was the directory key looked up first.
    if (entry && (entry.domain !== text || HAS_CAPITAL.test(local))) return this.#free(local, entry);
    return entry && !entry.mailboxes?.has(local) && entry.template >= 0 ? this.#fill(entry.template, local, entry.domain) : undefined;
  }

  /** The answer of a local part at a domain, unless a directory address (in any case) or a POP3 mailbox takes it. */
  #free(local: string, entry: DomainEntry | null): string | undefined {
    if (!entry || entry.template < 0) return undefined;
    const lower = asciiLower(local);
    // A directory address written in another case: its answer writes the local part as typed; simulated.
    if (this.#exact.has(`${lower}@${entry.domain}`) || entry.mailboxes?.has(lower)) return undefined;
    return this.#fill(entry.template, local, entry.domain);
  }

  /** What the table says of a domain (a parsed one: lowercase A-label), or null for one it does not answer for. */
  #entry(domain: string): DomainEntry | null {
    if (!PLAIN_DOMAIN.test(domain)) return null;
    const template = this.#domains.get(domain) ?? (underNamed(domain, this.#named) ? -1 : this.table.elsewhere);
    return { domain, template, mailboxes: this.#mailboxes.get(domain) };
  }

  #fill(template: number, local: string, domain: string): string {
    let c = this.#cuts[template];
    if (!c) this.#cuts[template] = c = cut(this.table.templates[template]!);
    return filled(c, local, domain);
  }
}
