// IIS Manager on the POP3 box: Internet Information Services > POP01 > Default SMTP Virtual Server >
// Domains (the POP3 domains appear as Local, remote domains are edited here), and the POP3 Service
// snap-in: server > domains > mailboxes.
import type { Model } from '../../model/schema.js';
import {
  addMailbox,
  addPop3Domain,
  addRelayEntry,
  addRemoteDomain,
  formatPath,
  pop3RelayPath,
  removeMailbox,
  removePop3Domain,
  removeRemoteDomain,
} from '../../model/edits/index.js';
import { parse } from '../fields.js';
import { boolRow, choiceRow, heading, note, textRow } from '../rows.js';
import type { FormSpec, TreeNode } from '../tree-types.js';
import { relayRows } from './relay-rows.js';

const OUTBOUND = [
  { value: 'anonymous', label: 'Anonymous access' },
  { value: 'basic', label: 'Basic authentication' },
  { value: 'integrated', label: 'Integrated Windows Authentication' },
];

const AUTH_METHODS = [
  { value: 'active-directory', label: 'Active Directory Integrated' },
  { value: 'local-windows-accounts', label: 'Local Windows Accounts' },
  { value: 'encrypted-password-file', label: 'Encrypted Password File' },
];

function remoteDomainNode(model: Model, i: number, j: number, create: FormSpec): TreeNode {
  const d = model.pop3.servers[i]!.smtp.remoteDomains[j]!;
  const base = ['pop3', 'servers', i, 'smtp', 'remoteDomains', j] as const;
  return {
    id: `iis/${i}/remote/${j}`,
    label: `${d.name} (Remote)`,
    kind: 'Remote domain',
    path: formatPath(base),
    children: [],
    create,
    remove: { what: `remote domain ${d.name}`, edit: removeRemoteDomain(i, j) },
    details: () => [
      {
        label: 'Relay',
        text: d.allowRelay ? 'Allow incoming mail to be relayed to this domain' : 'incoming mail is not relayed to this domain',
      },
      { label: 'Route', text: d.smartHost ? `Forward all mail to smart host ${d.smartHost}` : 'Use DNS to route to this domain' },
    ],
    sheet: () => ({
      title: `${d.name} Properties`,
      tabs: [
        {
          title: 'General',
          rows: [
            textRow('Name', [...base, 'name'], d.name, parse.domainPattern),
            boolRow('Allow incoming mail to be relayed to this domain', [...base, 'allowRelay'], d.allowRelay),
            textRow('Forward all mail to smart host', [...base, 'smartHost'], d.smartHost, parse.optional(parse.smartHost)),
            note(
              `${formatPath(base)}.route`,
              d.smartHost ? 'Empty the smart host to use DNS instead.' : 'Empty: Use DNS to route to this domain.',
              1,
            ),
          ],
        },
      ],
    }),
  };
}

