// The one differ of the adapter layer: desired state and observed state, each a set of addressed resources
// (an address such as "Send connector POP3 Connector" or "relay_domains", and a value), into the changes
// that turn one into the other: create what is missing, update what differs, delete (only when the adapter
// asks) what the model does not name. Each adapter describes its resources and says, per change, which
// commands make it; how to compare and in what order is decided here once.

export type ResourceChange<D, O> =
  | { action: 'create'; address: string; desired: D }
  | { action: 'update'; address: string; desired: D; observed: O }
  | { action: 'delete'; address: string; observed: O };

export interface DiffOptions<D, O> {
  /** Whether the observed resource already is the desired one: no change. */
  same(observed: O, desired: D): boolean;
  /** What makes two addresses one resource (a lowercase name, for instance); default: the address itself. */
  key?: (address: string) => string;
  /** Which observed resources the model does not name are deleted; default: none (they are left alone). */
  deletes?: (observed: O, address: string) => boolean;
  /** 'desired' (default): in the desired order, then deletions in the observed order; 'address': sorted by key. */
  order?: 'desired' | 'address';
}

/** The observed side: its resources by address, or a lookup when finding one takes more than its address. */
export type ObservedResources<D, O> = Iterable<readonly [string, O]> | ((address: string, desired: D) => O | undefined);

/** Without `deletes`, nothing is deleted: the changes are creates and updates. */
export type Upsert<D, O> = Exclude<ResourceChange<D, O>, { action: 'delete' }>;

export function diffResources<D, O>(
  desired: Iterable<readonly [string, D]>,
  observed: ObservedResources<D, O>,
  options: DiffOptions<D, O> & { deletes?: undefined },
): Upsert<D, O>[];
export function diffResources<D, O>(
  desired: Iterable<readonly [string, D]>,
  observed: ObservedResources<D, O>,
  options: DiffOptions<D, O>,
): ResourceChange<D, O>[];
export function diffResources<D, O>(
  desired: Iterable<readonly [string, D]>,
  observed: ObservedResources<D, O>,
  options: DiffOptions<D, O>,
): ResourceChange<D, O>[] {
  const key = options.key ?? ((a: string) => a);
  const listed = typeof observed === 'function' ? undefined : [...observed];
  const byKey = new Map<string, O>();
  for (const [address, o] of listed ?? []) if (!byKey.has(key(address))) byKey.set(key(address), o);
  const find = typeof observed === 'function' ? observed : (address: string) => byKey.get(key(address));
  const out: Array<ResourceChange<D, O> & { sortKey: string }> = [];
  const named = new Set<string>();
  for (const [address, d] of desired) {
    named.add(key(address));
    const o = find(address, d);
    if (o === undefined) out.push({ action: 'create', address, desired: d, sortKey: key(address) });
    else if (!options.same(o, d)) out.push({ action: 'update', address, desired: d, observed: o, sortKey: key(address) });
  }
  if (options.deletes && listed) {
    const seen = new Set<string>();
    for (const [address, o] of listed) {
      const k = key(address);
      if (named.has(k) || seen.has(k)) continue;
      seen.add(k);
      if (options.deletes(o, address)) out.push({ action: 'delete', address, observed: o, sortKey: k });
    }
  }
  if (options.order === 'address') out.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  return out.map(({ sortKey: _, ...c }) => c as ResourceChange<D, O>);
}

/** Which values to remove and which to add: `remove` in the order found, `add` in the desired order. */
export interface ValueChanges {
  remove: string[];
  add: string[];
}

export interface DiffValuesOptions {
  /** What makes two values one (a lowercase form, for instance); default: the value itself. */
  key?: (value: string) => string;
  /** Which present values the model manages, so may be removed when it does not want them; default: all. */
  managed?: (value: string) => boolean;
}

/**
 * A multi-valued attribute, or the lines of a file, compared as sets of values. A wanted value present
 * exactly stays; present under the same key but written otherwise (another case), the present one is
 * removed and the wanted one added; a managed present value whose key is not wanted is removed.
 */
export function diffValues(have: readonly string[], want: readonly string[], options: DiffValuesOptions = {}): ValueChanges {
  const key = options.key ?? ((v: string) => v);
  const managed = options.managed ?? (() => true);
  const exact = new Set(have);
  const wantedKeys = new Set(want.map(key));
  const changes: ValueChanges = { remove: [], add: [] };
  for (const w of want) {
    if (exact.has(w)) continue;
    const other = have.find((h) => key(h) === key(w));
    if (other !== undefined) changes.remove.push(other);
    changes.add.push(w);
  }
  for (const h of have) if (managed(h) && !wantedKeys.has(key(h))) changes.remove.push(h);
  return changes;
}
