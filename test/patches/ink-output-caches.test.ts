// patches/ink+6.8.0.patch (caches that outlive a frame): Ink's Output keeps each line's styled characters, each
// text's width and each row's text across frames (a keystroke's frame redraws mostly the lines of the frame
// before). Every frame must be byte for byte the frame Ink draws with empty caches, whatever frames came
// before it: random frames drawn from a small pool of lines (so that lines and whole rows come back, moved,
// clipped or overwritten), each compared with the same frame drawn again after emptying every cache.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const inkFile = (rel: string) => join(ROOT, 'node_modules', 'ink', 'build', rel);

interface OutputT {
  caches: Record<string, unknown>;
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  get(): { output: string; height: number };
}
type OutputClass = new (o: { width: number; height: number }) => OutputT;

const POOL = [
  'Recipients',
  '\x1b[36m›\x1b[39m ▾ Recipients ─ Café',
  '\x1b[7m EX01 \x1b[27m',
  '\x1b[1m\x1b[31merror\x1b[39m\x1b[22m: relay open',
  '┌─ Findings ─┐',
  '│ 漢字 wide │',
  '\x1b]8;;https://example.org\x07link\x1b]8;;\x07',
  'e\u0301 combining',
  '\x1b[2mdim\x1b[22m and \x1b[1mbold\x1b[22m',
  'two\nlines',
  '',
];

const op = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      line: fc.constantFrom(...POOL),
      x: fc.nat({ max: 24 }),
      y: fc.nat({ max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('clip' as const),
      x1: fc.nat({ max: 10 }),
      w: fc.nat({ max: 20 }),
      y1: fc.nat({ max: 4 }),
      h: fc.nat({ max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unclip' as const }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function draw(Output: OutputClass, ops: Op[], width: number, height: number): OutputT {
  const output = new Output({ width, height });
  let clips = 0;
  for (const o of ops) {
    if (o.kind === 'write') output.write(o.x, o.y, o.line, { transformers: [] });
    else if (o.kind === 'clip') {
      output.clip({ x1: o.x1, x2: o.x1 + o.w, y1: o.y1, y2: o.y1 + o.h });
      clips++;
    } else if (clips > 0) {
      output.unclip();
      clips--;
    }
  }
  while (clips-- > 0) output.unclip();
  return output;
}

const emptyCaches = (o: OutputT) => {
  for (const value of Object.values(o.caches)) if (value instanceof Map) value.clear();
};

describe("Ink's output caches (patch)", () => {
  it('draw every frame as with empty caches, whatever frames came before', async () => {
    const { default: Output } = (await import(inkFile('output.js'))) as { default: OutputClass };
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        (frames, width) => {
          for (const ops of frames) {
            const warm = draw(Output, ops, width, 7).get();
            const probe = draw(Output, ops, width, 7);
            emptyCaches(probe);
            expect(warm).toEqual(probe.get());
          }
        },
      ),
      { numRuns: 1500, seed: 20261203 },
    );
  });

  it('are shared by the frames (what makes a keystroke cheaper) and stay bounded', async () => {
    const { default: Output } = (await import(inkFile('output.js'))) as { default: OutputClass };
    const a = new Output({ width: 10, height: 1 });
    const b = new Output({ width: 10, height: 1 });
    expect(a.caches).toBe(b.caches);
    for (let i = 0; i < 5000; i++) {
      const o = new Output({ width: 12, height: 1 });
      o.write(0, 0, `line ${i}`, { transformers: [] });
      expect(o.get().output).toBe(`line ${i}`);
    }
    for (const value of Object.values(a.caches)) if (value instanceof Map) expect(value.size).toBeLessThanOrEqual(4096);
  });
});
