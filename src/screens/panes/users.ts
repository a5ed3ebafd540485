// Active Directory users: select several (Space, as ADUC's Ctrl+click) and run Exchange Tasks > Establish
// E-mail Address on all of them at once (e).
import type { CommandDef } from '../command-types.js';
import type { State } from '../state.js';
import { flash } from '../effects.js';
import { establishForm } from '../bulk-establish.js';
import { openForm, selectedNode, setView, viewState } from './core.js';

/** The logons a task runs on: the selected users, else the user under the cursor. */
export function taskUsers(s: State): string[] {
  const marked = viewState(s).marked;
  if (marked && marked.size > 0) {
    // In the directory's order, and only users that still exist.
    return s.model.users.map((u) => u.logon.toLowerCase()).filter((l) => marked.has(l));
  }
  const mark = selectedNode(s)?.mark;
  return mark ? [mark] : [];
}

export const USER_TASK_COMMANDS: CommandDef[] = [
  {
    id: 'users.select',
    scope: 'tree',
    keys: ['space'],
    title: 'Select or clear the user for a task on several users at once (as Ctrl+click in Active Directory Users and Computers)',
    short: 'select',
    priority: 6,
    unavailable: (s) =>
      selectedNode(s)?.mark ? undefined : 'Space selects users (view 3, Active Directory users) for a task on several at once',
    run: (s) => {
      const mark = selectedNode(s)?.mark;
      if (!mark) return s;
      const marked = new Set(viewState(s).marked ?? []);
      if (marked.has(mark)) marked.delete(mark);
      else marked.add(mark);
      return flash(setView(s, { marked }), `${marked.size} user(s) selected; e runs Establish E-mail Address on them`);
    },
  },
  {
    id: 'users.establish',
    scope: 'tree',
    keys: ['e'],
    title: 'Exchange Tasks > Establish E-mail Address on the selected users (Space selects several), or on the user under the cursor',
    short: 'e-mail address',
    priority: 7,
    unavailable: (s) => (taskUsers(s).length > 0 ? undefined : 'Select a user (view 3, Active Directory users; Space selects several)'),
    run: (s) => {
      const logons = taskUsers(s);
      return logons.length > 0 ? openForm(s, establishForm(s.model, logons)) : s;
    },
  },
];
