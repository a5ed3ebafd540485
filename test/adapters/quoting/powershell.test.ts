import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  psEscapeSingleQuotedContent,
  psHashtable,
  psString,
  psComment,
  PS_SINGLE_QUOTES,
  UnsafeValueError,
} from '../../../src/adapters/quoting/index.js';
import { psSkeleton, psStrings, readPsString, readSingleQuoted, tokenizePs, SQ } from './ps-tokenizer.js';
import { anyHostile, hostileText, SEED } from './hostile.js';

describe('PowerShell single-quoted literals', () => {
  it('doubles each of the five single-quote characters, ASCII and typographic', () => {
    for (const q of PS_SINGLE_QUOTES) expect(psEscapeSingleQuotedContent(`a${q}b`)).toBe(`a${q}${q}b`);
    // psString writes typographic quotes (like all non-ASCII) as [char] codes: they never reach a literal.
    expect(psString("it's ‘x’ ‚y‛", 'f')).toBe("('it''s ' + [char]0x2018 + 'x' + [char]0x2019 + ' ' + [char]0x201A + 'y' + [char]0x201B)");
    // A naive replace(/'/g, "''") leaves U+2019 alone: the tokenizer shows that would end the string early.
    const naive = `'${'x’; Remove-Item C:\\ #'.replace(/'/g, "''")}'`;
    expect(readSingleQuoted(naive, 0).value).toBe('x');
  });

  it('keeps $(), backticks, double quotes and line breaks inert and refuses NUL', () => {
    const v = '$(Get-Process) `n "$env:PATH" \r\n\'@';
    expect(readPsString(psString(v, 'f'), 0)).toEqual({ value: v, end: psString(v, 'f').length });
    expect(() => psString('a\u0000b', 'connectors[0].name')).toThrow(UnsafeValueError);
    expect(() => psString('a\u0000b', 'connectors[0].name')).toThrow(/connectors\[0\]\.name: contains a NUL/);
  });

  it('writes only printable ASCII, whatever the value (Windows PowerShell reads a BOM-less file as ANSI)', () => {
    expect(psString('\u0411\u0412 \u2013 x\u00A0y\r\n', 'f')).toBe(
      "('' + [char]0x0411 + [char]0x0412 + ' ' + [char]0x2013 + ' x' + [char]0x00A0 + 'y' + [char]0x000D + [char]0x000A)",
    );
    expect(psString('\u{1F600}', 'f')).toBe("('' + [char]0xD83D + [char]0xDE00)");
    fc.assert(
      fc.property(hostileText, (value) => {
        expect(psString(value, 'f')).toMatch(/^[\x20-\x7e]*$/);
      }),
      { seed: SEED + 3, numRuns: 2000 },
    );
  });

  it('property: tokenizing the literal yields the value back and the literal ends exactly at its last character', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const lit = psString(value, 'f');
        const r = readPsString(lit, 0);
        expect(r.value).toBe(value);
        expect(r.end).toBe(lit.length);
        // No unpaired quote character inside: every quote in the content is part of a doubled pair.
        const content = lit.startsWith("'") ? lit.slice(1, -1) : '';
        let run = 0;
        let unpaired = false;
        for (const ch of content) {
          if (SQ.has(ch)) run++;
          else {
            if (run % 2 !== 0) unpaired = true;
            run = 0;
          }
        }
        expect(unpaired || run % 2 !== 0).toBe(false);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('property: a literal followed by code never lets the value change the code around it', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        const script = `New-Thing -Name ${psString(a, 'a')} -Other ${psString(b, 'b')}; Get-Thing\n${psComment(a)}\nDone`;
        const tokens = tokenizePs(script);
        expect(psStrings(tokens)).toEqual([a, b]);
        expect(psSkeleton(tokens)).toEqual([
          'code:New-Thing',
          'code:-Name',
          '<str>',
          'code:-Other',
          '<str>',
          'code:;',
          'code:Get-Thing',
          '<nl>',
          '<comment>',
          '<nl>',
          'code:Done',
        ]);
      }),
      { seed: SEED + 1, numRuns: 2000 },
    );
  });

  it('property: every hostile value is either quoted losslessly or refused with the field named', () => {
    fc.assert(
      fc.property(anyHostile, (value) => {
        try {
          const lit = psString(value, 'policies[2].name');
          expect(readPsString(lit, 0).value).toBe(value);
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeValueError);
          expect((e as Error).message).toMatch(/^policies\[2\]\.name: /);
        }
      }),
      { seed: SEED + 2, numRuns: 2000 },
    );
  });

  it('hashtables only take identifier keys, never data', () => {
    expect(psHashtable({ Name: 'a', Count: 2, On: true, List: ['x', "y'"] }, 'p')).toBe(
      "@{\n  Name = 'a'\n  Count = 2\n  On = $true\n  List = @('x', 'y''')\n}",
    );
    expect(() => psHashtable({ 'Na me': 'a' }, 'p')).toThrow(/p\.Na me: must be a PowerShell identifier/);
    expect(() => psHashtable({ N: 1.5 }, 'p')).toThrow(/whole number/);
  });
});
