// Exchange System Manager: Organization > Recipients > Recipient Policies; Administrative Groups >
// First Administrative Group > Servers > EX01 > Protocols > SMTP > Default SMTP Virtual Server;
// Routing Groups > First Routing Group > Connectors; plus the Internet DNS (MX records) the model assumes.
import type { ConnectorT, Model } from '../../model/schema.js';
import {
  addAddressSpace,
  addBridgehead,
  addConnector,
  addPolicyAddress,
  addRecipientPolicy,
  addRelayEntry,
  addSmartHost,
  appendAt,
  exchangeRelayPath,
  formatPath,
  removeAt,
  removeConnector,
  removePolicyAddress,
  removeRecipientPolicy,
  setField,
  setPrimaryAddress,
} from '../../model/edits/index.js';
import { parse } from '../fields.js';
import { addForm, boolRow, button, choiceRow, heading, note, stringListRows, textRow } from '../rows.js';
import type { FormSpec, Row, TreeNode } from '../tree-types.js';
import { relayRows } from './relay-rows.js';
import { KeptForm, KeptNodes } from './kept.js';

const folder = (id: string, label: string, children: TreeNode[], extra: Partial<TreeNode> = {}): TreeNode => ({
  id,
  label,
  kind: 'Container',
  children,
  ...extra,
});

export const FILTER_LABELS = [
  { value: 'all', label: 'All recipients (mailnickname=*)' },
  { value: 'users-with-external-addresses', label: 'Users with external e-mail addresses' },
  { value: 'users-with-mailboxes', label: 'Users with Exchange mailbox' },
];

function newPolicyForm(): FormSpec {
  return {
    title: 'New Recipient Policy',
    fields: [
      { label: 'Name', parse: parse.text, hint: 'e.g. POP User Addresses', owns: /^exchange\.recipientPolicies\[\d+\]\.name$/ },
      { label: 'SMTP Address', parse: parse.policyAddress, hint: 'e.g. @pop.northwindtraders.com' },
    ],
    submit: ([name, address]) => addRecipientPolicy(name as string, address as string),
  };
}

const newBridgehead = (model: Model) => model.exchange.servers.find((s) => s.acceptsInternetMail)?.name ?? model.exchange.servers[0]?.name;

function newConnectorForm(bridgehead: string | undefined): FormSpec {
  return {
    title: 'New SMTP Connector',
    fields: [
      { label: 'Name', parse: parse.text, hint: 'e.g. POP3 Connector', owns: /^exchange\.connectors\[\d+\]\.name$/ },
      { label: 'Address space (E-mail domain)', parse: parse.domainPattern, hint: 'e.g. pop.northwindtraders.com (never *)' },
      {
        label: 'Forward all mail through this connector to the following smart hosts',
        parse: parse.optional(parse.smartHost),
        hint: 'FQDN or [IP]; empty: use DNS',
      },
    ],
    submit: ([name, domain, host]) => addConnector(name as string, domain as string, host as string | undefined, bridgehead),
  };
}

