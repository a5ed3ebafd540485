// Measurement 6: many targets. `coexist plan --all` on 40 local postfix-dovecot targets (one Postfix config
// directory each, on this machine) with --parallel at the number of CPUs, against the same 40 plans one after
// another in one process (--parallel 1) and against the sum of the 40 single plans (`plan --target ID`, one
// process each, as a script looping over the targets would run them). Wall time and CPU time, side by side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { scenarioModel } from '../src/model/scenarios.js';
import { postmapPath, timedRun } from './postfix.js';
import { judged, skipped, type Row } from './report.js';
import { summarize, type Summary } from './stats.js';

export interface TargetsOptions {
  root: string;
  workDir: string;
  smoke: boolean;
  log: (s: string) => void;
}

/** One Postfix config directory per target: a main.cf of its own (no daemon: plan reads it with postconf). */
function targetModel(dir: string, count: number): string {
  const model = scenarioModel('shared-domain');
  model.targets = Array.from({ length: count }, (_, i) => {
    const id = `pd${String(i + 1).padStart(2, '0')}`;
    const base = join(dir, id);
    mkdirSync(join(base, 'etc'), { recursive: true });
    mkdirSync(join(base, 'spool'), { recursive: true });
    writeFileSync(
      join(base, 'etc', 'main.cf'),
      `compatibility_level = 3.6\nmyhostname = ${id}.bench.invalid\nqueue_directory = ${join(base, 'spool')}\ninet_interfaces = loopback-only\n`,
    );
    return {
      id,
      adapter: 'postfix-dovecot' as const,
      server: 'POP01',
      connection: { kind: 'local' as const },
      options: {
        configDirectory: join(base, 'etc'),
        mailRoot: join(base, 'mail'),
        mailUid: '65534',
        mailGid: '65534',
        dns: 'disabled',
        dovecotUsers: join(base, 'dovecot-users'),
      },
    };
  });
  const file = join(dir, 'targets.yaml');
  writeFileSync(file, stringify(model));
  return file;
}

type Run = { ms: number; cpuMs: number };
const both = (runs: Run[]) => ({ wall: summarize(runs.map((r) => r.ms)), cpu: summarize(runs.map((r) => r.cpuMs)) });

export async function targetsMeasurements(o: TargetsOptions, rows: Row[]): Promise<void> {
  const count = o.smoke ? 4 : 40;
  if (!postmapPath()) {
    o.log('SKIP measurement 6: Postfix is not installed (apt-get install postfix); plan --all is not measured');
    rows.push(skipped('targets-parallel', 6, `plan --all, ${count} postfix-dovecot targets`, '×', 'Postfix not installed on this machine'));
    return;
  }
  const dir = join(o.workDir, 'targets');
  const file = targetModel(dir, count);
  const bin = join(o.root, 'bin', 'coexist.js');
  const parallel = Math.max(1, availableParallelism());
  const env = { COEXIST_CONFIG_DIR: join(dir, 'settings'), COEXIST_POP3_RELAY_PASSWORD: 'bench-secret' };
  const plan = (args: string[]) => timedRun(process.execPath, [bin, 'plan', '--model', file, '--json', ...args], '', [0], env);
  const checked = async (args: string[]) => {
    const r = await plan(args);
    const body = JSON.parse(r.stdout) as { ok: boolean; plans: { targetId: string; changes: unknown[] }[] };
    if (!body.ok || body.plans.length !== (args.includes('--target') ? 1 : count) || body.plans.some((p) => p.changes.length === 0)) {
      throw new Error(`plan ${args.join(' ')} did not plan every target: ${r.stdout.slice(0, 300)}`);
    }
    return r;
  };
  const reps = o.smoke ? 1 : 3;
  const par: Run[] = [];
  const seq: Run[] = [];
  const singles: Run[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const p = await checked(['--all', '--parallel', String(parallel)]);
    const s = await checked(['--all', '--parallel', '1']);
    let sum = { ms: 0, cpuMs: 0 };
    for (let t = 0; t < count; t++) {
      const one = await checked(['--target', `pd${String(t + 1).padStart(2, '0')}`]);
      sum = { ms: sum.ms + one.ms, cpuMs: sum.cpuMs + one.cpuMs };
    }
    if (i === 0 && !o.smoke) continue; // warms the caches (model, code, page cache)
    par.push(p);
    seq.push(s);
    singles.push(sum);
  }
  const p = both(par);
  const s = both(seq);
  const one = both(singles);
  o.log(
    `${count} targets: plan --all --parallel ${parallel} ${p.wall.median.toFixed(0)} ms, --parallel 1 ${s.wall.median.toFixed(0)} ms, sum of single plans ${one.wall.median.toFixed(0)} ms`,
  );
  const row = (id: string, title: string, b: { wall: Summary; cpu: Summary }, note: string): Row =>
    judged({
      id,
      group: 6,
      title,
      value: b.wall.median,
      unit: 'ms',
      summary: b.wall,
      note: `${note}; CPU time median ${b.cpu.median.toFixed(1)} ms (IQR ${b.cpu.iqr.toFixed(1)})`,
    });
  rows.push(
    row(
      'targets-parallel',
      `plan --all --parallel ${parallel}, ${count} postfix-dovecot targets`,
      p,
      `one process planning every target, at most ${parallel} (the number of CPUs) at once; each target a Postfix config directory of its own on this machine, read with postconf (no daemon); every plan checked to have changes`,
    ),
  );
  rows.push(row('targets-sequential', `plan --all --parallel 1, ${count} targets`, s, 'the same plans one after another in one process'));
  rows.push(
    row(
      'targets-singles',
      `sum of ${count} single plans (plan --target ID)`,
      one,
      'one process per target, run one after another: the sum of their wall (and CPU) times',
    ),
  );
  rows.push(
    judged({
      id: 'targets-ratio-singles',
      group: 6,
      title: `plan --all --parallel ${parallel} / sum of the single plans (wall time)`,
      value: p.wall.median / one.wall.median,
      unit: '×',
      note: 'ratio of the wall-time medians, same run',
    }),
  );
  rows.push(
    judged({
      id: 'targets-ratio-sequential',
      group: 6,
      title: `plan --all --parallel ${parallel} / --parallel 1 (wall time)`,
      value: p.wall.median / s.wall.median,
      unit: '×',
      note: `what running ${parallel} targets at once gives over one at a time, in one process`,
    }),
  );
}
