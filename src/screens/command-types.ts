// What a command is (CommandDef) and where it applies (Scope): apart from the table (commands.ts), which
// imports every pane, so that the panes can declare their commands without importing the table back.
import type { State } from './state.js';

/** Where a command applies. 'global' works in every pane (not while typing in a field or a dialog). */
export type Scope =
  | 'global'
  | 'tree'
  | 'details'
  | 'preview'
  | 'findings'
  | 'sheet'
  | 'choice'
  | 'ops'
  | 'zoom'
  | 'dialog'
  | 'input'
  | 'help'
  | 'find';

export const SCOPE_TITLES: Record<Scope, string> = {
  global: 'Everywhere',
  tree: 'Tree (scope pane)',
  details: 'Details pane',
  preview: 'Routing preview',
  findings: 'Findings',
  sheet: 'Property sheet',
  choice: 'Choosing an option (radio buttons, drop-downs)',
  ops: 'Plan/Apply',
  zoom: 'Zoomed pane',
  dialog: 'Confirmation',
  input: 'Typing in a field',
  help: 'Help',
  find: 'Find Exchange Recipients (Filter rules > Modify...)',
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
  /** What the key does. Absent for the keys a field handles itself (input scope) and Ctrl+C (the reducer's first check). */
  run?: (s: State) => State;
  /**
   * Why the command does nothing on what is selected now, or undefined when it works. The status bar
   * leaves it out, the help marks it, and the key shows this reason instead of running.
   */
  unavailable?: (s: State) => string | undefined;
  /** How the key's refusal starts in the status bar ("Not applied"), shown as an error; else the reason alone. */
  refusedAs?: string;
}
