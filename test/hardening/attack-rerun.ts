// Reruns the input and write attacks of issue 14 and prints the figures (not part of `npm test`):
//   npx tsx test/hardening/attack-rerun.ts
// Each input is classed: refused with a location (file:line:column), wrongly accepted, crash (an exception
// instead of an answer), hang (over 10 s); each planted link: data lost (the victim changed) or not.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/adapters/registry.js';
import { fileLog } from '../../src/adapters/executor/log.js';
import { fileJournal } from '../../src/adapters/plan/journal.js';
import { writePlanFile } from '../../src/adapters/plan/planfile.js';
import { modelToText, readModelFile, saveModelFile, writeNewModelFile, ModelFileError } from '../../src/persistence/file.js';
import { loadModelText } from '../../src/persistence/load.js';
import { writeFileSafely } from '../../src/persistence/safe-write.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { parseUsersCsv } from '../../src/model/setup/csv.js';
import { READ_CHANGING_CORPUS } from './read-changing-corpus.js';

const base = modelToText(scenarioModel('shared-domain'));
const tally = { tried: 0, located: 0, accepted: 0, crashes: 0, hangs: 0 };
const wrong: string[] = [];

const slowest: [string, number][] = [];
function judge(name: string, run: () => { ok: boolean; located: boolean }): void {
  tally.tried++;
  const t0 = performance.now();
  try {
    const r = run();
    const ms = performance.now() - t0;
    slowest.push([name, ms]);
    // A hang: far beyond what linear work on this input takes (the machine may be loaded: see the times printed).
    if (ms > 60_000) {
      tally.hangs++;
      wrong.push(`hang: ${name}`);
      return;
    }
    if (r.ok) {
      tally.accepted++;
      wrong.push(`accepted: ${name}`);
      return;
    }
    if (r.located) tally.located++;
    else wrong.push(`no location: ${name}`);
  } catch (e) {
    tally.crashes++;
    wrong.push(`crash: ${name}: ${(e as Error).message.slice(0, 100)}`);
  }
}

const load = (text: string) => {
  const r = loadModelText(text, 'm.yaml');
  return {
    ok: r.ok,
    located: !r.ok && r.problems.every((p) => p.line >= 1 && p.column >= 1 && !/parseAllDocuments|Maximum call stack/.test(p.message)),
  };
};

const READ_CHANGING = [...READ_CHANGING_CORPUS, '\u0080', '\u001b', '\u0007'];
// Each folds into ASCII under NFKC (the Kelvin sign, full-width N and a, the fi ligature, no-break space, Roman numeral one, circled digit 1).
const LOOK_ALIKES = ['\u212a', '\uff2e', '\ufb01', '\u00a0', '\uff41', '\u2160', '\u2474'];
const FIELDS: [string, RegExp, (v: string) => string][] = [
  ['organization', /^organization: .*$/m, (v) => `organization: ${JSON.stringify(v)}`],
  ['users[0].displayName', /displayName: Alice Martin,/, (v) => `displayName: ${JSON.stringify(v)},`],
  ['exchange.connectors[0].name', /^(\s+- )name: POP3 Connector$/m, (v) => `$1name: ${JSON.stringify(v)}`],
];

for (const [field, re, line] of FIELDS) {
  for (const c of READ_CHANGING)
    judge(`U+${c.charCodeAt(0).toString(16)} in ${field}`, () => load(base.replace(re, line(`Northwind ${c}Traders`))));
  for (const c of LOOK_ALIKES)
    judge(`look-alike U+${c.codePointAt(0)!.toString(16)} in ${field}`, () => load(base.replace(re, line(`Northwind ${c}raders`))));
}
for (const c of READ_CHANGING) {
  judge(`CSV displayName with U+${c.charCodeAt(0).toString(16)}`, () => {
    const r = parseUsersCsv(`logon,displayName,kind\nalice,Alice ${c}Smith,mailbox\n`, 'u.csv');
    return { ok: r.ok, located: !r.ok && r.problems.every((p) => p.line >= 1) };
  });
}

const targets = (yaml: string) =>
  `${base.replace(/^targets:.*\n?/m, '')}\ntargets:\n  - id: pop\n    adapter: postfix-dovecot\n    server: POP01\n${yaml}`;
