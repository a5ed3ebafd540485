// The hostile-input corpus of issue 14: one entry per class of input that used to get through (or crash, or
// hang, or answer without a location), each refused with a file:line:column and a message in coexist's words.
// Classes: text that changes how a terminal reads it; compatibility look-alikes; over-long addresses; unknown
// YAML tags; inputs that made the loader quadratic, huge or recursive; messages without a location; target
// options that write over system files; SSH hosts read as options.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile, ModelFileError, modelToText } from '../../src/persistence/file.js';
import { loadModelText, type LoadProblem } from '../../src/persistence/load.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { parseUsersCsv } from '../../src/model/setup/csv.js';
import { BIN, ensureBuilt } from './cli-harness.js';

const work = mkdtempSync(join(tmpdir(), 'coexist-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const base = modelToText(scenarioModel('shared-domain'));

/** The base model with one line replaced: `organization: X`. */
const withOrganization = (value: string) => base.replace(/^organization: .*$/m, `organization: ${JSON.stringify(value)}`);
const withTargets = (yaml: string) => `${base.replace(/^targets:.*\n?/m, '')}\ntargets:\n${yaml}`;

function refused(text: string): LoadProblem[] {
  const r = loadModelText(text, 'm.yaml');
  if (r.ok) throw new Error('accepted');
  for (const p of r.problems) {
    expect(p.line, JSON.stringify(p)).toBeGreaterThan(0);
    expect(p.column).toBeGreaterThan(0);
    expect(p.message).not.toMatch(/parseAllDocuments|Maximum call stack|YAML\.|undefined/);
  }
  return r.problems;
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

export const READ_CHANGING_CORPUS: [string, string][] = [
  ['C1 control (CSI)', 'Northwind\u009b31mTraders'],
  ['C1 NEL', 'Northwind\u0085Traders'],
  ['line separator', 'Northwind\u2028Traders'],
  ['paragraph separator', 'Northwind\u2029Traders'],
  ['right-to-left override', 'Northwind \u202Esredart'],
  ['left-to-right embedding', 'Northwind \u202ATraders'],
  ['first-strong isolate', 'Northwind \u2068Traders\u2069'],
  ['right-to-left isolate', 'Northwind \u2067Traders'],
];

export const LOOK_ALIKE_CORPUS: [string, string][] = [
  ['Kelvin sign', 'Northwind \u212Aitchen'],
  ['full-width letters', '\uFF2Eorthwind'],
  ['ligature fi', 'Northwind \uFB01nance'],
  ['no-break space', 'Northwind\u00A0Traders'],
];

describe('text that changes how a terminal or a script reads it is refused', () => {
  it.each(READ_CHANGING_CORPUS)('%s in a free-text field', (_name, value) => {
    const text = withOrganization(value);
    const [p] = refused(text);
    expect(p!.path).toBe('organization');
    expect(p!.line).toBe(lineOf(text, 'organization:'));
    expect(p!.message).toMatch(/control characters/);
  });

  it.each(READ_CHANGING_CORPUS)('%s in a CSV import', (_name, value) => {
    const r = parseUsersCsv(`logon,displayName,kind\nalice,${value.replace(/,/g, ' ')},mailbox\n`, 'users.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ line: 2, field: expect.stringMatching(/displayName/) });
  });

  it.each(LOOK_ALIKE_CORPUS)('%s (folds into ASCII under NFKC) is refused in a name, not folded', (_name, value) => {
    const [p] = refused(withOrganization(value));
    expect(p!.message).toMatch(/which reads as ".+": type the plain character/);
  });

  it('plain accents stay welcome', () => {
    expect(loadModelText(withOrganization('Société Générale Ørsted'), 'm.yaml').ok).toBe(true);
  });

  it('an address over 254 octets is refused', () => {
    const m = scenarioModel('shared-domain');
    const user = m.users[0]! as { externalAddress?: string };
    user.externalAddress = `${'a'.repeat(64)}@${Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.')}.example`;
    const text = modelToText(m);
    const problems = refused(text);
    expect(problems.some((p) => /at most 254/.test(p.message))).toBe(true);
  });
});

describe('YAML the loader refuses with a location, in its own words', () => {
  it.each([
    ['!!js/function', 'organization: !!js/function "function () {}"'],
    ['!foo', 'organization: !foo Northwind'],
  ])('the unknown tag %s', (_tag, line) => {
    const text = base.replace(/^organization: .*$/m, line);
    const [p] = refused(text);
    expect(p!.message).toMatch(/unknown tag .*a model file uses no tags/);
    expect(p!.line).toBe(lineOf(text, 'organization:'));
  });

  it('CR-only line endings (said, not "the file is empty")', () => {
    const [p] = refused(base.replace(/\n/g, '\r'));
    expect(p!.message).toMatch(/carriage return alone/);
    expect(p!.line).toBe(1);
  });

  it('invalid UTF-8, at its line and column', () => {
    const file = join(work, 'latin1.yaml');
    const bytes = Buffer.from(withOrganization('Soci\u00e9t\u00e9'), 'latin1');
    writeFileSync(file, bytes);
    try {
      readModelFile(file, { cache: null });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFileError);
      const p = (e as ModelFileError).problems[0]!;
      expect(p.line).toBe(lineOf(withOrganization('x'), 'organization:'));
      expect(p.column).toBe('organization: "Soci'.length + 1);
      expect(p.message).toMatch(/is not UTF-8/);
    }
  });

  it('deep nesting (flow and block) is refused at its place, never a stack overflow', () => {
    let [p] = refused(`${base}\nextra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(p!.message).toMatch(/nested/);
    [p] = refused(`${base}\nextra:\n${'- '.repeat(5000)}x\n`);
    expect(p!.message).toMatch(/nested/);
  });

  it('an alias with no anchor is located where it is, not at 1:1', () => {
    const text = base.replace(/^organization: .*$/m, 'organization: *name');
    const [p] = refused(text);
    expect(p!.line).toBe(lineOf(text, 'organization:'));
    expect(p!.message).toMatch(/the alias \*name names no anchor/);
  });

  it("several documents: in coexist's words, at the second one", () => {
    const [p] = refused(`${base}---\norganization: Other\n`);
    expect(p!.message).toMatch(/a second YAML document starts here/);
    expect(p!.line).toBe(base.split('\n').length);
  });

  it('a duplicate key among 300,000 under an unknown field is found in linear time and located', () => {
    const keys = Array.from({ length: 300_000 }, (_, i) => `  k${i}: v\n`).join('');
    const text = `${base}\nunknownThing:\n${keys}  k7: again\n`;
    const [p] = refused(text);
    expect(p!.message).toMatch(/Map keys must be unique: "k7" is already on line/);
    expect(p!.line).toBe(text.split('\n').length - 1);
  }, 150_000);

  it('a line of 20 MB and a quoted value of 52 MB are refused by their length before parsing', () => {
    let [p] = refused(`${base}\nextra: ${'x'.repeat(20_000_000)}\n`);
    expect(p!.message).toMatch(/this line is 20000007 characters long/);
    [p] = refused(`${base}\nextra: "${`${'x'.repeat(1000)}\n  `.repeat(52_000)}"\n`);
    expect(p!.message).toMatch(/a value of [0-9]+ characters starts here/);
    expect(p!.line).toBe(base.split('\n').length + 1);
  }, 60_000);
});

describe('target options are part of the model', () => {
  const target = (options: string, extra = '') =>
    withTargets(`  - id: pop\n    adapter: postfix-dovecot\n    server: POP01\n${extra}    options:\n${options}`);

  it.each([
    ['dovecotUsers: /etc/shadow', /under the system directory \/etc/],
    ['dovecotConfig: /etc/pam.d/dovecot', /under the system directory \/etc/],
    ['dovecotPasswords: "/etc/dovecot/$(id)"', /must be an absolute path of letters/],
    ['mailRoot: /etc', /top-level system directory/],
    ['mailRoot: /', /top-level system directory/],
    ['mailRoot: /usr/lib/mail', /under the system directory \/usr/],
    ['configDirectory: /etc', /top-level system directory/],
    ['queueDirectory: /var/spool/cron', /under the system directory \/var\/spool/],
    ['mailUid: "0"', /whole number from 1/],
    ['nextHopPort: "99999"', /whole number from 1 to 65535/],
    ['saslPath: "../../etc/passwd"', /must not contain \.\./],
    ['colour: blue', /unknown option "colour" for postfix-dovecot/],
  ])('%s is refused with its line and column', (option, message) => {
    const text = target(`      ${option}\n`);
    const [p] = refused(text);
    expect(p!.message).toMatch(message);
    expect(p!.path).toMatch(/^targets\[0\]\.options/);
    expect(p!.line).toBe(lineOf(text, `${option.split(':')[0]!.trim()}:`));
  });

  it("numbers are accepted for mailUid and mailGid, as the README writes them; the mail servers' own directories too", () => {
    const r = loadModelText(
      target(
        '      mailUid: 5000\n      mailGid: 5000\n      configDirectory: /etc/postfix-out\n      dovecotUsers: /etc/dovecot/users\n      mailRoot: /var/mail/vhosts\n',
      ),
      'm.yaml',
    );
    expect(r.ok, r.ok ? '' : JSON.stringify(r.problems)).toBe(true);
    if (r.ok) expect(r.model.targets[0]!.options).toMatchObject({ mailUid: '5000', mailGid: '5000' });
  });

  // exchange-ems and windows2003 options are strict too: an unknown or misspelt option is a located
  // validate error, not an option silently ignored until the script runs.
  it.each([
    [
      'exchange-ems',
      'EX01',
      'connectionURI: http://ex01.example.com/PowerShell/',
      /unknown option "connectionURI" for exchange-ems \(known: version, connectionUri, pwsh\)/,
    ],
    ['exchange-ems', 'EX01', 'version: "2007"', /must be one of 2010, 2013, 2016, 2019, SE/],
    ['exchange-ems', 'EX01', 'connectionUri: "http://ex01/$(id)"', /must be an http\(s\) URL/],
    ['exchange-ems', 'EX01', 'pwsh: "-Command evil"', /must not begin with a dash/],
    [
      'windows2003',
      'POP01',
      'adDomian: northwindtraders.com',
      /unknown option "adDomian" for windows2003 \(known: adDomain, usersContainer\)/,
    ],
    ['windows2003', 'POP01', 'adDomain: "not a domain"', /Active Directory domain's DNS name/],
    ['windows2003', 'EX01', 'usersContainer: "OU=x;(objectClass=*)"', /must be a distinguished name/],
  ])('%s (%s) %s is refused with its line and column', (adapter, server, option, message) => {
    const text = withTargets(`  - id: t\n    adapter: ${adapter}\n    server: ${server}\n    options:\n      ${option}\n`);
    const [p] = refused(text);
    expect(p!.message).toMatch(message);
    expect(p!.path).toMatch(/^targets\[0\]\.options/);
    expect(p!.line).toBe(lineOf(text, `      ${option}`));
  });

  it('exchange-ems and windows2003 options the adapters read are accepted', () => {
    const text = withTargets(
      '  - id: ems\n    adapter: exchange-ems\n    server: EX01\n    options: {version: "2010", connectionUri: "http://ex01.northwindtraders.com/PowerShell/", pwsh: /usr/bin/pwsh}\n' +
        '  - id: w\n    adapter: windows2003\n    server: EX01\n    options: {adDomain: corp.northwindtraders.com, usersContainer: "OU=POP3 Users,DC=corp,DC=northwindtraders,DC=com"}\n',
    );
    const r = loadModelText(text, 'm.yaml');
    expect(r.ok, r.ok ? '' : JSON.stringify(r.problems)).toBe(true);
  });

  it('an SSH host beginning with "-" is refused (ssh would read it as an option)', () => {
    const text = target(
      '      mailRoot: /var/mail/vhosts\n',
      '    connection: {kind: ssh, host: "-oProxyCommand", port: 22, user: root}\n',
    );
    const [p] = refused(text);
    expect(p!.message).toMatch(/must not begin with "-"/);
    expect(p!.path).toBe('targets[0].connection.host');
  });
});

describe('route with hostile input and a closed pipe', () => {
  beforeAll(() => ensureBuilt());
  const sh = (script: string) =>
    spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });

  it('route --batch | head exits quietly when the reader closes the pipe', () => {
    const input = join(work, 'many.txt');
    writeFileSync(input, 'alice@northwindtraders.com\n'.repeat(200_000));
    const r = sh(`( node "${BIN}" route --batch < "${input}" 2> "${work}/err"; echo $? > "${work}/rc" ) | head -n 1`);
    expect(r.stdout).toMatch(/^\{"line":1,/);
    expect(readFileSync(join(work, 'err'), 'utf8')).toBe('');
    expect(readFileSync(join(work, 'rc'), 'utf8').trim()).toBe('0');
  }, 120_000);

  it('route --batch answers a 20 MB line with an error for that line, and goes on', () => {
    const input = join(work, 'long.txt');
    writeFileSync(input, `alice@northwindtraders.com\n${'x'.repeat(20_000_000)}\nbob@northwindtraders.com\n`);
    const r = sh(`node "${BIN}" route --batch < "${input}"`);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; error?: string; recipient?: string });
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(lines[1]!.error).toMatch(/longer than 4096 characters/);
    expect(lines[2]!.recipient).toBe('bob@northwindtraders.com');
  }, 120_000);

  it("route's text output escapes control characters of the recipient, as --json does", () => {
    const r = sh(`node "${BIN}" route "$(printf 'al\\033[31mice\\342\\200\\256@northwindtraders.com')"`);
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(r.stdout).toContain('al\\u001b[31mice\\u202e@northwindtraders.com');
  });
});
