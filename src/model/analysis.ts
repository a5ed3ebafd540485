// The one derived-data layer: everything computed from a model (the directory, integrity, findings, flows,
// traces, and the console's trees and badges) is a `Derived` value of that model's `Analysis`, computed on
// first use and once. A model is immutable (an edit returns a new one), so its analysis never goes stale.
//
// Across an edit: an Analysis made from the previous model's (`analyse(next, previous)`) carries over every
// value whose inputs are the same objects (===) as the ones it was computed from, so an edit of a flag
// reuses the index of 100,000 users instead of building it again. A value that names no inputs depends on
// the whole model and is never carried over.
//
// Who holds the analyses: `analysisOf(model)` keeps those of the last few models (the console's current
// model, the one before for undo and selection fix-up, the candidate of an edit being checked); a value
// missing from one is carried over from any of the others with the same inputs. Not one per model for
// ever: the console's undo stack holds hundreds of models, and their trees and indexes must not stay
// alive with them (29 MB an edit at 10,000 users).
import type { Model } from './schema.js';

export interface Derived<V> {
  /** For messages and tests only. */
  readonly name: string;
  /** The value, computed from the model (and other values of the same analysis). */
  readonly compute: (model: Model, analysis: Analysis) => V;
  /**
   * The parts of the model the value is computed from, compared by identity (strings by value): when a
   * new model's are the same as the previous model's, the value is carried over. Absent: the whole model.
   */
  readonly inputs?: (model: Model) => readonly unknown[];
}

/** A derived value: declare it once, at module level, and read it with `analysisOf(model).get(it)`. */
export function derived<V>(name: string, compute: Derived<V>['compute'], inputs?: Derived<V>['inputs']): Derived<V> {
  return inputs ? { name, compute, inputs } : { name, compute };
}

interface Entry {
  readonly inputs: readonly unknown[];
  readonly value: unknown;
}

const sameInputs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

type Entries = Map<Derived<unknown>, Entry>;

export class Analysis {
  readonly #entries: Entries = new Map();
  /** Where carried-over values are looked for: other analyses' entries (never the analyses, so no chain of them stays alive). */
  readonly #sources: () => Iterable<Entries>;

  /**
   * `from`: the previous analysis (only its values are kept reachable, not what it came from, so no chain
   * of analyses stays alive), or a function listing the analyses to look in when a value is asked for.
   */
  constructor(
    readonly model: Model,
    from?: Analysis | (() => Iterable<Analysis>),
  ) {
    if (from instanceof Analysis) {
      const entries = from.#entries;
      this.#sources = () => [entries];
    } else {
      const list = from ?? (() => []);
      this.#sources = function* (this: Analysis) {
        for (const a of list()) if (a !== this) yield a.#entries;
      }.bind(this);
    }
  }

  /** The value for this model: computed on first use, carried over from a source analysis when its inputs are the same. */
  get<V>(d: Derived<V>): V {
    const key = d as Derived<unknown>;
    const hit = this.#entries.get(key);
    if (hit) return hit.value as V;
    const inputs = d.inputs ? d.inputs(this.model) : [this.model];
    let value: V | undefined;
    let found = false;
    if (d.inputs)
      for (const entries of this.#sources()) {
        const before = entries.get(key);
        if (before && sameInputs(before.inputs, inputs)) {
          value = before.value as V;
          found = true;
          break;
        }
      }
    if (!found) value = d.compute(this.model, this);
    this.#entries.set(key, { inputs, value });
    return value as V;
  }

  /** The value if it has been computed (or carried over) already, without computing it. */
  peek<V>(d: Derived<V>): V | undefined {
    return this.#entries.get(d as Derived<unknown>)?.value as V | undefined;
  }

  /** Record a value computed outside `get` (a caller that computes it a step at a time); the first one stays. */
  settle<V>(d: Derived<V>, value: V): V {
    const hit = this.#entries.get(d as Derived<unknown>);
    if (hit) return hit.value as V;
    this.#entries.set(d as Derived<unknown>, { inputs: d.inputs ? d.inputs(this.model) : [this.model], value });
    return value;
  }

  /** The names of the values computed or carried over (what a step cost; tests check laziness with it). */
  computed(): string[] {
    return [...this.#entries.keys()].map((d) => d.name);
  }
}

/** A new analysis of a model, carrying over from `previous` what the edit between them left alone. */
export function analyse(model: Model, previous?: Analysis): Analysis {
  return new Analysis(model, previous);
}

/** The analyses kept: the current model's, the one before, the candidate of an edit and one more. */
const KEPT = 4;
const recent: Analysis[] = [];

/** The analysis of a model: kept while the model is among the last few asked for, made from the most recent one. */
export function analysisOf(model: Model): Analysis {
  const i = recent.findIndex((a) => a.model === model);
  if (i === 0) return recent[0]!;
  const analysis = i > 0 ? recent.splice(i, 1)[0]! : new Analysis(model, () => recent);
  recent.unshift(analysis);
  if (recent.length > KEPT) recent.length = KEPT;
  return analysis;
}

/** The analysis of a model if it is kept, without making one. */
export function keptAnalysis(model: Model): Analysis | undefined {
  return recent.find((a) => a.model === model);
}
