// Pure tree helpers: the index of a view's nodes (by id, with parents), the flattened visible rows for
// an expanded set and a filter, and locating the node and row a model path names. All memoised so a
// keystroke on an unchanged model does no O(n) work beyond one map look-up.
import { isPathPrefix } from '../model/edits/index.js';
import type { Row, SheetDef, TreeNode } from './tree-types.js';
import { selectable } from './tree-types.js';

export interface NodeEntry {
  node: TreeNode;
  parent: string | undefined;
  depth: number;
}

const indexCache = new WeakMap<TreeNode[], { byId: Map<string, NodeEntry>; byPath: Map<string, TreeNode> }>();

function buildIndex(roots: TreeNode[]) {
  let idx = indexCache.get(roots);
  if (idx) return idx;
  const byId = new Map<string, NodeEntry>();
  const byPath = new Map<string, TreeNode>();
  const walk = (nodes: TreeNode[], parent: string | undefined, depth: number) => {
    for (const n of nodes) {
      byId.set(n.id, { node: n, parent, depth });
      if (n.path !== undefined && !byPath.has(n.path)) byPath.set(n.path, n);
      walk(n.children, n.id, depth + 1);
    }
  };
  walk(roots, undefined, 0);
  idx = { byId, byPath };
  indexCache.set(roots, idx);
  return idx;
}

export function nodeIndex(roots: TreeNode[]): Map<string, NodeEntry> {
  return buildIndex(roots).byId;
}

export interface FlatRow {
  node: TreeNode;
  depth: number;
  expanded: boolean;
}

export interface Flat {
  rows: FlatRow[];
  position: Map<string, number>;
}

let lastFlat: { roots: TreeNode[]; expanded: ReadonlySet<string>; filter: string; flat: Flat } | undefined;
let prevFlat: typeof lastFlat;

function matches(node: TreeNode, needle: string): boolean {
  return node.label.toLowerCase().includes(needle);
}

/** The rows a tree shows: expanded nodes' children, or with a filter, every match and its ancestors. */
export function flatten(roots: TreeNode[], expanded: ReadonlySet<string>, filter: string): Flat {
  for (const c of [lastFlat, prevFlat]) if (c && c.roots === roots && c.expanded === expanded && c.filter === filter) return c.flat;
  const rows: FlatRow[] = [];
  const needle = filter.trim().toLowerCase();
  if (needle) {
    const keep = (n: TreeNode): boolean => matches(n, needle) || n.children.some(keep);
    const walk = (nodes: TreeNode[], depth: number) => {
      for (const n of nodes) {
        if (!keep(n)) continue;
        const open = n.children.some(keep);
        rows.push({ node: n, depth, expanded: open });
        if (open) walk(n.children, depth + 1);
      }
    };
    walk(roots, 0);
  } else {
    const walk = (nodes: TreeNode[], depth: number) => {
      for (const n of nodes) {
        const open = expanded.has(n.id) && n.children.length > 0;
        rows.push({ node: n, depth, expanded: open });
        if (open) walk(n.children, depth + 1);
      }
    };
    walk(roots, 0);
  }
  const position = new Map<string, number>();
  rows.forEach((r, i) => position.set(r.node.id, i));
  const flat = { rows, position };
  prevFlat = lastFlat;
  lastFlat = { roots, expanded, filter, flat };
  return flat;
}

/** Nodes open at start: every container with a handful of children (never a 10,000-user list). */
export function defaultExpanded(roots: TreeNode[]): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: TreeNode[]) => {
    for (const n of nodes) {
      if (n.children.length > 0 && n.children.length <= 25) {
        out.add(n.id);
        walk(n.children);
      }
    }
  };
  walk(roots);
  return out;
}

/** The ids of a node's ancestors, root first. */
export function ancestors(roots: TreeNode[], id: string): string[] {
  const idx = nodeIndex(roots);
  const out: string[] = [];
  let cur = idx.get(id)?.parent;
  while (cur !== undefined) {
    out.unshift(cur);
    cur = idx.get(cur)?.parent;
  }
  return out;
}

/** The deepest node whose path is the given model path or one of its ancestors. */
export function nodeForPath(roots: TreeNode[], path: string): TreeNode | undefined {
  const { byPath } = buildIndex(roots);
  for (let end = path.length; end > 0; end--) {
    if (end < path.length && path[end] !== '.' && path[end] !== '[') continue;
    const hit = byPath.get(path.slice(0, end));
    if (hit) return hit;
  }
  return undefined;
}

/** The tab and row of a sheet that edit a model path (exact, then the nearest enclosing, then the first inside). */
export function rowForPath(sheet: SheetDef, path: string): { tab: number; row: number } | undefined {
  let best: { tab: number; row: number; score: number } | undefined;
  sheet.tabs.forEach((tab, t) => {
    tab.rows.forEach((row: Row, r) => {
      if (!row.path || !selectable(row)) return;
      let score = -1;
      if (row.path === path) score = 100000;
      else if (isPathPrefix(row.path, path)) score = 1000 + row.path.length;
      else if (isPathPrefix(path, row.path)) score = 500 - row.path.length;
      if (score >= 0 && (!best || score > best.score)) best = { tab: t, row: r, score };
    });
  });
  return best && { tab: best.tab, row: best.row };
}