function policyNode(model: Model, i: number): TreeNode {
  const p = model.exchange.recipientPolicies[i]!;
  const base = ['exchange', 'recipientPolicies', i] as const;
  const addAddress = addForm(
    'New SMTP Address',
    'Address',
    parse.policyAddress,
    (a) => addPolicyAddress(i, a as string),
    'e.g. @pop.northwindtraders.com',
  );
  return {
    id: `sm/policy/${i}`,
    label: p.name,
    kind: 'Recipient policy',
    path: formatPath(base),
    children: [],
    remove: { what: `recipient policy "${p.name}"`, edit: removeRecipientPolicy(i) },
    details: () => [
      { label: 'Priority', text: String(p.priority) },
      { label: 'Filter rules', text: FILTER_LABELS.find((f) => f.value === p.filter)?.label ?? p.filter },
      ...p.addresses.map((a) => ({
        label: a.primary ? 'Primary' : 'Address',
        text: `SMTP ${a.address}${a.responsible ? '' : ' (not responsible)'}`,
      })),
    ],
    sheet: () => ({
      title: `${p.name} Properties`,
      tabs: [
        {
          title: 'General',
          rows: [
            textRow('Name', [...base, 'name'], p.name, parse.text),
            p.priority === 'lowest'
              ? textRow('Priority', [...base, 'priority'], 'Lowest', parse.priority, {
                  readOnly: 'the Default Policy always has the lowest priority',
                })
              : textRow('Priority', [...base, 'priority'], p.priority, parse.int(1, 999)),
            choiceRow('Filter rules', [...base, 'filter'], p.filter, FILTER_LABELS),
            {
              kind: 'button',
              id: `b:${formatPath(base)}.filter.modify`,
              label: 'Modify... (Find Exchange Recipients: which users the filter matches)',
              findRecipients: i,
              indent: 1,
              path: formatPath([...base, 'filter']),
            },
          ],
        },
        {
          title: 'E-Mail Addresses (Policy)',
          rows: [
            heading(`${formatPath(base)}.addresses`, 'Generation rules:  Type  Address'),
            ...p.addresses.flatMap((a, j): Row[] => {
              const ap = [...base, 'addresses', j];
              return [
                textRow(a.primary ? 'SMTP (Primary)' : 'SMTP', [...ap, 'address'], a.address, parse.policyAddress, {
                  indent: 1,
                  add: addAddress,
                  remove: {
                    what: `address ${a.address}`,
                    edit: removePolicyAddress(i, j),
                    ...(a.primary && p.addresses.length > 1
                      ? { note: `${p.addresses.find((_, k) => k !== j)!.address} becomes primary` }
                      : {}),
                  },
                  ...(a.primary ? {} : { primary: setPrimaryAddress(i, j) }),
                }),
                boolRow(
                  'This Exchange Organization is responsible for all mail delivery to this address',
                  [...ap, 'responsible'],
                  a.responsible,
                  { indent: 2 },
                ),
                ...(a.primary
                  ? []
                  : [
                      {
                        kind: 'button',
                        id: `b:${formatPath(ap)}.primary`,
                        label: 'Set as Primary',
                        edit: setPrimaryAddress(i, j),
                        indent: 2,
                        path: formatPath(ap),
                      } as Row,
                    ]),
              ];
            }),
            button(`${formatPath(base)}.addresses`, 'New...', addAddress, 1, formatPath([...base, 'addresses'])),
          ],
        },
      ],
    }),
  };
}

function connectorNode(c: ConnectorT, i: number, servers: Model['exchange']['servers']): TreeNode {
  const base = ['exchange', 'connectors', i] as const;
  const addSpace = addForm(
    'Add SMTP address space',
    'E-mail domain',
    parse.domainPattern,
    (d) => addAddressSpace(i, d as string),
    'e.g. pop.northwindtraders.com (never *)',
  );
  return {
    id: `sm/connector/${i}`,
    label: c.name,
    kind: 'SMTP connector',
    path: formatPath(base),
    children: [],
    remove: { what: `connector "${c.name}"`, edit: removeConnector(i) },
    details: () => [
      { label: 'Smart hosts', text: c.smartHosts.length ? c.smartHosts.join(', ') : '(none: use DNS)' },
      { label: 'Local bridgeheads', text: c.bridgeheads.join(', ') || '(none)' },
      { label: 'Address space', text: c.addressSpaces.map((s) => `SMTP ${s.domain} (cost ${s.cost})`).join(', ') },
      { label: 'Relay', text: c.allowRelay ? 'Allow messages to be relayed to these domains' : 'relay to these domains not allowed' },
    ],
    sheet: () => ({
      title: `${c.name} Properties`,
      tabs: [
        {
          title: 'General',
          rows: [
            textRow('Name', [...base, 'name'], c.name, parse.text),
            ...stringListRows({
              heading: 'Forward all mail through this connector to the following smart hosts:',
              path: [...base, 'smartHosts'],
              items: c.smartHosts,
              parser: parse.smartHost,
              itemLabel: 'Smart host',
              what: 'smart host',
              empty: 'none: Use DNS to route to each address space on this connector',
              add: addForm(
                'Add smart host',
                'Smart host',
                parse.smartHost,
                (h) => addSmartHost(i, h as string),
                'FQDN, or an IP address in square brackets: [10.0.0.20]',
              ),
            }),
            ...stringListRows({
              heading: 'Local bridgeheads:',
              path: [...base, 'bridgeheads'],
              items: c.bridgeheads,
              parser: parse.serverName,
              itemLabel: 'Server',
              what: 'bridgehead',
              add: addForm(
                'Add local bridgehead',
                'Exchange server',
                parse.serverName,
                (s) => addBridgehead(i, s as string),
                servers.map((s) => s.name).join(', '),
              ),
            }),
          ],
        },
        {
          title: 'Address Space',
          rows: [
            heading(`${formatPath(base)}.addressSpaces`, 'Type  Address  Cost'),
            ...c.addressSpaces.flatMap((s, j): Row[] => {
              const sp = [...base, 'addressSpaces', j];
              return [
                textRow('SMTP', [...sp, 'domain'], s.domain, parse.domainPattern, {
                  indent: 1,
                  add: addSpace,
                  remove: { what: `address space ${s.domain}`, edit: removeAt(sp) },
                }),
                textRow('Cost', [...sp, 'cost'], s.cost, parse.int(1, 100), { indent: 2 }),
              ];
            }),
            button(`${formatPath(base)}.addressSpaces`, 'Add...', addSpace, 1, formatPath([...base, 'addressSpaces'])),
            boolRow('Allow messages to be relayed to these domains', [...base, 'allowRelay'], c.allowRelay),
          ],
        },
      ],
    }),
  };
}

