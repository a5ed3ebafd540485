import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execaSync } from 'execa';
import { shArg, shQuote, UnsafeValueError } from '../../../src/adapters/quoting/index.js';
import { anyHostile, hostileText, SEED } from './hostile.js';

/** Runs the quoted words through a real shell: printf prints each one followed by NUL. */
function roundTrip(shell: string, values: string[]): string[] {
  const script = `printf '%s\\0' ${values.map((v, i) => shQuote(v, `v${i}`)).join(' ')}\n`;
  const r = execaSync(shell, ['-s'], {
    input: script,
    stripFinalNewline: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' },
    extendEnv: false,
  });
  const parts = r.stdout.split('\u0000');
  parts.pop();
  return parts;
}

const SHELLS = ['/bin/sh', '/bin/dash', '/bin/bash'].filter((s) => {
  try {
    execaSync(s, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});

describe('POSIX sh quoting', () => {
  it("writes quotes as '\\'' and refuses NUL and leading dashes where asked", () => {
    expect(shQuote("it's", 'f')).toBe(`'it'\\''s'`);
    expect(() => shQuote('a\u0000', 'f')).toThrow(UnsafeValueError);
    expect(() => shArg('-rf', 'pop3.domains[0]')).toThrow(/pop3\.domains\[0\]: must not start with a dash/);
    expect(() => shArg('\u2013x', 'f')).toThrow(/dash/);
  });

  it('has a real shell to test against', () => {
    expect(SHELLS.length).toBeGreaterThan(0);
  });

  for (const shell of SHELLS) {
    it(`property: ${shell} reads every quoted hostile value back byte for byte`, () => {
      fc.assert(
        fc.property(fc.array(hostileText, { minLength: 1, maxLength: 40 }), (values) => {
          expect(roundTrip(shell, values)).toEqual(values);
        }),
        { seed: SEED + 10, numRuns: 60 },
      );
    });
  }

  it('property: values are quoted or refused, never passed through raw', () => {
    fc.assert(
      fc.property(anyHostile, (v) => {
        try {
          const q = shQuote(v, 'f');
          expect(q.startsWith("'") && q.endsWith("'")).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeValueError);
        }
      }),
      { seed: SEED + 11, numRuns: 2000 },
    );
  });
});
