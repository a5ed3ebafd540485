// What really happened to a message, how it is judged against the preview's verdict, and the table.
// Pure: the lab fills Reality from real servers; the unit tests fill it by hand.
import { endOf, type Trace, type Verdict } from '../../src/model/routing/types.js';

export type Reality =
  /**
   * Found in a mailbox: a POP3 mailbox read back over POP3, an Exchange-role mailbox, or the Internet sink.
   * `path`: the organisation's servers it went through, from its Received: headers (first to last).
   */
  | { kind: 'delivered'; system: 'exchange' | 'pop3' | 'internet'; server: string; mailbox: string; evidence: string; path?: string[] }
  /** Refused in the SMTP dialogue by the server the client talked to. */
  | { kind: 'rejected'; server: string; code: number; status: string; stage: string; evidence: string }
  /** Accepted, then a non-delivery report came back from this server. */
  | { kind: 'bounced'; server: string; status: string; evidence: string; path?: string[] }
  /** A hop-count failure: the message went round these servers until `server` refused it. */
  | { kind: 'loop'; server: string; servers: string[]; hops: number; status: string; evidence: string }
  /** Still queued when the lab stopped waiting. */
  | { kind: 'deferred'; server: string; evidence: string }
  /** Not sent: the organisation's domain has no MX, so no Internet host can deliver to it. */
  | { kind: 'unreachable'; domain: string; evidence: string }
  /** Nothing found anywhere (queues empty, no mailbox copy, no report), or the lab could not send it. */
  | { kind: 'lost'; evidence: string };

/** The first server a message enters and whether it took it (250 to RCPT TO and to the data). */
export interface Entry {
  server: string;
  accepted: boolean;
  /** The SMTP reply code (reality only; 250 for a local pickup that was taken). */
  code?: number;
}

export interface Row {
  scenario: string;
  flow: string;
  preview: Verdict;
  reality: Reality;
  /** Acceptance at the first hop, compared before anything else (so "accepted, then refused later" never hides). */
  entry?: { preview?: Entry; reality?: Entry };
  /** The organisation's servers the preview sends the message through, first to last (compared with reality's Received: path). */
  previewPath?: string[];
  /** Why only the first hop is compared for this row (the ending is shown, not judged). */
  firstHopOnly?: string;
  /**
   * Where the adapter's Postfix is deliberately stricter than the Exchange the preview models, the refusal
   * that is expected instead of the preview's acceptance (the row matches when exactly that happened).
   */
  stricter?: { server: string; why: string };
  /** The lab token of the message (X-Lab-Token, sender lab-<token>@...), to find it in the logs. */
  token?: string;
}

