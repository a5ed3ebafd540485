// Reading what really happened: mailbox copies and non-delivery reports found by the flow's token,
// SMTP refusals from the client's dialogue, and what is still queued.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { squeeze, type Reality } from './compare.js';

/** One message found somewhere: a Maildir file, or a message read over POP3. */
export interface FoundMessage {
  /** The model server it sits on, or "Internet" for the sink. */
  server: string;
  system: 'exchange' | 'pop3' | 'internet';
  /** The mailbox it was read from (POP3 login) or delivered to (Delivered-To). */
  mailbox: string;
  via: 'maildir' | 'pop3';
  where: string;
  text: string;
}

/** What the SMTP client saw (wire.mjs result). */
export interface DialogueResult {
  stage: string;
  code: number;
  status: string;
  text: string;
  transcript: string[];
}

export const TOKEN_HEADER = 'X-Lab-Token';

/** Every Maildir message file under a mail root (new/ and cur/ of every Maildir below it). */
export function maildirFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 6 || !existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = join(dir, e.name);
      if (e.name === 'new' || e.name === 'cur') {
        for (const f of readdirSync(p)) {
          const fp = join(p, f);
          try {
            if (statSync(fp).isFile()) out.push(fp);
          } catch {
            /* moved from new/ to cur/ meanwhile */
          }
        }
      } else if (e.name !== 'tmp') {
        walk(p, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** Which lab tokens appear in the Maildir files under some roots; reads each new file once. */
export class TokenScanner {
  private readonly files = new Set<string>();
  private readonly tokens = new Set<string>();

  constructor(private readonly roots: string[]) {}

  scan(): Set<string> {
    for (const root of this.roots) {
      for (const file of maildirFiles(root)) {
        const name = file.slice(file.lastIndexOf('/') + 1).split(':')[0]!;
        if (this.files.has(name)) continue;
        let text: string;
        try {
          text = readFileSync(file, 'latin1');
        } catch {
          continue;
        }
        this.files.add(name);
        for (const m of text.matchAll(new RegExp(`^${TOKEN_HEADER}:[ \\t]*(\\S+)`, 'gim'))) this.tokens.add(m[1]!);
      }
    }
    return this.tokens;
  }

  allFound(wanted: Set<string>): boolean {
    const have = this.scan();
    for (const t of wanted) if (!have.has(t)) return false;
    return true;
  }
}

export function readMaildir(root: string, server: string, system: FoundMessage['system']): FoundMessage[] {
  return maildirFiles(root).flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      return [];
    }
    const mailbox = header(topHeaders(text), 'Delivered-To') ?? '';
    return [{ server, system, mailbox, via: 'maildir' as const, where: file, text }];
  });
}

/** The header block of a message (up to the first empty line), unfolded. */
export function topHeaders(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

export function header(headers: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers);
  return m?.[1]?.trim();
}

export function headerAll(headers: string, name: string): string[] {
  return [...headers.matchAll(new RegExp(`^${name}:[ \\t]*(.*)$`, 'gim'))].map((m) => m[1]!.trim());
}

const isReport = (headers: string) =>
  /multipart\/report/i.test(header(headers, 'Content-Type') ?? '') && /delivery-status/i.test(header(headers, 'Content-Type') ?? '');

/** The token the message carries as its own header (not inside a returned copy). */
export function ownToken(text: string): string | undefined {
  return header(topHeaders(text), TOKEN_HEADER);
}

/** Tokens of the returned message inside a non-delivery report. */
export function returnedTokens(text: string): string[] {
  return [...text.matchAll(new RegExp(`^${TOKEN_HEADER}:[ \\t]*(\\S+)`, 'gim'))].map((m) => m[1]!);
}

export interface ServerIndex {
  /** fqdn or IP (lowercase) -> model server name */
  byHost: Map<string, string>;
}

const hostOf = (index: ServerIndex, host: string | undefined) =>
  host ? index.byHost.get(host.toLowerCase().replace(/\.$/, '')) : undefined;

/**
 * The organisation's servers a message went through, first to last, from the "by HOST" of its Received:
 * headers (each server adds one on top). Hosts that are no server of the model (the sink) are left out.
 */
