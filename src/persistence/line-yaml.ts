// The fastest reader of a model file's data: one pass over the lines of the YAML that coexist writes
// (document.ts) and people keep when they edit it by hand. At 100,000 users a model file is 19 MB, which
// js-yaml (fast-yaml.ts) reads in about a second; this reader takes a few hundred milliseconds.
//
// It reads only this subset: block mappings whose keys are plain words (`name:`, `synthcorp.com:`), block
// sequences indented under their key, and on one line a plain, single- or double-quoted scalar (no escapes)
// or a flow mapping or sequence of those. Anything else, or anything it is not sure of, makes it answer
// undefined and the caller tries the next reader (js-yaml, then the `yaml` library, which stays the
// authority for every problem shown; see load.ts). Whatever it answers is what `yaml`'s
// parseDocument(text, { strict, uniqueKeys }).toJS() gives (test/model/line-yaml.test.ts compares them).
// Pure: no I/O.
import { CORE_SCALARS } from './fast-yaml.js';

/** Thrown to give up; caught in lineModelData. */
const DECLINE = new Error('line-yaml: not in the subset');

/** Text this reader never reads: tabs, carriage returns, controls, byte-order marks, Unicode line separators. */
const UNREAD = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** A key longer than this is left to `yaml`, which wants an implicit key's ":" within 1024 characters. */
const MAX_KEY = 1000;
const MAX_FLOW_DEPTH = 16;

/** Characters a plain scalar may not start with here (YAML's indicators; "-" too, so "-1" is left to the others). */
const NOT_PLAIN_START = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** First characters with which a plain scalar can be something other than a string in the core schema. */
const MAYBE_NOT_STRING = new Set([...'~nNtTfF-+.0123456789'].map((c) => c.charCodeAt(0)));

/** A plain scalar's value as the YAML 1.2 core schema resolves it (the table fast-yaml.ts gives js-yaml). */
export function resolvePlain(s: string): unknown {
  if (s.length > 0 && !MAYBE_NOT_STRING.has(s.charCodeAt(0))) return s;
  for (const { test, construct } of CORE_SCALARS) if (test.test(s)) return construct(s);
  return s;
}

/** A key character: letters, digits, "_", "." and "-" (keys made of these are plain in every writer). */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === DASH;
}

function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

interface Frame {
  indent: number;
  seq: unknown[] | null;
  map: Record<string, unknown> | null;
}

/**
 * The data of `text`, equal to what `yaml`'s parseDocument(text, { strict, uniqueKeys }).toJS() gives when it
 * reports no error; undefined when the text is not in this reader's subset (the caller reads it otherwise).
 */
