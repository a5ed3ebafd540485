// A reference tokenizer for the PowerShell our generators emit, written from the language's rules
// (about_Quoting_Rules; CharTraits.cs: IsSingleQuote = ' U+2018 U+2019 U+201A U+201B,
// IsDoubleQuote = " U+201C U+201D U+201E). Its job is to find where strings and comments really end,
// exactly as PowerShell would, so a test can see whether data escaped its literal.
//
// Single-quoted string: starts at any single-quote character; inside, two consecutive single-quote
// characters (of ANY kinds, e.g. ' followed by U+2019) stand for the second one; a single-quote character
// not followed by another one ends the string. Nothing else is special ($, `, " are literal).

export const SQ = new Set(['\u0027', '\u2018', '\u2019', '\u201A', '\u201B']);
export const DQ = new Set(['\u0022', '\u201C', '\u201D', '\u201E']);

export type PsToken =
  | { kind: 'string'; value: string }
  | { kind: 'code'; text: string }
  | { kind: 'newline' }
  | { kind: 'comment'; text: string }
  | { kind: 'unsafe'; text: string };

export class PsTokenizeError extends Error {}

/** Reads one single-quoted string starting at `start` (a quote character). Returns value and end index. */
export function readSingleQuoted(src: string, start: number): { value: string; end: number } {
  if (!SQ.has(src[start]!)) throw new PsTokenizeError(`no single quote at ${start}`);
  let i = start + 1;
  let value = '';
  for (;;) {
    if (i >= src.length) throw new PsTokenizeError('unterminated single-quoted string');
    const c = src[i]!;
    if (SQ.has(c)) {
      if (i + 1 < src.length && SQ.has(src[i + 1]!)) {
        value += src[i + 1];
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
}

// psString's form for text outside printable ASCII: ('lit' + [char]0x0411 + 'lit'), literals ASCII only.
const CONCAT =
  /^\((?:'(?:[\x20-\x26\x28-\x7e]|'')*'|\[char\]0x[0-9A-F]{4})(?: \+ (?:'(?:[\x20-\x26\x28-\x7e]|'')*'|\[char\]0x[0-9A-F]{4}))*\)/;

/** Reads psString's concatenation form at `start`, or returns null if there is none there. */
export function readConcat(src: string, start: number): { value: string; end: number } | null {
  const m = CONCAT.exec(src.slice(start));
  if (!m) return null;
  const value = m[0]
    .slice(1, -1)
    .split(' + ')
    .map((part) => (part.startsWith('[char]') ? String.fromCharCode(parseInt(part.slice(8), 16)) : part.slice(1, -1).replace(/''/g, "'")))
    .join('');
  return { value, end: start + m[0].length };
}

/** One value as psString writes it: a single-quoted literal or the concatenation form. */
export function readPsString(src: string, start = 0): { value: string; end: number } {
  return readConcat(src, start) ?? readSingleQuoted(src, start);
}

export function tokenizePs(src: string): PsToken[] {
  const out: PsToken[] = [];
  let code = '';
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\r' || c === '\n') {
      flush();
      if (c === '\r' && src[i + 1] === '\n') i++;
      out.push({ kind: 'newline' });
      i++;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '<' && src[i + 1] === '#') {
      flush();
      const end = src.indexOf('#>', i + 2);
      if (end < 0) throw new PsTokenizeError('unterminated block comment');
      out.push({ kind: 'comment', text: src.slice(i, end + 2) });
      i = end + 2;
    } else if (c === '#' && code === '') {
      let j = i;
      while (j < src.length && src[j] !== '\n' && src[j] !== '\r') j++;
      out.push({ kind: 'comment', text: src.slice(i, j) });
      i = j;
    } else if (c === '(' && readConcat(src, i)) {
      flush();
      const r = readConcat(src, i)!;
      out.push({ kind: 'string', value: r.value });
      i = r.end;
    } else if (SQ.has(c)) {
      flush();
      const r = readSingleQuoted(src, i);
      out.push({ kind: 'string', value: r.value });
      i = r.end;
    } else if (DQ.has(c) || (c === '@' && (SQ.has(src[i + 1] ?? '') || DQ.has(src[i + 1] ?? '')))) {
      flush();
      // Expandable strings and here-strings never carry data in our scripts: record them as unsafe.
      out.push({ kind: 'unsafe', text: src.slice(i, i + 2) });
      i += DQ.has(c) ? 1 : 2;
    } else if (c === '`') {
      code += src.slice(i, i + 2);
      i += 2;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

/** The script's structure with every string literal replaced by a placeholder. */
export function psSkeleton(tokens: PsToken[]): string[] {
  return tokens.map((t) =>
    t.kind === 'string' ? '<str>' : t.kind === 'newline' ? '<nl>' : t.kind === 'comment' ? '<comment>' : `${t.kind}:${t.text}`,
  );
}

export function psStrings(tokens: PsToken[]): string[] {
  return tokens.flatMap((t) => (t.kind === 'string' ? [t.value] : []));
}
