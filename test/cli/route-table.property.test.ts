// The route table (src/model/routing/route-table.ts): what a model compiles to for route --batch, answered
// without the model. Whatever it answers must be byte for byte what the full simulation answers, on generated
// models and options, for directory addresses in any case, unknown users at the model's domains, under them and
// elsewhere, POP3 mailboxes, and every shape that is not plain; it must answer most plain recipients (or it is
// no table); and on disk (src/persistence/route-table-cache.ts) it is read back as written, a damaged or foreign
// entry is a miss, and a table kept for one model file, options and build is never read for another. Through the
// built CLI, a batch answered from the table prints what a batch without any cache prints.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SEED, recipientMix, syntheticModel } from '../../bench/org.js';
import { BatchAnswers } from '../../src/cli/commands/route-answers.js';
import { openBatchEngine } from '../../src/cli/commands/route-engine.js';
import { directoryOf } from '../../src/model/routing/directory.js';
import { type RouteTable, RouteTableAnswers } from '../../src/model/routing/route-table.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';
import type { ModelCache } from '../../src/persistence/file-cache.js';
import { modelToText } from '../../src/persistence/file.js';
import { readRouteTable, type RouteTableKey, routeTablePath, writeRouteTable } from '../../src/persistence/route-table-cache.js';
import { params } from '../hardening/fc-seed.js';
import { acceptedModel, localDomains } from '../hardening/models.js';
import { fullLine, locals, options, type Options, recipients } from '../helpers/route-batch-gen.js';
import { cli } from './run-cli.js';

const compile = (model: Model, opts: Options): RouteTable => new BatchAnswers(model, { recipient: '', ...opts }, false).routeTable();
/** As a batch reads it: from its JSON text, not the object compile() made. */
const reread = (table: RouteTable) => new RouteTableAnswers(JSON.parse(JSON.stringify(table)) as RouteTable);

/** Plain recipients of every kind the table has an answer for, or must refuse. */
const plainRecipients = (model: Model): fc.Arbitrary<string[]> => {
  const own = localDomains(model);
  const directory = [...directoryOf(model).recipients.keys()];
  // What address spaces and IIS remote domains cover: the name itself and, under a wildcard, its subdomains.
  const patterns = [
    ...model.exchange.connectors.flatMap((c) => c.addressSpaces.map((s) => s.domain)),
    ...model.pop3.servers.flatMap((s) => s.smtp.remoteDomains.map((r) => r.name)),
  ].map((p) => p.replace(/^\*\.?/, ''));
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
  const domain = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...own) },
    fc.tuple(label, fc.constantFrom(...own)).map(([l, d]) => `${l}.${d}`),
    fc.tuple(label, fc.constantFrom(...patterns, 'com')).map(([l, base]) => (base === '' ? `${l}.example` : `${l}.${base}`)),
    fc.tuple(label, fc.constantFrom('net', 'org', 'info', 'com', 'example')).map(([l, t]) => `${l}.${t}`),
    fc.constantFrom('contoso.com', 'example.org', 'sub.example.org', 'partner.example', 'qz7k-probe-a.net', 'Example.ORG', 'example.org.'),
  );
  const one = fc.oneof(
    { weight: 3, arbitrary: directory.length > 0 ? fc.constantFrom(...directory) : fc.constant('nobody@example.org') },
    directory.length > 0 ? fc.constantFrom(...directory).map((a) => a.toUpperCase()) : fc.constant('x@example.org'),
    directory.length > 0 ? fc.constantFrom(...directory).map((a) => `<${a}>`) : fc.constant('<x@example.org>'),
    directory.length > 0
      ? fc.constantFrom(...directory).map((a) => a.replace(/@.*/, (d) => d.toUpperCase()))
      : fc.constant('x@EXAMPLE.org'),
    { weight: 4, arbitrary: fc.tuple(locals(model), domain).map(([l, d]) => `${l}@${d}`) },
  );
  return fc.array(one, { minLength: 1, maxLength: 40 });
};

