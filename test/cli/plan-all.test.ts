// plan --all / apply --all with --parallel N through the built CLI, on real Postfix config directories (one
// per target): at most N targets are observed at once (a postconf wrapper in PATH records when each target's
// read-back runs), results come back in the model's order whatever order they finish in, one progress line
// per target, and a target that fails gives exit 1 without hiding the others' plans; apply starts no target
// after a failure and names the ones it did not attempt.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { canRunPostfix, createPostfixInstance, sharedModelOnLoopback } from '../adapters/helpers/postfix-instance.js';
import { startTui } from '../helpers/pty.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'coexist.js');
const skip = canRunPostfix();
if (skip) console.warn(`SKIPPED plan/apply --all on real Postfix config directories: ${skip}`);
if (skip && process.env.CI) throw new Error(`CI must run plan/apply --all against Postfix: ${skip}`);

const work = mkdtempSync(join(tmpdir(), 'coexist-all-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const IDS = ['pd01', 'pd02', 'pd03', 'pd04', 'pd05'];
const BROKEN = 'pd03';
const postconfLog = join(work, 'postconf.log');

beforeAll(() => {
  if (skip) return;
  if (!existsSync(join(ROOT, 'dist', 'coexist.cjs'))) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  // Every postconf call logs its config directory with start and end times, and takes a while.
  const real = spawnSync('sh', ['-c', 'command -v postconf'], { encoding: 'utf8' }).stdout.trim();
  mkdirSync(join(work, 'bin'));
  writeFileSync(
    join(work, 'bin', 'postconf'),
    `#!/bin/sh
dir=; prev=
for a in "$@"; do [ "$prev" = -c ] && dir=$a; prev=$a; done
echo "start $dir $(date +%s%N)" >> '${postconfLog}'
sleep 0.4
'${real}' "$@"; rc=$?
echo "end $dir $(date +%s%N)" >> '${postconfLog}'
exit $rc
`,
  );
  chmodSync(join(work, 'bin', 'postconf'), 0o755);
});

function modelFile(ids = IDS, name = 'model.yaml'): string {
  const model = sharedModelOnLoopback();
  model.targets = ids.map((id) => {
    const inst = createPostfixInstance(id, '127.0.0.3', 2525, mkdtempSync(join(work, `${id}-`)));
    const etc = id === BROKEN ? join(inst.root, 'no-such-directory') : inst.etc;
    return {
      id,
      adapter: 'postfix-dovecot' as const,
      server: 'POP01',
      connection: { kind: 'local' as const },
      options: {
        configDirectory: etc,
        mailRoot: inst.mail,
        mailUid: '65534',
        mailGid: '65534',
        dns: 'disabled',
        dovecotUsers: join(inst.root, 'dovecot-users'),
      },
    };
  });
  const file = join(work, name);
  writeFileSync(file, stringify(model));
  return file;
}

function coexist(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: '',
    env: {
      ...process.env,
      PATH: `${join(work, 'bin')}:${process.env.PATH}`,
      COEXIST_CONFIG_DIR: join(work, 'cfg'),
      COEXIST_CACHE_DIR: join(work, 'cache'),
      COEXIST_POP3_RELAY_PASSWORD: 'all-secret',
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The most targets whose postconf calls overlapped in time (a target spans its first start to its last end). */
function mostAtOnce(): number {
  const spans = new Map<string, { from: number; to: number }>();
  for (const line of readFileSync(postconfLog, 'utf8').trim().split('\n')) {
    const [what, dir, ns] = line.split(' ');
    const at = Number(BigInt(ns!) / 1000n);
    const span = spans.get(dir!) ?? { from: Number.POSITIVE_INFINITY, to: 0 };
    if (what === 'start') span.from = Math.min(span.from, at);
    else span.to = Math.max(span.to, at);
    spans.set(dir!, span);
  }
  const edges = [...spans.values()]
    .flatMap(
      (s) =>
        [
          [s.from, 1],
          [s.to, -1],
        ] as const,
    )
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

describe.runIf(!skip)('plan --all and apply --all, bounded by --parallel', () => {
  let file: string;
  beforeAll(() => {
    file = modelFile();
  });

  it('refuses --parallel that is not a number from 1 to 64, and --all with --target', () => {
    for (const bad of ['0', '65', 'two', '-1', '1.5']) {
      const r = coexist(['plan', '--model', file, '--all', `--parallel=${bad}`]);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/--parallel .*whole number of targets from 1 to 64/);
    }
    const both = coexist(['plan', '--model', file, '--all', '--target', 'pd01']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--all and --target contradict each other/);
  });

  it('plans 2 targets at a time; plans in the model order, one progress line each; the broken target gives exit 1', () => {
    writeFileSync(postconfLog, '');
    const r = coexist(['plan', '--model', file, '--all', '--parallel', '2']);
    expect(r.code, r.err).toBe(1);
    expect(mostAtOnce()).toBe(2);
    const progress = r.err.split('\n').filter((l) => l.startsWith('plan ['));
    expect(progress).toHaveLength(IDS.length);
    for (const id of IDS)
      expect(
        progress.filter((l) => l.includes(` ${id}: `)),
        id,
      ).toHaveLength(1);
    expect(progress.map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(IDS.map((_, i) => `plan [${i + 1}/${IDS.length}]`));
    expect(progress.find((l) => l.includes(BROKEN))).toMatch(/not planned \(unobservable/);
    expect(r.err).toMatch(/coexist: target pd03: cannot read the Postfix instance .*no-such-directory/);
    const headers = [...r.out.matchAll(/^target (pd\d\d) \(postfix-dovecot\)/gm)].map((m) => m[1]);
    expect(headers).toEqual(IDS.filter((id) => id !== BROKEN));

    const json = coexist(['plan', '--model', file, '--all', '--parallel', '3', '--json']);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.out);
    expect(body.plans.map((p: { targetId: string }) => p.targetId)).toEqual(IDS.filter((id) => id !== BROKEN));
    expect(body.failures.map((f: { target: string; refusal: string }) => [f.target, f.refusal])).toEqual([[BROKEN, 'unobservable']]);
    expect(json.err).toBe('');
  });

  it('--parallel 1 observes one target at a time', () => {
    writeFileSync(postconfLog, '');
    const r = coexist(['plan', '--model', file, '--parallel', '1', '--target', 'pd01']);
    expect(r.code, r.err).toBe(0);
    const all = coexist(['plan', '--model', file, '--parallel', '1']);
    expect(all.code).toBe(1);
    expect(mostAtOnce()).toBe(1);
  });

  it('apply --all: the targets before the broken one are applied, none is started after its failure', () => {
    const r = coexist(['apply', '--model', file, '--all', '--parallel', '2', '--yes', '--json']);
    expect(r.code, r.err).toBe(1);
    const body = JSON.parse(r.out);
    const status = Object.fromEntries(body.targets.map((t: { target: string; status: string }) => [t.target, t.status]));
    expect(status.pd01).toBe('applied');
    expect(status.pd02).toBe('applied');
    expect(status[BROKEN]).toBe('refused');
    expect(body.notRun).toContain('pd05');
    // pd04 starts only if pd01 and pd02 both finished before pd03 failed; either way it is accounted for.
    expect(Object.keys(status).length + body.notRun.length).toBe(IDS.length);
    for (const t of body.targets) if (t.target !== BROKEN) expect(t.status, t.target).toBe('applied');
    expect(body.ok).toBe(false);
    // What was applied now plans to nothing; the targets not attempted still have their changes.
    const again = JSON.parse(coexist(['plan', '--model', file, '--all', '--json']).out);
    const changes = Object.fromEntries(again.plans.map((p: { targetId: string; changes: unknown[] }) => [p.targetId, p.changes.length]));
    expect(changes.pd01).toBe(0);
    expect(changes.pd05).toBeGreaterThan(0);
  });

  it('on a terminal: each confirmation is asked in turn, right under its own plan; declining one starts no further target', async () => {
    const ids = ['tt01', 'tt02', 'tt03'];
    const tuiFile = modelFile(ids, 'tty.yaml');
    const tui = startTui(['apply', '--model', tuiFile, '--parallel', '2'], {
      cols: 200,
      rows: 60,
      env: {
        PATH: `${join(work, 'bin')}:${process.env.PATH}`,
        COEXIST_CONFIG_DIR: join(work, 'cfg-tty'),
        COEXIST_CACHE_DIR: join(work, 'cache'),
        COEXIST_POP3_RELAY_PASSWORD: 'all-secret',
      },
    });
    try {
      const type = async (text: string) => {
        for (const ch of text) {
          tui.press(ch);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      const asked = () => [...tui.raw().matchAll(/to (tt0\d)\? Type yes to apply: /g)].map((m) => m[1]!);
      await tui.waitFor(() => asked().length === 1, 60000);
      const first = asked()[0]!;
      const before = tui.raw().slice(0, tui.raw().indexOf(`to ${first}? Type yes`));
      // Its plan is printed just above its question, and no other target's question is open.
      expect(before.lastIndexOf(`target ${first} (postfix-dovecot)`)).toBeGreaterThan(-1);
      await type('yes\r');
      await tui.waitFor(() => asked().length === 2, 60000);
      const second = asked()[1]!;
      expect(second).not.toBe(first);
      const between = tui.raw().slice(tui.raw().indexOf(`to ${first}? Type yes`));
      expect(between).toContain(`target ${second} (postfix-dovecot)`);
      await type('no\r');
      const { exitCode } = await tui.exited;
      expect(exitCode).toBe(1);
      expect(asked()).toHaveLength(2);
      const third = ids.find((id) => id !== first && id !== second)!;
      expect(tui.raw()).toMatch(new RegExp(`not attempted: ${third}`));
      expect(tui.raw()).toMatch(/Apply complete/);
    } finally {
      tui.kill();
    }
  });
});
