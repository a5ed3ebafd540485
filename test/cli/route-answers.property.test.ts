// route --batch answers many recipients without simulating each (BatchAnswers: a memo per recipient and, for
// recipients whose route cannot depend on the local part, the domain's answer with the local part filled in).
// Every line must be byte for byte the JSON of the full simulate() of that recipient, on generated models,
// from every kind of origin, for batches that repeat domains with many local parts: the model's own users and
// mailboxes, unknown users, quoted local parts, the percent hack, source routes, bang paths, address literals,
// IDN and look-alike domains, hostile text. The preview is the product's promise: the fast path never disagrees.
// The same with the table of directory answers kept on disk (src/persistence/answer-cache.ts): cold (built and
// written by the batch), warm (read back), and corrupted (a miss); and a table of another model file, other
// options or another build is never used.
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
import { openBatchAnswers } from '../../src/cli/commands/route.js';
import { BatchAnswers } from '../../src/cli/commands/route-answers.js';
import { directoryOf } from '../../src/model/routing/directory.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { answerTablePath, readAnswerTable, writeAnswerTable, type AnswerTableKey } from '../../src/persistence/answer-cache.js';
import type { ModelCache } from '../../src/persistence/file-cache.js';
import { modelToText } from '../../src/persistence/file.js';
import { DEFAULT_SEED, recipientMix, syntheticModel } from '../../bench/org.js';
import { cli } from './run-cli.js';
import { simulate } from '../../src/model/routing/simulate.js';
import type { Message } from '../../src/model/routing/types.js';
import type { Model } from '../../src/model/schema.js';
import { params } from '../hardening/fc-seed.js';
import { hostileText, lookAlike, PAYLOADS } from '../hardening/hostile.js';
import { acceptedModel, localDomains } from '../hardening/models.js';

type Options = Omit<Message, 'recipient'>;

const options = (model: Model): fc.Arbitrary<Options> => {
  const servers = [...model.exchange.servers, ...model.pop3.servers].map((s) => s.name);
  return fc.record({
    origin: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ kind: 'internet' as const }) },
      fc.constantFrom(...model.users.map((u) => u.logon), 'nobody').map((logon) => ({ kind: 'user' as const, logon })),
      fc.constantFrom(...servers, 'NOPE').map((name) => ({ kind: 'server' as const, name })),
    ),
    via: fc.option(fc.constantFrom(...servers, 'nowhere'), { nil: undefined, freq: 3 }),
    clientIp: fc.option(fc.constantFrom('192.0.2.10', '10.0.0.20', '10.0.0.10', '198.51.100.7'), { nil: undefined, freq: 3 }),
    authenticated: fc.option(fc.boolean(), { nil: undefined }),
  });
};

/** Local parts: the model's logons and mailboxes in any case, unknown ones, and the shapes that are not plain. */
const locals = (model: Model): fc.Arbitrary<string> => {
  const own = [...model.users.map((u) => u.logon), ...model.pop3.servers.flatMap((s) => s.domains.flatMap((d) => d.mailboxes))];
  const plainLocal = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._+-]{0,10}[a-zA-Z0-9]$/);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...own, 'postmaster', 'nobody', 'Zq9x-Kw7v.Pb') },
    { weight: 2, arbitrary: fc.constantFrom(...own).map((l) => l.toUpperCase()) },
    { weight: 4, arbitrary: plainLocal },
    fc.constantFrom('"q u"', '"a@b"', 'x%y', 'a!b', '-lead', 'a..b', 'K\u212Aim', 'pöst', 'x'.repeat(65)),
    hostileText(6),
  );
};

