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
