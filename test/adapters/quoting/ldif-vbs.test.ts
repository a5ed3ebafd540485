import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dnEscapeValue,
  isLdifSafeString,
  ldifFold,
  ldifLine,
  parseDn,
  parseLdif,
  rdn,
  UnsafeValueError,
  vbString,
} from '../../../src/adapters/quoting/index.js';
import { evalVbStringExpression } from './vb-tokenizer.js';
import { anyHostile, hostileText, SEED } from './hostile.js';

describe('LDIF values (RFC 2849)', () => {
  it('writes safe strings plainly and everything else as base64', () => {
    expect(ldifLine('mailNickname', 'alice', 'f')).toBe('mailNickname: alice');
    expect(ldifLine('cn', ' leading space', 'f')).toBe(`cn:: ${Buffer.from(' leading space').toString('base64')}`);
    expect(ldifLine('cn', ':colon', 'f')).toMatch(/^cn:: /);
    expect(ldifLine('cn', '<url', 'f')).toMatch(/^cn:: /);
    expect(ldifLine('cn', 'trailing ', 'f')).toMatch(/^cn:: /);
    expect(ldifLine('cn', 'Fran\u00e7ois', 'f')).toMatch(/^cn:: /);
    expect(ldifLine('cn', 'a\nchangetype: delete', 'f')).toMatch(/^cn:: /);
    expect(() => ldifLine('bad attr', 'x', 'f')).toThrow(UnsafeValueError);
  });

  it('folds long lines and reads them back, with CRLF line ends too', () => {
    const value = 'x'.repeat(200);
    const text = `dn: CN=a,DC=b\n${ldifFold(`description: ${value}`)}\n`;
    expect(text.split('\n').every((l) => l.length <= 76)).toBe(true);
    expect(parseLdif(text.replace(/\n/g, '\r\n'))[0]!.attributes.get('description')).toEqual([value]);
  });

  it('property: any value written as an attribute line is read back exactly, as one attribute of one record', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        const lines = [
          'dn: CN=x,DC=example',
          'changetype: modify',
          'replace: description',
          ldifFold(ldifLine('description', a, 'a')),
          ldifFold(ldifLine('description', b, 'b')),
          '-',
          '',
        ];
        const recs = parseLdif(lines.join('\n'));
        expect(recs).toHaveLength(1);
        expect(recs[0]!.changetype).toBe('modify');
        expect(recs[0]!.attributes.get('description')).toEqual([a, b]);
        expect([...recs[0]!.attributes.keys()]).toEqual(['replace', 'description']);
        // Physical lines never exceed 76 characters and never contain a raw CR or LF from the data.
        for (const l of lines.join('\n').split('\n')) expect(l.length).toBeLessThanOrEqual(76);
      }),
      { seed: SEED + 20, numRuns: 2000 },
    );
  });

  it('property: a safe string is pure 7-bit text without line breaks', () => {
    fc.assert(
      fc.property(anyHostile, (v) => {
        if (isLdifSafeString(v)) expect(/^[\u0001-\u0009\u000b\u000c\u000e-\u007f]*$/.test(v)).toBe(true);
      }),
      { seed: SEED + 21, numRuns: 2000 },
    );
  });

  it('escapes DN values (RFC 4514) so a name cannot add an RDN', () => {
    expect(rdn('CN', 'Martin, Alice', 'f')).toBe('CN=Martin\\, Alice');
    expect(dnEscapeValue('#1 ', 'f')).toBe('\\#1\\ ');
    expect(() => dnEscapeValue('', 'users[0].displayName')).toThrow(/users\[0\]\.displayName: must not be empty/);
    fc.assert(
      fc.property(
        hostileText.filter((s) => s !== ''),
        (v) => {
          const dn = `${rdn('CN', v, 'f')},CN=Users,DC=northwindtraders,DC=com`;
          const parts = parseDn(dn);
          expect(parts).toHaveLength(4);
          expect(parts[0]).toEqual(['CN', v]);
        },
      ),
      { seed: SEED + 22, numRuns: 2000 },
    );
  });
});

describe('VBScript strings', () => {
  it('uses "" for quotes and ChrW for anything that is not printable ASCII', () => {
    expect(vbString('say "hi"', 'f')).toBe('"say ""hi"""');
    expect(vbString('a\r\nb', 'f')).toBe('"a" & ChrW(13) & ChrW(10) & "b"');
    expect(vbString('', 'f')).toBe('""');
  });

  it('property: the expression is pure ASCII on one line and evaluates to the value', () => {
    fc.assert(
      fc.property(hostileText, (v) => {
        const e = vbString(v, 'f');
        expect(/^[\u0020-\u007e]*$/.test(e)).toBe(true);
        expect(evalVbStringExpression(e)).toBe(v);
      }),
      { seed: SEED + 23, numRuns: 2000 },
    );
  });
});