describe('the route table', () => {
  it('answers, without the model, exactly what the simulation answers, and most plain recipients', () => {
    const gen = acceptedModel(6).chain((g) =>
      fc.tuple(
        fc.constant(g.model),
        options(g.model),
        fc.tuple(plainRecipients(g.model), recipients(g.model)).map(([a, b]) => [...a, ...b]),
      ),
    );
    let answered = 0;
    let asked = 0;
    fc.assert(
      fc.property(gen, ([model, opts, list]) => {
        const table = reread(compile(model, opts));
        for (const recipient of list) {
          const tail = table.answer(recipient);
          asked++;
          if (tail === undefined) continue;
          answered++;
          expect(`"recipient":${JSON.stringify(recipient)},${tail}`).toBe(fullLine(model, { recipient, ...opts }));
        }
      }),
      params(300),
    );
    expect(answered).toBeGreaterThan(asked / 3);
  });

  it('answers the directory, unknown users and the rest of the world of the bench organisation', () => {
    const model = syntheticModel(300, DEFAULT_SEED);
    const opts: Options = { origin: { kind: 'internet' } };
    const table = reread(compile(model, opts));
    const mix = recipientMix(model, 2000);
    const misses = mix.filter((r) => table.answer(r) === undefined);
    expect(misses).toEqual([]);
    for (const recipient of mix.slice(0, 300)) {
      expect(`"recipient":${JSON.stringify(recipient)},${table.answer(recipient)}`).toBe(fullLine(model, { recipient, ...opts }));
    }
  });

  it('lets BatchAnswers answer every line as the simulation does, from the table where it can', () => {
    const gen = acceptedModel(6).chain((g) =>
      fc.tuple(fc.constant(g.model), options(g.model), recipients(g.model), plainRecipients(g.model)),
    );
    let tabled = 0;
    fc.assert(
      fc.property(gen, ([model, opts, list, plain]) => {
        const table = reread(compile(model, opts));
        const answers = new BatchAnswers(model, { recipient: '', ...opts }, false, table);
        for (const recipient of [...list, ...plain, ...list.slice().reverse()]) {
          expect(answers.line(recipient)).toBe(fullLine(model, { recipient, ...opts }));
        }
        tabled += answers.tabled;
      }),
      params(150),
    );
    expect(tabled).toBeGreaterThan(150);
  });
});

