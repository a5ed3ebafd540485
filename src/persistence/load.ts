// Turns model text into a Model, or into one message per problem with line, column and field path.
// Pure: the caller reads the file. The YAML Document (for saves that keep comments) is built when first asked for.
//
// Two paths give the same answers. The fast one reads the data with the line reader (line-yaml.ts: the YAML
// coexist writes) or else js-yaml (fast-yaml.ts) and, when the model is valid, returns it without ever
// building a Document. The full one parses with the `yaml` library,
// which knows every node's position: it runs whenever the fast reader declines the text or the data has
// any problem, so every problem keeps the exact wording, line, column and field path it always had.
import { type Document, Lexer, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { ModelSchema, type Model } from '../model/schema.js';
import { checkIntegrity } from '../model/integrity.js';
import { parseModelData } from '../model/plain-records.js';
import { describeIssue, formatPath, valueAt } from '../model/check.js';
import { fastModelData } from './fast-yaml.js';
import { lineModelData } from './line-yaml.js';

export interface LoadProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. exchange.connectors[0].smartHosts[0]. */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; model: Model; doc: Document } | { ok: false; problems: LoadProblem[] };

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
      if (pair.value === null) {
        best = pair.key as Node;
        break;
      }
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

// Duplicate keys are checked by uniqueKeyProblems in linear time: yaml's own uniqueKeys check compares every
// key with all the keys before it (40,000 keys: 17 s).
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true } as const;

/** Bounds checked before any parser sees the text, so that a hostile file costs linear time and memory. */
export const LIMITS = { lineChars: 16_384, scalarChars: 65_536, indentColumns: 200, flowDepth: 64 } as const;

/** Line and column (1-based) of an offset, by one linear scan. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function problemAt(text: string, file: string, offset: number, path: string, message: string): LoadProblem {
  return { file, ...positionOf(text, offset), path, message };
}

/**
 * What no parser should be given: a line longer than LIMITS.lineChars, indentation deeper than any model
 * nests, lone carriage returns (old Mac line endings, which YAML would read as one long line).
 */
export function preflightProblems(text: string, file: string): LoadProblem[] {
  let cr = text.indexOf('\r');
  while (cr !== -1 && text.charCodeAt(cr + 1) === 0x0a) cr = text.indexOf('\r', cr + 1);
  if (cr !== -1) {
    return [
      problemAt(
        text,
        file,
        cr,
        '(file)',
        'a line ends with a carriage return alone (old Mac line endings); save the file with LF or CRLF line endings',
      ),
    ];
  }
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > LIMITS.lineChars) {
      return [
        problemAt(
          text,
          file,
          start + LIMITS.lineChars,
          '(file)',
          `this line is ${end - start} characters long; coexist reads model lines of up to ${LIMITS.lineChars}`,
        ),
      ];
    }
    let indent = start;
    while (
      indent < end &&
      (text.charCodeAt(indent) === 0x20 ||
        ((text.charCodeAt(indent) === 0x2d /* - */ || text.charCodeAt(indent) === 0x3f) /* ? */ && text.charCodeAt(indent + 1) === 0x20))
    )
      indent++;
    if (indent - start > LIMITS.indentColumns) {
      return [
        problemAt(
          text,
          file,
          start + LIMITS.indentColumns,
          '(file)',
          `this line is nested ${indent - start} columns deep; a model nests a few levels (coexist reads up to ${LIMITS.indentColumns})`,
        ),
      ];
    }
    start = end + 1;
  }
  return [];
}

/** Scalars longer than LIMITS.scalarChars and flow collections nested deeper than LIMITS.flowDepth (yaml's lexer, linear). */
function tokenProblems(text: string, file: string): LoadProblem[] {
  // Only text that could hold such a value or such nesting is lexed (the lexer costs as much as the parse).
  if (text.length <= LIMITS.scalarChars) {
    let open = 0;
    for (let i = 0; i < text.length && open <= LIMITS.flowDepth; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b) open++;
    }
    if (open <= LIMITS.flowDepth) return [];
  }
  let offset = 0;
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > LIMITS.flowDepth)
        return [
          problemAt(
            text,
            file,
            offset,
            '(file)',
            `lists or mappings are nested more than ${LIMITS.flowDepth} deep here; a model nests a few levels`,
          ),
        ];
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    else if (token.length > LIMITS.scalarChars && !/^[\s\n]*$/.test(token.slice(0, 64))) {
      return [
        problemAt(
          text,
          file,
          offset,
          '(file)',
          `a value of ${token.length} characters starts here; coexist reads values of up to ${LIMITS.scalarChars}`,
        ),
      ];
    }
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue; // yaml's control tokens are not in the text
    offset += token.length;
  }
  return [];
}

