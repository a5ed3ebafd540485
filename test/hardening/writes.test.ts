// No write follows a symbolic link planted at its destination (a console save and its .bak, init --force,
// export, plan --out, the command log and the journal), tested as root in a world-writable directory, where
// a link planted by anyone would otherwise let them aim coexist's writes at any file. A full or read-only
// disk gives one line and exit 74, never a stack trace; temporary files left by a killed save are cleaned.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile, saveModelFile } from '../../src/persistence/file.js';
import { fileJournal } from '../../src/adapters/plan/journal.js';
import { fileLog } from '../../src/adapters/executor/log.js';
import { BIN, ensureBuilt } from './cli-harness.js';
import { bundleFixture } from './fixtures/bundle.js';

const root = mkdtempSync(join(tmpdir(), 'coexist-writes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => ensureBuilt());

/** A world-writable, sticky directory like /tmp, and a victim file outside it. */
function place(name: string): { dir: string; victim: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o1777);
  const victim = join(root, `${name}-victim`);
  writeFileSync(victim, 'precious\n');
  return { dir, victim };
}

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1', COEXIST_CONFIG_DIR: join(cwd, '.cfg'), ...env },
    timeout: 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const isRoot = process.getuid?.() === 0;

describe('no write follows a symbolic link at its destination', () => {
  it('a console save replaces a link planted at the .bak, never its target', () => {
    const { dir, victim } = place('bak');
    const m = join(dir, 'm.yaml');
    expect(run(['init', '--scenario', 'shared-domain', '--out', m], dir).code).toBe(0);
    symlinkSync(victim, `${m}.bak`);
    const loaded = readModelFile(m, { cache: null });
    saveModelFile(loaded, { ...loaded.model, organization: 'Edited' });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(`${m}.bak`).isSymbolicLink()).toBe(false);
    expect(readFileSync(`${m}.bak`, 'utf8')).toBe(loaded.text);
  });

  it('a model file that is a link is not saved through; the refusal says why', () => {
    const { dir, victim } = place('model-link');
    const real = join(dir, 'real.yaml');
    expect(run(['init', '--scenario', 'shared-domain', '--out', real], dir).code).toBe(0);
    const m = join(dir, 'm.yaml');
    symlinkSync(real, m);
    const loaded = readModelFile(m, { cache: null });
    // readModelFile resolves the link's name only; the save targets the name it was given.
    expect(() => saveModelFile({ ...loaded, path: m } as never, { ...loaded.model, organization: 'Edited' })).toThrow(
      /is a symbolic link; coexist never writes through a link/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('init --force, export and plan --out refuse a planted link with one line and exit 74', () => {
    const { dir, victim } = place('cli');
    const m = join(dir, 'coexist.yaml');
    symlinkSync(victim, m);
    let r = run(['init', '--scenario', 'shared-domain', '--out', m, '--force'], dir);
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/^coexist: .*coexist\.yaml is a symbolic link; coexist never writes through a link/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    rmSync(m);
    expect(run(['init', '--scenario', 'shared-domain', '--out', m], dir).code).toBe(0);

    const out = join(dir, 'export');
    mkdirSync(out);
    symlinkSync(victim, join(out, 'postfix-pop01.sh'));
    r = run(['export', '--adapter', 'postfix-dovecot', '--out', out, '--model', m], dir);
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/postfix-pop01\.sh is a symbolic link/);

    writeFileSync(
      join(dir, 'with-target.yaml'),
      `${readFileSync(m, 'utf8').replace(/^targets:.*\n/m, '')}\ntargets:\n  - id: pop\n    adapter: runbook\n    server: POP01\n    connection: {kind: local}\n`,
    );
    symlinkSync(victim, join(dir, 'plan.json'));
    r = run(['plan', '--model', join(dir, 'with-target.yaml'), '--out', join(dir, 'plan.json')], dir);
    expect(r.stderr).toMatch(/plan\.json is a symbolic link/);
    expect(r.code).not.toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('the command log and the journal refuse a link at their names', () => {
    const { dir, victim } = place('logs');
    symlinkSync(victim, join(dir, 'commands.log'));
    symlinkSync(victim, join(dir, 'journal.jsonl'));
    expect(() => fileLog(join(dir, 'commands.log'))).toThrow(/commands\.log is a symbolic link/);
    expect(() => fileJournal(join(dir, 'journal.jsonl')).record({ target: 't', index: 0, object: 'x', status: 'started' })).toThrow(
      /journal\.jsonl is a symbolic link/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('temporary files a killed save left (.m.yaml.*.coexist-tmp, m.yaml.bak.<n>) are cleaned by the next save', () => {
    const { dir } = place('leftovers');
    const m = join(dir, 'm.yaml');
    expect(run(['init', '--scenario', 'shared-domain', '--out', m], dir).code).toBe(0);
    const old = new Date(Date.now() - 3600_000);
    for (const f of ['m.yaml.bak.123456', 'm.yaml.987', '.m.yaml.0123456789ab.coexist-tmp', '.m.yaml.bak.0123456789ab.coexist-tmp']) {
      writeFileSync(join(dir, f), 'half');
      utimesSync(join(dir, f), old, old);
    }
    const loaded = readModelFile(m, { cache: null });
    saveModelFile(loaded, { ...loaded.model, organization: 'Edited' });
    expect(
      readdirSync(dir)
        .filter((f) => f !== '.cfg')
        .sort(),
    ).toEqual(['m.yaml', 'm.yaml.bak']);
  });
});

const canMount = (() => {
  if (!isRoot) return 'needs root to mount a small tmpfs in a private mount namespace';
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'unshare -m is not permitted here';
  }
})();
if (canMount && !process.env.CI) console.warn(`SKIPPED full/read-only disk tests: ${canMount}`);

describe.runIf(!canMount || process.env.CI)('a full or read-only disk', () => {
  /** Runs the CLI in a private mount namespace where `dir` is a tiny tmpfs, filled or made read-only first. */
  function onDisk(kind: 'full' | 'ro', args: string[], program = BIN) {
    const dir = mkdtempSync(join(root, `disk-${kind}-`));
    const script = `set -e
mount -t tmpfs -o size=256k tmpfs "$1"
cd "$1"
node "$2" init --scenario shared-domain --out m.yaml >/dev/null
${kind === 'full' ? 'dd if=/dev/zero of=fill bs=4k 2>/dev/null || true' : 'mount -o remount,ro "$1"'}
shift 2
set +e
node "$@"
echo "exit=$?"`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'disk', dir, BIN, program, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', COEXIST_CONFIG_DIR: join(dir, '.cfg') },
      timeout: 30_000,
    });
    return { stdout: r.stdout, stderr: r.stderr, code: Number(/exit=([0-9]+)/.exec(r.stdout)?.[1] ?? -1) };
  }

  it('init --force on a full disk: one line naming ENOSPC, exit 74', () => {
    const r = onDisk('full', ['init', '--scenario', 'separate-domains', '--out', 'm.yaml', '--force']);
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/^coexist: .*no space left on the device \(ENOSPC\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a model lock that cannot be taken because the disk is full says so, not "another console holds the lock"', () => {
    const holder = bundleFixture('lock-holder', mkdtempSync(join(root, 'holder-')));
    const r = onDisk('full', ['m.yaml'], holder);
    expect(r.stdout, r.stderr).toMatch(/^\{/);
    const result = JSON.parse(r.stdout.split('\n')[0]!) as { ok: boolean; reason?: string; message?: string };
    expect(result.ok, r.stdout + r.stderr).toBe(false);
    expect(result.reason).toBe('error');
    expect(result.message).toMatch(/m\.yaml: cannot take the lock: no space left on the device \(ENOSPC\); opening it read-only/);
    expect(result.message).not.toMatch(/held|locked by|another/);
  });

  it('init --force on a read-only file system: one line naming EROFS, exit 74', () => {
    const r = onDisk('ro', ['init', '--scenario', 'separate-domains', '--out', 'm.yaml', '--force']);
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/^coexist: .*read-only \(EROFS\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

void existsSync;