export interface Judged extends Row {
  match: boolean;
  /** Why the row does not match (empty when it does). */
  why: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const permanent = (code: number | string) => String(code).startsWith('5');

/**
 * The preview and reality agree when the message ends at the same place in the same way:
 * - delivered: same system, same server (for the organisation's own servers) and the same mailbox;
 * - rejected: refused in the SMTP dialogue by the same server, permanently on both sides. The wording and
 *   enhanced status differ between Exchange and Postfix for the same decision (550 vs 554 "Relay access denied",
 *   or 5.1.1 when a routed local part is looked up as a user), so they are shown but not compared;
 * - bounced: a report from the same server with the same enhanced status;
 * - loop: a hop-count failure, stopped by the same server, among the same servers (the way into the loop included).
 */
export function judge(row: Row): Judged {
  const { reality: r } = row;
  // A relayed verdict (the first server accepted for a stranger) is judged by where the message ended.
  const p = endOf(row.preview);
  const no = (why: string): Judged => ({ ...row, match: false, why });
  const pe = row.entry?.preview;
  const re = row.entry?.reality;
  if (row.stricter && re && !re.accepted && same(re.server, row.stricter.server) && r.kind === 'rejected' && permanent(r.code)) {
    return { ...row, match: true, why: '' };
  }
  if (pe && re) {
    if (!same(pe.server, re.server)) return no(`the message entered at ${re.server}, the preview says ${pe.server}`);
    if (pe.accepted !== re.accepted) {
      return no(
        `first hop ${re.server} ${re.accepted ? `accepted it (${re.code ?? 250})` : `refused it (${re.code ?? '5xx'})`}, the preview says it ${pe.accepted ? 'accepted' : 'refused'} it`,
      );
    }
  }
  if (row.firstHopOnly && pe && re) return { ...row, match: true, why: '' };
  if (r.kind === 'deferred' || r.kind === 'lost')
    return no(`the message was ${r.kind === 'deferred' ? 'still queued' : 'not found'} (${r.evidence})`);
  if (p.kind !== r.kind) return no(`the preview says ${p.kind}, the servers ${r.kind}`);
  switch (p.kind) {
    case 'delivered': {
      const d = r as Extract<Reality, { kind: 'delivered' }>;
      if (p.system !== d.system) return no(`delivered to ${d.system}, not ${p.system}`);
      if (p.system !== 'internet' && !same(p.server, d.server)) return no(`delivered on ${d.server}, not ${p.server}`);
      if (!same(p.mailbox, d.mailbox)) return no(`delivered to mailbox ${d.mailbox}, not ${p.mailbox}`);
      break;
    }
    case 'rejected': {
      const j = r as Extract<Reality, { kind: 'rejected' }>;
      if (!same(p.server, j.server)) return no(`rejected by ${j.server}, not ${p.server}`);
      if (permanent(p.code) !== permanent(j.code)) return no(`rejected with ${j.code}, the preview says ${p.code}`);
      break;
    }
    case 'bounced': {
      const b = r as Extract<Reality, { kind: 'bounced' }>;
      if (!same(p.server, b.server)) return no(`the report came from ${b.server}, not ${p.server}`);
      if (p.status !== b.status) return no(`the report says ${b.status}, the preview ${p.status}`);
      break;
    }
    case 'unreachable': {
      const u = r as Extract<Reality, { kind: 'unreachable' }>;
      if (!same(p.domain, u.domain)) return no(`unreachable ${u.domain}, the preview says ${p.domain}`);
      break;
    }
    case 'loop': {
      const l = r as Extract<Reality, { kind: 'loop' }>;
      if (!same(p.server, l.server)) return no(`the loop was stopped by ${l.server}, not ${p.server}`);
      // The returned copy's Received: headers name the servers on the way into the loop as well as the loop's;
      // a report read from the logs (no returned copy: 0 Received) names only the loop's.
      const way = l.hops > 0 ? (row.previewPath ?? []) : [];
      const want = [...new Set([...way, ...p.cycle].map((s) => s.toLowerCase()))].sort().join(',');
      const got = [...new Set(l.servers.map((s) => s.toLowerCase()))].sort().join(',');
      if (want !== got) return no(`the loop went round ${got}, the preview says ${want}`);
      break;
    }
  }
  if ((r.kind === 'delivered' || r.kind === 'bounced') && r.path && row.previewPath) {
    const want = row.previewPath.map((s) => s.toLowerCase()).join(' > ');
    const got = r.path.map((s) => s.toLowerCase()).join(' > ');
    if (want !== got)
      return no(
        `it went ${r.path.join(' > ') || '(no server of the model)'}, the preview says ${row.previewPath.join(' > ') || '(no server of the model)'}`,
      );
  }
  return { ...row, match: true, why: '' };
}

/** Consecutive repeats dropped: A, A, B, A -> A, B, A. */
export function squeeze(names: string[]): string[] {
  return names.filter((n, i) => i === 0 || n.toLowerCase() !== names[i - 1]!.toLowerCase());
}

/**
 * The organisation's servers a trace takes the message through, first to last (client, DNS and Internet steps
 * left out). Steps written afterwards are not hops: the relay judgement of the first server (the last step of a
 * relayed verdict), and the server that writes the report for a refusal further on (the path ends at the
 * server where the message ended).
 */
export function previewPath(trace: Trace, servers: readonly string[]): string[] {
  const known = new Set(servers.map((s) => s.toLowerCase()));
  const steps = trace.verdict.kind === 'relayed' ? trace.steps.slice(0, -1) : trace.steps;
  const path = squeeze(steps.map((s) => s.server).filter((s) => known.has(s.toLowerCase())));
  const end = endOf(trace.verdict);
  if (end.kind === 'bounced' || end.kind === 'delivered') {
    const at = path.map((s) => s.toLowerCase()).lastIndexOf(end.server.toLowerCase());
    if (at >= 0) return path.slice(0, at + 1);
  }
  return path;
}

/**
 * Where the preview's message enters and whether that server takes it: the first server of the model in
 * the trace, refusing only when the verdict is a refusal by that same server. A message that never reaches
 * the organisation (no MX) enters the Internet.
 */
export function previewEntry(trace: Trace, servers: readonly string[]): Entry | undefined {
  const first = previewPath(trace, servers)[0];
  const v = trace.verdict;
  if (!first) return v.kind === 'delivered' && v.system === 'internet' ? { server: 'Internet', accepted: true } : undefined;
  return { server: first, accepted: !(v.kind === 'rejected' && same(v.server, first)) };
}

export function describePreview(v: Verdict): string {
  switch (v.kind) {
    case 'delivered':
      return v.system === 'internet' ? `delivered Internet ${v.mailbox}` : `delivered ${v.server} ${v.mailbox}`;
    case 'rejected':
      return `rejected ${v.code} ${v.status} by ${v.server}`;
    case 'bounced':
      return `NDR ${v.status} from ${v.server}`;
    case 'loop':
      return `loop ${v.cycle.join('>')} stopped by ${v.server} (${v.hops} hops)`;
    case 'relayed':
      return `relayed by ${v.server}, then ${describePreview(v.outcome)}`;
    case 'unreachable':
      return `unreachable (${v.domain}: no MX)`;
  }
}

export function describeReality(r: Reality): string {
  switch (r.kind) {
    case 'delivered':
      return r.system === 'internet'
        ? `in the Internet sink for ${r.mailbox}`
        : `${r.system === 'pop3' ? 'read over POP3 from' : 'in the mailbox of'} ${r.mailbox} on ${r.server}`;
    case 'rejected':
      return `${r.code} ${r.status} from ${r.server} at ${r.stage}`;
    case 'bounced':
      return `NDR ${r.status} from ${r.server}`;
    case 'loop':
      return `too many hops: ${r.servers.join('<>')} stopped by ${r.server} (${r.hops} Received)`;
    case 'deferred':
      return `still queued on ${r.server}`;
    case 'unreachable':
      return `not sent: ${r.domain} has no MX`;
    case 'lost':
      return `not found`;
  }
}

/** "EX01 250/250": the first server, what the preview says it answers (250 or 5xx), what it answered. */
export function describeEntry(r: Row): string {
  const p = r.entry?.preview;
  const q = r.entry?.reality;
  if (!p && !q) return '';
  const server = q?.server ?? p!.server;
  const want = p ? (same(p.server, server) ? (p.accepted ? '250' : '5xx') : `${p.server} ${p.accepted ? '250' : '5xx'}`) : '?';
  const got = q ? (q.accepted ? String(q.code ?? 250) : String(q.code ?? '5xx')) : '?';
  return `${server} ${want}/${got}`;
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** The comparison table: flow | preview | reality, with a mark per row and the reason of each mismatch. */
export function formatTable(rows: Judged[]): string {
  const cells = rows.map((r) => [
    `${r.match ? 'ok  ' : 'FAIL'} ${r.scenario}/${r.flow}`,
    describeEntry(r),
    clip(describePreview(r.preview), 60),
    clip(describeReality(r.reality), 70),
  ]);
  const head = ['flow', 'first hop', 'preview', 'reality'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(width[i]!))
      .join(' | ')
      .trimEnd();
  const out = [line(head), width.map((w) => '-'.repeat(w)).join('-|-')];
  for (const [i, c] of cells.entries()) {
    out.push(line(c));
    const r = rows[i]!;
    if (!r.match) out.push(`     -> ${r.why}${r.token ? ` [token ${r.token}]` : ''}`);
    else if (r.firstHopOnly) out.push(`     (first hop only: ${r.firstHopOnly})`);
    else if (r.stricter && r.reality.kind === 'rejected') out.push(`     (stricter than the preview, as designed: ${r.stricter.why})`);
  }
  const bad = rows.filter((r) => !r.match);
  out.push(
    `${rows.length - bad.length}/${rows.length} rows match${bad.length ? `; mismatched: ${bad.map((r) => `${r.scenario}/${r.flow}`).join(', ')}` : ''}`,
  );
  return out.join('\n');
}

/** Throws when any row disagrees, naming every flow that does. */
export function assertAllMatch(rows: Judged[]): void {
  const bad = rows.filter((r) => !r.match);
  if (bad.length === 0) return;
  throw new Error(
    `the preview and the real servers disagree on ${bad.length} flow(s):\n${bad.map((r) => `  ${r.scenario}/${r.flow}: preview ${describePreview(r.preview)}; reality ${describeReality(r.reality)} (${r.why})`).join('\n')}`,
  );
}