const scratch = mkdtempSync(join(tmpdir(), 'coexist-routes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let caches = 0;
const freshCache = (): ModelCache => ({ dir: join(scratch, `c${caches++}`, 'models'), key: 'test-build v0' });

/** Damage done to a kept table: every one must make it a miss. */
const corruptions: [string, (path: string) => void][] = [
  [
    'a flipped byte',
    (path) => {
      const bytes = readFileSync(path);
      const at = Math.floor(bytes.length * 0.7);
      bytes[at] = bytes[at]! ^ 0x01;
      writeFileSync(path, bytes, { mode: 0o600 });
    },
  ],
  ['truncated', (path) => truncateSync(path, Math.floor(readFileSync(path).length / 2))],
  ['empty', (path) => writeFileSync(path, '', { mode: 0o600 })],
  [
    'the last bytes removed',
    (path) => {
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.slice(0, text.length - 10), { mode: 0o600 });
    },
  ],
];

describe('the route table on disk', () => {
  it('is read back as written, and damaged it is a miss', () => {
    const gen = acceptedModel(4).chain((g) =>
      fc.tuple(fc.constant(g.model), options(g.model), fc.integer({ min: 0, max: corruptions.length - 1 })),
    );
    fc.assert(
      fc.property(gen, ([model, opts, damage]) => {
        const key: RouteTableKey = { cache: freshCache(), fingerprint: 'f'.repeat(64), options: JSON.stringify(opts) };
        const table = compile(model, opts);
        expect(readRouteTable(key)).toBeUndefined();
        writeRouteTable(key, table);
        expect(readRouteTable(key)).toEqual(table);
        corruptions[damage]![1](routeTablePath(key));
        expect(readRouteTable(key)).toBeUndefined();
        expect(existsSync(routeTablePath(key))).toBe(false);
      }),
      params(40),
    );
  });

  it('is never read for another model file, other options or another build, nor under another name', () => {
    const model = scenarioModel('shared-domain');
    const table = compile(model, { origin: { kind: 'internet' } });
    const cache = freshCache();
    const mine: RouteTableKey = { cache, fingerprint: 'a'.repeat(64), options: '["internet"]' };
    writeRouteTable(mine, table);
    expect(readRouteTable(mine)).toEqual(table);
    const others: [string, RouteTableKey][] = [
      ['another model file', { ...mine, fingerprint: 'b'.repeat(64) }],
      ['other options', { ...mine, options: '["user:alice"]' }],
      ['another build', { ...mine, cache: { ...cache, key: 'other-build v0' } }],
    ];
    for (const [name, key] of others) expect(readRouteTable(key), name).toBeUndefined();
    // The file planted under another key's name is not read either (its header names its key).
    const planted = others[0]![1];
    copyFileSync(routeTablePath(mine), routeTablePath(planted));
    expect(readRouteTable(planted)).toBeUndefined();
  });

  it('is not read from a file or a directory that others can write (nor removed)', () => {
    if (typeof process.getuid !== 'function') return; // no owners or modes to check on Windows
    const key: RouteTableKey = { cache: freshCache(), fingerprint: 'd'.repeat(64), options: '{}' };
    const table = compile(scenarioModel('shared-domain'), { origin: { kind: 'internet' } });
    writeRouteTable(key, table);
    expect(readRouteTable(key)).toEqual(table);
    chmodSync(routeTablePath(key), 0o666);
    expect(readRouteTable(key)).toBeUndefined();
    expect(existsSync(routeTablePath(key))).toBe(true);
    chmodSync(routeTablePath(key), 0o600);
    chmodSync(join(routeTablePath(key), '..'), 0o777);
    expect(readRouteTable(key)).toBeUndefined();
    chmodSync(join(routeTablePath(key), '..'), 0o700);
    expect(readRouteTable(key)).toEqual(table);
  });
});

describe('route --batch with its route table', () => {
  it('opens the model from the bytes its table was keyed on, not the file as it is now', () => {
    const dir = join(scratch, 'engine');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'm.yaml');
    const before = scenarioModel('shared-domain');
    const after = structuredClone(before);
    after.exchange.recipientPolicies = after.exchange.recipientPolicies.map((p) => ({ ...p, responsible: false as never }));
    writeFileSync(file, modelToText(before));
    const bytes = readFileSync(file);
    writeFileSync(file, modelToText(scenarioModel('separate-domains')));
    const engine = openBatchEngine({ batch: true }, file, bytes, undefined);
    const address = [...directoryOf(before).recipients.keys()][0]!;
    expect(engine.answers.line(address)).toBe(fullLine(before, { recipient: address, origin: { kind: 'internet' } }));
  });

  it('through the built CLI: the same lines cold, warm (the model not loaded) and with the table damaged', () => {
    const dir = join(scratch, 'cli');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'm.yaml');
    const model = syntheticModel(200, DEFAULT_SEED);
    writeFileSync(file, modelToText(model));
    // The bench's mix, then what the table cannot answer: a batch that opens the model half way through.
    const input = `${recipientMix(model, 300).join('\n')}\nx%y@synthcorp.com\n<${model.users[0]!.logon}@synthcorp.com>\n${recipientMix(model, 20).join('\n')}\n`;
    const env = { COEXIST_CACHE_DIR: join(dir, 'cache') };
    const args = ['route', '--batch', '--model', file, '--from', 'internet'];
    const plain = cli(args, { input, env: { COEXIST_MODEL_CACHE: 'off' } });
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')).toHaveLength(322 + 1);
    const tables = join(dir, 'cache', 'answers');
    const codeCaches = () => (existsSync(join(dir, 'cache', 'code')) ? readdirSync(join(dir, 'cache', 'code')) : []);
    // A batch without recipients builds nothing.
    expect(cli(args, { input: '# none\n', env }).code).toBe(0);
    expect(existsSync(tables)).toBe(false);
    const cold = cli(args, { input, env });
    expect(cold.stdout).toBe(plain.stdout);
    const [entry] = readdirSync(tables);
    expect(entry).toMatch(/^[0-9a-f]{64}\.routes$/);
    const kept = readFileSync(join(tables, entry!));
    // Warm, the mix alone is answered from the table: the model is never loaded, and that run keeps its code cache.
    const mix = `${recipientMix(model, 300).join('\n')}\n`;
    expect(codeCaches().some((n) => n.endsWith('-batch.v8'))).toBe(false);
    expect(cli(args, { input: mix, env }).stdout).toBe(cli(args, { input: mix, env: { COEXIST_MODEL_CACHE: 'off' } }).stdout);
    expect(codeCaches().some((n) => n.endsWith('-batch.v8'))).toBe(true);
    expect(cli(args, { input, env }).stdout).toBe(plain.stdout);
    expect(readFileSync(join(tables, entry!))).toEqual(kept);
    // Damaged, it is a miss, and the next batch writes it again.
    const damaged = Buffer.from(kept);
    damaged[damaged.length - 3] = damaged[damaged.length - 3]! ^ 0x20;
    writeFileSync(join(tables, entry!), damaged, { mode: 0o600 });
    expect(cli(args, { input, env }).stdout).toBe(plain.stdout);
    expect(readFileSync(join(tables, entry!))).toEqual(kept);
    // Other options: a table of their own. The model file changed: another one, and the new model's answers.
    expect(cli([...args, '--ip', '192.0.2.10'], { input, env }).code).toBe(0);
    expect(readdirSync(tables)).toHaveLength(2);
    const changed = structuredClone(model);
    changed.exchange.recipientPolicies = changed.exchange.recipientPolicies.slice(0, 1);
    writeFileSync(file, modelToText(changed));
    const now = cli(args, { input, env: { COEXIST_MODEL_CACHE: 'off' } });
    expect(now.stdout).not.toBe(plain.stdout);
    expect(cli(args, { input, env }).stdout).toBe(now.stdout);
    expect(cli(args, { input, env }).stdout).toBe(now.stdout);
    expect(readdirSync(tables)).toHaveLength(3);
  });
});
