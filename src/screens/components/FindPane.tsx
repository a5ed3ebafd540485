// Find Exchange Recipients, as ESM opens it from a recipient policy's Filter rules > Modify...: the Find
// list, the Exchange tab's check boxes, Find Now / OK / Cancel, and the search results. A found user who is
// not a POP3 user is marked: the seed's filter assumes the POP3 users are the only users with external addresses.
import type { ReactElement } from 'react';
import { Text } from 'ink';
import type { FindState } from '../state.js';
import type { Model } from '../../model/schema.js';
import { FILTER_TEXT } from '../../model/recipient-filter.js';
import { FIND_ITEMS, findResult, type FindItem } from '../panes/find.js';
import { fit, glyphs, toneProps, type Theme, type Tone } from '../theme.js';
import { Pane } from './Pane.js';
import { wrap } from '../wrap.js';

interface Line {
  text: string;
  tone?: Tone;
  selected?: boolean;
}

/** The lines above the results: what Find searches and the Exchange tab. */
function controlLines(f: FindState, policyName: string, check: string): Line[] {
  const box = (on: boolean) => `[${on ? check : ' '}]`;
  const at = (item: FindItem) => FIND_ITEMS[f.cursor] === item;
  const button = (item: FindItem, label: string) => (at(item) ? `>[ ${label} ]<` : ` [ ${label} ] `);
  return [
    { text: `Recipient policy: ${policyName}`, tone: 'muted' },
    { text: "Find: Users, Contacts, and Groups    In: the model's users" },
    { text: '[Exchange]  (the General and Advanced tabs are not modelled)', tone: 'heading' },
    { text: `${box(true)} Show only Exchange recipients  (always, in the model)`, tone: 'muted' },
    { text: `    ${box(f.mailbox)} Users with Exchange mailbox`, selected: at('mailbox') },
    { text: `    ${box(f.external)} Users with external e-mail addresses`, selected: at('external') },
    {
      text: '    (Groups, Contacts and Public folders: none in the model)',
      tone: 'muted',
    },
    {
      text: `${button('findNow', 'Find Now')}  ${button('ok', 'OK')}  ${button('cancel', 'Cancel')}`,
      selected: at('findNow') || at('ok') || at('cancel'),
    },
  ];
}

function resultLines(model: Model, f: FindState, width: number): Line[] {
  if (f.searched === null) return [{ text: 'Find Now (f) lists the users these boxes match.', tone: 'muted' }];
  const r = findResult(model, f.policyIndex, f.searched);
  const out: Line[] = [{ text: `Search results (${FILTER_TEXT[r.filter]}): ${r.found.length} found`, tone: 'heading' }];
  if (r.swept.length > 0) {
    const note = `! ${r.swept.length} of them ${r.swept.length === 1 ? 'is not a POP3 user' : 'are not POP3 users'} and would get this policy's addresses: the seed's filter assumes the POP3 users are the only users with external addresses; change the criteria until only the POP3 users are found.`;
    for (const l of wrap(note, width - 2)) out.push({ text: l, tone: 'warning' });
  } else if (r.pop3Policy && r.found.length > 0) {
    out.push({ text: 'Only POP3 users are found, as the seed asks.', tone: 'ok' });
  }
  const nameW = Math.min(28, Math.max(...r.found.map((x) => x.user.displayName.length + x.user.logon.length + 3)));
  const addrW = Math.min(34, Math.max(...r.found.map((x) => x.address.length)));
  for (const x of r.found) {
    const swept = r.swept.includes(x);
    const head = `${swept ? '!' : ' '} ${`${x.user.displayName} (${x.user.logon})`.padEnd(nameW)} ${x.address.padEnd(addrW)}  `;
    const other = x.applied && x.applied.index !== f.policyIndex ? `; gets its addresses from "${x.applied.name}" (higher priority)` : '';
    const what = `${x.notPop3 ? `not a POP3 user: ${x.notPop3}` : 'POP3 user'}${other}`;
    const tone = swept ? { tone: 'warning' as const } : {};
    // The columns stay aligned; what follows them wraps under itself.
    const room = width - 2 - head.length;
    if (what.length <= room || room >= 30) {
      wrap(what, room).forEach((l, i) => out.push({ text: `${i === 0 ? head : ' '.repeat(head.length)}${l}`, ...tone }));
    } else {
      out.push({ text: head.trimEnd(), ...tone });
      for (const l of wrap(what, width - 8)) out.push({ text: `      ${l}`, ...tone });
    }
  }
  if (r.found.length === 0) out.push({ text: '  No user of the model matches.', tone: 'muted' });
  return out;
}

export function FindPane(p: { find: FindState; model: Model; width: number; height: number; theme: Theme }) {
  const g = glyphs(p.theme);
  const inner = p.width - 2;
  const f = p.find;
  const policy = p.model.exchange.recipientPolicies[f.policyIndex];
  const controls = controlLines(f, policy?.name ?? '(gone)', g.check);
  const results = resultLines(p.model, f, inner);
  const room = Math.max(1, p.height - 2 - controls.length - 2);
  const top = Math.min(f.top, Math.max(0, results.length - room));
  const shown = results.slice(top, top + room);
  const more = results.length - top - shown.length;
  const lines: ReactElement[] = [];
  const line = (key: string, l: Line) =>
    lines.push(
      <Text key={key} wrap="truncate-end" {...toneProps(p.theme, l.tone)} bold={l.selected ?? false}>
        {fit(`${l.selected ? `${g.select} ` : '  '}${l.text}`, inner, g.ellipsis)}
      </Text>,
    );
  controls.forEach((l, i) => line(`c${i}`, l));
  line('sep', { text: '' });
  shown.forEach((l, i) => line(`r${i}`, l));
  const keys = `Up/Down move, Space/Enter tick or press, f Find Now, Esc cancels${more > 0 || top > 0 ? `; PgDn/PgUp scroll (${more} more)` : ''}`;
  line('keys', { text: keys, tone: 'muted' });
  return (
    <Pane title="Find Exchange Recipients" width={p.width} height={p.height} focused theme={p.theme}>
      {lines}
    </Pane>
  );
}