function serverNode(model: Model, i: number): TreeNode {
  const s = model.exchange.servers[i]!;
  const base = ['exchange', 'servers', i] as const;
  const vsNodes: TreeNode[] = s.smtpVirtualServers.map((vs, j) => {
    const vb = [...base, 'smtpVirtualServers', j] as const;
    const relay = exchangeRelayPath(i, j);
    return {
      id: `sm/server/${i}/vs/${j}`,
      label: vs.name,
      kind: 'SMTP virtual server',
      path: formatPath(vb),
      children: [],
      details: () => [
        { label: 'Relay restrictions', text: vs.relay.mode === 'only-list' ? 'Only the list below' : 'All except the list below' },
        { label: 'Computers', text: vs.relay.computers.join(', ') || '(none)' },
        { label: 'Authenticated relay', text: vs.relay.allowAuthenticated ? 'allowed, regardless of the list' : 'not allowed' },
      ],
      sheet: () => ({
        title: `${vs.name} Properties (${s.name})`,
        tabs: [
          { title: 'General', rows: [textRow('Name', [...vb, 'name'], vs.name, parse.text)] },
          { title: 'Access', rows: relayRows(vs.relay, relay, (e) => addRelayEntry(relay, e)) },
          {
            title: 'Messages',
            rows: [
              textRow(
                'Forward all mail with unresolved recipients to host',
                [...vb, 'forwardUnresolvedTo'],
                vs.forwardUnresolvedTo,
                parse.optional(parse.smartHost),
              ),
              note(`${formatPath(vb)}.fwd`, 'Empty: not set. Setting it shares the address space with another system (KB 321721).', 1),
            ],
          },
        ],
      }),
    };
  });
  return {
    id: `sm/server/${i}`,
    label: s.name,
    kind: 'Exchange server',
    path: formatPath(base),
    details: () => [
      { label: 'FQDN', text: s.fqdn },
      { label: 'IP address', text: s.ip },
      { label: 'Internet mail', text: s.acceptsInternetMail ? 'accepts inbound Internet mail' : 'no inbound Internet mail' },
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
            boolRow('Accepts inbound Internet mail (a gateway for the MX)', [...base, 'acceptsInternetMail'], s.acceptsInternetMail),
            textRow('Maximum hop count', [...base, 'maxHopCount'], s.maxHopCount, parse.int(10, 256)),
          ],
        },
      ],
    }),
    children: [folder(`sm/server/${i}/protocols`, 'Protocols', [folder(`sm/server/${i}/smtp`, 'SMTP', vsNodes)])],
  };
}

