// THE command table: one entry per command. Key handling (store.ts), the status bar, the `?` help
// overlay and the generated key reference all read it, so they cannot drift apart.
import { displayKey } from './input/keys.js';

/** Where a command applies. 'global' works in every pane (not while typing in a field or a dialog). */
export type Scope = 'global' | 'tree' | 'details' | 'preview' | 'findings' | 'sheet' | 'ops' | 'dialog' | 'input' | 'help';

export const SCOPE_TITLES: Record<Scope, string> = {
  global: 'Everywhere',
  tree: 'Tree (scope pane)',
  details: 'Details pane',
  preview: 'Routing preview',
  findings: 'Findings',
  sheet: 'Property sheet',
  ops: 'Plan/Apply',
  dialog: 'Confirmation',
  input: 'Typing in a field',
  help: 'Help',
};

export interface CommandDef {
  id: string;
  scope: Scope;
  keys: string[];
  /** What it does (help and the key reference). */
  title: string;
  /** Status-bar label; commands without one are only in the help. */
  short?: string;
  /** Lower comes first in the status bar. */
  priority?: number;
  /** Changes or removes data: confirmations default to Cancel. */
  dangerous?: boolean;
}

export const COMMANDS: readonly CommandDef[] = [
  // Tree
  { id: 'tree.down', scope: 'tree', keys: ['down', 'j'], title: 'Move down' },
  { id: 'tree.up', scope: 'tree', keys: ['up', 'k'], title: 'Move up' },
  { id: 'tree.expand', scope: 'tree', keys: ['right', 'l'], title: 'Expand, or go to the first child' },
  { id: 'tree.collapse', scope: 'tree', keys: ['left', 'h'], title: 'Collapse, or go to the parent' },
  { id: 'tree.top', scope: 'tree', keys: ['g', 'home'], title: 'Go to the top' },
  { id: 'tree.bottom', scope: 'tree', keys: ['G', 'end'], title: 'Go to the bottom' },
  { id: 'tree.pageDown', scope: 'tree', keys: ['pgdn', 'C-d'], title: 'Page down' },
  { id: 'tree.pageUp', scope: 'tree', keys: ['pgup', 'C-u'], title: 'Page up' },
  { id: 'tree.open', scope: 'tree', keys: ['enter'], title: 'Open: expand a container, or show a leaf\'s properties', short: 'open', priority: 1 },
  { id: 'node.properties', scope: 'tree', keys: ['p'], title: 'Properties (the property sheet)', short: 'props', priority: 2 },
  { id: 'node.new', scope: 'tree', keys: ['n'], title: 'New: create an object in the selected container', short: 'new', priority: 3 },
  { id: 'node.delete', scope: 'tree', keys: ['d', 'delete'], title: 'Delete the selected object (asks first)', short: 'delete', priority: 4, dangerous: true },
  { id: 'tree.filter', scope: 'tree', keys: ['/'], title: 'Filter the tree by name', short: 'filter', priority: 5 },

  // Details, preview, findings
  { id: 'details.down', scope: 'details', keys: ['down', 'j'], title: 'Scroll down' },
  { id: 'details.up', scope: 'details', keys: ['up', 'k'], title: 'Scroll up' },
  { id: 'details.open', scope: 'details', keys: ['enter', 'p'], title: 'Properties of the selected node', short: 'props', priority: 1 },
  { id: 'preview.down', scope: 'preview', keys: ['down', 'j'], title: 'Next hop or flow' },
  { id: 'preview.up', scope: 'preview', keys: ['up', 'k'], title: 'Previous hop or flow' },
  { id: 'preview.jump', scope: 'preview', keys: ['enter'], title: 'Go to the setting behind the hop (or trace the flow)', short: 'go to setting', priority: 1 },
  { id: 'findings.down', scope: 'findings', keys: ['down', 'j'], title: 'Next finding' },
  { id: 'findings.up', scope: 'findings', keys: ['up', 'k'], title: 'Previous finding' },
  { id: 'findings.jump', scope: 'findings', keys: ['enter'], title: 'Go to the node and field the finding names', short: 'go to field', priority: 1 },

  // Property sheet
  { id: 'sheet.down', scope: 'sheet', keys: ['down', 'j'], title: 'Next field' },
  { id: 'sheet.up', scope: 'sheet', keys: ['up', 'k'], title: 'Previous field' },
  { id: 'sheet.top', scope: 'sheet', keys: ['g', 'home'], title: 'First field' },
  { id: 'sheet.bottom', scope: 'sheet', keys: ['G', 'end'], title: 'Last field' },
  { id: 'sheet.nextTab', scope: 'sheet', keys: [']', 'right', 'l'], title: 'Next tab', short: 'tab', priority: 5 },
  { id: 'sheet.prevTab', scope: 'sheet', keys: ['[', 'left', 'h'], title: 'Previous tab' },
  { id: 'sheet.activate', scope: 'sheet', keys: ['enter'], title: 'Edit the field, tick the box, choose the option or press the button', short: 'edit', priority: 1 },
  { id: 'sheet.toggle', scope: 'sheet', keys: ['space'], title: 'Tick or clear a check box, or pick the next option', short: 'toggle', priority: 2 },
  { id: 'sheet.new', scope: 'sheet', keys: ['n'], title: 'New item in the list under the cursor (New..., Add...)', short: 'new', priority: 3 },
  { id: 'sheet.remove', scope: 'sheet', keys: ['d', 'delete'], title: 'Remove the list item under the cursor (asks first)', short: 'remove', priority: 4, dangerous: true },
  { id: 'sheet.primary', scope: 'sheet', keys: ['m'], title: 'Set as Primary (the address under the cursor)', short: 'set primary', priority: 6 },
  { id: 'sheet.close', scope: 'sheet', keys: ['esc'], title: 'Close the property sheet (edits are already in the local model)', short: 'close', priority: 7 },

  // Plan/Apply
  { id: 'ops.down', scope: 'ops', keys: ['down', 'j'], title: 'Next target' },
  { id: 'ops.up', scope: 'ops', keys: ['up', 'k'], title: 'Previous target' },
  { id: 'ops.plan', scope: 'ops', keys: ['enter'], title: 'Plan: observe the target and show what would change to make it match the model', short: 'plan', priority: 1 },
  { id: 'ops.apply', scope: 'ops', keys: ['a'], title: 'Apply exactly the plan shown (type yes, or the target\'s id when it deletes; refused if the target or the model changed)', short: 'apply', priority: 2, dangerous: true },
  { id: 'ops.log', scope: 'ops', keys: ['l'], title: 'Switch between the plan and the log of every command run on the target', short: 'log', priority: 3 },
  { id: 'ops.scrollDown', scope: 'ops', keys: ['pgdn', 'C-d'], title: 'Scroll the plan or the log down' },
  { id: 'ops.scrollUp', scope: 'ops', keys: ['pgup', 'C-u'], title: 'Scroll the plan or the log up' },

  // Dialogs and fields
  { id: 'dialog.next', scope: 'dialog', keys: ['right', 'l', 'tab'], title: 'Next button' },
  { id: 'dialog.prev', scope: 'dialog', keys: ['left', 'h', 'S-tab'], title: 'Previous button' },
  { id: 'dialog.choose', scope: 'dialog', keys: ['enter'], title: 'Press the highlighted button (Cancel is highlighted first)', short: 'choose', priority: 1 },
  { id: 'dialog.cancel', scope: 'dialog', keys: ['esc'], title: 'Cancel', short: 'cancel', priority: 2 },
  { id: 'input.commit', scope: 'input', keys: ['enter'], title: 'Accept the value (refused with a message if it is not valid)', short: 'accept', priority: 1 },
  { id: 'input.cancel', scope: 'input', keys: ['esc'], title: 'Cancel typing; the value is not changed', short: 'cancel', priority: 2 },
  { id: 'input.nextField', scope: 'input', keys: ['tab', 'down'], title: 'Next field of a form', short: 'next field', priority: 3 },
  { id: 'input.prevField', scope: 'input', keys: ['S-tab', 'up'], title: 'Previous field of a form' },
  { id: 'input.backspace', scope: 'input', keys: ['backspace'], title: 'Delete the character before the cursor (Backspace, or Ctrl+H)' },
  { id: 'input.delete', scope: 'input', keys: ['delete'], title: 'Delete the character under the cursor' },
  { id: 'input.left', scope: 'input', keys: ['left'], title: 'Move the cursor left' },
  { id: 'input.right', scope: 'input', keys: ['right'], title: 'Move the cursor right' },
  { id: 'input.wordLeft', scope: 'input', keys: ['C-left'], title: 'Cursor to the start of the word (or Alt+B)' },
  { id: 'input.wordRight', scope: 'input', keys: ['C-right'], title: 'Cursor past the end of the word (or Alt+F)' },
  { id: 'input.home', scope: 'input', keys: ['home', 'C-a'], title: 'Cursor to the start' },
  { id: 'input.end', scope: 'input', keys: ['end', 'C-e'], title: 'Cursor to the end' },
  { id: 'input.deleteWord', scope: 'input', keys: ['C-w'], title: 'Delete the word before the cursor (or Alt+Backspace)' },
  { id: 'input.deleteToStart', scope: 'input', keys: ['C-u'], title: 'Delete everything before the cursor (the whole value when the cursor is at the end)' },
  { id: 'input.deleteToEnd', scope: 'input', keys: ['C-k'], title: 'Delete from the cursor to the end' },

  // Help
  { id: 'help.close', scope: 'help', keys: ['esc', '?'], title: 'Close the help (type to search it; the keys of "Typing in a field" edit the search)', short: 'close', priority: 1 },
  { id: 'help.down', scope: 'help', keys: ['down', 'C-n'], title: 'Scroll down' },
  { id: 'help.up', scope: 'help', keys: ['up', 'C-p'], title: 'Scroll up' },

  // Everywhere
  { id: 'focus.next', scope: 'global', keys: ['tab'], title: 'Next pane (tree, details, preview, findings)', short: 'pane', priority: 20 },
  { id: 'focus.prev', scope: 'global', keys: ['S-tab'], title: 'Previous pane' },
  { id: 'view.system', scope: 'global', keys: ['1'], title: 'View: System Manager (Exchange)' },
  { id: 'view.iis', scope: 'global', keys: ['2'], title: 'View: IIS Manager (the POP3 server)' },
  { id: 'view.users', scope: 'global', keys: ['3'], title: 'View: Active Directory users' },
  { id: 'view.clients', scope: 'global', keys: ['4'], title: 'View: Outlook Express clients' },
  { id: 'view.ops', scope: 'global', keys: ['5'], title: 'View: Plan/Apply (the model\'s targets: plan, apply, command log)' },
  { id: 'preview.recipient', scope: 'global', keys: ['t'], title: 'Routing preview: set the recipient and origin (internet, user:<logon>, server:<name>)', short: 'trace to', priority: 12 },
  { id: 'preview.mode', scope: 'global', keys: ['f'], title: 'Routing preview: switch between one trace and the flow matrix', short: 'flows', priority: 13 },
  { id: 'edit.undo', scope: 'global', keys: ['z'], title: 'Undo the last edit', short: 'undo', priority: 10 },
  { id: 'edit.redo', scope: 'global', keys: ['Z'], title: 'Redo', short: 'redo', priority: 14 },
  { id: 'file.save', scope: 'global', keys: ['s', 'C-s'], title: 'Save the model file (atomic, keeps a .bak; asks for a name for the built-in example)', short: 'save', priority: 11 },
  { id: 'app.back', scope: 'global', keys: ['esc'], title: 'Back: close, clear the filter, or go up; never quits' },
  { id: 'app.help', scope: 'global', keys: ['?'], title: 'Help: every key, searchable', short: 'help', priority: 30 },
  { id: 'app.borders', scope: 'global', keys: ['B'], title: 'Switch between line and ASCII borders' },
  { id: 'app.redraw', scope: 'global', keys: ['C-l'], title: 'Redraw the screen (also while typing or in a dialog)' },
  { id: 'app.quit', scope: 'global', keys: ['q'], title: 'Quit (asks before dropping unsaved edits)', short: 'quit', priority: 31 },
  { id: 'app.interrupt', scope: 'global', keys: ['C-c'], title: 'Quit now if nothing is unsaved, else ask (twice quits)' },
];

