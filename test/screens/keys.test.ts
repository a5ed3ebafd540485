// The key decoder against the bytes an xterm-compatible terminal sends, for every key of the command table.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/screens/commands.js';
import { decodeKeys } from '../../src/screens/input/keys.js';
import { editText, textAt } from '../../src/screens/input/text-input.js';

const XTERM: Record<string, string> = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pgup: '\x1b[5~',
  pgdn: '\x1b[6~',
  delete: '\x1b[3~',
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  'S-tab': '\x1b[Z',
  backspace: '\x7f',
  space: ' ',
  'C-left': '\x1b[1;5D',
  'C-right': '\x1b[1;5C',
};

function bytesOf(name: string): string {
  if (XTERM[name]) return XTERM[name]!;
  if (name.startsWith('C-') && name.length === 3) return String.fromCharCode(name.charCodeAt(2) - 96);
  return name;
}

describe('decodeKeys', () => {
  it('decodes every key of the command table from the bytes a terminal sends', () => {
    const names = new Set(COMMANDS.flatMap((c) => c.keys));
    for (const name of names) expect([name, decodeKeys(bytesOf(name))]).toEqual([name, [name]]);
  });
  it('tells Backspace (DEL, 0x7f) from Delete (ESC [3~); Ctrl+H is Backspace too', () => {
    expect(decodeKeys('\x7f')).toEqual(['backspace']);
    expect(decodeKeys('\b')).toEqual(['backspace']);
    expect(decodeKeys('\x1b[3~')).toEqual(['delete']);
    expect(decodeKeys('ab\x7f\x7fc')).toEqual(['a', 'b', 'backspace', 'backspace', 'c']);
  });
  it('Esc and a key read in one chunk (Esc then z typed quickly, tmux send-keys Escape z) are both kept; Alt+B/F move by word', () => {
    expect(decodeKeys('\x1bz')).toEqual(['esc', 'z']);
    expect(decodeKeys('\x1b?')).toEqual(['esc', '?']);
    expect(decodeKeys('\x1b\r')).toEqual(['esc', 'enter']);
    expect(decodeKeys('\x1bb')).toEqual(['C-left']);
    expect(decodeKeys('\x1bf')).toEqual(['C-right']);
  });
  it("reads other terminals' Home/End and arrows, Alt+Backspace, and one Enter for CR LF", () => {
    expect(decodeKeys('\x1b[1~')).toEqual(['home']);
    expect(decodeKeys('\x1bOF')).toEqual(['end']);
    expect(decodeKeys('\x1bOA')).toEqual(['up']);
    expect(decodeKeys('\x1b\x7f')).toEqual(['C-w']);
    expect(decodeKeys('user@pop.contoso.com\r\n')).toEqual([...'user@pop.contoso.com', 'enter']);
    expect(decodeKeys('\x1b[99~')).toEqual([]);
  });
});

describe('editText', () => {
  const run = (text: string, cursor: number, ...keys: string[]) => keys.reduce((t, k) => editText(t, k) ?? t, textAt(text, cursor));
  it('edits at the cursor', () => {
    expect(run('abc', 3, 'backspace')).toEqual({ text: 'ab', cursor: 2 });
    expect(run('abc', 1, 'backspace')).toEqual({ text: 'bc', cursor: 0 });
    expect(run('abc', 1, 'delete')).toEqual({ text: 'ac', cursor: 1 });
    expect(run('abc', 3, 'home', 'x')).toEqual({ text: 'xabc', cursor: 1 });
    expect(run('abc', 0, 'end', 'left', 'x')).toEqual({ text: 'abxc', cursor: 3 });
  });
  it('Ctrl+W deletes a word, Ctrl+U to the start, Ctrl+K to the end; Ctrl+Left/Right move by word', () => {
    expect(run('pop.contoso.com', 15, 'C-w')).toEqual({ text: 'pop.contoso.', cursor: 12 });
    expect(run('alice martin', 12, 'C-w', 'C-w')).toEqual({ text: '', cursor: 0 });
    expect(run('alice martin', 6, 'C-u')).toEqual({ text: 'martin', cursor: 0 });
    expect(run('alice martin', 5, 'C-k')).toEqual({ text: 'alice', cursor: 5 });
    expect(run('alice martin', 12, 'C-left')).toEqual({ text: 'alice martin', cursor: 6 });
    expect(run('alice martin', 0, 'C-right')).toEqual({ text: 'alice martin', cursor: 5 });
  });
  it('leaves Enter, Esc, Tab and arrows up/down to the caller', () => {
    for (const k of ['enter', 'esc', 'tab', 'up', 'down']) expect(editText(textAt('a'), k)).toBeUndefined();
  });
});
