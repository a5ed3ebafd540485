// The simulator's input and output shapes (also the JSON of `coexist route --json`).

export type Origin = { kind: 'internet' } | { kind: 'user'; logon: string } | { kind: 'server'; name: string };

export interface Message {
  /** Anything a client could send in RCPT TO. */
  recipient: string;
  sender?: string;
  origin: Origin;
  /** Submit to this server instead of the MX (Internet) or the client's outgoing server (user). */
  via?: string;
  /** The connecting client's IP (default: a TEST-NET address for the Internet, none for a workstation). */
  clientIp?: string;
  /** Override whether the client authenticates (default: the client's "My server requires authentication"). */
  authenticated?: boolean;
}

export type Component =
  | 'Address parser'
  | 'Client'
  | 'DNS'
  | 'SMTP receive'
  | 'Categorizer'
  | 'Routing'
  | 'Mailbox store'
  | 'POP3 store'
  | 'Internet';

export interface Step {
  /** Server name, or "Internet" / "client". */
  server: string;
  system: 'exchange' | 'pop3' | 'internet' | 'client';
  component: Component;
  decision: string;
  /** The model setting behind the decision, as a path into the model (e.g. exchange.connectors[0].smartHosts[0]). */
  setting?: string;
}

/** How a message ends (the verdict kinds of the first coexist releases; their shapes are stable). */
export type Outcome =
  | { kind: 'delivered'; system: 'exchange' | 'pop3' | 'internet'; server: string; mailbox: string }
  | { kind: 'rejected'; server: string; code: number; status: string; text: string }
  | { kind: 'bounced'; server: string; code: number; status: string; text: string }
  | { kind: 'loop'; cycle: string[]; server: string; hopLimit: number; hops: number; status: string; text: string };

/**
 * The verdict of a trace. `rejected` is a refusal by the first server, in the SMTP dialogue; once a server
 * has answered 250 to RCPT TO, a later refusal is an NDR (`bounced`). Two kinds were added later:
 * - `relayed`: the first server accepted a message from an unauthenticated Internet client for a domain the
 *   organisation does not own (an open relay, whatever happens next); `outcome` says how it ended.
 * - `unreachable`: a domain the organisation owns has no MX record, so the sender's own server gives up.
 */
export type Verdict =
  | Outcome
  | {
      kind: 'relayed';
      server: string;
      setting: string;
      text: string;
      outcome: Extract<Outcome, { kind: 'delivered' | 'bounced' | 'loop' }>;
    }
  | { kind: 'unreachable'; server: 'Internet'; domain: string; status: string; text: string };

/** Where the message ended: the outcome of a relayed verdict, else the verdict itself. */
export function endOf(v: Verdict): Exclude<Verdict, { kind: 'relayed' }> {
  return v.kind === 'relayed' ? v.outcome : v;
}

export interface Trace {
  recipient: string;
  /** The real final destination after undoing routing tricks (absent when the address does not parse). */
  finalRecipient?: string;
  routed: boolean;
  tricks: string[];
  steps: Step[];
  verdict: Verdict;
}

/** The Internet address used for unauthenticated probes: TEST-NET-1 (RFC 5737), never in a relay list. */
export const INTERNET_CLIENT_IP = '192.0.2.10';
