// Fuzzing the model loader (src/persistence/load.ts) and the document merge used by saves (src/persistence/document.ts):
// loadModelText never throws and places every problem; a saved model loads back equal; comments survive.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { checkModel } from '../../src/model/check.js';
import { loadModelText } from '../../src/persistence/load.js';
import { documentText, mergeIntoDocument } from '../../src/persistence/document.js';
import { modelToText, readModelFile, saveModelFile } from '../../src/persistence/file.js';
import { scenarioModel, SCENARIOS } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';
import { params } from './fc-seed.js';
import { hostileText, longText } from './hostile.js';
import { MUTATIONS, acceptedModel } from './models.js';

const KEYS = [
  'version',
  'organization',
  'scenario',
  'dns',
  'mx',
  'exchange',
  'servers',
  'name',
  'fqdn',
  'ip',
  'smtpVirtualServers',
  'relay',
  'mode',
  'computers',
  'recipientPolicies',
  'priority',
  'filter',
  'addresses',
  'address',
  'primary',
  'responsible',
  'connectors',
  'smartHosts',
  'bridgeheads',
  'addressSpaces',
  'domain',
  'pop3',
  'domains',
  'mailboxes',
  'smtp',
  'outboundSecurity',
  'secret',
  'password',
  'users',
  'logon',
  'clients',
  'targets',
  '__proto__',
  'constructor',
  '<<',
];

/** YAML-ish trees: the schema's own keys with values of every type, including hostile strings. */
const yamlish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.constantFrom(
        1,
        0,
        -1,
        1.5,
        1e309,
        null,
        true,
        false,
        '',
        'lowest',
        'shared-domain',
        '10.0.0.20',
        '[10.0.0.20]',
        'EX01',
        '@northwindtraders.com',
      ),
      hostileText(6),
      fc.string({ maxLength: 8 }),
    ),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 6 }),
    fc.array(tie('node'), { maxLength: 4 }),
  ),
})).node;