/** Duplicate keys in any mapping, in linear time (a Set per mapping). */
function uniqueKeyProblems(doc: Document, lines: LineCounter, file: string): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0 && problems.length < 20) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const text = isScalar(key) ? String(key.value) : key === null ? '' : String(key);
        const first = seen.get(text);
        if (first) {
          const pos = lines.linePos(key?.range?.[0] ?? 0);
          problems.push({
            file,
            line: pos.line,
            column: pos.col,
            path: '(YAML syntax)',
            message: `Map keys must be unique: "${text.length > 40 ? `${text.slice(0, 40)}...` : text}" is already on line ${lines.linePos(first.range?.[0] ?? 0).line}`,
          });
        } else if (key) seen.set(text, key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return problems;
}

/** yaml's messages that name its own API, or say nothing of where, in coexist's words. */
function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS')
    return 'a second YAML document starts here; a model file holds one document (remove the "---" or "..." line)';
  return message.split('\n')[0]!;
}

/**
 * The comment-keeping Document of a model text that loads without problems (what a save merges into).
 * Throws if the text has YAML errors: only call it on text that loaded.
 */
export function modelDocument(text: string): Document {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0)
    throw new Error(`internal error: model text that loaded has YAML errors (${doc.errors[0]!.message.split('\n')[0]})`);
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
  const bounded = preflightProblems(text, file);
  if (bounded.length > 0) return { ok: false, problems: bounded };
  const data = lineModelData(text) ?? fastModelData(text);
  if (data !== undefined) {
    const model = parseModelData(data);
    if (model && checkIntegrity(model).length === 0) return loadedLazily(model, text);
  }
  return loadModelTextFully(text, file);
}

/** The full path: `yaml` with positions, for text the fast path declined and for every problem. */
export function loadModelTextFully(text: string, file: string): LoadResult {
  try {
    return loadFully(text, file);
  } catch (e) {
    // A stack overflow the bounds above did not foresee: still a located answer, never a crash.
    if (e instanceof RangeError)
      return {
        ok: false,
        problems: [{ file, line: 1, column: 1, path: '(file)', message: 'the file nests too deeply to read; a model nests a few levels' }],
      };
    throw e;
  }
}

function loadFully(text: string, file: string): LoadResult {
  const bounded = preflightProblems(text, file);
  if (bounded.length > 0) return { ok: false, problems: bounded };
  const tokens = tokenProblems(text, file);
  if (tokens.length > 0) return { ok: false, problems: tokens };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, ...PARSE_OPTIONS });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '(YAML syntax)', message: yamlMessage(e.code, e.message) };
      }),
    };
  }
  const duplicates = uniqueKeyProblems(doc, lines, file);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  // An unknown tag (!!js/function, !foo) is refused, not read as plain text.
  const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tags.length > 0) {
    return {
      ok: false,
      problems: tags.map((w) => {
        const pos = lines.linePos(w.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          path: '(YAML)',
          message: `${w.message.replace(/^Unresolved tag: /, 'unknown tag ')}: a model file uses no tags`,
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    let at = 0;
    visit(doc, {
      Alias(_, node) {
        if (isAlias(node) && node.resolve(doc) === undefined) {
          at = node.range?.[0] ?? 0;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    const pos = lines.linePos(at);
    const message = (e as Error).message.replace(
      /^Unresolved alias \(the anchor must be set before the alias\): (.*)$/,
      'the alias *$1 names no anchor &$1 set before it',
    );
    return { ok: false, problems: [{ file, line: pos.line, column: pos.col, path: '(YAML)', message }] };
  }
  if (data === null || data === undefined) {
    return {
      ok: false,
      problems: [{ file, line: 1, column: 1, path: '(root)', message: 'the file is empty; expected a model starting with "version: 1"' }],
    };
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
      problems: integrity.map((issue) => ({
        file,
        ...locate(doc, lines, issue.path),
        path: formatPath(issue.path),
        message: issue.message,
      })),
    };
  }
  return { ok: true, model: parsed.data, doc };
}
