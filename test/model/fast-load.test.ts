// The fast model load (the line reader or js-yaml for the data, the `yaml` Document only when a save needs it)
// must answer exactly as the full load does: the same model for every good file, the same problems (message,
// line, column, path) for every bad one, and each fast reader must decline whatever it could read differently.
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { parseDocument, stringify } from 'yaml';
import { fastModelData } from '../../src/persistence/fast-yaml.js';
import { lineModelData, resolvePlain } from '../../src/persistence/line-yaml.js';
import { loadModelText, loadModelTextFully, type LoadResult } from '../../src/persistence/load.js';
import { documentText } from '../../src/persistence/document.js';
import { modelToText, readModelFile, saveModelFile, writeNewModelFile } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { syntheticModel, DEFAULT_SEED } from '../../bench/org.js';
import type { Model } from '../../src/model/schema.js';
import { params } from '../hardening/fc-seed.js';

const models: Model[] = [scenarioModel('shared-domain'), scenarioModel('separate-domains'), syntheticModel(300, DEFAULT_SEED)];

/** The same models written in the styles people and tools write YAML in. */
const goodTexts: { name: string; text: string }[] = models.flatMap((m, i) => [
  { name: `${i}: coexist's own writer`, text: modelToText(m) },
  { name: `${i}: block style`, text: stringify(m) },
  { name: `${i}: double-quoted strings`, text: stringify(m, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }) },
  {
    name: `${i}: single-quoted keys and strings`,
    text: stringify(m, { defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'QUOTE_SINGLE' }),
  },
  { name: `${i}: js-yaml's dump`, text: jsyaml.dump(m) },
  { name: `${i}: JSON on one line`, text: JSON.stringify(m) },
  { name: `${i}: CRLF line ends`, text: modelToText(m).replace(/\n/g, '\r\n') },
  {
    name: `${i}: comments everywhere`,
    text: modelToText(m)
      .replace(/\n(?= {2}[a-z])/g, '\n# a comment: with [brackets], {braces} and "quotes"\n')
      .replace(/\n/g, '  # trailing\n'),
  },
]);

const PARSE = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

/** The two fast readers: each answers only what the full parse reads alike. */
const READERS = { 'js-yaml': fastModelData, lines: lineModelData } as const;

function fullData(text: string): { errors: number; data?: unknown } {
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length > 0) return { errors: doc.errors.length };
  return { errors: 0, data: doc.toJS({ maxAliasCount: 50 }) };
}

/** What a caller can see of a load result (the Document compared as the text it writes). */
function visible(r: LoadResult) {
  return r.ok ? { ok: true, model: r.model, doc: documentText(r.doc) } : { ok: false, problems: r.problems };
}

/** Deterministic text mutations aimed at YAML's syntax (seeded: a failure names its seed and case). */
const SNIPPETS = [
  ' ',
  '  ',
  '\n',
  '\n  ',
  '- ',
  ': ',
  ':',
  '#',
  ' #',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '? ',
  '|',
  '>',
  '|-',
  '>+',
  '&a ',
  '*a',
  '!!str ',
  '!!int ',
  '! ',
  '!x ',
  '!<?> ',
  '%YAML 1.1\n---\n',
  '\\',
  '\t',
  '\r\n',
  '\r',
  '...\n',
  '---\n',
  '~',
  'null',
  'true',
  'True',
  'yes',
  '0x1F',
  '0o17',
  '017',
  '1e3',
  '1_000',
  '.inf',
  '.NaN',
  '-',
  '<<: ',
  '"\\u00e9"',
  "''",
  '""',
  '\u00a0',
  '\u0085',
  '\ufeff',
  '-0',
  '+5',
  '0b11',
  '1.50',
  '12:30',
  '2001-01-01',
  '[a, b]: c',
  '{a: 1}: x',
  '? a\n: b',
  '"a\n  b"',
  "'a\n\n b'",
  'x\n  y',
  "'it''s'",
  '"\\x41"',
  '"a\\\n b"',
  '.5',
  '+.5e3',
  '[a,]',
  '{a: 1,}',
  '"a":b',
  '{a:1}',
  '[a:1]',
  '[? a : b]',
  'key: |\n  text\n',
  'key: >-\n  text\n',
  '\u0000',
  '\u200b',
  '"\\U0001F600"',
  'k:\n',
  ': v',
];

