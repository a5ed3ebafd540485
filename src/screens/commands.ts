// THE command table: one entry per command, with its handler. Key handling (store.ts), the status bar,
// the `?` help overlay and the generated key reference all read it, so they cannot drift apart.
import { displayKey } from './input/keys.js';
import { SCOPE_TITLES, type CommandDef, type Scope } from './command-types.js';
import { INPUT_COMMANDS } from './input/text-input.js';
import { DETAILS_COMMANDS, TREE_COMMANDS } from './panes/tree.js';
import { CHOICE_COMMANDS, SHEET_COMMANDS } from './panes/sheet.js';
import { FINDINGS_COMMANDS, PREVIEW_COMMANDS } from './panes/preview.js';
import { DIALOG_COMMANDS, GLOBAL_COMMANDS, HELP_COMMANDS, ZOOM_COMMANDS } from './panes/app.js';
import { OPS_COMMANDS } from './panes/ops.js';
import { FIND_COMMANDS } from './panes/find.js';
import { USER_TASK_COMMANDS } from './panes/users.js';
import type { State } from './state.js';

export { SCOPE_TITLES, type CommandDef, type Scope } from './command-types.js';

// Each pane keeps its bindings (keys, title, handler, reason when unavailable) beside the code they run.
// Order within a scope is the order of the help and the README's key block.
export const COMMANDS: readonly CommandDef[] = [
  ...TREE_COMMANDS,
  ...USER_TASK_COMMANDS,
  ...DETAILS_COMMANDS,
  ...PREVIEW_COMMANDS,
  ...FINDINGS_COMMANDS,
  ...SHEET_COMMANDS,
  ...CHOICE_COMMANDS,
  ...FIND_COMMANDS,
  ...OPS_COMMANDS,
  ...ZOOM_COMMANDS,
  ...DIALOG_COMMANDS,
  ...INPUT_COMMANDS,
  ...HELP_COMMANDS,
  ...GLOBAL_COMMANDS,
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

/** Status-bar hints for a scope: its own short commands, then the global ones; only those that work now. */
export function statusHints(scope: Scope, withGlobal: boolean, state?: State): { key: string; label: string }[] {
  const works = (c: CommandDef) => !state || !c.unavailable?.(state);
  const pick = (s: Scope) =>
    COMMANDS.filter((c) => c.scope === s && c.short && works(c)).sort((a, b) => (a.priority ?? 50) - (b.priority ?? 50));
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
