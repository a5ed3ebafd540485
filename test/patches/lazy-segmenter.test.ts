// patches/ink+6.8.0.patch (a line that fits its clip is drawn whole, not sliced) and the lazy Intl.Segmenter of
// string-width (both copies), slice-ansi and @alcalzone/ansi-tokenize: the console's first frame of narrow text
// never loads ICU's break iterator (about 20 ms of every start), and what Ink draws is what it drew before.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const inkFile = (rel: string) => join(ROOT, 'node_modules', 'ink', 'build', rel);

describe('Intl.Segmenter is built on first use (patches)', () => {
  it('measuring, tokenizing, slicing and wrapping narrow text builds none; other text still segments right', () => {
    const script = `
      let built = 0;
      Intl.Segmenter = new Proxy(Intl.Segmenter, { construct(t, a) { built++; return new t(...a); } });
      const { default: stringWidth } = await import('string-width');
      const { default: wrapAnsi } = await import('wrap-ansi');
      const { default: sliceAnsi } = await import('slice-ansi');
      const { tokenize } = await import('@alcalzone/ansi-tokenize');
      const { default: Output } = await import(${JSON.stringify(inkFile('output.js'))});
      const line = '\\x1b[36m›\\x1b[39m ▾ Recipients ─ Café “x” → │';
      const output = new Output({ width: 30, height: 1 });
      output.clip({ x1: 0, x2: 30, y1: 0, y2: 1 });
      output.write(0, 0, line, { transformers: [] });
      output.unclip();
      output.get();
      stringWidth(line);
      tokenize(line);
      const before = built;
      const wide = stringWidth('漢字👍') + sliceAnsi('a漢字b', 1, 3).length + wrapAnsi('漢字 漢字', 4).length + tokenize('e\\u0301').length;
      process.stdout.write(JSON.stringify({ before, after: built, wide }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(out.before).toBe(0);
    expect(out.after).toBeGreaterThan(0);
    // 漢字👍 is 6 columns; columns 1-3 of a漢字b are 漢; 漢字 漢字 wrapped at 4 is 漢字\n漢字; e + U+0301 is one token.
    expect(out.wide).toBe(6 + 1 + 5 + 1);
  });
});

describe("Ink's clipped text: a line that fits is drawn whole (patch)", () => {
  const UNITS = ['a', 'Z', ' ', '›', '▾', '─', '│', 'é', '“', '…', '漢', '👍', 'e\u0301', '\u00ad', '\t'];
  const STYLES = [
    '\x9b31m',
    '\x9b39m',
    '\x1b[36m',
    '\x1b[39m',
    '\x1b[1m',
    '\x1b[22m',
    '\x1b[7m',
    '\x1b[27m',
    '\x1b[0m',
    '\x1b]8;;https://x.org\x07',
    '\x1b]8;;\x07',
  ];
  const line = fc.array(fc.oneof(fc.constantFrom(...UNITS), fc.constantFrom(...STYLES)), { maxLength: 30 }).map((a) => a.join(''));

  it('draws exactly what slicing the whole line drew', async () => {
    const { default: Output } = (await import(inkFile('output.js'))) as {
      default: new (o: {
        width: number;
        height: number;
      }) => {
        clip(c: { x1: number; x2: number; y1: number; y2: number }): void;
        unclip(): void;
        write(x: number, y: number, text: string, o: { transformers: unknown[] }): void;
        get(): { output: string };
      };
    };
    fc.assert(
      fc.property(line, fc.integer({ min: 0, max: 5 }), (text, x) => {
        const width = stringWidth(text);
        const clipped = new Output({ width: 50, height: 1 });
        clipped.clip({ x1: 0, x2: 50, y1: 0, y2: 1 });
        clipped.write(x, 0, text, { transformers: [] });
        clipped.unclip();
        const sliced = new Output({ width: 50, height: 1 });
        sliced.write(x, 0, sliceAnsi(text, 0, width), { transformers: [] });
        expect(clipped.get().output).toBe(sliced.get().output);
      }),
      { numRuns: 3000, seed: 20261203 },
    );
  });
});