function* mutations(seed: number, count: number): Generator<{ label: string; text: string }> {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const bases = goodTexts.filter((g) => g.text.length < 40_000);
  for (let i = 0; i < count; i++) {
    const base = bases[Math.floor(rnd() * bases.length)]!;
    let text = base.text;
    const edits = 1 + Math.floor(rnd() * 4);
    for (let j = 0; j < edits; j++) {
      const at = Math.floor(rnd() * text.length);
      const op = rnd();
      if (op < 0.6) text = text.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)]! + text.slice(at);
      else if (op < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 4));
      else {
        const lines = text.split('\n');
        lines.splice(Math.floor(rnd() * lines.length), 0, lines[Math.floor(rnd() * lines.length)]!);
        text = lines.join('\n');
      }
    }
    yield { label: `seed ${seed}, case ${i} (from ${base.name})`, text };
  }
}

describe('the fast model load', () => {
  it('takes the fast path for good files in every common style, and gives the same model as the full load', () => {
    for (const { name, text } of goodTexts) {
      const fast = fastModelData(text);
      expect(fast, name).toBeDefined();
      expect(isDeepStrictEqual(fast, fullData(text).data), name).toBe(true);
      // The line reader reads what coexist writes, with or without comments; whatever else it reads must agree.
      const lines = lineModelData(text);
      if (/coexist's own writer|comments everywhere/.test(name)) expect(lines, name).toBeDefined();
      if (lines !== undefined) expect(isDeepStrictEqual(lines, fast), name).toBe(true);
      expect(visible(loadModelText(text, 'm.yaml')), name).toEqual(visible(loadModelTextFully(text, 'm.yaml')));
    }
  });

  it("the line reader reads the bench's organisations as js-yaml does", () => {
    for (const users of [100, 1000, 3000]) {
      const text = modelToText(syntheticModel(users, DEFAULT_SEED));
      const lines = lineModelData(text);
      expect(lines, `${users} users`).toBeDefined();
      expect(isDeepStrictEqual(lines, fastModelData(text)), `${users} users`).toBe(true);
    }
  });

  it('the line reader resolves plain scalars with the same table as js-yaml (its shortcut for text changes nothing)', () => {
    const doc = (s: string) => jsyaml.load(`k: ${s}`, { schema: jsyaml.CORE_SCHEMA }) as { k: unknown };
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^[-+.~0-9a-fA-FoxeEnNtTrulsIif]{1,8}$/)), (s) => {
        const t = s.trim();
        if (t === '' || /[\n#:'"[\]{},&*!|>%@`?-]/.test(t[0]!) || /[:#\n\r\t]/.test(t)) return;
        expect(
          isDeepStrictEqual(resolvePlain(t), fastModelData(`k: ${t}`) ? (fastModelData(`k: ${t}`) as { k: unknown }).k : doc(t).k),
          t,
        ).toBe(true);
      }),
      params(3000),
    );
  });

  it('declines what the two YAML libraries could read differently, and the full load answers', () => {
    const base = modelToText(scenarioModel('shared-domain'));
    const declined = {
      'a tag': base.replace('organization: Northwind Traders', 'organization: !!str Northwind Traders'),
      'a non-specific tag': base.replace('organization: Northwind Traders', 'organization: ! Northwind Traders'),
      'a verbatim tag': base.replace('maxHopCount: 30', 'maxHopCount: !<?> 30'),
      'an anchor and alias': base.replace('organization: Northwind Traders', 'organization: &o Northwind Traders\nx: *o'),
      'a YAML 1.1 directive': `%YAML 1.1\n---\n${base}`,
      'a null value': base.replace('organization: Northwind Traders', 'organization:'),
      'a null key': base.replace('scenario: shared-domain', 'scenario: shared-domain\n~: x'),
      'a collection as a key': base.replace('scenario: shared-domain', 'scenario: shared-domain\n[a]: x'),
      'an implicit pair in a flow sequence': base.replace('bridgeheads: [ EX01 ]', 'bridgeheads: [ EX01: x ]'),
      'a flow mapping over two lines': base.replace('relay: { mode: only-list,', 'relay: { mode: only-list,\n'),
      'a quoted string over two lines': base.replace('smartHost: "[10.0.0.10]"', 'smartHost: "[10.0.0.10\n  ]"'),
      'a plain string over two lines': base.replace('organization: Northwind Traders', 'organization: Northwind\n  Traders'),
      'a block scalar': base.replace('organization: Northwind Traders', 'organization: |-\n  Northwind Traders'),
      'a duplicate key': base.replace('scenario: shared-domain', 'scenario: shared-domain\nscenario: shared-domain'),
      'a byte-order mark': `\uFEFF${base}`,
      'a tab': base.replace('organization: Northwind Traders', 'organization:\tNorthwind Traders'),
      'two documents': `${base}---\n${base}`,
      'a key over 1024 characters': base.replace('scenario: shared-domain', `scenario: shared-domain\n${'k'.repeat(1100)}: x`),
      'a colon over 1024 characters after its key': base.replace('scenario: shared-domain', `scenario${' '.repeat(1100)}: shared-domain`),
    };
    for (const [what, text] of Object.entries(declined)) {
      expect(fastModelData(text), what).toBeUndefined();
      expect(lineModelData(text), what).toBeUndefined();
      expect(visible(loadModelText(text, 'm.yaml')), what).toEqual(visible(loadModelTextFully(text, 'm.yaml')));
    }
  });

  it("keeps a long one-line flow sequence (a large POP3 domain's mailboxes) on the fast path", () => {
    const m = scenarioModel('shared-domain');
    const logons = Array.from({ length: 600 }, (_, i) => `user${i}`);
    m.pop3.servers[0]!.domains[0]!.mailboxes = logons;
    m.users.push(...logons.map((logon) => ({ logon, displayName: logon, kind: 'pop3' as const })));
    // coexist now writes such a list one item a line (document.ts); files written before hold it on one line.
    const block = modelToText(m);
    expect(block.split('\n').some((l) => l.length > 1100)).toBe(false);
    const text = block.replace(
      /^( +)mailboxes:\n(?:\1 {2}- user\d+\n)+/m,
      (_all, indent: string) => `${indent}mailboxes: [${logons.join(', ')}]\n`,
    );
    expect(text.split('\n').some((l) => l.length > 4000)).toBe(true);
    expect(fastModelData(text)).toBeDefined();
    expect(isDeepStrictEqual(lineModelData(text), fastModelData(text))).toBe(true);
    expect(visible(loadModelText(text, 'm.yaml'))).toEqual(visible(loadModelTextFully(text, 'm.yaml')));
  });

  it('reads plain scalars as the YAML 1.2 core schema does (as the full load does)', () => {
    const base = modelToText(scenarioModel('shared-domain'));
    for (const value of [
      '30',
      '+30',
      '0o36',
      '0x1e',
      '3e1',
      '30.0',
      '.inf',
      '-.Inf',
      '.NaN',
      'true',
      'False',
      'yes',
      'on',
      '0b11110',
      '1_0',
      '030',
      '30.',
      '"30"',
      "'30'",
      '2001-01-01',
      '12:30',
    ]) {
      const text = base.replace('maxHopCount: 30', `maxHopCount: ${value}`);
      const fast = fastModelData(text);
      expect(fast, value).toBeDefined();
      expect(isDeepStrictEqual(fast, fullData(text).data), value).toBe(true);
      const lines = lineModelData(text);
      if (!/^[-+.]/.test(value)) expect(lines, value).toBeDefined();
      if (lines !== undefined) expect(isDeepStrictEqual(lines, fast), value).toBe(true);
      expect(visible(loadModelText(text, 'm.yaml')), value).toEqual(visible(loadModelTextFully(text, 'm.yaml')));
    }
  });

  it('on mutated files: whenever a fast reader answers, the full parse has no error and the same data; loads are identical', () => {
    let answered = 0;
    let linesAnswered = 0;
    for (const { label, text } of mutations(20261128, 4000)) {
      const fast = fastModelData(text);
      const lines = lineModelData(text);
      if (fast !== undefined || lines !== undefined) {
        const full = fullData(text);
        expect(full.errors, label).toBe(0);
        for (const [reader, data] of [
          ['js-yaml', fast],
          ['lines', lines],
        ] as const) {
          if (data !== undefined) expect(isDeepStrictEqual(data, full.data), `${reader}: ${label}`).toBe(true);
        }
        if (fast !== undefined) answered++;
        if (lines !== undefined) linesAnswered++;
      }
      // Every problem comes from the full load, so the problems are identical by construction; a valid
      // model from the fast path must equal the full path's. Checked on a sample (the full load is slow).
      if (fast !== undefined || answered % 7 === 0) {
        expect(visible(loadModelText(text, 'fuzz.yaml')), label).toEqual(visible(loadModelTextFully(text, 'fuzz.yaml')));
      }
    }
    expect(answered).toBeGreaterThan(400);
    expect(linesAnswered).toBeGreaterThan(200);
  }, 120_000);

  it('on any YAML that common writers produce: whenever the fast reader answers, the full parse agrees', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('true', 'null', '1', '0x1', '~', '-', '? x', 'a: b', '#', '"', "'", '<<', '__proto__', '1e3', '.inf'),
    );
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constantFrom(
        'true',
        'null',
        '0o7',
        '0x1F',
        '1_0',
        '.NaN',
        '-.inf',
        '',
        ' ',
        'a #b',
        'a: b',
        '- x',
        '[x]',
        '{x}',
        '"q"',
        "'q'",
        '\\',
        '@x',
        '`x',
        '%x',
        '!x',
        '&x',
        '*x',
        '|',
        '>',
      ),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
    })).v;
    const writers: ((v: unknown) => string)[] = [
      (v) => stringify(v),
      (v) => stringify(v, { collectionStyle: 'flow' }),
      (v) => stringify(v, { defaultStringType: 'QUOTE_DOUBLE' }),
      (v) => stringify(v, { defaultStringType: 'QUOTE_SINGLE' }),
      (v) => stringify(v, { lineWidth: 20, minContentWidth: 5 }),
      (v) => stringify(v, { indent: 4, indentSeq: false }),
      (v) => jsyaml.dump(v),
      (v) => jsyaml.dump(v, { flowLevel: 1 }),
      (v) => JSON.stringify(v),
    ];
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: writers.length - 1 }), (v, w) => {
        let text: string;
        try {
          text = writers[w]!(v);
        } catch {
          return;
        }
        for (const read of Object.values(READERS)) {
          const fast = read(text);
          if (fast === undefined) continue;
          const doc = parseDocument(text, { ...PARSE, logLevel: 'silent' });
          expect(
            doc.errors.map((e) => e.code),
            text,
          ).toEqual([]);
          expect(isDeepStrictEqual(fast, doc.toJS({ maxAliasCount: 50 })), text).toBe(true);
        }
      }),
      params(4000),
    );
  }, 120_000);

  it('builds the comment-keeping Document only when asked, and a save keeps comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coexist-fast-'));
    try {
      const path = join(dir, 'm.yaml');
      writeNewModelFile(path, scenarioModel('shared-domain'));
      const loaded = readModelFile(path);
      expect(typeof Object.getOwnPropertyDescriptor(loaded, 'doc')?.get).toBe('function');
      expect(loaded.text).toBe(modelToText(scenarioModel('shared-domain')));
      expect(documentText(loaded.doc)).toBe(loaded.text);
      const next = structuredClone(loaded.model);
      next.organization = 'Renamed';
      const saved = saveModelFile(loaded, next);
      expect(readModelFile(path).model).toEqual(next);
      expect(saved.text).toContain('# coexist model file');
      expect(documentText(saved.doc)).toBe(saved.text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
