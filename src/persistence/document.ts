// Writing a model back into its YAML Document so that comments and layout of unchanged parts survive.
// Pure: no I/O.
import { Document, isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq, type Node } from 'yaml';
import type { Model } from '../model/schema.js';

const HEADER = ' coexist model file (version 1). Edit with `coexist` or by hand; check with `coexist validate`.';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

const FLOW_WIDTH = 1000;
const flowWidth = (items: unknown[]): number =>
  items.reduce<number>((n, i) => n + String((i as { value?: unknown }).value ?? '').length + 2, 0);

/** Short all-scalar mappings read best on one line: { address: "@x", primary: true }. */
function styleNode(node: unknown): void {
  if (isMap(node)) {
    const scalars = node.items.every(
      (p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every(isScalar) && p.value.items.length <= 3),
    );
    if (scalars && node.items.length <= 5 && node.items.length > 0) node.flow = true;
    for (const p of node.items) styleNode(p.value);
  } else if (isSeq(node)) {
    // One line only while it stays short: a POP3 domain's thousands of mailboxes on one line would pass the
    // line length the loader accepts (LIMITS in load.ts), and coexist would write a file it refuses to read.
    if (node.items.length > 0 && node.items.every(isScalar) && flowWidth(node.items) <= FLOW_WIDTH) node.flow = true;
    for (const item of node.items) styleNode(item);
  }
}

export function newDocument(model: Model): Document {
  const doc = new Document(model);
  doc.commentBefore = HEADER;
  styleNode(doc.contents);
  return doc;
}

/**
 * Merge `next` into the document in place. `previous` is the model the document was parsed into; a key
 * the file leaves out and whose value did not change (a schema default) is not written.
 */
export function mergeIntoDocument(doc: Document, previous: Model, next: Model): void {
  if (!isMap(doc.contents)) {
    doc.contents = newDocument(next).contents;
    return;
  }
  mergeNode(doc, doc.contents as YAMLMap, previous, next);
}

function mergeNode(doc: Document, node: YAMLMap | YAMLSeq, prev: unknown, next: unknown): void {
  if (isMap(node) && isPlainObject(next)) {
    const prevObj = isPlainObject(prev) ? prev : {};
    for (const key of Object.keys(next)) {
      const value = next[key];
      const existing = node.get(key, true) as Node | undefined;
      if (existing === undefined) {
        if (!node.has(key) && deepEqual(prevObj[key], value)) continue;
        if (value === undefined) continue;
        const created = doc.createNode(value);
        styleNode(created);
        node.set(key, created);
      } else if ((isMap(existing) && isPlainObject(value)) || (isSeq(existing) && Array.isArray(value))) {
        mergeNode(doc, existing, prevObj[key], value);
      } else if (isScalar(existing) && !isPlainObject(value) && !Array.isArray(value)) {
        if (existing.value !== value) {
          if (value === undefined) node.delete(key);
          else existing.value = value;
        }
      } else {
        const created = doc.createNode(value);
        styleNode(created);
        node.set(key, created);
      }
    }
    for (const pair of [...node.items]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!(key in next) || next[key] === undefined) node.delete(pair.key);
    }
    return;
  }
  if (isSeq(node) && Array.isArray(next)) {
    const prevArr = Array.isArray(prev) ? prev : [];
    // An element removed from the middle: drop the matching node so later comments stay with their items.
    if (next.length < node.items.length && prevArr.length === node.items.length) {
      let i = 0;
      while (i < next.length && deepEqual(prevArr[i], next[i])) i++;
      const removed = node.items.length - next.length;
      if (deepEqual(prevArr.slice(i + removed), next.slice(i))) {
        node.items.splice(i, removed);
        return;
      }
    }
    next.forEach((value, i) => {
      const existing = node.items[i] as Node | undefined;
      if (existing && ((isMap(existing) && isPlainObject(value)) || (isSeq(existing) && Array.isArray(value)))) {
        mergeNode(doc, existing, prevArr[i], value);
      } else if (existing && isScalar(existing) && !isPlainObject(value) && !Array.isArray(value)) {
        existing.value = value;
      } else {
        const created = doc.createNode(value);
        styleNode(created);
        if (existing) node.items[i] = created;
        else node.items.push(created);
      }
    });
    node.items.length = next.length;
  }
}

export function documentText(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}
