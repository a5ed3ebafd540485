// Exchange Tasks > Establish E-mail Address for several users at once, as ADUC runs a task on a
// multi-selection: each selected user gets <logon>@<domain> as external address. Every user is checked
// before anything changes; one bad user refuses the whole task, named with what is wrong.
import { type Edit, setField } from '../model/edits/index.js';
import { MailAddress, type Model } from '../model/schema.js';
import type { Parser } from './fields.js';
import { parse } from './fields.js';
import type { FormSpec } from './tree-types.js';

/** The users a task runs on: the selected (marked) logons, else the user under the cursor. Lowercase logons. */
export type Selection = readonly string[];

const domainPart: Parser = (text) => {
  const t = text.trim();
  if (!t.startsWith('@'))
    return { ok: false, error: 'type @ and the POP3 domain, e.g. @pop.northwindtraders.com: each user gets <logon>@ that domain' };
  const d = parse.domain(t.slice(1));
  return d.ok ? { ok: true, value: `@${d.value as string}` } : d;
};

/** One user: a full address, or @domain for <logon>@domain. Several: @domain only (each gets their own). */
const addressOrDomain =
  (several: boolean): Parser =>
  (text) =>
    text.trim().startsWith('@') || several ? domainPart(text) : parse.mailAddress(text);

/** The edit: every selected user checked first (exists, no Exchange mailbox, a valid address), then all set in one step. */
export function establishEdit(logons: Selection, value: string): Edit {
  return (m: Model) => {
    const changes: { index: number; address: string }[] = [];
    for (const logon of logons) {
      const index = m.users.findIndex((u) => u.logon.toLowerCase() === logon);
      const u = m.users[index];
      if (!u) throw new Error(`user ${logon} no longer exists; nothing was changed`);
      const who = `users[${index}] ${u.displayName} (${u.logon})`;
      if (u.kind === 'exchange') {
        throw new Error(
          `${who} has an Exchange mailbox: Establish E-mail Address is for users without one (clear their selection with Space); nothing was changed`,
        );
      }
      const address = value.startsWith('@') ? `${u.logon}${value}` : value;
      const r = MailAddress.safeParse(address);
      if (!r.success)
        throw new Error(`${who}: External E-mail Address ${r.error.issues[0]?.message ?? 'is not valid'}; nothing was changed`);
      changes.push({ index, address: r.data });
    }
    return changes.reduce((model, c) => setField(['users', c.index, 'externalAddress'], c.address)(model), m);
  };
}

export function establishForm(model: Model, logons: Selection): FormSpec {
  const several = logons.length > 1;
  const popDomain = model.pop3.servers[0]?.domains[0]?.name ?? 'pop.northwindtraders.com';
  const names = logons.slice(0, 4).join(', ') + (logons.length > 4 ? `, and ${logons.length - 4} more` : '');
  return {
    title: `Exchange Tasks: Establish E-mail Address (${several ? `${logons.length} users: ${names}` : names})`,
    fields: [
      {
        label: 'External E-mail Address',
        parse: addressOrDomain(several),
        hint: several
          ? `each user gets <logon>@${popDomain}` // short: the whole hint fits an 80-column form
          : `e.g. ${logons[0]}@${popDomain}, or @${popDomain}`,
        initial: `@${popDomain}`,
      },
    ],
    submit: ([value]) => establishEdit(logons, value as string),
  };
}
