// What the big views (Users, Clients) keep between models so that an edit rebuilds only what changed:
// each item's node per item object, rebuilt when what else it shows (position, counts, form) differs;
// and the view's New form per key.
import type { FormSpec, TreeNode } from '../tree-types.js';

export class KeptNodes<T extends object> {
  private readonly nodes = new WeakMap<T, { deps: readonly unknown[]; node: TreeNode }>();

  /** The item's node, built again only when the item object or one of `deps` (compared by identity) changed. */
  get(item: T, deps: readonly unknown[], build: () => TreeNode): TreeNode {
    const hit = this.nodes.get(item);
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, k) => d === deps[k])) return hit.node;
    const node = build();
    this.nodes.set(item, { deps, node });
    return node;
  }
}

/** The last form made, made again only when its key (what the form shows) changed. */
export class KeptForm {
  private last: { key: string; form: FormSpec } | undefined;

  get(key: string, make: () => FormSpec): FormSpec {
    if (this.last?.key !== key) this.last = { key, form: make() };
    return this.last.form;
  }
}

/**
 * The index of the list item a model path is in ("users[12].logon" in "users": 12), when the path is inside
 * one of the list's `length` items; undefined for the list itself, another list or an index past the end.
 */
export function itemIndex(path: string, list: string, length: number): number | undefined {
  if (!path.startsWith(`${list}[`)) return undefined;
  const close = path.indexOf(']', list.length + 1);
  const digits = path.slice(list.length + 1, close);
  if (close < 0 || !/^(0|[1-9]\d*)$/.test(digits)) return undefined;
  const next = path[close + 1];
  if (next !== undefined && next !== '.' && next !== '[') return undefined;
  const i = Number(digits);
  return i < length ? i : undefined;
}
