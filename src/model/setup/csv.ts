// CSV (RFC 4180 plus what spreadsheets write: BOM, CRLF or LF, quoted fields with commas, quotes and
// line breaks) and the user import built on it: header logon,displayName,kind. Pure: the caller reads the file.
import { Logon, Text } from '../schema.js';
import type { UserAnswer } from './answers.js';

export interface CsvRecord {
  /** The line the record starts on (1-based; a quoted field may run over several lines). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  file: string;
  line: number;
  /** The column the problem is in, when there is one. */
  field?: string;
  reason: string;
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; problems: CsvProblem[] };

export function parseCsv(input: string, file: string): CsvResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let bad: string | null = null;
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (!closed) {
          bad = 'a quoted field is never closed (missing ")';
          break;
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          bad ??= `unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 10))}`;
          while (i < text.length && text[i] !== ',' && text[i] !== '\n') i++;
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') bad ??= 'a quote inside an unquoted field (quote the whole field and double the quote: "a ""b""")';
          value += text[i];
          i++;
        }
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (bad) problems.push({ file, line: start, reason: bad });
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    if (bad?.startsWith('a quoted field is never closed')) break;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

export const USERS_HEADER = ['logon', 'displayName', 'kind'] as const;

function zodReason(schema: typeof Logon | typeof Text, value: string): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'is not valid');
}

/**
 * Users from CSV text. Every bad row is reported (file, line, field, reason), not just the first;
 * `existing` are users already entered, so an import cannot duplicate one of them either.
 */
export function parseUsersCsv(
  text: string,
  file: string,
  existing: readonly UserAnswer[] = [],
): { ok: true; users: UserAnswer[] } | { ok: false; problems: CsvProblem[] } {
  const csv = parseCsv(text, file);
  if (!csv.ok) return csv;
  const [header, ...rows] = csv.records;
  if (!header)
    return { ok: false, problems: [{ file, line: 1, reason: `the file is empty; expected the header ${USERS_HEADER.join(',')}` }] };
  const names = header.fields.map((f) => f.trim());
  if (names.length !== 3 || names.some((n, k) => n.toLowerCase() !== USERS_HEADER[k]!.toLowerCase())) {
    return {
      ok: false,
      problems: [{ file, line: header.line, reason: `the header must be ${USERS_HEADER.join(',')} (got ${names.join(',')})` }],
    };
  }
  const problems: CsvProblem[] = [];
  const users: UserAnswer[] = [];
  const seen = new Map<string, string>();
  for (const u of existing) seen.set(u.logon.trim().toLowerCase(), 'among the users already entered');
  for (const row of rows) {
    if (row.fields.length !== 3) {
      problems.push({ file, line: row.line, reason: `expected 3 fields (${USERS_HEADER.join(',')}), got ${row.fields.length}` });
      continue;
    }
    const [logon, displayName, kind] = row.fields.map((f) => f.trim()) as [string, string, string];
    const before = problems.length;
    const check = (field: string, reason: string | null) => {
      if (reason) problems.push({ file, line: row.line, field, reason });
    };
    check('logon', logon === '' ? 'is empty' : zodReason(Logon, logon));
    check('displayName', displayName === '' ? 'is empty' : zodReason(Text, displayName));
    check('kind', kind === 'pop3' || kind === 'exchange' ? null : `"${kind}" must be pop3 or exchange`);
    const key = logon.toLowerCase();
    const first = seen.get(key);
    if (logon && first) check('logon', `duplicate logon "${logon}" (already ${first})`);
    else if (logon) seen.set(key, `on line ${row.line}`);
    if (problems.length === before) users.push({ logon, displayName, kind: kind as UserAnswer['kind'] });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, users };
}

export function formatCsvProblem(p: CsvProblem): string {
  return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.reason}`;
}
