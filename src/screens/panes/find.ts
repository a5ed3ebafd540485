// Find Exchange Recipients: a recipient policy's General tab > Filter rules > Modify... The seed's steps:
// Find "Users, Contacts, and Groups"; Exchange tab; "Show only Exchange recipients"; tick "Users with
// external e-mail addresses" and nothing else; Find Now, and check that only the POP3 users come back
// (« Rechercher »); OK. Its keys, what each does, and the results Find Now shows.
import type { CommandDef } from '../command-types.js';
import type { FindState, State } from '../state.js';
import { flash } from '../effects.js';
import { setField } from '../../model/edits/index.js';
import { FILTER_TEXT, findExchangeRecipients, isPop3Policy, type FoundRecipient } from '../../model/recipient-filter.js';
import type { Model, RecipientPolicyT } from '../../model/schema.js';
import { commit, sheetEditResult } from './core.js';

type Filter = RecipientPolicyT['filter'];

/** The controls, in the order Up/Down visit them. */
export const FIND_ITEMS = ['mailbox', 'external', 'findNow', 'ok', 'cancel'] as const;
export type FindItem = (typeof FIND_ITEMS)[number];

/** The Exchange tab's user boxes as the model's filter; undefined when neither is ticked. */
export function filterOfBoxes(f: Pick<FindState, 'mailbox' | 'external'>): Filter | undefined {
  if (f.mailbox && f.external) return 'all';
  if (f.mailbox) return 'users-with-mailboxes';
  if (f.external) return 'users-with-external-addresses';
  return undefined;
}

export function openFind(s: State, policyIndex: number, rowId?: string): State {
  const p = s.model.exchange.recipientPolicies[policyIndex];
  if (!p) return s;
  const find: FindState = {
    kind: 'find',
    policyIndex,
    mailbox: p.filter !== 'users-with-external-addresses',
    external: p.filter !== 'users-with-mailboxes',
    cursor: FIND_ITEMS.indexOf('findNow'),
    searched: null,
    top: 0,
    ...(rowId ? { rowId } : {}),
  };
  return { ...s, overlay: find };
}

/** The model as it would be with this policy's filter set to `filter` (which policy applies to whom can change). */
function withFilter(model: Model, policyIndex: number, filter: Filter): Model {
  const policies = model.exchange.recipientPolicies;
  if (policies[policyIndex]?.filter === filter) return model;
  return {
    ...model,
    exchange: { ...model.exchange, recipientPolicies: policies.map((p, k) => (k === policyIndex ? { ...p, filter } : p)) },
  };
}

let lastFound: { model: Model; policyIndex: number; filter: Filter; result: FindResult } | undefined;

export interface FindResult {
  filter: Filter;
  found: FoundRecipient[];
  /** Found users who are not POP3 users but would get this policy's addresses (the seed's note). */
  swept: FoundRecipient[];
  /** The policy gives addresses in a POP3 domain (the POP3 users' policy), so the seed's note applies. */
  pop3Policy: boolean;
}

/** Find Now's results for a filter of this policy: the users it matches, and those it would sweep in. */
export function findResult(model: Model, policyIndex: number, filter: Filter): FindResult {
  if (lastFound && lastFound.model === model && lastFound.policyIndex === policyIndex && lastFound.filter === filter)
    return lastFound.result;
  const m = withFilter(model, policyIndex, filter);
  const found = findExchangeRecipients(m, filter);
  const pop3Policy = isPop3Policy(m, m.exchange.recipientPolicies[policyIndex]!);
  const swept = pop3Policy ? found.filter((f) => f.notPop3 !== undefined && f.applied?.index === policyIndex) : [];
  const result = { filter, found, swept, pop3Policy };
  lastFound = { model, policyIndex, filter, result };
  return result;
}

const findOf = (s: State) => s.overlay as FindState;
const itemOf = (s: State): FindItem => FIND_ITEMS[findOf(s).cursor]!;
const NONE_TICKED = 'Tick "Users with Exchange mailbox" or "Users with external e-mail addresses"';

