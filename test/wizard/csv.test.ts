import { describe, expect, it } from 'vitest';
import { formatCsvProblem, parseCsv, parseUsersCsv } from '../../src/model/setup/index.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes, line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,last\n';
    const r = parseCsv(text, 'f.csv');
    expect(r).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
        { line: 4, fields: ['plain', '', 'last'] },
      ],
    });
  });

  it('refuses an unclosed quote and a stray quote with the line', () => {
    expect(parseCsv('a,b\n"open,c\n', 'f.csv')).toMatchObject({
      ok: false,
      problems: [{ line: 2, reason: expect.stringMatching(/never closed/) }],
    });
    expect(parseCsv('a,b\nx"y,c\n', 'f.csv')).toMatchObject({
      ok: false,
      problems: [{ line: 2, reason: expect.stringMatching(/quote inside an unquoted field/) }],
    });
    expect(parseCsv('a,b\n"x"y,c\n', 'f.csv')).toMatchObject({
      ok: false,
      problems: [{ line: 2, reason: expect.stringMatching(/after a closing quote/) }],
    });
  });
});

describe('parseUsersCsv', () => {
  const header = 'logon,displayName,kind\r\n';

  it('reads users, with quoted display names', () => {
    const r = parseUsersCsv(`${header}alice,"Martin, Alice",pop3\r\nbob,Bob Kelly,exchange\r\n`, 'users.csv');
    expect(r).toEqual({
      ok: true,
      users: [
        { logon: 'alice', displayName: 'Martin, Alice', kind: 'pop3' },
        { logon: 'bob', displayName: 'Bob Kelly', kind: 'exchange' },
      ],
    });
  });

  it('refuses a bad row with file, line, field and reason', () => {
    const r = parseUsersCsv(`${header}alice,Alice Martin,pop3\r\nbad user,Someone,imap\r\ncarl,Carl\r\n`, 'users.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatCsvProblem)).toEqual([
      expect.stringMatching(/^users\.csv:3: logon: must be a logon name/),
      'users.csv:3: kind: "imap" must be pop3 or exchange',
      'users.csv:4: expected 3 fields (logon,displayName,kind), got 2',
    ]);
  });

  it('refuses a duplicate logon (any case), naming the first line', () => {
    const r = parseUsersCsv(`${header}alice,Alice,pop3\nAlice,Alice again,exchange\n`, 'u.csv');
    expect(r).toEqual({
      ok: false,
      problems: [{ file: 'u.csv', line: 3, field: 'logon', reason: 'duplicate logon "Alice" (already on line 2)' }],
    });
  });

  it('refuses a logon already entered by hand', () => {
    const r = parseUsersCsv(`${header}alice,Alice,pop3\n`, 'u.csv', [{ logon: 'ALICE', displayName: 'A', kind: 'pop3' }]);
    expect(r).toMatchObject({
      ok: false,
      problems: [{ line: 2, field: 'logon', reason: 'duplicate logon "alice" (already among the users already entered)' }],
    });
  });

  it('refuses a wrong header and an empty file', () => {
    expect(parseUsersCsv('user,name,type\n', 'u.csv')).toMatchObject({
      ok: false,
      problems: [{ line: 1, reason: expect.stringMatching(/header must be logon,displayName,kind/) }],
    });
    expect(parseUsersCsv('', 'u.csv')).toMatchObject({ ok: false, problems: [{ line: 1, reason: expect.stringMatching(/empty/) }] });
  });

  it('refuses control characters in a display name', () => {
    const r = parseUsersCsv(`${header}alice,"Alice\u0007",pop3\n`, 'u.csv');
    expect(r).toMatchObject({ ok: false, problems: [{ line: 2, field: 'displayName' }] });
  });
});
