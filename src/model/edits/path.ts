// Immutable updates of the model by path, with structural sharing: only the objects on the path are
// copied, so undo stacks stay cheap and memoised views of untouched parts stay valid.
import { formatPath } from '../check.js';

export type Segment = string | number;
export type Path = readonly Segment[];

export { formatPath };

/** Parse a dotted path as `formatPath` writes it: exchange.connectors[0].smartHosts[1], dns.mx["a.b"]. */
export function parsePath(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./gy;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

/** Whether `prefix` is `path` itself or one of its ancestors (respecting segment boundaries). */
export function isPathPrefix(prefix: string, path: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path[prefix.length];
  return next === undefined || next === '.' || next === '[';
}

export function getIn(root: unknown, path: Path): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg as string];
  }
  return node;
}

function copyWith(container: unknown, seg: Segment, value: unknown): unknown {
  if (Array.isArray(container)) {
    if (typeof seg !== 'number' || seg < 0 || seg > container.length)
      throw new Error(`no item ${String(seg)} in a list of ${container.length}`);
    const copy = container.slice();
    copy[seg] = value;
    return copy;
  }
  if (container === null || typeof container !== 'object')
    throw new Error(`cannot set "${String(seg)}" inside a ${container === null ? 'null' : typeof container}`);
  const copy: Record<string, unknown> = { ...(container as Record<string, unknown>) };
  if (value === undefined) delete copy[seg as string];
  else copy[seg as string] = value;
  return copy;
}

/** A copy of `root` with the value at `path` replaced (undefined removes an object key). */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const child = getIn(root, [head!]);
  if (child === value && rest.length === 0) return root;
  return copyWith(root, head!, rest.length === 0 ? value : setIn(child, rest, value)) as T;
}

/** A copy of `root` with `fn` applied to the value at `path`. */
export function updateIn<T, V>(root: T, path: Path, fn: (value: V) => V): T {
  return setIn(root, path, fn(getIn(root, path) as V));
}

/** A copy of `root` with an item appended to the list at `path`. */
export function appendIn<T>(root: T, path: Path, item: unknown): T {
  return updateIn<T, unknown[]>(root, path, (list) => [...(Array.isArray(list) ? list : []), item]);
}

/** A copy of `root` without the list item or object key that `path` names. */
export function removeIn<T>(root: T, path: Path): T {
  if (path.length === 0) throw new Error('cannot remove the whole model');
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  const parent = getIn(root, parentPath);
  if (Array.isArray(parent)) {
    if (typeof last !== 'number' || last < 0 || last >= parent.length) throw new Error(`no item ${String(last)} to remove`);
    return setIn(
      root,
      parentPath,
      parent.filter((_, i) => i !== last),
    );
  }
  return setIn(root, parentPath, copyWith(parent, last, undefined));
}