export function receivedPath(headers: string, index: ServerIndex): string[] {
  const received = [...headers.matchAll(/^Received:[^\n]*(?:\r?\n[ \t][^\n]*)*/gim)].map((m) => m[0].replace(/\s+/g, ' '));
  const names: string[] = [];
  for (const r of received.reverse()) {
    const name = hostOf(index, /\bby\s+(\S+)/i.exec(r)?.[1]);
    if (name && name !== 'Internet') names.push(name);
  }
  return squeeze(names);
}

/** Reads one non-delivery report: who sent it, the status, and whether it is a hop-count failure. */
export function readReport(text: string, index: ServerIndex): Reality {
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? '';
  const reportingHost = /^Reporting-MTA:\s*dns;\s*(\S+)/im.exec(text)?.[1];
  const reporter = hostOf(index, reportingHost) ?? reportingHost ?? 'unknown';
  const remoteHost = /^Remote-MTA:\s*dns;\s*\[?([^\s\]]+)/im.exec(text)?.[1];
  const diagnostic = (/^Diagnostic-Code:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(text)?.[1] ?? '').replace(/\s+/g, ' ').trim();
  if (/loops back to myself/i.test(diagnostic)) {
    // The server's next hop is itself (a smart host or MX naming it): Postfix says 5.4.6 "loops back to myself",
    // the preview 5.4.8 "would forward to itself"; one decision, so the preview's status is the one compared.
    return { kind: 'bounced', server: reporter, status: '5.4.8', evidence: `${diagnostic} (Postfix ${status})` };
  }
  if (/too many hops|mail forwarding loop/i.test(diagnostic) || /too many hops/i.test(text.slice(0, 4000))) {
    // Remote-MTA (the server that answered "554 5.4.0 Error: too many hops") stopped it; else the reporter did.
    const stopper = hostOf(index, remoteHost) ?? reporter;
    // The returned copy's Received: headers name every server it went through ("by HOST").
    const received = [...returnedPart(text).matchAll(/^Received:[^\n]*(?:\r?\n[ \t][^\n]*)*/gim)].map((m) => m[0].replace(/\s+/g, ' '));
    const servers = new Set<string>([stopper]);
    for (const r of received) {
      const by = /\bby\s+(\S+)/i.exec(r)?.[1];
      const name = hostOf(index, by);
      if (name) servers.add(name);
    }
    return { kind: 'loop', server: stopper, servers: [...servers], hops: received.length, status, evidence: diagnostic || 'too many hops' };
  }
  // Remote-MTA: the next server refused the recipient in the SMTP dialogue ("550 5.1.1 ... in reply to RCPT TO")
  // and the sending server wrote the report for it. The decision, and so the bounce, is the refuser's.
  const refuser = hostOf(index, remoteHost);
  const returned = returnedPart(text);
  const path = returned
    ? receivedPath(topHeaders(returned.slice(returned.search(/\r?\n\r?\n/) + 1).replace(/^\s+/, '')), index)
    : undefined;
  if (path && refuser && refuser !== 'Internet' && path[path.length - 1]?.toLowerCase() !== refuser.toLowerCase()) path.push(refuser);
  const bounced: Reality = {
    kind: 'bounced',
    server: refuser ?? reporter,
    status,
    evidence: refuser && refuser !== reporter ? `${diagnostic} (report written by ${reporter})` : diagnostic,
  };
  if (path) bounced.path = path;
  return bounced;
}

/** The returned message (or its headers) inside a report: the part after message/rfc822 or text/rfc822-headers. */
function returnedPart(text: string): string {
  const at = text.search(/^Content-Type:\s*(message\/rfc822|text\/rfc822-headers)/im);
  return at < 0 ? '' : text.slice(at);
}

export function isNonDeliveryReport(text: string): boolean {
  return isReport(topHeaders(text));
}

/**
 * What the Postfix logs say about each lab message whose report never arrived anywhere (the report itself
 * could not be delivered, e.g. the bouncing server has no route back): the first "status=bounced" of a
 * queue file whose Message-ID is <token@lab.coexist.invalid> (cleanup logs it on every hop) or whose
 * sender is lab-<token>@... Keyed by token, lowercase.
 */