/** Raw text fragments that exercise the YAML parser itself. */
const yamlText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        'version: 1\n',
        'organization: x\n',
        'scenario: shared-domain\n',
        '  - ',
        '- ',
        ': ',
        '&a ',
        '*a ',
        '<<: *a\n',
        '!!binary ',
        '!!js/function ',
        '!!python/object ',
        '? ',
        '{',
        '}',
        '[',
        ']',
        '"',
        "'",
        '|\n',
        '>\n',
        '\t',
        '  ',
        '\n',
        '#c\n',
        '---\n',
        '...\n',
        '%YAML 1.2\n',
        '%TAG ! tag:x:\n',
        'exchange:\n',
        '  servers:\n',
        'x: y\n',
        'x: y\n',
        '\uFEFF',
        '\0',
      ),
      { maxLength: 40 },
    )
    .map((p) => p.join('')),
  yamlish.map((v) => stringify(v)),
  yamlish.map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom(
    // Billion laughs: aliases that would expand exponentially.
    `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    'a: &a\n  b: *a\n',
    `${'['.repeat(5000)}`,
    `${'- '.repeat(3000)}x`,
    'version: 1\nversion: 1\n',
    '__proto__: {polluted: true}\nversion: 1\n',
  ),
  longText,
);

function checkProblems(text: string, result: ReturnType<typeof loadModelText>): void {
  if (result.ok) {
    expect(checkModel(result.model).ok).toBe(true);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of result.problems) {
    expect(p.file).toBe('fuzz.yaml');
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, `line ${p.line} of ${lines}`).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1).toBe(true);
    expect(p.path.length).toBeGreaterThan(0);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

// The property tests do a fixed amount of work (fast-check's runs); on a loaded 2-core CI machine two of them
// took 27 s and 36 s against 9 s alone, past the 20 s default. Their speed is measured by npm run bench, not here.
describe('loadModelText under fuzzing', () => {
  it('never throws on arbitrary text or YAML-ish structures, and every problem has file, line, column and path', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        const t0 = performance.now();
        checkProblems(text, loadModelText(text, 'fuzz.yaml'));
        // A guard against blow-ups (a quadratic parse of these inputs takes tens of seconds), not a speed
        // measurement: the worst input here takes ~0.3 s alone and over 2 s on a loaded 2-core machine.
        expect(performance.now() - t0).toBeLessThan(8000);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      params(1000),
    );
  });

  it('never throws on the example files with lines deleted, duplicated, swapped or replaced by hostile text', () => {
    const texts = SCENARIOS.map((s) => modelToText(scenarioModel(s)).split('\n'));
    const edit = fc.tuple(
      fc.constantFrom(0, 1),
      fc.array(fc.tuple(fc.nat({ max: 4 }), fc.nat(), fc.nat(), hostileText(4)), { minLength: 1, maxLength: 5 }),
    );
    fc.assert(
      fc.property(edit, ([which, ops]) => {
        const lines = [...texts[which]!];
        for (const [op, a, b, h] of ops) {
          const i = a % lines.length;
          const j = b % lines.length;
          if (op === 0) lines.splice(i, 1);
          else if (op === 1) lines.splice(i, 0, lines[i]!);
          else if (op === 2) [lines[i], lines[j]] = [lines[j]!, lines[i]!];
          else if (op === 3) lines[i] = lines[i]!.replace(/: .*$/, `: ${h}`);
          else lines[i] = lines[i]!.replace(/[A-Za-z0-9.]+/, h);
          if (lines.length === 0) lines.push('');
        }
        const text = lines.join('\n');
        checkProblems(text, loadModelText(text, 'fuzz.yaml'));
      }),
      params(800),
    );
  }, 120_000);

  it('refuses a literal password or secret value anywhere, with an "unknown field" or secret-reference message', () => {
    const base = modelToText(scenarioModel('shared-domain'));
    const places: [RegExp, string][] = [
      [/(\n\s+outboundSecurity: \{)/, '$1 password: "S3cret!",'],
      [/(\n {4}- name: POP01\n)/, '$1      password: S3cret!\n'],
      [/(\nusers:\n)/, '$1  - { logon: eve, displayName: Eve, kind: exchange, mailboxServer: EX01, password: S3cret! }\n'],
      [/^/, 'password: S3cret!\n'],
      [/(\n {4}- name: EX01\n)/, '$1      adminPassword: S3cret!\n'],
    ];
    for (const [where, insert] of places) {
      const text = base.replace(where, insert);
      expect(text).not.toBe(base);
      const r = loadModelText(text, 'm.yaml');
      expect(r.ok, insert).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.message).join('\n')).toMatch(/unknown field "(password|adminPassword)"/);
    }
    for (const secret of ['S3cret!', 'env:lower', 'keyring:', 'plain:hunter2', 'env:X Y', 'file:/etc/shadow']) {
      const r = loadModelText(base.replace('secret: env:COEXIST_POP3_RELAY_PASSWORD', `secret: ${JSON.stringify(secret)}`), 'm.yaml');
      expect(r.ok, secret).toBe(false);
      if (!r.ok) expect(r.problems[0]!.message).toMatch(/env:VARIABLE or keyring:NAME/);
    }
  });
});

/** Text values the schema accepts (no control characters), chosen to trip YAML quoting. */
const TRICKY_TEXT = fc.oneof(
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'off',
    'null',
    '~',
    'true',
    '0x10',
    '1e3',
    '010',
    '.inf',
    '- x',
    '? x',
    ': x',
    'a: b',
    'a #b',
    '#x',
    '&a',
    '*a',
    '!tag',
    '%x',
    '@x',
    '`x`',
    '"',
    "'",
    '{a}',
    '[a]',
    '|',
    '>',
    ' lead',
    'trail ',
    '---',
    '...',
    '\u2019; Remove-Item C:\\ \u2018',
    '$(calc)',
    'a\u2028b',
    'Zoë Ünïcode',
    '\uFEFFbom',
    'x'.repeat(256),
  ),
  hostileText(6).filter((s) => s.length >= 1 && s.length <= 256 && !/[\u0000-\u001f\u007f]/.test(s)),
);

function withText(model: Model, which: number, value: string): unknown {
  const raw = structuredClone(model) as Model;
  switch (which % 4) {
    case 0:
      raw.organization = value;
      break;
    case 1:
      if (raw.users[0]) raw.users[0].displayName = value;
      break;
    case 2:
      if (raw.exchange.connectors[0]) raw.exchange.connectors[0].name = value;
      break;
    default:
      if (raw.clients[0]) raw.clients[0].program = value;
      break;
  }
  return raw;
}

describe('document merge and save round trip', () => {
  const commented = (model: Model): string => {
    let n = 0;
    return modelToText(model)
      .split('\n')
      .map((line) => {
        const top = /^([a-z0-9]+):/.exec(line);
        if (top) return `# section ${top[1]} - keep\n${line}`;
        if (/^\s+- name: /.test(line)) return `${line} # item ${++n}`;
        return line;
      })
      .join('\n');
  };

  it('merging an edit into the document gives text that loads back as exactly the edited model, with comments kept', () => {
    const gen = fc.tuple(fc.constantFrom(...SCENARIOS), acceptedModel(6), fc.option(fc.tuple(fc.nat(), TRICKY_TEXT), { nil: undefined }));
    fc.assert(
      fc.property(gen, ([base, { model: target }, text]) => {
        const original = commented(scenarioModel(base));
        const loaded = loadModelText(original, 'm.yaml');
        if (!loaded.ok) throw new Error(loaded.problems[0]!.message);
        let next: Model = target;
        if (text) {
          const c = checkModel(withText(target, text[0], text[1]));
          if (!c.ok) return;
          next = c.model;
        }
        const doc = loaded.doc.clone();
        mergeIntoDocument(doc, loaded.model, next);
        const out = documentText(doc);
        const again = loadModelText(out, 'm.yaml');
        expect(again.ok, again.ok ? '' : `${again.problems[0]!.message}\n${out}`).toBe(true);
        if (!again.ok) return;
        expect(again.model).toEqual(next);
        // Comments of sections the edit did not touch survive, and the header always does.
        expect(out).toContain('# coexist model file (version 1)');
        for (const key of Object.keys(next) as (keyof Model)[]) {
          if (JSON.stringify(next[key]) === JSON.stringify(loaded.model[key])) expect(out, key).toContain(`# section ${key} - keep`);
        }
        // The original is untouched (the clone was edited) and a second merge of the same edit changes nothing.
        expect(documentText(loaded.doc)).toBe(original);
        const doc2 = again.doc.clone();
        mergeIntoDocument(doc2, again.model, next);
        expect(documentText(doc2)).toBe(out);
      }),
      params(400),
    );
  }, 120_000);

  it('saveModelFile then readModelFile gives back the saved model, for a chain of edits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coexist-hardening-save-'));
    try {
      fc.assert(
        fc.property(
          fc.constantFrom(...SCENARIOS),
          fc.array(fc.tuple(fc.nat({ max: MUTATIONS.length - 1 }), fc.nat({ max: 1_000_000 })), { minLength: 1, maxLength: 6 }),
          (base, edits) => {
            const path = join(dir, 'm.yaml');
            writeFileSync(path, commented(scenarioModel(base)));
            let loaded = readModelFile(path);
            for (const [op, n] of edits) {
              const raw = structuredClone(loaded.model);
              MUTATIONS[op]![1](raw, n);
              const c = checkModel(raw);
              if (!c.ok) continue;
              const before = readFileSync(path, 'utf8');
              loaded = saveModelFile(loaded, c.model);
              expect(loaded.model).toEqual(c.model);
              expect(readModelFile(path).model).toEqual(c.model);
              expect(readFileSync(`${path}.bak`, 'utf8')).toBe(before);
            }
            expect(readFileSync(path, 'utf8')).toContain('# coexist model file (version 1)');
          },
        ),
        params(60),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
