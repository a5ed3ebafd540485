// Access > Relay... > Relay Restrictions, shared by Exchange virtual servers and the POP3 server's SMTP service.
import { formatPath, type Edit, type Path } from '../../model/edits/index.js';
import type { RelayT } from '../../model/schema.js';
import { parse } from '../fields.js';
import { addForm, boolRow, choiceRow, stringListRows } from '../rows.js';
import type { Row } from '../tree-types.js';

export function relayRows(relay: RelayT, path: Path, add: (entry: string) => Edit): Row[] {
  return [
    choiceRow('Relay restrictions', [...path, 'mode'], relay.mode, [
      { value: 'only-list', label: 'Only the list below' },
      { value: 'all-except-list', label: 'All except the list below' },
    ]),
    ...stringListRows({
      heading: 'Computers:',
      path: [...path, 'computers'],
      items: relay.computers,
      parser: parse.relayEntry,
      itemLabel: 'Computer',
      what: 'relay entry',
      empty: 'none',
      add: addForm(
        'Add computer',
        'Single computer (IP address) or group (IP/prefix)',
        parse.relayEntry,
        (e) => add(e as string),
        'e.g. 10.0.0.20',
      ),
    }),
    boolRow(
      'Allow all computers which successfully authenticate to relay, regardless of the list above',
      [...path, 'allowAuthenticated'],
      relay.allowAuthenticated,
    ),
  ].map((r) => (r.path === undefined ? { ...r, path: formatPath(path) } : r));
}
