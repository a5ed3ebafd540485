// Active Directory Users and Computers: the users, with Exchange Tasks > Establish E-mail Address.
import type { Model, UserT } from '../../model/schema.js';
import { addUser, clientsOfUser, formatPath, removeUser, setUserKind } from '../../model/edits/index.js';
import { parse } from '../fields.js';
import { choiceRow, heading, note, textRow } from '../rows.js';
import type { FormSpec, TreeNode } from '../tree-types.js';
import { itemIndex, KeptForm, KeptNodes } from './kept.js';

export const KIND_LABELS = [
  { value: 'pop3', label: 'POP3 user (mail-enabled, external e-mail address)' },
  { value: 'exchange', label: 'Exchange mailbox' },
];

function newUserForm(model: Model): FormSpec {
  const popDomain = model.pop3.servers[0]?.domains[0]?.name;
  const exServer = model.exchange.servers[0]?.name;
  return {
    title: 'New Object - User',
    fields: [
      { label: 'User logon name', parse: parse.logon, hint: 'e.g. dave' },
      { label: 'Full name', parse: parse.text, hint: 'e.g. Dave Smith' },
      {
        label: 'External E-mail Address (Establish E-mail Address)',
        parse: parse.optional(parse.mailAddress),
        hint: popDomain
          ? `e.g. dave@${popDomain}; empty: an Exchange mailbox${exServer ? ` on ${exServer}` : ''}`
          : 'empty: an Exchange mailbox',
      },
    ],
    submit: ([logon, name, external]) => {
      const user: UserT = external
        ? { logon: logon as string, displayName: name as string, kind: 'pop3', externalAddress: external as string }
        : { logon: logon as string, displayName: name as string, kind: 'exchange', ...(exServer ? { mailboxServer: exServer } : {}) };
      return addUser(user);
    },
  };
}

/** The New User form, the same object while the first POP3 domain and Exchange server are the same. */
const keptForm = new KeptForm();
const userForm = (model: Model) =>
  keptForm.get(`${model.pop3.servers[0]?.domains[0]?.name ?? ''}\n${model.exchange.servers[0]?.name ?? ''}`, () => newUserForm(model));

/**
 * A user's node, kept per user object (with its position, account count and form): an edit of one user
 * in 10,000, or of anything else, rebuilds one node rather than every one.
 */
const userNodes = new KeptNodes<UserT>();

function userNode(model: Model, u: UserT, i: number, form: FormSpec): TreeNode {
  const clients = clientsOfUser(model, i);
  return userNodes.get(u, [i, clients, form], () => buildUserNode(u, i, clients, form));
}

function buildUserNode(u: UserT, i: number, clients: number, form: FormSpec): TreeNode {
  const base = ['users', i] as const;
  return {
    id: `users/${i}`,
    label: `${u.displayName} (${u.logon})`,
    mark: u.logon.toLowerCase(),
    kind: u.kind === 'pop3' ? 'POP3 user (mail-enabled user)' : 'Exchange mailbox user',
    path: formatPath(base),
    children: [],
    create: form,
    remove: {
      what: `user ${u.logon} (${u.displayName})`,
      edit: removeUser(i),
      ...(clients ? { note: `its ${clients} Outlook Express account(s) go with it` } : {}),
    },
    details: () => [
      { label: 'Logon', text: u.logon },
      { label: 'Kind', text: KIND_LABELS.find((k) => k.value === u.kind)!.label },
      u.kind === 'pop3'
        ? {
            label: 'External address',
            text: u.externalAddress ?? '(none: not mail-enabled; run Establish E-mail Address)',
            ...(u.externalAddress ? {} : { tone: 'warning' as const }),
          }
        : { label: 'Mailbox server', text: u.mailboxServer ?? '(none)' },
    ],
    sheet: () => ({
      title: `${u.displayName} Properties`,
      tabs: [
        {
          title: 'General',
          rows: [
            textRow('User logon name', [...base, 'logon'], u.logon, parse.logon),
            textRow('Display name', [...base, 'displayName'], u.displayName, parse.text),
            choiceRow('Kind', [...base, 'kind'], u.kind, KIND_LABELS, { set: (v: string) => setUserKind(i, v as UserT['kind']) }),
            ...(u.kind === 'exchange' ? [textRow('Mailbox server', [...base, 'mailboxServer'], u.mailboxServer, parse.serverName)] : []),
          ],
        },
        {
          title: 'Exchange Tasks',
          rows:
            u.kind === 'pop3'
              ? [
                  heading(`${formatPath(base)}.tasks`, 'Establish E-mail Address'),
                  textRow('External E-mail Address', [...base, 'externalAddress'], u.externalAddress, parse.optional(parse.mailAddress), {
                    indent: 1,
                  }),
                  note(
                    `${formatPath(base)}.hint`,
                    'SMTP address in the POP3 domain, e.g. alice@pop.northwindtraders.com. Empty: not mail-enabled.',
                    1,
                  ),
                ]
              : [
                  note(
                    `${formatPath(base)}.tasks`,
                    'Exchange mailbox users need no external address (Establish E-mail Address is for POP3 users).',
                  ),
                ],
        },
      ],
    }),
  };
}

/** The node of the user a path is inside (as usersTree has it), built alone. */
export function locateUser(model: Model, path: string): TreeNode | undefined {
  const i = itemIndex(path, 'users', model.users.length);
  return i === undefined ? undefined : userNode(model, model.users[i]!, i, userForm(model));
}

export function usersTree(model: Model): TreeNode[] {
  const form = userForm(model);
  const users: TreeNode[] = model.users.map((u, i) => userNode(model, u, i, form));
  return [
    {
      id: 'users',
      label: 'Active Directory Users and Computers',
      kind: 'Active Directory',
      children: [
        {
          id: 'users/all',
          label: 'Users',
          kind: 'Container',
          path: 'users',
          create: form,
          children: users,
          details: () => [{ label: 'Users', text: String(model.users.length) }, { text: 'n creates a user' }],
        },
      ],
    },
  ];
}
