// The bytes a terminal sends for each named key, one table for every test: the in-process console
// harness (console.tsx) presses them by name, the pty tests write them one key per write.
export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  'S-tab': '\u001B[Z',
  backspace: '\u007F',
  delete: '\u001B[3~',
  pgdn: '\u001B[6~',
  pgup: '\u001B[5~',
  home: '\u001B[H',
  end: '\u001B[F',
  'C-u': '\u0015',
  'C-w': '\u0017',
  'C-k': '\u000B',
  'C-s': '\u0013',
  'C-c': '\u0003',
  'C-l': '\u000C',
  space: ' ',
} as const satisfies Record<string, string>;

export type KeyName = keyof typeof KEY;