const byScope = new Map<Scope, Map<string, CommandDef>>();
for (const c of COMMANDS) {
  let m = byScope.get(c.scope);
  if (!m) byScope.set(c.scope, (m = new Map()));
  for (const k of c.keys) if (!m.has(k)) m.set(k, c);
}

/** The command a key runs in a scope, without falling back to global. */
export function commandIn(scope: Scope, key: string): CommandDef | undefined {
  return byScope.get(scope)?.get(key);
}

/** The command for a key in a pane: the pane's own binding wins over the global one. */
export function commandFor(scope: Scope, key: string, withGlobal: boolean): CommandDef | undefined {
  return commandIn(scope, key) ?? (withGlobal ? commandIn('global', key) : undefined);
}

export function commandById(id: string): CommandDef {
  const c = COMMANDS.find((x) => x.id === id);
  if (!c) throw new Error(`no command ${id}`);
  return c;
}

/** Status-bar hints for a scope: its own short commands, then the global ones. */
export function statusHints(scope: Scope, withGlobal: boolean): { key: string; label: string }[] {
  const pick = (s: Scope) => COMMANDS.filter((c) => c.scope === s && c.short).sort((a, b) => (a.priority ?? 50) - (b.priority ?? 50));
  const list = [...pick(scope), ...(withGlobal ? pick('global') : [])];
  return list.map((c) => ({ key: displayKey(c.keys[0]!), label: c.short! }));
}

/** One line per command: "keys  title  (scope)". The README's key reference is generated from this. */
export function keyReference(): string[] {
  const lines: string[] = [];
  for (const scope of Object.keys(SCOPE_TITLES) as Scope[]) {
    for (const c of COMMANDS.filter((x) => x.scope === scope)) {
      lines.push(`${c.keys.map(displayKey).join(' / ').padEnd(24)} ${c.title} (${SCOPE_TITLES[scope]})`);
    }
  }
  return lines;
}