/** A batch: many recipients over one to three domains (so that domains repeat with many local parts). */
const recipients = (model: Model): fc.Arbitrary<string[]> => {
  const own = localDomains(model);
  const external = model.users.map((u) => u.externalAddress).filter((a): a is string => a !== undefined);
  const anyDomain = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...own) },
    { weight: 2, arbitrary: fc.constantFrom('example.org', 'Example.ORG', 'partner.example', 'sub.partner.example', 'example.org.') },
    fc.constantFrom('[10.0.0.10]', '[192.0.2.5]', '[IPv6:2001:db8::1]', 'bücher.example', 'xn--bcher-kva.example'),
    fc.constantFrom(...own).chain(lookAlike),
  );
  return fc.array(anyDomain, { minLength: 1, maxLength: 3 }).chain((domains) => {
    const domain = fc.constantFrom(...domains);
    const one = fc.oneof(
      { weight: 12, arbitrary: fc.tuple(locals(model), domain).map(([l, d]) => `${l}@${d}`) },
      fc.tuple(locals(model), domain, domain).map(([l, d, via]) => `${l}%${d}@${via}`),
      fc.tuple(locals(model), domain, domain).map(([l, d, via]) => `@${via}:${l}@${d}`),
      fc.tuple(locals(model), domain).map(([l, d]) => `${d}!${l}`),
      fc.tuple(locals(model), domain).map(([l, d]) => `<${l}@${d}>`),
      fc.constantFrom(...(external.length > 0 ? external : ['x@example.org']), 'postmaster'),
      hostileText(12),
      fc.constantFrom(...PAYLOADS),
    );
    return fc.array(one, { minLength: 1, maxLength: 40 });
  });
};

const fullLine = (model: Model, message: Message): string => {
  const { finalRecipient, verdict } = simulate(model, message);
  return JSON.stringify({ recipient: message.recipient, finalRecipient, verdict }).slice(1);
};

const tracedLine = (model: Model, message: Message): string => {
  const { finalRecipient, verdict, routed, tricks, steps } = simulate(model, message);
  return JSON.stringify({ recipient: message.recipient, finalRecipient, verdict, routed, tricks, steps }).slice(1);
};

describe('route --batch answers', () => {
  it('are the full simulation of each recipient, byte for byte, however many share a domain', () => {
    const gen = acceptedModel(6).chain((g) => fc.tuple(fc.constant(g.model), options(g.model), recipients(g.model)));
    fc.assert(
      fc.property(gen, ([model, opts, list]) => {
        const answers = new BatchAnswers(model, { recipient: '', ...opts }, false);
        // Each recipient twice over, in two orders: the first answers of a domain, then its filled-in ones.
        for (const recipient of [...list, ...list.slice().reverse()]) {
          expect(answers.line(recipient)).toBe(fullLine(model, { recipient, ...opts }));
        }
      }),
      params(500),
    );
  });

  it('with --trace, are the full trace of each recipient', () => {
    const gen = acceptedModel(4).chain((g) => fc.tuple(fc.constant(g.model), options(g.model), recipients(g.model)));
    fc.assert(
      fc.property(gen, ([model, opts, list]) => {
        const answers = new BatchAnswers(model, { recipient: '', ...opts }, true);
        for (const recipient of [...list, ...list]) expect(answers.line(recipient)).toBe(tracedLine(model, { recipient, ...opts }));
      }),
      params(100),
    );
  });

  it('fill in the local part of many unknown users of one domain (the fast path is taken)', () => {
    const gen = acceptedModel(6).chain((g) => fc.tuple(fc.constant(g.model), fc.constantFrom(...localDomains(g.model), 'example.org')));
    let filled = 0;
    fc.assert(
      fc.property(gen, ([model, domain]) => {
        const answers = new BatchAnswers(model, { recipient: '', origin: { kind: 'internet' } }, false);
        for (let i = 0; i < 30; i++) {
          const recipient = `Unknown.User-${i}@${domain}`;
          expect(answers.line(recipient)).toBe(fullLine(model, { recipient, origin: { kind: 'internet' } }));
        }
        filled += answers.filled;
      }),
      params(200),
    );
    expect(filled).toBeGreaterThan(200 * 20);
  });
});

const scratch = mkdtempSync(join(tmpdir(), 'coexist-answers-'));
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
    'an answer line removed (checksum fixed up is not possible without the key)',
    (path) => {
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.slice(0, text.lastIndexOf('\n')), { mode: 0o600 });
    },
  ],
];

