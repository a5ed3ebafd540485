// Outlook Express accounts (Tools > Accounts > Mail > Properties): General and Servers tabs.
import type { ClientT, Model } from '../../model/schema.js';
import { addClient, defaultClient, formatPath, removeClient } from '../../model/edits/index.js';
import { parse } from '../fields.js';
import { boolRow, heading, textRow } from '../rows.js';
import type { FormSpec, TreeNode } from '../tree-types.js';
import { itemIndex, KeptForm, KeptNodes } from './kept.js';

function newClientForm(model: Model): FormSpec {
  return {
    title: 'New Outlook Express account',
    fields: [
      {
        label: 'User (logon name)',
        parse: parse.logon,
        hint: model.users
          .slice(0, 3)
          .map((u) => u.logon)
          .join(', '),
      },
      { label: 'E-mail address', parse: parse.mailAddress, hint: 'the address the user gives out, e.g. dave@northwindtraders.com' },
    ],
    submit:
      ([logon, email]) =>
      (m) => {
        const user = m.users.find((u) => u.logon.toLowerCase() === String(logon).toLowerCase());
        if (!user) throw new Error(`"${String(logon)}" is not a user of the model; create the user first (view 3)`);
        return addClient(defaultClient(m, user, email as string))(m);
      },
  };
}

/** The New account form, the same object while the first three users' logons are the same. */
const keptForm = new KeptForm();
const clientForm = (model: Model) =>
  keptForm.get(
    model.users
      .slice(0, 3)
      .map((u) => u.logon)
      .join('\n'),
    () => newClientForm(model),
  );

/** An account's node, kept per client object (with its position and form): an edit rebuilds only what changed. */
const clientNodes = new KeptNodes<ClientT>();
const clientNode = (c: ClientT, i: number, form: FormSpec) => clientNodes.get(c, [i, form], () => buildClientNode(c, i, form));

function buildClientNode(c: ClientT, i: number, form: FormSpec): TreeNode {
  const base = ['clients', i] as const;
  return {
    id: `clients/${i}`,
    label: `${c.emailAddress} (${c.user})`,
    kind: `${c.program} mail account`,
    path: formatPath(base),
    children: [],
    create: form,
    remove: { what: `the Outlook Express account ${c.emailAddress}`, edit: removeClient(i) },
    details: () => [
      { label: 'E-mail address', text: c.emailAddress },
      { label: 'Incoming mail (POP3)', text: c.incoming.server },
      { label: 'Outgoing mail (SMTP)', text: c.outgoing.server },
      {
        label: 'Authentication',
        text: c.outgoing.requiresAuthentication ? 'My server requires authentication' : 'does not authenticate',
        ...(c.outgoing.requiresAuthentication ? {} : { tone: 'warning' as const }),
      },
    ],
    sheet: () => ({
      title: `${c.emailAddress} Properties`,
      tabs: [
        {
          title: 'General',
          rows: [
            textRow('Name (user logon)', [...base, 'user'], c.user, parse.logon),
            textRow('E-mail address', [...base, 'emailAddress'], c.emailAddress, parse.mailAddress),
          ],
        },
        {
          title: 'Servers',
          rows: [
            heading(`${formatPath(base)}.info`, 'Server Information: My incoming mail server is a POP3 server.'),
            textRow('Incoming mail (POP3)', [...base, 'incoming', 'server'], c.incoming.server, parse.domain, { indent: 1 }),
            textRow('Outgoing mail (SMTP)', [...base, 'outgoing', 'server'], c.outgoing.server, parse.domain, { indent: 1 }),
            heading(`${formatPath(base)}.outgoing`, 'Outgoing Mail Server'),
            boolRow(
              'My server requires authentication',
              [...base, 'outgoing', 'requiresAuthentication'],
              c.outgoing.requiresAuthentication,
              { indent: 1 },
            ),
          ],
        },
      ],
    }),
  };
}

/** The node of the account a path is inside (as clientsTree has it), built alone. */
export function locateClient(model: Model, path: string): TreeNode | undefined {
  const i = itemIndex(path, 'clients', model.clients.length);
  return i === undefined ? undefined : clientNode(model.clients[i]!, i, clientForm(model));
}

export function clientsTree(model: Model): TreeNode[] {
  const form = clientForm(model);
  const clients: TreeNode[] = model.clients.map((c, i) => clientNode(c, i, form));
  return [
    {
      id: 'clients',
      label: 'Outlook Express accounts',
      kind: 'Mail clients',
      path: 'clients',
      create: form,
      children: clients,
      details: () => [{ label: 'Accounts', text: String(model.clients.length) }, { text: 'n creates an account' }],
    },
  ];
}
