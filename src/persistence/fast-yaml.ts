// A fast reader for the data of a model file: js-yaml (about 20x faster than the `yaml` library's
// parseDocument on a large model) with a schema that resolves plain scalars exactly as `yaml`'s YAML 1.2
// core schema does. It answers only for the plain YAML that model files are made of; for anything where the
// two libraries could disagree (tags, anchors and aliases, directives, nulls, keys that are not scalars,
// duplicate keys, whatever js-yaml refuses) it answers undefined, and the caller reads the text with `yaml`,
// which stays the authority: every problem a user sees comes from it (see load.ts).
// Pure: no I/O.
import jsyaml from 'js-yaml';

/** Thrown from the parse listener to give up on the fast path. */
class GiveUp extends Error {}

// yaml 2's core schema (node_modules/yaml/dist/schema/core): same tests, same order, same conversions.
// The table is shared with the line reader (line-yaml.ts), so that both resolve a plain scalar alike.
export const CORE_SCALARS: readonly { name: string; test: RegExp; construct: (s: string) => unknown }[] = [
  { name: 'null', test: /^(?:~|[Nn]ull|NULL)?$/, construct: () => null },
  { name: 'bool', test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, construct: (s) => s[0] === 't' || s[0] === 'T' },
  { name: 'int-oct', test: /^0o[0-7]+$/, construct: (s) => parseInt(s.substring(2), 8) },
  { name: 'int', test: /^[-+]?[0-9]+$/, construct: (s) => parseInt(s, 10) },
  { name: 'int-hex', test: /^0x[0-9a-fA-F]+$/, construct: (s) => parseInt(s.substring(2), 16) },
  {
    name: 'float-nan',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    construct: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { name: 'float-exp', test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, construct: (s) => parseFloat(s) },
  { name: 'float', test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, construct: (s) => parseFloat(s) },
];

// The tags are private so that an explicit tag in the text (!!int, !!str, !custom) is unknown to js-yaml
// and makes it throw, which means: take the full path.
const SCHEMA = new jsyaml.Schema({
  implicit: CORE_SCALARS.map(
    ({ name, test, construct }) =>
      new jsyaml.Type(`tag:coexist.fast,2026:${name}`, {
        kind: 'scalar',
        resolve: (s: unknown) => typeof s === 'string' && test.test(s),
        construct: (s: string) => construct(s),
      }),
  ),
});

/**
 * Text that is left to the full path before trying: directives (%YAML 1.1 changes the schema), verbatim
 * tags (`!<?>` looks like an untagged plain scalar to js-yaml's listener), byte-order marks and stray
 * carriage returns, tabs and control characters (js-yaml and yaml differ on some of their edge cases).
 */
const LEAVE_TO_FULL_PATH = /^%|!<|\uFEFF|\r(?!\n)|\t|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/m;

/** The number of collections in `value`, or -1 if one of them is not in `parsed`. */
function countCollections(value: unknown, parsed: Set<unknown>): number {
  if (value === null || typeof value !== 'object') return 0;
  if (!parsed.has(value)) return -1;
  let n = 1;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const inner = countCollections(v, parsed);
    if (inner < 0) return -1;
    n += inner;
  }
  return n;
}

/**
 * The plain data of `text`, equal to what `yaml`'s parseDocument(text, { strict, uniqueKeys }).toJS()
 * gives when it reports no error; undefined when this reader does not vouch for it.
 */
export function fastModelData(text: string): unknown {
  if (LEAVE_TO_FULL_PATH.test(text)) return undefined;
  const collections = new Set<unknown>();
  const starts: number[] = [];
  let keyStart = 0;
  let data: unknown;
  try {
    data = jsyaml.load(text, {
      schema: SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          // The value of an implicit key: `yaml` (strict) wants its ":" at most 1024 characters after the key's
          // start, js-yaml does not care. The last node closed before a value opens is its key.
          if (text.charCodeAt(state.position - 1) === 0x3a /* : */ && state.position - keyStart > 1000) throw new GiveUp();
          starts.push(state.position);
          return;
        }
        const s = state as unknown as { tag: string | null; anchor: string | null; kind: string | null; result: unknown; position: number };
        const from = starts.pop()!;
        // A null (written or empty) is never valid in a model, and as a key the two libraries spell it differently.
        if (s.anchor !== null || s.tag === '!' || s.result === null || s.result === undefined) throw new GiveUp();
        const end = s.position;
        const flow = text.charCodeAt(end - 1) === 0x5d /* ] */ || text.charCodeAt(end - 1) === 0x7d /* } */;
        if (s.kind === 'mapping' || s.kind === 'sequence') collections.add(s.result);
        // Scalars and flow collections over several lines: `yaml` requires indentation there (strict) that
        // js-yaml does not check. Model files keep them on one line; others take the full path.
        let start = from;
        while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x0a || text.charCodeAt(start) === 0x0d))
          start++;
        keyStart = start;
        if (s.kind === 'scalar' || flow) {
          const newline = text.indexOf('\n', start);
          if (newline !== -1 && newline < end) throw new GiveUp();
        }
      },
    });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object') return undefined;
  // A collection used as a key is turned into text differently by the two libraries: it is a collection
  // parsed that is not in the result. (A collection made without a node of its own, such as the implicit
  // pair of `[a: 1]`, is in the result but was not seen parsed: also declined.)
  if (countCollections(data, collections) !== collections.size) return undefined;
  return data;
}