function smtpServiceNode(model: Model, i: number): TreeNode {
  const s = model.pop3.servers[i]!;
  const smtp = ['pop3', 'servers', i, 'smtp'] as const;
  const relay = pop3RelayPath(i);
  const os = s.smtp.outboundSecurity;
  const remoteForm: FormSpec = {
    title: 'New SMTP Domain (Remote)',
    fields: [
      {
        label: 'Name',
        parse: parse.domainPattern,
        hint: 'e.g. northwindtraders.com (the Exchange mail domain)',
        owns: /^pop3\.servers\[\d+\]\.smtp\.remoteDomains\[\d+\]\.name$/,
      },
    ],
    submit: ([n]) => addRemoteDomain(i, n as string),
  };
  const locals: TreeNode[] = s.domains.map((d, j) => ({
    id: `iis/${i}/local/${j}`,
    label: `${d.name} (Local)`,
    kind: 'Local domain (POP3 Service)',
    children: [],
    create: remoteForm,
    // Deleting it here deletes the POP3 Service's domain, as the POP3 Service snap-in does.
    remove: {
      what: `POP3 domain ${d.name}`,
      edit: removePop3Domain(i, j),
      note: `the POP3 Service's domain, Local here${d.mailboxes.length ? `; its ${d.mailboxes.length} mailbox(es) go with it` : ''}`,
    },
    details: () => [
      { text: 'Created by the POP3 Service: mail for it is delivered to its mailboxes or returned, never forwarded.' },
      { label: 'Mailboxes', text: String(d.mailboxes.length) },
      { text: 'd deletes the POP3 domain and its mailboxes (as the POP3 Service does)' },
    ],
  }));
  return {
    id: `iis/${i}/smtp`,
    label: 'Default SMTP Virtual Server',
    kind: 'SMTP virtual server (IIS)',
    path: formatPath(smtp),
    details: () => [
      {
        label: 'Relay restrictions',
        text: `${s.smtp.relay.mode === 'only-list' ? 'Only the list below' : 'All except the list below'}: ${s.smtp.relay.computers.join(', ') || '(none)'}`,
      },
      { label: 'Authentication', text: s.smtp.requireAuthentication ? 'clients must authenticate' : 'anonymous access allowed' },
      { label: 'Outbound Security', text: `${OUTBOUND.find((o) => o.value === os.mode)?.label}${os.account ? ` (${os.account})` : ''}` },
      { label: 'Smart host', text: s.smtp.smartHost ?? '(none)' },
    ],
    sheet: () => ({
      title: `Default SMTP Virtual Server Properties (${s.name})`,
      tabs: [
        {
          title: 'Access',
          rows: [
            boolRow(
              'Clients must authenticate (Authentication: anonymous access cleared)',
              [...smtp, 'requireAuthentication'],
              s.smtp.requireAuthentication,
            ),
            heading(`${formatPath(relay)}.h`, 'Relay...'),
            ...relayRows(s.smtp.relay, relay, (e) => addRelayEntry(relay, e)),
          ],
        },
        {
          title: 'Delivery',
          rows: [
            heading(`${formatPath(smtp)}.outboundSecurity`, 'Outbound Security...'),
            choiceRow('Authentication', [...smtp, 'outboundSecurity', 'mode'], os.mode, OUTBOUND, { indent: 1 }),
            textRow('Account', [...smtp, 'outboundSecurity', 'account'], os.account, parse.optional(parse.account), { indent: 1 }),
            boolRow(
              'Password never expires (a service account for this relay)',
              [...smtp, 'outboundSecurity', 'passwordNeverExpires'],
              os.passwordNeverExpires,
              { indent: 1 },
            ),
            textRow('Password (secret reference)', [...smtp, 'outboundSecurity', 'secret'], os.secret, parse.optional(parse.secretRef), {
              indent: 1,
            }),
            note(`${formatPath(smtp)}.secret`, 'env:VARIABLE or keyring:NAME; the password itself is never stored in the model.', 2),
            heading(`${formatPath(smtp)}.advanced`, 'Advanced...'),
            textRow('Smart host', [...smtp, 'smartHost'], s.smtp.smartHost, parse.optional(parse.smartHost), { indent: 1 }),
          ],
        },
      ],
    }),
    children: [
      {
        id: `iis/${i}/domains`,
        label: 'Domains',
        kind: 'Container',
        path: formatPath([...smtp, 'remoteDomains']),
        create: remoteForm,
        children: [...locals, ...s.smtp.remoteDomains.map((_, j) => remoteDomainNode(model, i, j, remoteForm))],
      },
    ],
  };
}

