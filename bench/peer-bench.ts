// Measurement 4: `coexist route --batch` against the real peer, `postmap -q -`, on the same look-ups, at
// 10,000 and 100,000 recipients (one organisation: the "at 10,000 users" one). Wall time and CPU time of
// whole runs (spawn to exit, start-up and the route table's read included), side by side in one run.
import { join } from 'node:path';
import type { Model } from '../src/model/schema.js';
import { recipientMix } from './org.js';
import { buildPostfixTables, postmapLookups, postmapPath, timedRun } from './postfix.js';
import { judged, skipped, type Row } from './report.js';
import { summarize, type Summary } from './stats.js';

export interface PeerOptions {
  root: string;
  workDir: string;
  smoke: boolean;
  model: Model;
  file: string;
  users: number;
  log: (s: string) => void;
}

const TARGETS: Record<number, number> = { 10000: 2, 100000: 1.2 };

export async function peerMeasurements(o: PeerOptions, rows: Row[]): Promise<void> {
  const usersText = o.users.toLocaleString('en-US');
  const postmap = postmapPath();
  if (!postmap) {
    o.log('SKIP measurement 4: postmap is not installed (apt-get install postfix); route --batch is not compared with Postfix');
    rows.push(
      skipped(
        'peer-ratio-10000',
        4,
        `route --batch / postmap -q -, 10,000 recipients, ${usersText} users`,
        '×',
        'postmap not installed on this machine: install Postfix to compare',
        { op: '<=', limit: 2, text: '<= 2×' },
      ),
    );
    return;
  }
  const bin = join(o.root, 'bin', 'coexist.js');
  const batch = ['route', '--batch', '--model', o.file];
  const tables = buildPostfixTables(o.model, join(o.workDir, 'postfix'), postmap);
  const counts = o.smoke ? [200] : [10000, 100000];

  // The first batch with recipients compiles the model's route table and keeps it beside the loaded-model
  // cache, as `postmap` builds the .db before anyone queries it (a batch without recipients builds nothing).
  await timedRun(process.execPath, [bin, ...batch], `${recipientMix(o.model, 10).join('\n')}\n`);

  // Start-up alone, interleaved: node, the CLI bundle, a batch with no recipients, postmap with none.
  const runs = o.smoke ? 2 : 7;
  const empty = { node: [] as Run[], version: [] as Run[], coexist: [] as Run[], postmap: [] as Run[] };
  for (let i = 0; i < runs + 1; i++) {
    const n = await timedRun(process.execPath, ['-e', '0'], '');
    const v = await timedRun(process.execPath, [bin, '--version'], '');
    const c = await timedRun(process.execPath, [bin, ...batch], '');
    const p = await postmapLookups(tables, postmap, []);
    if (i === 0) continue; // warms the page cache and fills the loaded-model and code caches
    empty.node.push(n);
    empty.version.push(v);
    empty.coexist.push(c);
    empty.postmap.push(p);
  }
  const e = { node: both(empty.node), version: both(empty.version), coexist: both(empty.coexist), postmap: both(empty.postmap) };
  rows.push(pair('peer-node', 'node -e 0 (the floor of any Node program)', e.node, 'spawn to exit, interleaved with the rows below'));
  rows.push(
    pair(
      'peer-cli-start',
      'coexist --version (start-up of the CLI bundle, no model)',
      e.version,
      'Node and the bundle starting (code cache warm)',
    ),
  );
  rows.push(
    pair(
      'peer-coexist-empty',
      `coexist route --batch with no recipients (start-up and the route table read), ${usersText} users`,
      e.coexist,
      'what a batch costs before its first look-up: the model file hashed and its route table read (built by a batch before these runs, as postmap builds its .db); the model itself is not loaded',
    ),
  );
  rows.push(
    pair(
      'peer-postmap-empty',
      'postmap -q - with no recipients (two start-ups)',
      e.postmap,
      'the same two postmap processes with empty stdin',
    ),
  );

  for (const count of counts) {
    const countText = count.toLocaleString('en-US');
    const recipients = recipientMix(o.model, count);
    const input = `${recipients.join('\n')}\n`;
    const n = o.smoke ? 2 : count >= 100000 ? 5 : 7;
    const coexist: Run[] = [];
    const postfix: Run[] = [];
    const traced: Run[] = [];
    const uncached: Run[] = [];
    let out = '';
    let hops: Awaited<ReturnType<typeof postmapLookups>> | undefined;
    for (let i = 0; i < n + 1; i++) {
      const c = await timedRun(process.execPath, [bin, ...batch], input);
      const p = await postmapLookups(tables, postmap, recipients);
      if (count === counts[0]) {
        const t = await timedRun(process.execPath, [bin, ...batch, '--trace'], input);
        const u = await timedRun(process.execPath, [bin, ...batch], input, [0], { COEXIST_MODEL_CACHE: 'off' });
        if (u.stdout !== c.stdout) throw new Error('route --batch answers differently without the loaded-model cache');
        if (i > 0) {
          traced.push(t);
          uncached.push(u);
        }
        if (i === 0) checkTrace(t.stdout, c.stdout);
      }
      if (i === 0) continue;
      coexist.push(c);
      postfix.push(p);
      out = c.stdout;
      hops = p;
    }
    checkAgreement(o.model, out, hops!, count);
    const c = both(coexist);
    const p = both(postfix);
    const limit = TARGETS[count];
    const target = limit === undefined ? undefined : { op: '<=' as const, limit, text: `<= ${limit}×` };
    rows.push(
      pair(
        `peer-coexist-${count}`,
        `coexist route --batch, ${countText} recipients, ${usersText} users`,
        c,
        '`node bin/coexist.js route --batch --model FILE < recipients`, spawn to exit, the route table read included (kept beside the loaded-model cache, as postmap reads its .db); verdict only',
      ),
    );
    rows.push(
      pair(
        `peer-postmap-${count}`,
        `postmap -q - (virtual, then transport), ${countText} recipients`,
        p,
        `two \`postmap -q -\` processes on hash: tables built from the same organisation (virtual: ${tables.virtualEntries} addresses; transport: ${tables.transportEntries} domains): the alias look-up of every recipient, then the transport look-up of each result's domain; both sides agree on every recipient's next hop`,
      ),
    );
    rows.push(
      judged({
        id: `peer-ratio-${count}`,
        group: 4,
        title: `route --batch / postmap -q -, ${countText} recipients (wall time)`,
        value: c.wall.median / p.wall.median,
        unit: '×',
        ...(target ? { target } : {}),
        note: `ratio of the wall-time medians, ${n} alternating runs after a warm-up pair`,
      }),
    );
    rows.push(
      judged({
        id: `peer-ratio-cpu-${count}`,
        group: 4,
        title: `route --batch / postmap -q -, ${countText} recipients (CPU time)`,
        value: c.cpu.median / p.cpu.median,
        unit: '×',
        ...(target ? { target } : {}),
        note: 'ratio of the CPU-time medians (user + system, bash `times`): what the work costs, whatever the load of the machine',
      }),
    );
    const perC = ((c.cpu.median - e.coexist.cpu.median) * 1000) / count;
    const perP = ((p.cpu.median - e.postmap.cpu.median) * 1000) / count;
    rows.push(
      judged({
        id: `peer-per-recipient-coexist-${count}`,
        group: 4,
        title: `coexist route --batch: CPU per recipient, ${countText} recipients`,
        value: perC,
        unit: 'µs',
        note: 'CPU median with recipients minus CPU median without, divided by the number of recipients: routing one recipient and printing its JSON line',
      }),
    );
    rows.push(
      judged({
        id: `peer-per-recipient-postmap-${count}`,
        group: 4,
        title: `postmap -q -: CPU per recipient, ${countText} recipients`,
        value: perP,
        unit: 'µs',
        note: 'the same for the two postmap look-ups',
      }),
    );
    // Judged only where the recipients' work stands out of the start-up's spread: at the smoke's 200
    // recipients it is a few ms inside tens of ms of noise, and the difference may even come out negative.
    // Unjudged, a cost of zero or less (postmap's look-ups can fall below the spread) makes no ratio worth printing.
    const bothMeasured = perC > 0 && perP > 0;
    const perRecipientMeaningful = limit !== undefined && bothMeasured;
    if (bothMeasured || limit !== undefined)
      rows.push(
        judged({
          id: `peer-per-recipient-ratio-${count}`,
          group: 4,
          title: `per-recipient cost, coexist / postmap, ${countText} recipients`,
          value: perC / perP,
          unit: '×',
          ...(perRecipientMeaningful ? { target: { op: '<=' as const, limit: 1, text: '<= 1' } } : {}),
          note: `the look-up work alone (CPU), start-up and the table read taken out${perRecipientMeaningful ? '' : ` (not judged: at ${countText} recipients the work is within the spread of the start-up, so the figure says nothing)`}`,
        }),
      );
    if (traced.length > 0) {
      rows.push(
        pair(
          `peer-coexist-trace-${count}`,
          `coexist route --batch --trace, ${countText} recipients`,
          both(traced),
          'the same batch with the full trace on every line (the steps route --json prints); checked to carry the same verdicts',
        ),
      );
      rows.push(
        pair(
          `peer-coexist-uncached-${count}`,
          `coexist route --batch without the loaded-model cache, ${countText} recipients`,
          both(uncached),
          'COEXIST_MODEL_CACHE=off: the model file parsed and checked, and no table of directory answers (every user simulated): nothing kept from an earlier run; prints the same lines',
        ),
      );
    }
  }
}

