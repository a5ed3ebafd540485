// The fields of each wizard page, as data: the reducer moves between them and edits them, the view
// draws them. Field ids are the answer paths checkAnswers reports problems on.
import {
  POP3_AUTHS,
  RELAY_METHODS,
  RUNBOOK_LANGUAGES,
  SEPARATE_POP3_EXAMPLE,
  pop3HostDomain,
  resolveAnswers,
  suggestFqdn,
  suggestPolicyName,
  suggestPop3Domain,
  usesOutboundSecurity,
  type SetupAnswers,
} from '../../model/setup/index.js';

export interface ChoiceOption {
  value: string;
  label: string;
}

export type Field =
  | { id: string; kind: 'text'; label: string; value: string; placeholder?: string; example?: string }
  | { id: string; kind: 'choice'; label: string; value: string; options: ChoiceOption[] }
  | { id: string; kind: 'toggle'; label: string; value: boolean }
  | { id: string; kind: 'button'; label: string; action: ButtonAction };

export type ButtonAction =
  | { kind: 'add-exchange' }
  | { kind: 'remove-exchange'; index: number }
  | { kind: 'add-user' }
  | { kind: 'remove-user'; index: number }
  | { kind: 'import-csv' };

export const AUTH_LABELS: Record<string, string> = {
  'active-directory': 'Active Directory integrated',
  'local-windows-accounts': 'Local Windows accounts',
  'encrypted-password-file': 'Encrypted password file',
};

export const RUNBOOK_LANGUAGE_LABELS: Record<string, string> = {
  both: 'English and French',
  en: 'English',
  fr: "French (the seed's labels)",
};

export const RELAY_LABELS: Record<string, string> = {
  'outbound-security': 'Outbound Security (service account)',
  'relay-list': 'Exchange relay list (POP3 server IP)',
  both: 'Both',
};

/** What the field shows when it is empty and the answer falls back to a suggestion. */
function suggestionFor(id: string, a: SetupAnswers): string | undefined {
  if (id === 'pop3Domain') return a.scenario === 'shared-domain' ? suggestPop3Domain(a.sharedDomain) || undefined : undefined;
  if (id === 'policyName') return suggestPolicyName(a.runbookLanguage);
  const m = /^exchange\[(\d+)\]\.fqdn$/.exec(id);
  if (m) return suggestFqdn(a.exchange[Number(m[1])]?.name ?? '', a.sharedDomain) || undefined;
  if (id === 'pop3.fqdn') return suggestFqdn(a.pop3.name, pop3HostDomain(resolveAnswers(a))) || undefined;
  return undefined;
}

function text(id: string, label: string, value: string, a: SetupAnswers): Field {
  if (id === 'pop3Domain' && a.scenario !== 'shared-domain') return { id, kind: 'text', label, value, example: SEPARATE_POP3_EXAMPLE };
  const placeholder = suggestionFor(id, a);
  return placeholder ? { id, kind: 'text', label, value, placeholder } : { id, kind: 'text', label, value };
}