describe('route --batch with the table of directory answers', () => {
  it('answers the full simulation of each recipient with the table cold, warm and corrupted', () => {
    const gen = acceptedModel(6).chain((g) =>
      fc.tuple(
        fc.constant(g.model),
        options(g.model),
        recipients(g.model),
        fc.shuffledSubarray([...directoryOf(g.model).recipients.keys()], { maxLength: Math.min(40, directoryOf(g.model).recipients.size) }),
        fc.integer({ min: 0, max: corruptions.length - 1 }),
      ),
    );
    let tabled = 0;
    fc.assert(
      fc.property(gen, ([model, opts, list, addresses, damage]) => {
        const kept = { cache: freshCache(), fingerprint: 'f'.repeat(64) };
        const template = { recipient: '', ...opts };
        const batch = [...list, ...addresses, ...list.slice().reverse(), ...addresses.map((a) => a.toUpperCase())];
        const expected = batch.map((recipient) => fullLine(model, { recipient, ...opts }));
        const run = () => {
          const { answers, keep } = openBatchAnswers(model, template, false, kept);
          const lines = batch.map((recipient) => answers.line(recipient));
          keep();
          return { lines, tabled: answers.tabled };
        };
        const cold = run();
        expect(cold.lines).toEqual(expected);
        expect(cold.tabled).toBe(0);
        const key: AnswerTableKey = { ...kept, options: JSON.stringify(opts) };
        const table = readAnswerTable(key);
        expect(table && [...table.keys()]).toEqual([...directoryOf(model).recipients.keys()]);
        const warm = run();
        expect(warm.lines).toEqual(expected);
        tabled += warm.tabled;
        if (addresses.length > 0) expect(warm.tabled).toBeGreaterThan(0);
        // Damaged: the batch reads a miss, answers the same, and writes the table again.
        corruptions[damage]![1](answerTablePath(key));
        const again = run();
        expect(again.tabled).toBe(0);
        expect(again.lines).toEqual(expected);
        expect(readAnswerTable(key)).toEqual(table);
      }),
      params(100),
    );
    expect(tabled).toBeGreaterThan(100);
  });

  it('never uses a table kept for another model file, other options or another build', () => {
    const model = scenarioModel('shared-domain');
    const addresses = [...directoryOf(model).recipients.keys()];
    expect(addresses.length).toBeGreaterThan(0);
    const internet = { recipient: '', origin: { kind: 'internet' as const } };
    const cache = freshCache();
    const mine = { cache, fingerprint: 'a'.repeat(64) };
    // A poisoned table: answers no simulation gives, kept for `mine` with the Internet as the origin.
    const poison = new Map(addresses.map((a) => [a, '"verdict":"POISON"}']));
    writeAnswerTable({ ...mine, options: JSON.stringify({ origin: internet.origin }) }, poison);
    const lines = (kept: typeof mine, template: typeof internet | (typeof internet & { clientIp: string })) => {
      const { answers } = openBatchAnswers(model, template, false, kept);
      return addresses.map((a) => answers.line(a));
    };
    // Its own key reads it (so the checks below can fail), and nothing else does.
    expect(lines(mine, internet).every((l) => l.endsWith('"verdict":"POISON"}'))).toBe(true);
    const others = [
      { name: 'another model file', kept: { cache, fingerprint: 'b'.repeat(64) }, template: internet },
      { name: 'other options', kept: mine, template: { ...internet, clientIp: '192.0.2.10' } },
      { name: 'another build', kept: { cache: { ...cache, key: 'other-build v0' }, fingerprint: mine.fingerprint }, template: internet },
    ];
    for (const other of others) {
      const expected = addresses.map((recipient) => fullLine(model, { ...other.template, recipient }));
      expect(lines(other.kept, other.template), other.name).toEqual(expected);
    }
    // The poisoned file planted under another key's name is not read either (its header names its key).
    const otherKey: AnswerTableKey = { cache, fingerprint: 'c'.repeat(64), options: JSON.stringify({ origin: internet.origin }) };
    mkdirSync(join(cache.dir, '..', 'answers'), { recursive: true });
    copyFileSync(answerTablePath({ ...mine, options: JSON.stringify({ origin: internet.origin }) }), answerTablePath(otherKey));
    expect(readAnswerTable(otherKey)).toBeUndefined();
    // Above the bound on users, no table is read (nor written).
    expect(lines(mine, internet).every((l) => l.endsWith('"verdict":"POISON"}'))).toBe(true);
    const big = openBatchAnswers(model, internet, false, mine, model.users.length - 1);
    expect(big.answers.line(addresses[0]!)).toBe(fullLine(model, { ...internet, recipient: addresses[0]! }));
    const unseen = { cache: freshCache(), fingerprint: mine.fingerprint };
    const bigUnseen = openBatchAnswers(model, internet, false, unseen, model.users.length - 1);
    bigUnseen.answers.line(addresses[0]!);
    bigUnseen.keep();
    expect(existsSync(join(unseen.cache.dir, '..', 'answers'))).toBe(false);
    // With the trace, no table is read at all.
    const traced = openBatchAnswers(model, internet, true, mine).answers;
    expect(traced.line(addresses[0]!)).toBe(tracedLine(model, { ...internet, recipient: addresses[0]! }));
  });
});