export function lineModelData(text: string): unknown {
  if (UNREAD.test(text)) return undefined;
  try {
    return new LineReader(text).read();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

class LineReader {
  private readonly text: string;
  /** The open block collections, innermost last. */
  private readonly stack: Frame[] = [];
  /** A `key:` with nothing after it, waiting for its block on the next lines. */
  private pending: { frame: Frame; key: string } | null = null;
  /** Where the last quoted or flow value read ended (set instead of returning a pair: no garbage per value). */
  private after = 0;
  /**
   * Keys already seen to read as text, by first character and length: the same few dozen names make up
   * most of a file, and a key found here is compared in place, never cut out of the text and hashed again.
   */
  private readonly textKeys: (string | undefined)[] = new Array(1024);

  constructor(text: string) {
    this.text = text;
  }

  read(): Record<string, unknown> {
    const { text, stack } = this;
    const root: Record<string, unknown> = {};
    stack.push({ indent: 0, seq: null, map: root });
    let lines = 0;
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      if (end === -1) end = n;
      const lineStart = pos;
      pos = end + 1;
      let i = lineStart;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i === end || text.charCodeAt(i) === HASH) continue; // blank, or a comment alone on its line
      while (text.charCodeAt(end - 1) === SPACE) end--;
      const indent = i - lineStart;
      lines++;
      let frame: Frame;
      if (this.pending) {
        const { frame: parent, key } = this.pending;
        // `key:` then a line no deeper: the value is null (or an indentless sequence); left to the others.
        if (indent <= parent.indent) throw DECLINE;
        const seq = text.charCodeAt(i) === DASH && (i + 1 === end || text.charCodeAt(i + 1) === SPACE);
        frame = seq ? { indent, seq: [], map: null } : { indent, seq: null, map: {} };
        parent.map![key] = frame.seq ?? frame.map;
        stack.push(frame);
        this.pending = null;
      } else {
        while (stack[stack.length - 1]!.indent > indent) stack.pop();
        frame = stack[stack.length - 1]!;
        // Deeper than the collection it would continue: a scalar over several lines, or a stray indent.
        if (frame.indent !== indent) throw DECLINE;
      }
      if (frame.seq) this.seqItem(frame, lineStart, i, end);
      else this.mapEntry(frame, i, end);
    }
    if (this.pending || lines === 0) throw DECLINE;
    return root;
  }

  /** `- value`, or `- key: ...` opening a mapping inside the sequence. */
  private seqItem(frame: Frame, lineStart: number, i: number, end: number): void {
    const { text } = this;
    if (text.charCodeAt(i) !== DASH || i + 1 >= end || text.charCodeAt(i + 1) !== SPACE) throw DECLINE;
    let j = i + 2;
    while (text.charCodeAt(j) === SPACE) j++;
    if (this.keyEnd(j, end) !== -1) {
      const item: Frame = { indent: j - lineStart, seq: null, map: {} };
      frame.seq!.push(item.map);
      this.stack.push(item);
      this.mapEntry(item, j, end);
      return;
    }
    frame.seq!.push(this.blockValue(j, end));
  }

  /** `key: value` or `key:` (its value is the block on the next lines). */
  private mapEntry(frame: Frame, i: number, end: number): void {
    const { text } = this;
    const colon = this.keyEnd(i, end);
    if (colon === -1) throw DECLINE;
    const key = this.checkedKey(i, colon, frame.map!);
    let j = colon + 1;
    while (j < end && text.charCodeAt(j) === SPACE) j++;
    if (j === end || (text.charCodeAt(j) === HASH && j > colon + 1)) this.pending = { frame, key };
    else frame.map![key] = this.blockValue(j, end);
  }

  /** The offset of the ":" ending a plain key that starts at `i`, or -1 if no such key starts there. */
  private keyEnd(i: number, end: number): number {
    const { text } = this;
    if (!isKeyStart(text.charCodeAt(i))) return -1;
    let k = i + 1;
    while (k < end && isKeyChar(text.charCodeAt(k))) k++;
    if (k >= end || text.charCodeAt(k) !== COLON) return -1;
    if (k + 1 < end && text.charCodeAt(k + 1) !== SPACE) return -1;
    return k;
  }

  /** The value from `j` to the end of the line (trailing spaces already cut). */
  private blockValue(j: number, end: number): unknown {
    const { text } = this;
    const c = text.charCodeAt(j);
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quoted(j, end);
      if (!this.nothingAfter(this.after, end)) throw DECLINE;
      return value;
    }
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flow(j, end, 0);
      if (!this.nothingAfter(this.after, end)) throw DECLINE;
      return value;
    }
    if (NOT_PLAIN_START.has(c)) throw DECLINE;
    let s = text.slice(j, end);
    const comment = s.indexOf(' #');
    if (comment !== -1) {
      let e = comment;
      while (s.charCodeAt(e - 1) === SPACE) e--;
      s = s.slice(0, e);
    }
    // ": " would start a nested mapping; a trailing ":" is a key with no value.
    if (s.includes(': ') || s.charCodeAt(s.length - 1) === COLON) throw DECLINE;
    return plainValue(s);
  }

  /** Only spaces from `p` to the end of the line, or spaces and then a comment. */
  private nothingAfter(p: number, end: number): boolean {
    const { text } = this;
    const from = p;
    while (p < end && text.charCodeAt(p) === SPACE) p++;
    return p === end || (p > from && text.charCodeAt(p) === HASH);
  }

  /** A quoted scalar on this line (no escapes); `after` is set to the offset after the closing quote. */
  private quoted(j: number, end: number): string {
    const { text } = this;
    const q = text.charCodeAt(j);
    if (q === DQUOTE) {
      for (let k = j + 1; k < end; k++) {
        const c = text.charCodeAt(k);
        if (c === DQUOTE) {
          this.after = k + 1;
          return text.slice(j + 1, k);
        }
        if (c === BACKSLASH) throw DECLINE;
      }
      throw DECLINE;
    }
    let value = '';
    let from = j + 1;
    for (let k = j + 1; k < end; k++) {
      if (text.charCodeAt(k) !== SQUOTE) continue;
      if (text.charCodeAt(k + 1) === SQUOTE && k + 1 < end) {
        value += text.slice(from, k + 1);
        from = k + 2;
        k++;
        continue;
      }
      this.after = k + 1;
      return value + text.slice(from, k);
    }
    throw DECLINE;
  }

  /** A flow sequence or mapping that closes on this line; `after` is set to the offset after it. */
  private flow(j: number, end: number, depth: number): unknown {
    const { text } = this;
    if (depth > MAX_FLOW_DEPTH) throw DECLINE;
    const seq = text.charCodeAt(j) === LBRACKET;
    const close = seq ? RBRACKET : RBRACE;
    const items: unknown[] | null = seq ? [] : null;
    const map: Record<string, unknown> | null = seq ? null : {};
    let p = skipSpaces(text, j + 1, end);
    if (text.charCodeAt(p) === close && p < end) {
      this.after = p + 1;
      return items ?? map;
    }
    for (;;) {
      let key = '';
      if (map) {
        const colon = this.keyEnd(p, end);
        // `{ a: b }` only: "a:b", "a :" and quoted or complex keys are left to the others.
        if (colon === -1 || colon + 1 >= end) throw DECLINE;
        key = this.checkedKey(p, colon, map);
        p = skipSpaces(text, colon + 1, end);
      }
      const value = this.flowValue(p, end, depth);
      if (map) map[key] = value;
      else items!.push(value);
      p = skipSpaces(text, this.after, end);
      if (p >= end) throw DECLINE;
      const c = text.charCodeAt(p);
      if (c === close) {
        this.after = p + 1;
        return items ?? map;
      }
      if (c !== COMMA) throw DECLINE;
      p = skipSpaces(text, p + 1, end);
      if (p >= end || text.charCodeAt(p) === close) throw DECLINE; // a trailing comma
    }
  }

  private flowValue(p: number, end: number, depth: number): unknown {
    const { text } = this;
    if (p >= end) throw DECLINE;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(p, end);
    if (c === LBRACKET || c === LBRACE) return this.flow(p, end, depth + 1);
    if (NOT_PLAIN_START.has(c)) throw DECLINE;
    let k = p;
    for (; k < end; k++) {
      const d = text.charCodeAt(k);
      if (d === COMMA || d === RBRACKET || d === RBRACE) break;
      if (d === HASH || d === LBRACKET || d === LBRACE) throw DECLINE;
      // "env:NAME" is one scalar; ": ", ":," or a ":" at the end would make a key.
      if (d === COLON && (k + 1 >= end || !isPlainSafeInFlow(text.charCodeAt(k + 1)))) throw DECLINE;
    }
    this.after = k;
    let e = k;
    while (text.charCodeAt(e - 1) === SPACE) e--;
    return plainValue(text.slice(p, e));
  }

  /**
   * The key from `from` to `to`, if it reads as text, is new in its mapping and is not __proto__ (which `yaml`
   * defines rather than assigns).
   */
  private checkedKey(from: number, to: number, map: Record<string, unknown>): string {
    const { text } = this;
    const slot = (text.charCodeAt(from) * 31 + (to - from)) & 1023;
    let key = this.textKeys[slot];
    if (key === undefined || key.length !== to - from || !text.startsWith(key, from)) {
      key = text.slice(from, to);
      if (key.length > MAX_KEY || key === '__proto__' || typeof resolvePlain(key) !== 'string') throw DECLINE;
      this.textKeys[slot] = key;
    }
    if (Object.hasOwn(map, key)) throw DECLINE;
    return key;
  }
}

/** A character that may follow ":" inside a plain scalar in a flow collection (YAML's ns-plain-safe-in). */
function isPlainSafeInFlow(c: number): boolean {
  return c !== SPACE && c !== COMMA && c !== LBRACKET && c !== RBRACKET && c !== LBRACE && c !== RBRACE;
}

function skipSpaces(text: string, p: number, end: number): number {
  while (p < end && text.charCodeAt(p) === SPACE) p++;
  return p;
}

/** A plain scalar as a value: a null is never valid in a model and is left to the others. */
function plainValue(s: string): unknown {
  const value = resolvePlain(s);
  if (value === null) throw DECLINE;
  return value;
}