function close(s: State, message: string): State {
  return flash({ ...s, overlay: null }, message);
}

function ok(s: State): State {
  const f = findOf(s);
  const filter = filterOfBoxes(f);
  if (!filter) return flash(s, NONE_TICKED, 'error');
  const p = s.model.exchange.recipientPolicies[f.policyIndex];
  if (!p) return close(s, 'The recipient policy is gone');
  if (p.filter === filter) return close(s, `Filter rules unchanged: ${FILTER_TEXT[filter]}`);
  const closed: State = { ...s, overlay: null };
  const r = commit(
    closed,
    setField(['exchange', 'recipientPolicies', f.policyIndex, 'filter'], filter),
    `Filter rules of "${p.name}": ${FILTER_TEXT[filter]}`,
  );
  if (typeof r === 'string') return flash(s, `Refused: ${r}`, 'error');
  return f.rowId && r.sheet ? sheetEditResult(closed, f.rowId, r) : r;
}

function press(s: State): State {
  const f = findOf(s);
  switch (itemOf(s)) {
    case 'mailbox':
      return { ...s, overlay: { ...f, mailbox: !f.mailbox } };
    case 'external':
      return { ...s, overlay: { ...f, external: !f.external } };
    case 'findNow': {
      const filter = filterOfBoxes(f);
      if (!filter) return flash(s, NONE_TICKED, 'error');
      const r = findResult(s.model, f.policyIndex, filter);
      const next: State = { ...s, overlay: { ...f, searched: filter, top: 0 } };
      return flash(
        next,
        `Find Now: ${r.found.length} found${r.swept.length ? `, ${r.swept.length} of them ${r.swept.length === 1 ? 'is not a POP3 user' : 'are not POP3 users'}` : ''}`,
        r.swept.length ? 'error' : 'info',
      );
    }
    case 'ok':
      return ok(s);
    case 'cancel':
      return close(s, 'Find Exchange Recipients: cancelled, the filter is unchanged');
  }
}

const move =
  (dir: 1 | -1) =>
  (s: State): State => {
    const f = findOf(s);
    return { ...s, overlay: { ...f, cursor: Math.max(0, Math.min(FIND_ITEMS.length - 1, f.cursor + dir)) } };
  };

const scroll =
  (by: number) =>
  (s: State): State => {
    const f = findOf(s);
    return { ...s, overlay: { ...f, top: Math.max(0, f.top + by) } };
  };

export const FIND_COMMANDS: CommandDef[] = [
  { id: 'find.down', scope: 'find', keys: ['down', 'j', 'tab'], title: 'Next check box or button', run: move(1) },
  { id: 'find.up', scope: 'find', keys: ['up', 'k', 'S-tab'], title: 'Previous check box or button', run: move(-1) },
  {
    id: 'find.press',
    scope: 'find',
    keys: ['enter', 'space'],
    title:
      "Tick or clear the check box, or press the button (Find Now lists the users the filter matches; OK sets the policy's Filter rules)",
    short: 'tick/press',
    priority: 1,
    run: press,
  },
  {
    id: 'find.findNow',
    scope: 'find',
    keys: ['f'],
    title: 'Find Now: the users the ticked boxes match, and which of them are not POP3 users',
    short: 'find now',
    priority: 2,
    run: (s) => press({ ...s, overlay: { ...findOf(s), cursor: FIND_ITEMS.indexOf('findNow') } }),
  },
  { id: 'find.pageDown', scope: 'find', keys: ['pgdn', 'C-d'], title: 'Scroll the search results down', run: scroll(5) },
  { id: 'find.pageUp', scope: 'find', keys: ['pgup', 'C-u'], title: 'Scroll the search results up', run: scroll(-5) },
  {
    id: 'find.cancel',
    scope: 'find',
    keys: ['esc'],
    title: 'Cancel: close the dialog, the filter is unchanged',
    short: 'cancel',
    priority: 3,
    run: (s) => press({ ...s, overlay: { ...findOf(s), cursor: FIND_ITEMS.indexOf('cancel') } }),
  },
];
