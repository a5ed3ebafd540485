// What a validation rule is and what it reports.
import type { Model } from '../schema.js';
import type { Directory } from '../routing/directory.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** The model field it points at, e.g. exchange.connectors[0].addressSpaces[0].domain. */
  path: string;
  fix: string;
  /** The seed procedure (and step) the rule comes from. */
  seed: string;
}

export type Report = Omit<Finding, 'rule' | 'severity' | 'seed'>;

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  seed: string;
  check(model: Model, dir: Directory): Report[];
}

/** Seed section titles, in English, as the procedures are known. */
export const SEED = {
  rules: 'Coexistence rules (introduction)',
  clientSmtp: 'How to configure a POP3 client computer to use Exchange as its SMTP server',
  policy: 'How to configure the recipient policy for POP3 users',
  connector: 'How to create an SMTP connector on Exchange to route messages to the server running Windows Server POP3',
  remoteDomain: 'How to create a remote domain for the Exchange SMTP mail domain on the server running Windows Server POP3',
  mailEnable: 'How to mail-enable a POP3 user account',
  connectorSeparate: 'How to create an SMTP connector when using different SMTP mail domains',
  relay: 'How to allow the SMTP service on the POP3 server to relay through Exchange',
} as const;