function dnsNode(model: Model): TreeNode {
  const entries = Object.entries(model.dns.mx);
  const form: FormSpec = {
    title: 'New MX record',
    fields: [
      { label: 'Domain', parse: parse.domain },
      { label: 'Mail exchanger (server of the model)', parse: parse.serverName },
    ],
    submit: ([d, s]) => setField(['dns', 'mx', d as string], s),
  };
  return {
    id: 'sm/dns',
    label: 'Internet DNS (MX records)',
    kind: 'DNS as the Internet sees it',
    path: 'dns',
    children: [],
    create: form,
    details: () => entries.map(([d, s]) => ({ label: d, text: `MX ${s}` })),
    sheet: () => ({
      title: 'Internet DNS (MX records)',
      tabs: [
        {
          title: 'MX',
          rows: [
            heading('dns.mx', 'Domain -> mail exchanger'),
            ...entries.map(([d, s]) =>
              textRow(d, ['dns', 'mx', d], s, parse.serverName, {
                indent: 1,
                add: form,
                remove: { what: `MX record for ${d}`, edit: removeAt(['dns', 'mx', d]) },
              }),
            ),
            button('dns.mx', 'New MX record...', form, 1, 'dns.mx'),
            note('dns.other', 'Any other domain is the Internet.', 1),
          ],
        },
      ],
    }),
  };
}

const connectorNodes = new KeptNodes<ConnectorT>();
const connectorForms = new KeptForm();

export function systemManagerTree(model: Model): TreeNode[] {
  const policiesForm = newPolicyForm();
  const bridgehead = newBridgehead(model);
  const connectorForm = connectorForms.get(bridgehead ?? '', () => newConnectorForm(bridgehead));
  const policies = model.exchange.recipientPolicies.map((_, i) => ({ ...policyNode(model, i), create: policiesForm }));
  // Hundreds of connectors in a large organisation: an edit elsewhere reuses their nodes.
  const servers = model.exchange.servers;
  const connectors = model.exchange.connectors.map((c, i) =>
    connectorNodes.get(c, [i, servers, connectorForm], () => ({ ...connectorNode(c, i, servers), create: connectorForm })),
  );
  const org: TreeNode = {
    id: 'sm/org',
    label: `${model.organization} (Exchange)`,
    kind: 'Exchange organization',
    path: 'organization',
    details: () => [
      { label: 'Scenario', text: model.scenario },
      { label: 'Exchange servers', text: String(model.exchange.servers.length) },
      { label: 'Recipient policies', text: String(model.exchange.recipientPolicies.length) },
      { label: 'Connectors', text: String(model.exchange.connectors.length) },
    ],
    sheet: () => ({
      title: 'Organization Properties',
      tabs: [
        {
          title: 'General',
          rows: [
            textRow('Name', ['organization'], model.organization, parse.text),
            choiceRow('Scenario', ['scenario'], model.scenario, [
              { value: 'shared-domain', label: 'One shared SMTP domain' },
              { value: 'separate-domains', label: 'Separate SMTP domains' },
            ]),
          ],
        },
      ],
    }),
    children: [
      folder('sm/recipients', 'Recipients', [
        folder('sm/policies', 'Recipient Policies', policies, { path: 'exchange.recipientPolicies', create: policiesForm }),
      ]),
      folder('sm/admingroups', 'Administrative Groups', [
        folder('sm/ag1', 'First Administrative Group', [
          folder(
            'sm/servers',
            'Servers',
            model.exchange.servers.map((_, i) => serverNode(model, i)),
            { path: 'exchange.servers' },
          ),
          folder('sm/routinggroups', 'Routing Groups', [
            folder('sm/rg1', 'First Routing Group', [
              folder('sm/connectors', 'Connectors', connectors, { path: 'exchange.connectors', create: connectorForm }),
            ]),
          ]),
        ]),
      ]),
    ],
  };
  void appendAt;
  return [org, dnsNode(model)];
}
