// THE key decoder of the console, the wizard and the help search: the raw bytes a terminal sends become
// key names the command table uses ('j', 'down', 'enter', 'backspace', 'C-w', 'S-tab', 'space').
//
// It reads the raw sequences, not Ink's (input, key) pairs: Ink 6 reports the Backspace key (one DEL
// byte, 0x7f) and the Delete key (ESC [3~) alike, as `key.delete` with no input, so a decoder built on
// them cannot tell Backspace from Delete. Ink's input parser still splits a chunk at escape sequences;
// a run of plain characters (fast typing, tmux send-keys, a paste) becomes one name per character, so
// each goes through the reducer in order.

/** Escape sequences of xterm, the Linux console, rxvt, tmux and PuTTY. Unknown ones are ignored. */
const SEQUENCES: Record<string, string> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1b[H': 'home',
  '\x1b[F': 'end',
  '\x1bOH': 'home',
  '\x1bOF': 'end',
  '\x1b[1~': 'home',
  '\x1b[4~': 'end',
  '\x1b[7~': 'home',
  '\x1b[8~': 'end',
  '\x1b[5~': 'pgup',
  '\x1b[6~': 'pgdn',
  '\x1b[3~': 'delete',
  '\x1b[Z': 'S-tab',
  '\x1b[1;5D': 'C-left',
  '\x1b[1;5C': 'C-right',
  '\x1b[1;3D': 'C-left',
  '\x1b[1;3C': 'C-right',
  '\x1b\x7f': 'C-w',
  '\x1b\b': 'C-w',
  '\x1b': 'esc',
  '\x1b\x1b': 'esc',
};

const CONTROL_NAMES: Record<string, string> = {
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\x7f': 'backspace',
  '\b': 'backspace',
  ' ': 'space',
};

function charName(ch: string): string | undefined {
  const named = CONTROL_NAMES[ch];
  if (named) return named;
  const code = ch.codePointAt(0)!;
  if (code >= 1 && code <= 26) return `C-${String.fromCharCode(code + 96)}`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return undefined;
  return ch;
}

/** The key names in one raw input event (Ink's input parser hands over one sequence or one run of text). */
export function decodeKeys(raw: string): string[] {
  if (raw.startsWith('\x1b')) {
    const known = SEQUENCES[raw];
    if (known) return [known];
    // Alt+letter arrives as ESC and the letter: Alt+B / Alt+F move by word. Any other pair is Esc and a
    // key read together (Esc then z typed quickly, over SSH or tmux): both count, in order.
    if (raw.length === 2) return raw[1] === 'b' ? ['C-left'] : raw[1] === 'f' ? ['C-right'] : ['esc', ...decodeKeys(raw[1]!)];
    return [];
  }
  const names: string[] = [];
  // CR LF (a pasted Windows line, some terminals' Enter) is one Enter, not two.
  for (const ch of raw.replace(/\r\n/g, '\r')) {
    const name = charName(ch);
    if (name) names.push(name);
  }
  return names;
}

/** Printable text carried by a key name (for text fields), or undefined for a command key. */
export function printable(name: string): string | undefined {
  if (name === 'space') return ' ';
  return [...name].length === 1 && name >= ' ' ? name : undefined;
}

const DISPLAY: Record<string, string> = {
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  pgup: 'PgUp',
  pgdn: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'S-tab': 'Shift+Tab',
  backspace: 'Backspace',
  delete: 'Del',
  space: 'Space',
  'C-left': 'Ctrl+Left',
  'C-right': 'Ctrl+Right',
};

/** How a key name is written in the status bar, help and the key reference. */
export function displayKey(name: string): string {
  if (DISPLAY[name]) return DISPLAY[name]!;
  if (name.startsWith('C-')) return `Ctrl+${name.slice(2).toUpperCase()}`;
  return name;
}
