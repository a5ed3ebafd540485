// The loaded-model cache: a hit gives exactly the model a load gives; a stale, corrupt, truncated or
// foreign entry is ignored (and the load answers as without a cache); an unwritable cache never breaks a
// load; a file that does not load is never cached. Also through the built CLI (where the cache is on).
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultModelCache,
  fingerprintOf,
  jsonFaithful,
  readCachedModel,
  writeCachedModel,
  type ModelCache,
} from '../../src/persistence/file-cache.js';
import { modelToText, readModelFile, ModelFileError } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { syntheticModel, DEFAULT_SEED } from '../../bench/org.js';
import { cli } from '../cli/run-cli.js';

let dir: string;
let cache: ModelCache;
let file: string;
const entries = () => (existsSync(cache.dir) ? readdirSync(cache.dir).filter((n) => n.endsWith('.bin')) : []);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coexist-cache-'));
  cache = { dir: join(dir, 'cache', 'models'), key: 'test-build v0' };
  file = join(dir, 'm.yaml');
  writeFileSync(file, modelToText(syntheticModel(200, DEFAULT_SEED)));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the loaded-model cache', () => {
  it('is off outside a build (nothing to key the sources on)', () => {
    expect(defaultModelCache()).toBeUndefined();
  });

  it('a second read is a hit with exactly the model of a read without the cache', () => {
    const plain = readModelFile(file, { cache: null });
    const first = readModelFile(file, { cache });
    expect(entries()).toEqual([`${plain.fingerprint}.bin`]);
    expect(readCachedModel(cache, plain.fingerprint)).toEqual(plain.model);
    const second = readModelFile(file, { cache });
    expect(second.model).toEqual(plain.model);
    expect(second.model).not.toBe(first.model);
    expect(second.fingerprint).toBe(plain.fingerprint);
    expect(second.text).toBe(plain.text);
  });

  it('ignores (and removes) an entry of another build, a corrupt payload, a truncated file and a bad header', () => {
    const model = readModelFile(file, { cache: null }).model;
    const fp = fingerprintOf(readFileSync(file));
    const path = join(cache.dir, `${fp}.bin`);
    const damage: Record<string, (b: Buffer) => Buffer> = {
      'another build': (b) => b,
      'a flipped payload byte': (b) => {
        const c = Buffer.from(b);
        c[c.length - 10] = c[c.length - 10]! ^ 0x01;
        return c;
      },
      'a truncated file': (b) => b.subarray(0, Math.floor(b.length / 2)),
      'a bad header': (b) => Buffer.concat([Buffer.from('junk\n'), b]),
      'an empty file': () => Buffer.alloc(0),
    };
    for (const [what, damageIt] of Object.entries(damage)) {
      writeCachedModel(what === 'another build' ? { ...cache, key: 'other-build v0' } : cache, fp, model);
      writeFileSync(path, damageIt(readFileSync(path)), { mode: 0o600 });
      expect(readCachedModel(cache, fp), what).toBeUndefined();
      expect(existsSync(path), what).toBe(false);
      expect(readModelFile(file, { cache }).model, what).toEqual(model);
    }
  });

  it('does not trust an entry others may write', () => {
    if (typeof process.getuid !== 'function') return;
    const loaded = readModelFile(file, { cache });
    chmodSync(join(cache.dir, `${loaded.fingerprint}.bin`), 0o666);
    expect(readCachedModel(cache, loaded.fingerprint)).toBeUndefined();
    chmodSync(join(cache.dir, `${loaded.fingerprint}.bin`), 0o600);
    expect(readCachedModel(cache, loaded.fingerprint)).toEqual(loaded.model);
  });

  it('a cache that cannot be written changes nothing', () => {
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const blocked = { dir: join(dir, 'not-a-dir', 'models'), key: 'k' };
    expect(readModelFile(file, { cache: blocked }).model).toEqual(readModelFile(file, { cache: null }).model);
  });

  it('never caches a file that does not load, and a changed file is read again', () => {
    writeFileSync(file, modelToText(scenarioModel('shared-domain')).replace('maxHopCount: 30', 'maxHopCount: thirty'));
    expect(() => readModelFile(file, { cache })).toThrow(ModelFileError);
    expect(entries()).toEqual([]);
    writeFileSync(file, modelToText(scenarioModel('shared-domain')));
    expect(readModelFile(file, { cache }).model).toEqual(scenarioModel('shared-domain'));
    writeFileSync(file, modelToText(scenarioModel('separate-domains')));
    expect(readModelFile(file, { cache }).model).toEqual(scenarioModel('separate-domains'));
    expect(entries()).toHaveLength(2);
  });

  it('stores a model as JSON, and one JSON cannot carry exactly through V8, both read back strictly equal', () => {
    const plain = readModelFile(file, { cache: null }).model;
    const formatOf = (fp: string) => {
      const bytes = readFileSync(join(cache.dir, `${fp}.bin`));
      const lines = bytes.toString('latin1').split('\n');
      return lines[2]!.slice(64);
    };
    writeCachedModel(cache, 'a', plain);
    expect(formatOf('a')).toBe('j');
    expect(readCachedModel(cache, 'a')).toStrictEqual(plain);
    const odd = { ...plain, notes: undefined, when: new Date(0), zero: -0, big: Number.POSITIVE_INFINITY } as unknown as typeof plain;
    writeCachedModel(cache, 'b', odd);
    expect(formatOf('b')).toBe('v');
    expect(readCachedModel(cache, 'b')).toStrictEqual(odd);
  });

  it('calls a value JSON-faithful only when JSON gives it back deeply and strictly equal', () => {
    fc.assert(
      fc.property(
        fc.anything({ withObjectString: true, withNullPrototype: true, withSparseArray: true, withDate: true, withMap: true }),
        (v) => {
          if (jsonFaithful(v)) expect(isDeepStrictEqual(JSON.parse(JSON.stringify(v)), v)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(jsonFaithful(v)).toBe(isDeepStrictEqual(JSON.parse(JSON.stringify(v)), v));
      }),
      { numRuns: 2000 },
    );
    const unfaithful = [undefined, -0, Number.NaN, new Array(3), { a: undefined }, Object.create(null), new Map()];
    unfaithful.forEach((v, i) => expect(jsonFaithful(v), `value ${i}`).toBe(false));
  });

  it('keeps the newest entries only', () => {
    const model = scenarioModel('shared-domain');
    for (let i = 0; i < 20; i++) writeCachedModel(cache, fingerprintOf(`x${i}`), model);
    expect(entries().length).toBeLessThanOrEqual(16);
  });
});

describe('the cache in the built CLI', () => {
  const run = (args: string[], env: Record<string, string>) => cli(args, { env });

  it('fills the cache, answers the same from it, and ignores a damaged entry; COEXIST_MODEL_CACHE=off leaves it alone', () => {
    const env = { COEXIST_CACHE_DIR: join(dir, 'cli-cache') };
    const models = join(dir, 'cli-cache', 'models');
    const args = ['route', 'nobody@synthcorp.com', '--json', '--model', file];
    const first = run(args, env);
    expect(first.code).toBe(0);
    const [entry] = readdirSync(models);
    expect(entry).toBe(`${fingerprintOf(readFileSync(file))}.bin`);
    expect(run(args, env).stdout).toBe(first.stdout);
    const path = join(models, entry!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    writeFileSync(path, bytes, { mode: 0o600 });
    expect(run(args, env).stdout).toBe(first.stdout);
    rmSync(models, { recursive: true });
    expect(run(args, { ...env, COEXIST_MODEL_CACHE: 'off' }).stdout).toBe(first.stdout);
    expect(existsSync(models)).toBe(false);
  });
});
