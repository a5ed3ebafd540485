// The answers of route --batch: each recipient's JSON line after its line number, computed once.
import { localPartFree, type LocalPartFree } from '../../model/routing/local-part.js';
import { compileRouteTable, type RouteTable, type RouteTableAnswers } from '../../model/routing/route-table.js';
import { simulate, simulateVerdict } from '../../model/routing/simulate.js';
import type { Message } from '../../model/routing/types.js';
import type { Model } from '../../model/schema.js';

/** Duplicate recipients in one batch are answered from here (simulate is deterministic); bounded. */
const MEMO_LIMIT = 100_000;
/** Domains with an answer to fill in; bounded. */
const DOMAIN_LIMIT = 20_000;
/**
 * The local part of the second answer of a domain. Mixed case, so that an answer that wrote the local part
 * transformed (lowercased, say) is never taken for one that writes it as it is.
 */
const PROBE_LOCAL = 'Zq9x-Kw7v.Pb';

/** A domain's answers: the first one seen, then the answer split where the local part goes (or none). */
type DomainAnswer = { first: { local: string; tail: string } } | { pieces: string[] } | { none: true };

/**
 * One JSON line per recipient, without its `{"line":N,` (`"recipient":...,"finalRecipient":...,"verdict":...}`),
 * byte for byte what `JSON.stringify` of simulate's result gives. Without the trace, a recipient whose route
 * cannot depend on its local part (model/routing/local-part.ts) is answered from its domain's answer with the
 * local part written in, once two recipients of the domain (one of them a probe) have shown that the answer
 * is the same text around the local part; anything else is simulated.
 */
export class BatchAnswers {
  readonly #memo = new Map<string, string>();
  readonly #domains = new Map<string, DomainAnswer>();
  readonly #message: Message;
  /** The model's route table for these options (route-table.ts), when one is kept; never with the trace. */
  readonly #table: RouteTableAnswers | undefined;
  /** How many lines were answered by filling a local part in (the tests check that the fast path is taken). */
  filled = 0;
  /** How many lines came from the route table. */
  tabled = 0;

  constructor(
    private readonly model: Model,
    template: Message,
    private readonly withTrace: boolean,
    table?: RouteTableAnswers,
  ) {
    this.#message = { ...template };
    this.#table = withTrace ? undefined : table;
  }

  /** The model's route table for these options (verdict only), reusing the answers this batch already computed. */
  routeTable(): RouteTable {
    if (this.withTrace) throw new Error('a route table holds verdict-only answers; this batch computes traces');
    return compileRouteTable(this.model, (recipient) => {
      const known = this.#memo.get(recipient);
      return known !== undefined ? known.slice(`"recipient":${JSON.stringify(recipient)},`.length) : this.#simulateVerdict(recipient);
    });
  }

  /** The JSON line of a recipient (trimmed, not empty) after `{"line":N,`. */
  line(recipient: string): string {
    const known = this.#memo.get(recipient);
    if (known !== undefined) return known;
    let tail: string;
    if (this.withTrace) tail = this.#simulate(recipient);
    else {
      const tabled = this.#table?.answer(recipient);
      if (tabled !== undefined) {
        this.tabled++;
        return `"recipient":${JSON.stringify(recipient)},${tabled}`;
      }
      const free = localPartFree(this.model, recipient);
      const domain = free && this.#domains.get(free.domain);
      if (free && domain && 'pieces' in domain) {
        this.filled++;
        return `"recipient":${JSON.stringify(recipient)},${domain.pieces.join(free.local)}`;
      }
      tail = this.#simulateVerdict(recipient);
      if (free) this.#learn(free, domain, tail);
    }
    const line = `"recipient":${JSON.stringify(recipient)},${tail}`;
    if (this.#memo.size < MEMO_LIMIT) this.#memo.set(recipient, line);
    return line;
  }

  /** `"finalRecipient":...,"verdict":...,"routed":...,"tricks":...,"steps":...}` */
  #simulate(recipient: string): string {
    this.#message.recipient = recipient;
    const { finalRecipient, verdict, routed, tricks, steps } = simulate(this.model, this.#message);
    return JSON.stringify({ finalRecipient, verdict, routed, tricks, steps }).slice(1);
  }

  /** `"finalRecipient":...,"verdict":...}` (no finalRecipient for an address that does not parse) */
  #simulateVerdict(recipient: string): string {
    this.#message.recipient = recipient;
    return JSON.stringify(simulateVerdict(this.model, this.#message)).slice(1);
  }

  /** The first answer of a domain is kept; with a second local part, the domain's answer is split (or never). */
  #learn(free: LocalPartFree, known: DomainAnswer | undefined, tail: string): void {
    if (!known) {
      if (this.#domains.size < DOMAIN_LIMIT) this.#domains.set(free.domain, { first: { local: free.local, tail } });
    } else if ('first' in known && known.first.local !== free.local) {
      this.#domains.set(free.domain, this.#split(free.domain, [known.first, { local: free.local, tail }]) ?? { none: true });
    }
  }

  /**
   * The answer of the domain split where the local part goes: the probe's answer, if each answer seen is it with
   * the probe's local part replaced by the recipient's everywhere (else the answer writes the local part some
   * other way, or the probe's text occurs in the model: no split).
   */
  #split(domain: string, seen: { local: string; tail: string }[]): { pieces: string[] } | undefined {
    const probe = `${PROBE_LOCAL}@${domain}`;
    const free = localPartFree(this.model, probe);
    if (!free || free.domain !== domain || free.local !== PROBE_LOCAL || seen.some((s) => s.local === PROBE_LOCAL)) return undefined;
    const pieces = this.#simulateVerdict(probe).split(PROBE_LOCAL);
    return seen.every((s) => pieces.join(s.local) === s.tail) ? { pieces } : undefined;
  }
}
