// A cache for the last few keys, by identity. What the console derives from a model (trees, badges,
// flows) is kept for the current model and the few before it, never for every model the undo stack
// holds: a WeakMap keyed by model kept each edit's trees alive as long as its undo entry (29 MB an edit
// at 10,000 users).
export class RecentCache<K, V> {
  private keys: K[] = [];
  private values: V[] = [];

  constructor(private readonly size: number) {}

  get(key: K, make: () => V): V {
    const i = this.keys.indexOf(key);
    if (i === 0) return this.values[0]!;
    if (i > 0) {
      const value = this.values[i]!;
      this.keys.splice(i, 1);
      this.values.splice(i, 1);
      this.keys.unshift(key);
      this.values.unshift(value);
      return value;
    }
    const value = make();
    this.keys.unshift(key);
    this.values.unshift(value);
    if (this.keys.length > this.size) {
      this.keys.length = this.size;
      this.values.length = this.size;
    }
    return value;
  }

  has(key: K): boolean {
    return this.keys.includes(key);
  }
}
