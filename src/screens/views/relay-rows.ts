// Access > Relay... > Relay Restrictions, shared by Exchange virtual servers and the POP3 server's SMTP service.
// Add... opens ESM's Computer dialog, one form per kind: Single computer (IP address), Group of computers
// (Subnet address and Subnet mask) or Domain (Name).
import ipaddr from 'ipaddr.js';
import { formatPath, removeAt, type Edit, type Path } from '../../model/edits/index.js';
import { parseRelayEntry, RELAY_ENTRY_LABELS, type RelayEntryKind } from '../../model/relay-entry.js';
import type { RelayT } from '../../model/schema.js';
import { parse, type Parser } from '../fields.js';
import { boolRow, choiceRow, heading, note, textRow } from '../rows.js';
import type { FormSpec, Row } from '../tree-types.js';

/** A subnet mask as ESM asks for it (255.255.255.0), or a prefix length (24 or /24). */
const subnetMask: Parser = (text) => {
  const t = text.trim().replace(/^\//, '');
  if (t === '') return { ok: false, error: 'the subnet mask must not be empty (e.g. 255.255.255.0 or 24)' };
  if (/^\d{1,3}$/.test(t) && Number(t) <= 128) return { ok: true, value: Number(t) };
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) {
    const prefix = ipaddr.IPv4.parse(t).prefixLengthFromSubnetMask();
    if (prefix !== null) return { ok: true, value: prefix };
    return { ok: false, error: `"${t}" is not a subnet mask: its one bits must be contiguous (e.g. 255.255.255.0)` };
  }
  return { ok: false, error: `"${t}" is not a subnet mask (e.g. 255.255.255.0) or a prefix length (e.g. 24)` };
};

const entryOfKind =
  (kind: RelayEntryKind, what: string): Parser =>
  (text) => {
    const p = parse.relayEntry(text);
    if (!p.ok) return p;
    const e = parseRelayEntry(p.value as string);
    return e.ok && e.value.kind === kind ? p : { ok: false, error: `enter ${what}` };
  };

/** "Group of computers": the subnet address and mask become one IP/prefix entry (refused if host bits are set). */
const groupText = (address: string, prefix: number): string => {
  const e = parseRelayEntry(`${address}/${prefix}`);
  return e.ok ? e.value.text : `${address}/${prefix}`;
};

function addForms(add: (entry: string) => Edit): Record<RelayEntryKind, FormSpec> {
  const owns = /\.relay\.computers\[\d+\]$/;
  return {
    single: {
      title: 'Computer: Single computer',
      fields: [
        {
          label: 'IP address',
          parse: entryOfKind('single', 'one IP address, e.g. 10.0.0.20'),
          hint: "e.g. 10.0.0.20 (the seed: the POP3 server's IP address)",
          owns,
        },
      ],
      submit: ([ip]) => add(ip as string),
    },
    group: {
      title: 'Computer: Group of computers',
      fields: [
        { label: 'Subnet address', parse: parse.ip, hint: 'e.g. 10.0.0.0' },
        { label: 'Subnet mask', parse: subnetMask, hint: 'e.g. 255.255.255.0 (or 24)', owns },
      ],
      submit: ([address, prefix]) => add(groupText(address as string, prefix as number)),
    },
    domain: {
      title: 'Computer: Domain',
      fields: [
        {
          label: 'Name',
          parse: entryOfKind('domain', 'a domain name, e.g. northwindtraders.com'),
          hint: 'e.g. northwindtraders.com: every computer whose name, by reverse DNS of its address, ends in it',
          owns,
        },
      ],
      submit: ([name]) => add(name as string),
    },
  };
}

export function relayRows(relay: RelayT, path: Path, add: (entry: string) => Edit): Row[] {
  const listPath = [...path, 'computers'];
  const forms = addForms(add);
  const items = relay.computers.map((c, i): Row => {
    const e = parseRelayEntry(c);
    const kind: RelayEntryKind = e.ok ? e.value.kind : 'single';
    const p = [...listPath, i];
    return textRow(RELAY_ENTRY_LABELS[kind], p, c, parse.relayEntry, {
      indent: 1,
      add: forms[kind],
      remove: { what: `relay entry ${c}`, edit: removeAt(p) },
    });
  });
  const id = formatPath(listPath);
  return [
    choiceRow('Relay restrictions', [...path, 'mode'], relay.mode, [
      { value: 'only-list', label: 'Only the list below' },
      { value: 'all-except-list', label: 'All except the list below' },
    ]),
    heading(id, 'Computers:'),
    ...items,
    ...(items.length === 0 ? [note(id, 'none', 1)] : []),
    ...(['single', 'group', 'domain'] as const).map(
      (kind): Row => ({
        kind: 'button',
        id: `b:${id}/${kind}`,
        label: `Add... ${RELAY_ENTRY_LABELS[kind]}`,
        form: forms[kind],
        indent: 1,
        path: id,
      }),
    ),
    boolRow(
      'Allow all computers which successfully authenticate to relay, regardless of the list above',
      [...path, 'allowAuthenticated'],
      relay.allowAuthenticated,
    ),
  ].map((r) => (r.path === undefined ? { ...r, path: formatPath(path) } : r));
}