export function pageFields(page: string, a: SetupAnswers, csvPath: string): Field[] {
  switch (page) {
    case 'scenario':
      return [
        {
          id: 'scenario',
          kind: 'choice',
          label: 'Scenario',
          value: a.scenario,
          options: [
            { value: 'shared-domain', label: 'Shared domain' },
            { value: 'separate-domains', label: 'Separate domains' },
          ],
        },
      ];
    case 'domains':
      return [
        text('organization', 'Organization name', a.organization, a),
        text('sharedDomain', a.scenario === 'shared-domain' ? 'Shared mail domain' : 'Exchange mail domain', a.sharedDomain, a),
        text('pop3Domain', 'POP3 mail domain', a.pop3Domain, a),
        {
          id: 'runbookLanguage',
          kind: 'choice',
          label: 'Runbook language',
          value: a.runbookLanguage,
          options: RUNBOOK_LANGUAGES.map((v) => ({ value: v, label: RUNBOOK_LANGUAGE_LABELS[v]! })),
        },
        ...(a.scenario === 'shared-domain' ? [text('policyName', 'Policy name', a.policyName, a)] : []),
      ];
    case 'exchange': {
      const fields: Field[] = [];
      a.exchange.forEach((s, i) => {
        fields.push(
          text(`exchange[${i}].name`, `Server ${i + 1} name`, s.name, a),
          text(`exchange[${i}].fqdn`, '  FQDN', s.fqdn, a),
          text(`exchange[${i}].ip`, '  IP address', s.ip, a),
          { id: `exchange[${i}].internet`, kind: 'toggle', label: '  Takes Internet mail', value: s.internet },
        );
        if (a.exchange.length > 1)
          fields.push({
            id: `exchange[${i}].remove`,
            kind: 'button',
            label: `Remove server ${i + 1}`,
            action: { kind: 'remove-exchange', index: i },
          });
      });
      fields.push({ id: 'exchange.add', kind: 'button', label: 'Add another Exchange server', action: { kind: 'add-exchange' } });
      return fields;
    }
    case 'pop3':
      return [
        text('pop3.name', 'Server name', a.pop3.name, a),
        text('pop3.fqdn', 'FQDN', a.pop3.fqdn, a),
        text('pop3.ip', 'IP address', a.pop3.ip, a),
        {
          id: 'pop3.authentication',
          kind: 'choice',
          label: 'Authentication',
          value: a.pop3.authentication,
          options: POP3_AUTHS.map((v) => ({ value: v, label: AUTH_LABELS[v]! })),
        },
      ];
    case 'relay': {
      const fields: Field[] = [
        {
          id: 'relayMethod',
          kind: 'choice',
          label: 'Method',
          value: a.relayMethod,
          options: RELAY_METHODS.map((v) => ({ value: v, label: RELAY_LABELS[v]! })),
        },
      ];
      if (usesOutboundSecurity(a.relayMethod)) {
        fields.push(
          text('serviceAccount', 'Service account', a.serviceAccount, a),
          text('serviceSecret', 'Password kept in', a.serviceSecret, a),
          { id: 'passwordNeverExpires', kind: 'toggle', label: 'Password never expires', value: a.passwordNeverExpires },
        );
      }
      return fields;
    }
    case 'users': {
      const fields: Field[] = [];
      a.users.forEach((u, i) => {
        fields.push(
          text(`users[${i}].logon`, `User ${i + 1} logon`, u.logon, a),
          text(`users[${i}].displayName`, '  Display name', u.displayName, a),
          {
            id: `users[${i}].kind`,
            kind: 'choice',
            label: '  Kind',
            value: u.kind,
            options: [
              { value: 'pop3', label: 'POP3' },
              { value: 'exchange', label: 'Exchange mailbox' },
            ],
          },
          { id: `users[${i}].remove`, kind: 'button', label: `Remove user ${i + 1}`, action: { kind: 'remove-user', index: i } },
        );
      });
      fields.push(
        { id: 'users.add', kind: 'button', label: 'Add a user', action: { kind: 'add-user' } },
        { id: 'csvPath', kind: 'text', label: 'CSV file', value: csvPath },
        { id: 'users.import', kind: 'button', label: 'Import users from the CSV file', action: { kind: 'import-csv' } },
      );
      return fields;
    }
    case 'clients':
      return [
        {
          id: 'clientsSendTo',
          kind: 'choice',
          label: 'Outgoing (SMTP) server',
          value: a.clientsSendTo,
          options: [
            { value: 'exchange', label: 'Exchange (recommended)' },
            { value: 'pop3', label: 'The POP3 server' },
          ],
        },
      ];
    default:
      return [];
  }
}

/** Read and write one answer by its field id. Returns a new answers object. */
export function setAnswer(a: SetupAnswers, id: string, value: string | boolean): SetupAnswers {
  const next = structuredClone(a);
  const ex = /^exchange\[(\d+)\]\.(name|fqdn|ip|internet)$/.exec(id);
  if (ex) {
    const s = next.exchange[Number(ex[1])]!;
    if (ex[2] === 'internet') s.internet = value === true;
    else s[ex[2] as 'name' | 'fqdn' | 'ip'] = String(value);
    return next;
  }
  const us = /^users\[(\d+)\]\.(logon|displayName|kind)$/.exec(id);
  if (us) {
    const u = next.users[Number(us[1])]!;
    if (us[2] === 'kind') u.kind = value === 'exchange' ? 'exchange' : 'pop3';
    else u[us[2] as 'logon' | 'displayName'] = String(value);
    return next;
  }
  switch (id) {
    case 'scenario':
      next.scenario = value === 'separate-domains' ? 'separate-domains' : 'shared-domain';
      break;
    case 'organization':
      next.organization = String(value);
      break;
    case 'sharedDomain':
      next.sharedDomain = String(value);
      break;
    case 'pop3Domain':
      next.pop3Domain = String(value);
      break;
    case 'pop3.name':
      next.pop3.name = String(value);
      break;
    case 'pop3.fqdn':
      next.pop3.fqdn = String(value);
      break;
    case 'pop3.ip':
      next.pop3.ip = String(value);
      break;
    case 'pop3.authentication':
      next.pop3.authentication = value as SetupAnswers['pop3']['authentication'];
      break;
    case 'relayMethod':
      next.relayMethod = value as SetupAnswers['relayMethod'];
      break;
    case 'runbookLanguage':
      next.runbookLanguage = value as SetupAnswers['runbookLanguage'];
      break;
    case 'policyName':
      next.policyName = String(value);
      break;
    case 'serviceAccount':
      next.serviceAccount = String(value);
      break;
    case 'serviceSecret':
      next.serviceSecret = String(value);
      break;
    case 'passwordNeverExpires':
      next.passwordNeverExpires = value === true;
      break;
    case 'clientsSendTo':
      next.clientsSendTo = value === 'pop3' ? 'pop3' : 'exchange';
      break;
    default:
      throw new Error(`unknown wizard field ${id}`);
  }
  return next;
}