for (const opt of [
  'dovecotUsers: /etc/shadow',
  'dovecotUsers: /etc/passwd',
  'mailRoot: /etc',
  'mailRoot: /',
  'mailRoot: /usr',
  'mailRoot: /root/mail',
  'mailRoot: /var/lib/mysql',
  'configDirectory: /etc',
  'configDirectory: /',
  'queueDirectory: /var/spool/cron',
  'dataDirectory: /boot',
  'saslPath: ../../../etc/shadow',
  'mailUid: "0"',
  'mailGid: 0',
  'nextHopPort: 70000',
  'internetRelay: "a;b"',
  'deliveryTransport: "pipe:x"',
  'dns: maybe',
  'colour: blue',
  'mailRoot: "/var/mail/$(id)"',
]) {
  judge(`option ${opt}`, () => load(targets(`    options:\n      ${opt}\n`)));
}
for (const host of ['-oProxyCommand', '-F', '--']) {
  judge(`ssh host ${host}`, () => load(targets(`    connection: {kind: ssh, host: "${host}", port: 22, user: root}\n`)));
}
judge('address of 320 octets', () => {
  const m = scenarioModel('shared-domain');
  (m.users[0] as { externalAddress?: string }).externalAddress =
    `${'a'.repeat(64)}@${Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.')}.example`;
  return load(modelToText(m));
});
judge('tag !!js/function', () => load(base.replace(/^organization: .*$/m, 'organization: !!js/function "function(){}"')));
judge('tag !foo', () => load(base.replace(/^organization: .*$/m, 'organization: !foo x')));
judge('tag !!python/object', () => load(base.replace(/^organization: .*$/m, 'organization: !!python/object:os.system x')));
judge('CR-only line endings', () => load(base.replace(/\n/g, '\r')));
judge('several documents', () => load(`${base}---\nversion: 1\n`));
judge('unresolved alias', () => load(base.replace(/^organization: .*$/m, 'organization: *nope')));
judge('flow nesting 5000', () => load(`${base}\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`));
judge('block nesting 5000', () => load(`${base}\nx:\n${'- '.repeat(5000)}y\n`));
judge('billion laughs', () =>
  load(
    `${base}\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
  ),
);
for (const n of [40_000, 300_000]) {
  judge(`${n} keys under an unknown field, one duplicate`, () =>
    load(`${base}\nextra:\n${Array.from({ length: n }, (_, i) => `  k${i}: v\n`).join('')}  k1: again\n`),
  );
}
judge('a 20 MB line', () => load(`${base}\nx: ${'y'.repeat(20_000_000)}\n`));
judge('a 52 MB quoted value', () => load(`${base}\nx: "${`${'y'.repeat(1000)}\n  `.repeat(52_000)}"\n`));

const work = mkdtempSync(join(tmpdir(), 'coexist-attack-'));
judge('invalid UTF-8 (Latin-1 file)', () => {
  const f = join(work, 'latin1.yaml');
  writeFileSync(f, Buffer.from(base.replace(/^organization: .*$/m, 'organization: Soci\u00e9t\u00e9'), 'latin1'));
  try {
    readModelFile(f, { cache: null });
    return { ok: true, located: false };
  } catch (e) {
    return {
      ok: false,
      located: e instanceof ModelFileError && e.problems.every((p) => p.line >= 1 && p.column >= 1) && e.problems.length > 0,
    };
  }
});

// Writes through planted links, as root in a world-writable sticky directory.
const writes = { tried: 0, dataLost: 0, refused: 0, linkReplaced: 0 };
const dir = join(work, 'shared');
mkdirSync(dir, { mode: 0o1777 });
function planted(name: string, write: (path: string) => void, path = join(dir, name)): void {
  writes.tried++;
  const victim = join(work, `victim-${writes.tried}`);
  writeFileSync(victim, 'precious\n');
  rmSync(path, { force: true });
  symlinkSync(victim, path);
  try {
    write(path);
  } catch {
    writes.refused++;
  }
  if (readFileSync(victim, 'utf8') !== 'precious\n') {
    writes.dataLost++;
    wrong.push(`data lost: ${name}`);
  } else if (!lstatSync(path).isSymbolicLink()) writes.linkReplaced++;
}
const model = join(dir, 'm.yaml');
writeNewModelFile(model, scenarioModel('shared-domain'));
planted('m.yaml.bak', () => {
  const l = readModelFile(model, { cache: null });
  saveModelFile(l, { ...l.model, organization: 'Edited' });
});
planted(
  'init --force over a link',
  (p) => writeNewModelFile(p, scenarioModel('shared-domain'), { overwrite: true }),
  join(dir, 'other.yaml'),
);
planted('export script', (p) => writeFileSafely(p, '#!/bin/sh\n', { mode: 0o755 }), join(dir, 'postfix-pop01.sh'));
planted('plan --out', (p) => writePlanFile(p, 'm.yaml', []), join(dir, 'plan.json'));
planted(
  'command log',
  (p) => fileLog(p).write({ time: '', target: 't', description: 'd', argv: [], exitCode: 0, durationMs: 0, timedOut: false, stderr: '' }),
  join(dir, 'commands.log'),
);
planted('journal', (p) => fileJournal(p).record({ target: 't', index: 0, object: 'o', status: 'started' }), join(dir, 'journal.jsonl'));
rmSync(work, { recursive: true, force: true });

process.stdout.write(
  `inputs: ${tally.tried} tried, ${tally.located} refused with a location, ${tally.accepted} wrongly accepted, ${tally.crashes} crashes, ${tally.hangs} hangs\n`,
);
process.stdout.write(
  `writes through a planted link: ${writes.tried} tried, ${writes.dataLost} data lost, ${writes.refused} refused, ${writes.linkReplaced} link replaced by the file\n`,
);
for (const w of wrong) process.stdout.write(`  ${w}\n`);
process.stdout.write(
  `slowest: ${slowest
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`)
    .join('; ')}\n`,
);