type Run = { ms: number; cpuMs: number };
interface Both {
  wall: Summary;
  cpu: Summary;
}
const both = (runs: Run[]): Both => ({ wall: summarize(runs.map((r) => r.ms)), cpu: summarize(runs.map((r) => r.cpuMs)) });

function pair(id: string, title: string, b: Both, note: string): Row {
  return judged({
    id,
    group: 4,
    title,
    value: b.wall.median,
    unit: 'ms',
    summary: b.wall,
    note: `${note}; CPU time median ${b.cpu.median.toFixed(1)} ms (IQR ${b.cpu.iqr.toFixed(1)})`,
  });
}

function checkTrace(traced: string, plain: string): void {
  const a = traced
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const b = plain
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  if (a.length !== b.length) throw new Error('route --batch --trace printed a different number of lines');
  a.forEach((t, i) => {
    if (JSON.stringify(t.verdict) !== JSON.stringify(b[i]!.verdict) || !Array.isArray(t.steps))
      throw new Error(`route --batch --trace differs from the verdict-only line ${i + 1}`);
  });
}

/** Both sides give every recipient the same next hop, or the comparison means nothing. */
function checkAgreement(model: Model, out: string, postfix: Awaited<ReturnType<typeof postmapLookups>>, count: number): void {
  const verdicts = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { verdict: { kind: string; system?: string; server?: string; status?: string } });
  if (verdicts.length !== count) throw new Error(`route --batch printed ${verdicts.length} lines for ${count} recipients`);
  const ipOf = new Map([...model.exchange.servers, ...model.pop3.servers].map((s) => [s.name, s.ip]));
  const serverIps = [...new Set(ipOf.values())];
  let agree = 0;
  verdicts.forEach((v, i) => {
    const hop = postfix.nextHops[i];
    const ok =
      v.verdict.kind === 'delivered' && v.verdict.system !== 'internet'
        ? hop === `smtp:[${ipOf.get(v.verdict.server!)}]`
        : v.verdict.kind === 'bounced' && v.verdict.status === '5.1.1'
          ? hop?.startsWith('error:5.1.1') === true
          : v.verdict.kind === 'delivered' && v.verdict.system === 'internet'
            ? hop === undefined || !serverIps.some((ip) => hop.includes(`[${ip}]`))
            : false;
    if (ok) agree++;
  });
  if (agree !== count)
    throw new Error(`coexist and Postfix disagree on ${count - agree} of ${count} recipients: the tables are not equivalent`);
}
