// Turns model text into a Model, or into one message per problem with line, column and field path.
// Pure: the caller reads the file. The YAML Document is kept so comments survive a save.
import { Document, LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { ModelSchema, type Model } from './schema.js';
import { checkIntegrity } from './integrity.js';

export interface LoadProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. exchange.connectors[0].smartHosts[0]. */
  path: string;
  message: string;
}

export type LoadResult =
  | { ok: true; model: Model; doc: Document }
  | { ok: false; problems: LoadProblem[] };

export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || '(root)';
}

export function formatProblem(p: LoadProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path}: ${p.message}`;
}

/** The deepest node of the document on a path, and its position. */
function locate(doc: Document, lines: LineCounter, path: readonly (string | number | symbol)[]): { line: number; column: number } {
  let node: unknown = doc.contents;
  let best: Node | null = (doc.contents as Node | null) ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => {
        const k = it.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && String(k.value) === String(key);
      });
      if (!pair) break;
      best = (pair.value as Node | null) ?? (pair.key as Node);
      if (pair.value === null) { best = pair.key as Node; break; }
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      best = item;
      node = item;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function loadModelText(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '(YAML syntax)', message: e.message.split('\n')[0]! };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, problems: [{ file, line: 1, column: 1, path: '(YAML)', message: (e as Error).message }] };
  }
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ file, line: 1, column: 1, path: '(root)', message: 'the file is empty; expected a model starting with "version: 1"' }] };
  }
  const parsed = ModelSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const pos = locate(doc, lines, issue.path);
        return { file, ...pos, path: formatPath(issue.path), message: describeIssue(issue, valueAt(data, issue.path)) };
      }),
    };
  }
  const integrity = checkIntegrity(parsed.data);
  if (integrity.length > 0) {
    return {
      ok: false,
      problems: integrity.map((issue) => ({ file, ...locate(doc, lines, issue.path), path: formatPath(issue.path), message: issue.message })),
    };
  }
  return { ok: true, model: parsed.data, doc };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeIssue(issue: { code: string; message: string; keys?: string[]; expected?: unknown }, input: unknown): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    if (input === undefined) return `is required (expected ${String(issue.expected)})`;
    return `expected ${String(issue.expected)}, got ${describeValue(input)}`;
  }
  return issue.message;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Validate an in-memory model (after an edit) with the same checks as a file load. */
export function checkModel(data: unknown): { ok: true; model: Model } | { ok: false; problems: { path: string; message: string }[] } {
  const parsed = ModelSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: describeIssue(i, valueAt(data, i.path)) })) };
  }
  const integrity = checkIntegrity(parsed.data);
  if (integrity.length > 0) return { ok: false, problems: integrity.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, model: parsed.data };
}
