// Runs the real CLI (bin/coexist.js over dist/coexist.cjs) as separate processes, with:
// - a private settings directory (COEXIST_CONFIG_DIR),
// - PATH shims that record the argv of every tool the adapters run (and the tools their scripts run), and
//   can make a tool fail or hang on request, to inject faults,
// - a /proc scanner that looks at the command line of every process while the CLI runs.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'coexist.js');

export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'coexist.cjs'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT });
}

const SHIMMED = [
  'sh',
  'dash',
  'bash',
  'postconf',
  'postmap',
  'postfix',
  'postsuper',
  'doveadm',
  'doveconf',
  'mkdir',
  'chown',
  'chmod',
  'install',
  'mv',
  'cp',
  'cat',
  'rm',
  'ln',
  'touch',
  'sed',
  'awk',
  'grep',
  'tee',
  'stat',
  'id',
  'sleep',
  'mktemp',
  'env',
  'xargs',
  'cmp',
  'diff',
  'ssh',
  'head',
  'tail',
  'sort',
  'tr',
  'wc',
  'date',
  'basename',
  'dirname',
  'find',
  'sync',
  'kill',
  'test',
  'printf',
  'od',
  'base64',
  'sha256sum',
  'readlink',
  'realpath',
  'ls',
  'uniq',
  'cut',
];

export interface Shims {
  dir: string;
  /** The PATH to give the CLI: the shims first, then the original PATH. */
  path: string;
  /** One line per process: tool name and its arguments, NUL-separated. */
  argvLog: string;
  /**
   * Make `tool` fail (exit 75, a message on stderr) when " args " contains `when`. Pad a flag with spaces
   * (' -e '): a bare '-e' also matches a temporary directory named like /tmp/coexist-faults-eXXXXX.
   */
  failWhen(tool: string, when: string): void;
  /** Make `tool` hang (60 s) when " args " contains `when`; the same padding advice. */
  hangWhen(tool: string, when: string): void;
  clearFaults(): void;
  recordedArgv(): string[];
}

export function makeShims(dir: string): Shims {
  mkdirSync(dir, { recursive: true });
  const argvLog = join(dir, 'argv.log');
  const faults = join(dir, 'faults');
  mkdirSync(faults, { recursive: true });
  writeFileSync(argvLog, '');
  const origPath = process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  // Absolute paths only inside the shim: it must not find itself again.
  const shim = `#!/bin/sh
tool=\${0##*/}
{ printf '%s' "$tool"; for a in "$@"; do printf '\\001%s' "$a"; done; printf '\\n'; } >> '${argvLog}'
if [ -f '${faults}/fail-'"$tool" ]; then
  when=$(/bin/cat '${faults}/fail-'"$tool")
  case " $* " in *"$when"*) echo "$tool: fatal: simulated failure injected by the hardening test" >&2; exit 75;; esac
fi
if [ -f '${faults}/hang-'"$tool" ]; then
  when=$(/bin/cat '${faults}/hang-'"$tool")
  case " $* " in *"$when"*) exec /bin/sleep 60;; esac
fi
search='${origPath}'
IFS=:
for d in $search; do
  if [ -x "$d/$tool" ] && [ "$d" != '${dir}' ]; then exec "$d/$tool" "$@"; fi
done
echo "$tool: not found" >&2
exit 127
`;
  // Each tool gets its own copy of the shim, so that $0 names the tool.
  for (const tool of SHIMMED) {
    if (!origPath.split(':').some((d) => existsSync(join(d, tool)))) continue;
    writeFileSync(join(dir, tool), shim);
    chmodSync(join(dir, tool), 0o755);
  }
  return {
    dir,
    path: `${dir}:${origPath}`,
    argvLog,
    failWhen: (tool, when) => writeFileSync(join(faults, `fail-${tool}`), when),
    hangWhen: (tool, when) => writeFileSync(join(faults, `hang-${tool}`), when),
    clearFaults: () => {
      for (const f of readdirSync(faults)) execFileSync('/bin/rm', ['-f', join(faults, f)]);
    },
    recordedArgv: () =>
      readFileSync(argvLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/\u0001/g, ' ')),
  };
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
  /** Command lines of other processes seen while it ran that contain a watched string. */
  procHits: string[];
  ms: number;
}

/** Command lines of all processes right now (those we may read). */
function scanProc(watch: readonly string[], hits: string[]): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return;
  }
  for (const pid of pids) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (watch.some((w) => cmd.includes(w))) hits.push(`${pid}: ${cmd.replace(/\0/g, ' ')}`);
  }
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Strings that must not appear in any process's command line while the CLI runs. */
  watch?: readonly string[];
  umask?: number;
  /** Called every 20 ms while the CLI runs (e.g. to kill a target midway). */
  tick?: () => void;
  timeoutMs?: number;
}

/** Runs `coexist args` asynchronously (so the /proc scan and ticks run meanwhile). */
export function coexist(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env })) if (v !== undefined) env[k] = v;
  const [file, argv] =
    opts.umask === undefined
      ? [process.execPath, [BIN, ...args]]
      : ['/bin/sh', ['-c', `umask ${opts.umask.toString(8).padStart(3, '0')}; exec "$0" "$@"`, process.execPath, BIN, ...args]];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const procHits: string[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const watch = opts.watch ?? [];
    const timer = setInterval(() => {
      if (watch.length > 0) scanProc(watch, procHits);
      opts.tick?.();
    }, 20);
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`coexist ${args.join(' ')} did not finish in time\n${out}\n${err}`));
    }, opts.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      clearTimeout(guard);
      resolve({ code, out, err, procHits, ms: performance.now() - started });
    });
  });
}

/** Every regular file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** The forms a secret could take in text: as is, base64, base64url, URL-encoded, hex, JSON-escaped. */
export function secretForms(secret: string): string[] {
  const b = Buffer.from(secret);
  return [
    ...new Set([
      secret,
      b.toString('base64'),
      b.toString('base64url'),
      encodeURIComponent(secret),
      b.toString('hex'),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}
