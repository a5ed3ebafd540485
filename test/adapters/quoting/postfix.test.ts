import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaSync } from 'execa';
import {
  parsePostfixMap,
  postfixMainCfLine,
  postfixMainCfValue,
  postfixMapKey,
  postfixMapLine,
  UnsafeValueError,
} from '../../../src/adapters/quoting/index.js';
import { anyHostile, SEED } from './hostile.js';

function has(cmd: string): boolean {
  try {
    execaSync(cmd, ['-h'], { reject: false });
    return true;
  } catch {
    return false;
  }
}
const POSTMAP = ['/usr/sbin/postmap', '/usr/bin/postmap'].find((p) => has(p));

describe('Postfix values and map files', () => {
  it('refuses newline, $, whitespace, leading dash and comment keys, naming the field', () => {
    expect(() => postfixMainCfValue('a\nmydestination = evil', 'pop3.servers[0].domains[0].name')).toThrow(
      /pop3\.servers\[0\]\.domains\[0\]\.name: must not contain a line break/,
    );
    expect(() => postfixMainCfValue('$myhostname', 'relay')).toThrow(/"\$"/);
    expect(postfixMainCfValue('hash:$config_directory/transport', 'x', { allowExpansion: true })).toBe('hash:$config_directory/transport');
    expect(() => postfixMainCfValue('a b', 'x')).toThrow(/whitespace/);
    expect(postfixMainCfValue('a, b', 'x', { allowList: true })).toBe('a, b');
    expect(() => postfixMapKey('-q', 'users[0].logon')).toThrow(/users\[0\]\.logon: must not start with a dash/);
    expect(() => postfixMapKey('#x', 'k')).toThrow(/comment/);
    expect(() => postfixMapLine('a b', 'c', 'transport')).toThrow(/transport \(key\): must not contain whitespace/);
    expect(postfixMapLine('pop.northwindtraders.com', 'smtp:[10.0.0.20]', 't')).toBe('pop.northwindtraders.com smtp:[10.0.0.20]');
    expect(postfixMainCfLine('relay_domains', 'pop.contoso.com', 'f')).toBe('relay_domains = pop.contoso.com');
  });

  it('property: an accepted map line parses back as exactly one entry with the same key and value', () => {
    fc.assert(
      fc.property(anyHostile, anyHostile, (k, v) => {
        let line: string;
        try {
          line = postfixMapLine(k, v, 'm');
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeValueError);
          return;
        }
        expect(parsePostfixMap(`${line}\n`)).toEqual([[k, v]]);
      }),
      { seed: SEED + 30, numRuns: 3000 },
    );
  });

  it('property: an accepted main.cf value is one line that parses back to the same name and value', () => {
    fc.assert(
      fc.property(anyHostile, fc.boolean(), (v, list) => {
        let line: string;
        try {
          line = postfixMainCfLine('relay_domains', v, 'f', { allowList: list });
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeValueError);
          return;
        }
        expect(line.includes('\n') || line.includes('\r') || line.includes('$')).toBe(false);
        const m = /^([a-z_]+) = (.*)$/.exec(line);
        expect(m?.[1]).toBe('relay_domains');
        expect(m?.[2]).toBe(v);
      }),
      { seed: SEED + 31, numRuns: 3000 },
    );
  });

  it('real postmap reads every accepted map line back (3000 hostile pairs in one texthash file)', (ctx) => {
    if (!POSTMAP) {
      ctx.skip(true, 'postmap is not installed on this machine (CI installs Postfix through .ci/run)');
      return;
    }
    // One postmap run for all cases: postmap is slow per process on some keys, fast per line.
    const pairs = fc.sample(fc.tuple(fc.oneof(anyHostile, fc.stringMatching(/^[a-z0-9.@'‘’!%+=-]{1,30}$/)), anyHostile), {
      seed: SEED + 32,
      numRuns: 3000,
    });
    const accepted = new Map<string, string>();
    const lines: string[] = [];
    let refused = 0;
    for (const [k, v] of pairs) {
      try {
        const line = postfixMapLine(k, v, 'm');
        // One entry per key; ASCII keys only (postmap folds the case of UTF-8 keys by locale).
        if (accepted.has(k) || /[^\u0020-\u007e]/.test(k)) continue;
        accepted.set(k, v);
        lines.push(line);
      } catch (e) {
        expect(e).toBeInstanceOf(UnsafeValueError);
        refused++;
      }
    }
    expect(accepted.size).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
    const dir = mkdtempSync(join(tmpdir(), 'coexist-postmap-'));
    try {
      writeFileSync(join(dir, 'main.cf'), 'compatibility_level = 3.6\nmyhostname = localhost.localdomain\nmydomain = localdomain\n');
      const file = join(dir, 'map');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const r = execaSync(POSTMAP, ['-c', dir, '-f', '-q', '-', `texthash:${file}`], {
        input: `${[...accepted.keys()].join('\n')}\n`,
        reject: false,
      });
      expect(r.stderr).toBe('');
      const got = new Map(
        r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => {
            const tab = l.indexOf('\t');
            return [l.slice(0, tab), l.slice(tab + 1)] as [string, string];
          }),
      );
      expect(got).toEqual(accepted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
