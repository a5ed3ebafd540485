// Turns model text into a Model, or into one message per problem with line, column and field path.
// Pure: the caller reads the file. The YAML Document (for saves that keep comments) is built when first asked for.
//
// Two paths give the same answers. The fast one reads the data with js-yaml (fast-yaml.ts) and, when the
// model is valid, returns it without ever building a Document. The full one parses with the `yaml` library,
// which knows every node's position: it runs whenever the fast reader declines the text or the data has
// any problem, so every problem keeps the exact wording, line, column and field path it always had.
import { Document, LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { ModelSchema, type Model } from './schema.js';
import { checkIntegrity } from './integrity.js';
import { fastModelData } from './fast-yaml.js';

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

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

/**
 * The comment-keeping Document of a model text that loads without problems (what a save merges into).
 * Throws if the text has YAML errors: only call it on text that loaded.
 */
export function modelDocument(text: string): Document {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) throw new Error(`internal error: model text that loaded has YAML errors (${doc.errors[0]!.message.split('\n')[0]})`);
  return doc;
}

/** A successful load whose Document is parsed from `text` on first use, then kept. */
export function loadedLazily(model: Model, text: string): LoadResult & { ok: true } {
  let doc: Document | undefined;
  return {
    ok: true,
    model,
    get doc() {
      doc ??= modelDocument(text);
      return doc;
    },
  };
}

export function loadModelText(text: string, file: string): LoadResult {
  const data = fastModelData(text);
  if (data !== undefined) {
    const parsed = ModelSchema.safeParse(data);
    if (parsed.success && checkIntegrity(parsed.data).length === 0) return loadedLazily(parsed.data, text);
  }
  return loadModelTextFully(text, file);
}

/** The full path: `yaml` with positions, for text the fast path declined and for every problem. */
export function loadModelTextFully(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, ...PARSE_OPTIONS });
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
