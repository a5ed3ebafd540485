// A line diff of two texts, shown as hunks with a few lines of context (as `diff -u` prints them).
// The common start and end are skipped first, so an edit in a 100,000-line file costs a scan plus a
// small longest-common-subsequence table over the lines that differ. Pure.

export type DiffLine = { op: ' ' | '-' | '+'; text: string /** 1-based line in the old text (new text for '+'). */; line: number };

export interface Hunk {
  /** First line of the hunk in the old and the new text (1-based). */
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

/** Above this many cells the middle is shown as all removed, then all added (still exact, just not minimal). */
const MAX_TABLE = 4_000_000;

function middleOps(a: string[], b: string[]): (' ' | '-' | '+')[] {
  if (a.length * b.length > MAX_TABLE) return [...a.map(() => '-' as const), ...b.map(() => '+' as const)];
  const w = b.length + 1;
  // lcs[i*w+j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const ops: (' ' | '-' | '+')[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push(' ');
      i++;
      j++;
    }
    // Removed lines before added ones, as diff -u prints a changed line.
    else if (i < a.length && (j === b.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      ops.push('-');
      i++;
    } else {
      ops.push('+');
      j++;
    }
  }
  return ops;
}

const splitLines = (t: string): string[] => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));

/** The hunks that turn `before` into `after`, each with up to `context` unchanged lines around it. */
export function lineDiff(before: string, after: string, context = 2): Hunk[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return [];
  const ops = middleOps(a.slice(start, endA), b.slice(start, endB));
  // Every line with its op and numbers, the middle framed by the unchanged lines around it.
  const all: (DiffLine & { oldLine: number; newLine: number })[] = [];
  for (let k = 0; k < start; k++) all.push({ op: ' ', text: a[k]!, line: k + 1, oldLine: k + 1, newLine: k + 1 });
  let i = start;
  let j = start;
  for (const op of ops) {
    if (op === ' ') {
      all.push({ op, text: a[i]!, line: i + 1, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (op === '-') {
      all.push({ op, text: a[i]!, line: i + 1, oldLine: i + 1, newLine: j + 1 });
      i++;
    } else {
      all.push({ op, text: b[j]!, line: j + 1, oldLine: i + 1, newLine: j + 1 });
      j++;
    }
  }
  for (; i < a.length; i++, j++) all.push({ op: ' ', text: a[i]!, line: i + 1, oldLine: i + 1, newLine: j + 1 });
  // Hunks: changed lines with `context` lines either side; nearby changes share a hunk.
  const hunks: Hunk[] = [];
  let k = start;
  while (k < all.length) {
    if (all[k]!.op === ' ') {
      k++;
      continue;
    }
    const from = Math.max(0, k - context);
    let to = k;
    for (let m = k; m < all.length && m <= to + 2 * context; m++) if (all[m]!.op !== ' ') to = m;
    const last = Math.min(all.length - 1, to + context);
    const slice = all.slice(from, last + 1);
    hunks.push({
      oldStart: slice[0]!.oldLine,
      newStart: slice[0]!.newLine,
      lines: slice.map(({ op, text, line }) => ({ op, text, line })),
    });
    k = last + 1;
  }
  return hunks;
}