function pop3ServiceNode(model: Model, i: number): TreeNode {
  const s = model.pop3.servers[i]!;
  const base = ['pop3', 'servers', i] as const;
  const domainForm: FormSpec = {
    title: 'Add Domain',
    fields: [
      {
        label: 'Domain name',
        parse: parse.domain,
        hint: 'e.g. pop.northwindtraders.com',
        owns: /^pop3\.servers\[\d+\]\.(domains\[\d+\]|smtp\.remoteDomains\[\d+\])\.name$/,
      },
    ],
    submit: ([n]) => addPop3Domain(i, n as string),
  };
  return {
    id: `pop3/${i}`,
    label: s.name,
    kind: 'POP3 server',
    path: formatPath([...base, 'authentication']),
    create: domainForm,
    details: () => [
      { label: 'Authentication Method', text: AUTH_METHODS.find((a) => a.value === s.authentication)?.label ?? s.authentication },
      { label: 'Domains', text: String(s.domains.length) },
    ],
    sheet: () => ({
      title: `${s.name} Properties (POP3 Service)`,
      tabs: [{ title: 'General', rows: [choiceRow('Authentication Method', [...base, 'authentication'], s.authentication, AUTH_METHODS)] }],
    }),
    children: s.domains.map((d, j) => {
      const dp = [...base, 'domains', j] as const;
      const mailboxForm: FormSpec = {
        title: 'Add Mailbox',
        fields: [{ label: 'Mailbox name (the AD logon)', parse: parse.logon }],
        submit: ([n]) => addMailbox(i, j, n as string),
      };
      return {
        id: `pop3/${i}/domain/${j}`,
        label: d.name,
        kind: 'POP3 domain',
        path: formatPath(dp),
        create: mailboxForm,
        remove: {
          what: `POP3 domain ${d.name}`,
          edit: removePop3Domain(i, j),
          ...(d.mailboxes.length ? { note: `its ${d.mailboxes.length} mailbox(es) go with it` } : {}),
        },
        details: () => [{ label: 'Mailboxes', text: String(d.mailboxes.length) }, { text: 'n adds a mailbox' }],
        sheet: () => ({
          title: `${d.name} Properties`,
          tabs: [{ title: 'General', rows: [textRow('Domain name', [...dp, 'name'], d.name, parse.domain)] }],
        }),
        children: d.mailboxes.map((mb, k) => ({
          id: `pop3/${i}/domain/${j}/mb/${k}`,
          label: mb,
          kind: 'Mailbox',
          path: formatPath([...dp, 'mailboxes', k]),
          children: [],
          create: mailboxForm,
          remove: { what: `mailbox ${mb}@${d.name}`, edit: removeMailbox(i, j, k) },
          details: () => [{ label: 'Address', text: `${mb}@${d.name}` }],
          sheet: () => ({
            title: `${mb}@${d.name}`,
            tabs: [{ title: 'General', rows: [textRow('Mailbox name', [...dp, 'mailboxes', k], mb, parse.logon)] }],
          }),
        })),
      };
    }),
  };
}

export function iisManagerTree(model: Model): TreeNode[] {
  const iis: TreeNode = {
    id: 'iis',
    label: 'Internet Information Services',
    kind: 'IIS Manager',
    children: model.pop3.servers.map((s, i) => {
      const base = ['pop3', 'servers', i] as const;
      return {
        id: `iis/${i}`,
        label: `${s.name} (local computer)`,
        kind: 'POP3 server (Windows Server 2003)',
        path: formatPath(base),
        details: () => [
          { label: 'FQDN', text: s.fqdn },
          { label: 'IP address', text: s.ip },
          { label: 'Maximum hop count', text: String(s.maxHopCount) },
        ],
        sheet: () => ({
          title: `${s.name} Properties`,
          tabs: [
            {
              title: 'General',
              rows: [
                textRow('Name', [...base, 'name'], s.name, parse.serverName),
                textRow('Fully-qualified domain name', [...base, 'fqdn'], s.fqdn, parse.domain),
                textRow('IP address', [...base, 'ip'], s.ip, parse.ip),
                textRow('Maximum hop count', [...base, 'maxHopCount'], s.maxHopCount, parse.int(10, 256)),
              ],
            },
          ],
        }),
        children: [smtpServiceNode(model, i)],
      };
    }),
  };
  const pop3: TreeNode = {
    id: 'pop3',
    label: 'POP3 Service',
    kind: 'POP3 Service',
    children: model.pop3.servers.map((_, i) => pop3ServiceNode(model, i)),
  };
  return [iis, pop3];
}
