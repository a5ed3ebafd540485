// Turns Ink's (input, key) pairs into key names the command table uses: 'j', 'down', 'enter', 'C-s',
// 'S-tab', 'space'. A chunk of several plain characters (fast typing, tmux send-keys, a paste) becomes
// one name per character, so each goes through the reducer in order.
import type { Key } from 'ink';

const CONTROL_NAMES: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace', '\x1b': 'esc', ' ': 'space' };

function charName(ch: string): string {
  if (CONTROL_NAMES[ch]) return CONTROL_NAMES[ch]!;
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return `C-${String.fromCharCode(code + 96)}`;
  return ch;
}

export function keyNames(input: string, key: Key): string[] {
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.leftArrow) return ['left'];
  if (key.rightArrow) return ['right'];
  if (key.pageUp) return ['pgup'];
  if (key.pageDown) return ['pgdn'];
  if (key.home) return ['home'];
  if (key.end) return ['end'];
  if (key.return) return ['enter'];
  if (key.tab) return [key.shift ? 'S-tab' : 'tab'];
  // Ink reports the Backspace key (0x7f) as "delete"; the Delete key (ESC[3~) arrives with no input.
  if (key.backspace || (key.delete && input === '')) return [input === '' && key.delete ? 'delete' : 'backspace'];
  if (key.delete) return ['backspace'];
  if (key.escape) return ['esc'];
  if (key.ctrl && input.length === 1) return [`C-${input.toLowerCase()}`];
  if (input === '') return [];
  return [...input].map(charName);
}

/** Printable text carried by a key name (for text fields), or undefined for a command key. */
export function printable(name: string): string | undefined {
  if (name === 'space') return ' ';
  if (name.length === 1 && name >= ' ') return name;
  // A pasted run of text arrives as one input; keyNames splits it, so single characters suffice.
  return undefined;
}

const DISPLAY: Record<string, string> = {
  up: 'Up', down: 'Down', left: 'Left', right: 'Right', pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End',
  enter: 'Enter', esc: 'Esc', tab: 'Tab', 'S-tab': 'Shift+Tab', backspace: 'Backspace', delete: 'Del', space: 'Space',
};

/** How a key name is written in the status bar, help and the key reference. */
export function displayKey(name: string): string {
  if (DISPLAY[name]) return DISPLAY[name]!;
  if (name.startsWith('C-')) return `Ctrl+${name.slice(2).toUpperCase()}`;
  return name;
}