export function bouncesInLogs(logs: { server: string; text: string }[], index: ServerIndex): Map<string, Reality> {
  const out = new Map<string, Reality>();
  for (const { server, text } of logs) {
    const owner = new Map<string, string>();
    for (const line of text.split('\n')) {
      const m = /\]: ([0-9A-F]{6,}): (.*)$/.exec(line);
      if (!m) continue;
      const [, qid, rest] = m as unknown as [string, string, string];
      // The message's own Message-ID (<token@lab.coexist.invalid>, kept on every hop) or the lab sender.
      const mine = /^message-id=<([0-9a-z]+)@lab\.coexist\.invalid>/i.exec(rest) ?? /^from=<lab-([0-9a-z]+)@/i.exec(rest);
      if (mine) {
        owner.set(qid, mine[1]!.toLowerCase());
        continue;
      }
      const token = owner.get(qid);
      if (!token || out.has(token)) continue;
      const bounced = /\bdsn=([245]\.\d+\.\d+), status=bounced \((.*)\)$/.exec(rest);
      if (!bounced) continue;
      const detail = bounced[2]!;
      const said = /host (\S+?)\[/.exec(detail)?.[1];
      const refuser = hostOf(index, said);
      out.set(
        token,
        /too many hops/i.test(detail)
          ? {
              kind: 'loop',
              server: refuser ?? server,
              servers: [refuser ?? server, server],
              hops: 0,
              status: bounced[1]!,
              evidence: `log of ${server}: ${detail}`,
            }
          : {
              kind: 'bounced',
              server: refuser ?? server,
              status: bounced[1]!,
              evidence: `log of ${server} (no report arrived anywhere): ${detail}`,
            },
      );
    }
  }
  return out;
}

/** Where one flow ended, from its SMTP dialogue and every message found. */
export function realityOf(args: {
  token: string;
  submittedTo: string;
  dialogue: DialogueResult | undefined;
  found: FoundMessage[];
  index: ServerIndex;
  stillQueued: { server: string; sender: string; detail: string }[];
  /** bouncesInLogs(): for a message accepted whose report never arrived. */
  logged?: Map<string, Reality>;
}): Reality {
  const { token, submittedTo, dialogue, found, index } = args;
  if (dialogue && dialogue.stage !== 'accepted') {
    const refused = ['MAIL FROM', 'RCPT TO', 'DATA', 'end of DATA'].includes(dialogue.stage) && dialogue.code >= 400;
    if (refused)
      return {
        kind: 'rejected',
        server: submittedTo,
        code: dialogue.code,
        status: dialogue.status,
        stage: dialogue.stage,
        evidence: dialogue.text,
      };
    // A failed connection, greeting or AUTH is the lab's own failure, never a refusal to compare.
    return {
      kind: 'lost',
      evidence: `the lab could not submit it: ${dialogue.stage} ${dialogue.code || ''} ${dialogue.text}`.replace(/\s+/g, ' '),
    };
  }
  const reports = found.filter((m) => isNonDeliveryReport(m.text) && returnedTokens(m.text).includes(token));
  if (reports.length > 0) return readReport(reports[0]!.text, index);
  const copies = found.filter((m) => ownToken(m.text) === token && !isNonDeliveryReport(m.text));
  // A POP3 mailbox counts only when the message was read back over POP3.
  const usable = copies.filter((m) => m.system !== 'pop3' || m.via === 'pop3');
  if (usable.length > 0) {
    const m = usable[0]!;
    const extra =
      usable.length > 1
        ? `; also in ${usable
            .slice(1)
            .map((x) => `${x.server}:${x.mailbox}`)
            .join(', ')}`
        : '';
    return {
      kind: 'delivered',
      system: m.system,
      server: m.server,
      mailbox: m.mailbox,
      evidence: `${m.via} ${m.where}${extra}`,
      path: receivedPath(topHeaders(m.text), index),
    };
  }
  if (copies.length > 0) return { kind: 'lost', evidence: `in the Maildir ${copies[0]!.where} but not readable over POP3` };
  const logged = args.logged?.get(token.toLowerCase());
  if (logged) return logged;
  if (args.stillQueued.length > 0) {
    // Its own queue entry when the sender carries the token (lab senders do), else whatever is stuck.
    const q = args.stillQueued.find((x) => x.sender.toLowerCase().includes(token.toLowerCase())) ?? args.stillQueued[0]!;
    return { kind: 'deferred', server: q.server, evidence: q.detail };
  }
  return { kind: 'lost', evidence: 'no mailbox copy, no report, nothing queued' };
}
