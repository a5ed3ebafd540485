// The wizard's pages in order: title for the step list, the words that explain the choice (from the
// seed), and which answers each page is responsible for.
import { SCENARIO_SUMMARY } from '../../model/scenarios.js';
import { effectivePop3Domain, type SetupAnswers } from '../../model/setup/index.js';

export interface Page {
  id: string;
  title: string;
  /** Paragraphs shown above the fields. */
  intro(a: SetupAnswers): string[];
  /** Whether a problem on this answer field belongs to this page. */
  owns(field: string): boolean;
}

const RELAY_TEXT: Record<SetupAnswers['relayMethod'], string> = {
  'outbound-security':
    "Outbound Security: the POP3 server's SMTP service logs on to Exchange with Integrated Windows Authentication, as a dedicated service account. Exchange relays for it because it authenticated, wherever it connects from. The cost: one more account to look after, and its password must never expire, or mail to Exchange stops the day it does.",
  'relay-list':
    "Exchange's relay list: Exchange's SMTP virtual server relays for \"Only the list below\", and the list holds the POP3 server's IP address. No account or password to manage. The cost: trust rests on an IP address, so it breaks if the POP3 server is renumbered, and anything that takes over that address can relay.",
  both: "Both: Outbound Security with a service account, and the POP3 server's IP in Exchange's relay list, as the seed's Northwind Traders example does. Either one alone is enough; both keep mail flowing if one of them breaks, at the cost of maintaining the two.",
};

export const PAGES: readonly Page[] = [
  {
    id: 'welcome',
    title: 'Welcome',
    intro: () => [
      'This guided setup builds a model of your Exchange organisation and your Windows POP3 server, sharing mail as the seed describes. Nothing is changed on any server: you get a model file to review in the console, then a plan to apply.',
      'It asks for the scenario, your domains, the Exchange servers, the POP3 server, how the POP3 server relays through Exchange, the users and where their mail clients send. The last page shows what the model checks find and where test messages would go.',
      'Each page checks what you type. Enter or PgDn goes to the next page, PgUp back; Esc cancels (it asks first if you have typed anything). Finish writes the model file and opens the console on it.',
      "To look around first, cancel and run coexist --example: the console on the seed's Northwind Traders example, read-only.",
    ],
    owns: () => false,
  },
  {
    id: 'scenario',
    title: 'Scenario',
    intro: () => [`Shared domain: ${SCENARIO_SUMMARY['shared-domain']}`, `Separate domains: ${SCENARIO_SUMMARY['separate-domains']}`],
    owns: (f) => f === 'scenario',
  },
  {
    id: 'domains',
    title: 'Domains',
    intro: (a) => [
      a.scenario === 'shared-domain'
        ? 'The shared domain is the public one (MX to Exchange). The POP3 server gets its own routing domain: Exchange must not be responsible for it, and the two systems must never own exactly the same domain, or mail to an unknown user loops.'
        : 'Exchange keeps its domain; the POP3 users keep theirs. Exchange receives mail for both and relays the POP3 domain to the POP3 server.',
    ],
    owns: (f) => f === 'organization' || f === 'sharedDomain' || f === 'pop3Domain' || f === 'runbookLanguage' || f === 'policyName',
  },
  {
    id: 'exchange',
    title: 'Exchange servers',
    intro: () => [
      'Every Exchange server, with its fully qualified name and IP address. Mark the ones that take Internet mail: the MX points at them, and the SMTP connector to the POP3 server runs on each of them.',
    ],
    owns: (f) => f.startsWith('exchange'),
  },
  {
    id: 'pop3',
    title: 'POP3 server',
    intro: (a) => [
      `The server running the Windows POP3 service and its SMTP service. It holds the mailboxes of ${effectivePop3Domain(a) || 'the POP3 domain'}. Exchange forwards to its IP address ([IP] smart host), so no DNS look-up is needed.`,
    ],
    owns: (f) => f.startsWith('pop3.'),
  },
  {
    id: 'relay',
    title: 'Relay to Exchange',
    intro: (a) => [
      'The POP3 server sends mail for the Internet through Exchange, so Exchange must let it relay. Two ways (seed, methods 1 and 2):',
      RELAY_TEXT[a.relayMethod],
    ],
    owns: (f) => f === 'relayMethod' || f === 'serviceAccount' || f === 'serviceSecret' || f === 'passwordNeverExpires',
  },
  {
    id: 'users',
    title: 'Users',
    intro: (a) => [
      a.scenario === 'shared-domain'
        ? 'POP3 users become mail-enabled users whose external address is on the POP3 domain; Exchange users get a mailbox. Add them by hand, or import a CSV file with the header logon,displayName,kind (kind: pop3 or exchange).'
        : 'POP3 users get a mailbox on the POP3 server; Exchange users a mailbox on Exchange. Add them by hand, or import a CSV file with the header logon,displayName,kind (kind: pop3 or exchange).',
    ],
    owns: (f) => f.startsWith('users') || f === 'csvPath',
  },
  {
    id: 'clients',
    title: 'Mail clients',
    intro: () => [
      'Where the POP3 users\' Outlook Express sends mail. The seed recommends Exchange: one system through which all outgoing mail flows. Either way the client ticks "My server requires authentication"; if it sends through the POP3 server, that server\'s SMTP service must require authentication.',
    ],
    owns: (f) => f === 'clientsSendTo',
  },
  {
    id: 'summary',
    title: 'Summary',
    intro: () => [],
    owns: () => false,
  },
];

export const pageIndex = (id: string) => PAGES.findIndex((p) => p.id === id);
