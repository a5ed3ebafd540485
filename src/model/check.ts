// Whether data is a valid model: the schema, then the integrity checks, with each problem's field path in
// the words a person reads (exchange.connectors[0].smartHosts[0]). Pure; loading a file adds line and column.
import { checkIntegrity } from './integrity.js';
import { type Model, ModelSchema } from './schema.js';

export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || '(root)';
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function describeIssue(issue: { code: string; message: string; keys?: string[]; expected?: unknown }, input: unknown): string {
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
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: describeIssue(i, valueAt(data, i.path)) })),
    };
  }
  const integrity = checkIntegrity(parsed.data);
  if (integrity.length > 0) return { ok: false, problems: integrity.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, model: parsed.data };
}
