// patches/yoga-layout+3.2.1.patch (second part): the inline wasm is decoded with Node's base64 decoder instead of
// Emscripten's atob and a loop copying one byte at a time (about 2-4 ms of every console start). The bytes must
// be exactly those of the original path, and Yoga must still lay out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Yoga from 'yoga-layout';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('Yoga wasm bytes (patch)', () => {
  it('decodes to the bytes atob and the copy loop gave, and Yoga lays out', () => {
    const file = join(ROOT, 'node_modules', 'yoga-layout', 'dist', 'binaries', 'yoga-wasm-base64-esm.js');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain("Node's base64 decoder");
    const base64 = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(source)![1]!;
    const binary = atob(base64);
    const original = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) original[i] = binary.charCodeAt(i);
    expect(new Uint8Array(Buffer.from(base64, 'base64'))).toEqual(original);
    expect([...original.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    const node = Yoga.Node.create();
    node.setWidth(42);
    node.setHeight(7);
    node.calculateLayout(undefined, undefined);
    expect([node.getComputedWidth(), node.getComputedHeight()]).toEqual([42, 7]);
    node.free();
  });
});
