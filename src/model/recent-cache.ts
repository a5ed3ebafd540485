// A cache for the last few keys, by identity, most recent first. What is derived from a model (the
// directory, the console's trees, badges and flows) is kept for the current model and the few before it,
// never for every model an undo stack holds: a WeakMap keyed by model kept each edit's derived data
// alive as long as its undo entry (29 MB an edit at 10,000 users).
export class RecentCache<K, V> {
  private readonly keys: K[] = [];
  private readonly kept: V[] = [];

  constructor(private readonly size: number) {}

  get(key: K, make: () => V): V {
    const i = this.keys.indexOf(key);
    if (i === 0) return this.kept[0]!;
    if (i > 0) {
      const value = this.kept[i]!;
      this.keys.splice(i, 1);
      this.kept.splice(i, 1);
      this.keys.unshift(key);
      this.kept.unshift(value);
      return value;
    }
    const value = make();
    this.keys.unshift(key);
    this.kept.unshift(value);
    if (this.keys.length > this.size) {
      this.keys.length = this.size;
      this.kept.length = this.size;
    }
    return value;
  }

  has(key: K): boolean {
    return this.keys.includes(key);
  }

  /** The values kept, most recent first. */
  values(): readonly V[] {
    return this.kept;
  }
}