describe('the table of directory answers on disk', () => {
  it('is not read from a file or a directory that others can write (nor removed)', () => {
    if (typeof process.getuid !== 'function') return; // no owners or modes to check on Windows
    const model = scenarioModel('shared-domain');
    const key: AnswerTableKey = { cache: freshCache(), fingerprint: 'd'.repeat(64), options: '{}' };
    const table = new Map([...directoryOf(model).recipients.keys()].map((a) => [a, '"verdict":"x"}']));
    writeAnswerTable(key, table);
    expect(readAnswerTable(key)).toEqual(table);
    chmodSync(answerTablePath(key), 0o666);
    expect(readAnswerTable(key)).toBeUndefined();
    expect(existsSync(answerTablePath(key))).toBe(true);
    chmodSync(answerTablePath(key), 0o600);
    chmodSync(join(answerTablePath(key), '..'), 0o777);
    expect(readAnswerTable(key)).toBeUndefined();
    chmodSync(join(answerTablePath(key), '..'), 0o700);
    expect(readAnswerTable(key)).toEqual(table);
  });
});

describe('route --batch through the built CLI', () => {
  it('keeps the table beside the loaded-model cache and prints the same lines cold, warm and with it damaged', () => {
    const dir = join(scratch, 'cli');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'm.yaml');
    const model = syntheticModel(200, DEFAULT_SEED);
    writeFileSync(file, modelToText(model));
    const input = `${recipientMix(model, 300).join('\n')}\n`;
    const env = { COEXIST_CACHE_DIR: join(dir, 'cache') };
    const args = ['route', '--batch', '--model', file, '--from', 'internet'];
    const plain = cli(args, { input, env: { COEXIST_MODEL_CACHE: 'off' } });
    expect(plain.code).toBe(0);
    const answersDir = join(dir, 'cache', 'answers');
    // A batch without recipients neither reads nor builds the table.
    expect(cli(args, { input: '# none\n', env }).code).toBe(0);
    expect(existsSync(answersDir)).toBe(false);
    const cold = cli(args, { input, env });
    expect(cold.stdout).toBe(plain.stdout);
    const [entry] = readdirSync(answersDir);
    expect(entry).toMatch(/^[0-9a-f]{64}\.answers$/);
    const kept = readFileSync(join(answersDir, entry!));
    expect(cli(args, { input, env }).stdout).toBe(plain.stdout);
    // The warm run read it and left it as it was; damaged, it is a miss, and the next batch writes it again.
    expect(readFileSync(join(answersDir, entry!))).toEqual(kept);
    const damaged = Buffer.from(kept);
    damaged[damaged.length - 3] = damaged[damaged.length - 3]! ^ 0x20;
    writeFileSync(join(answersDir, entry!), damaged, { mode: 0o600 });
    expect(cli(args, { input, env }).stdout).toBe(plain.stdout);
    expect(readFileSync(join(answersDir, entry!))).toEqual(kept);
    // Another sender: its own table.
    expect(cli([...args, '--ip', '192.0.2.10'], { input, env }).code).toBe(0);
    expect(readdirSync(answersDir)).toHaveLength(2);
  });
});
