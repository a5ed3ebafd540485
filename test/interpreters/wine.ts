// Wine 8 as the Windows Server 2003 host for the windows2003 scripts: cscript parses and runs every .vbs,
// cmd runs the .cmd launchers. One prefix per run, cached in a temp dir (COEXIST_WINEPREFIX, which .ci/run
// makes once). winpop.exe and ldifde.exe are a recorder built from wine-standin.c with mingw-w64 and put
// where Windows has them; the IIS/ADSI/ADO objects and what Wine's script host lacks come from a VBScript
// shim inserted after Option Explicit (wine-shim.ts). Only two host members are rewritten in the script
// under test: WScript.StdOut and WScript.StdErr (Wine 8 has neither), and nothing else of it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wineShim } from './wine-shim.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MINGW = 'x86_64-w64-mingw32-gcc';

const onPath = (p: string) => spawnSync('sh', ['-c', `command -v ${p}`], { stdio: 'ignore' }).status === 0;

/** Why the Wine tests cannot run here, or null. Under CI a missing program is a failure, not a skip. */
export function wineMissing(): string | null {
  const missing = ['wine', 'wineboot', 'wineserver', MINGW].filter((p) => !onPath(p));
  return missing.length > 0
    ? `Wine or mingw-w64 not installed (${missing.join(', ')}): apt-get install wine wine64 gcc-mingw-w64-x86-64-win32`
    : null;
}

export interface WinePrefix {
  dir: string;
  env: NodeJS.ProcessEnv;
}

function baseEnv(dir: string): NodeJS.ProcessEnv {
  // No display, no Mono/Gecko download prompts, no debug noise.
  return { ...process.env, WINEPREFIX: dir, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: '' };
}

/** The cached prefix (made with wineboot once), with the stand-ins and the ChrW table in place. */
export function winePrefix(): WinePrefix {
  const dir = process.env.COEXIST_WINEPREFIX ?? join(tmpdir(), `coexist-wineprefix-${userInfo().uid}`);
  const env = baseEnv(dir);
  const ready = join(dir, '.coexist-ready');
  if (!existsSync(ready)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('wineboot', ['-i'], { env, stdio: 'ignore', timeout: 300_000 });
    execFileSync('wineserver', ['-w'], { env, stdio: 'ignore', timeout: 120_000 });
    writeFileSync(ready, 'made by test/interpreters/wine.ts\n');
  }
  const standin = join(dir, 'drive_c', 'coexist-standin.exe');
  const source = join(HERE, 'wine-standin.c');
  if (!existsSync(standin) || statSync(standin).mtimeMs < statSync(source).mtimeMs) {
    const built = `${standin}.${process.pid}.tmp`;
    execFileSync(MINGW, ['-municode', '-Os', '-s', '-o', built, source, '-lshell32'], { stdio: 'pipe' });
    renameSync(built, standin);
  }
  const sys32 = join(dir, 'drive_c', 'windows', 'system32');
  mkdirSync(join(sys32, 'Pop3Server'), { recursive: true });
  installCopy(standin, join(sys32, 'Pop3Server', 'winpop.exe'));
  installCopy(standin, join(sys32, 'ldifde.exe'));
  const chrw = join(dir, 'drive_c', 'coexist-chrw.bin');
  if (!existsSync(chrw)) {
    // Every UTF-16 code unit 1..65535 in order, after a BOM: the shim's ChrW(n) is Mid(table, n, 1).
    const b = Buffer.alloc(2 + 65535 * 2);
    b.writeUInt16LE(0xfeff, 0);
    for (let i = 1; i <= 65535; i++) b.writeUInt16LE(i, 2 * i);
    writeFileSync(chrw, b);
  }
  return { dir, env };
}

/**
 * Puts a copy of `from` at `to` unless `to` already holds the same bytes, through a rename: another test
 * file running these programs at the same moment (the prefix is shared) never finds one half written.
 */
function installCopy(from: string, to: string): void {
  const bytes = readFileSync(from);
  if (existsSync(to) && readFileSync(to).equals(bytes)) return;
  const tmp = `${to}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, to);
}

export interface WineRun {
  stdout: string;
  exitCode: number;
  /** The shim's records (stdout/stderr writes, GetObject, property writes, SetInfo, ADO queries), in order. */
  records: string[][];
  /** The stand-in programs' runs: argv and, for an ldifde import, the imported file. */
  programs: Array<{ argv: string[]; file?: string }>;
}

/** Reads the stand-in log (UTF-16LE). */
function readStandinLog(path: string): WineRun['programs'] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path).toString('utf16le');
  const out: WineRun['programs'] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === 'CALL') out.push({ argv: [] });
    else if (l.startsWith('ARG ')) out.at(-1)!.argv.push(l.slice(4));
    else if (l === 'FILE') {
      const end = lines.indexOf('ENDFILE', i);
      out.at(-1)!.file = lines.slice(i + 1, end).join('\n');
      i = end;
    }
  }
  return out;
}

/** The script with the shim after Option Explicit and WScript.StdOut/StdErr pointed at the shim's streams. */
export function shimmed(script: string, workDir: string): string {
  const lines = script.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] !== 'Option Explicit') throw new Error('the script does not start with Option Explicit');
  const body = lines
    .slice(1)
    .join('\n')
    .replace(/WScript\.StdOut\./g, 'ShimStdOut.')
    .replace(/WScript\.StdErr\./g, 'ShimStdErr.');
  return ['Option Explicit', wineShim(workDir), body].join('\n').replace(/\n/g, '\r\n');
}

function records(work: string): string[][] {
  const file = join(work, 'calls.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file)
    .toString('utf16le')
    .replace(/^\uFEFF/, '')
    .split('\u001e')
    .filter((r) => r !== '')
    .map((r) => r.split('\u001f'));
}

/** Runs files in one work dir: writes them, runs `command` (wine argv built from the work dir), returns what was recorded. */
export async function runInWine(
  prefix: WinePrefix,
  files: (workWin: string) => Record<string, string | Buffer>,
  command: (workWin: string) => string[],
  env: Record<string, string> = {},
): Promise<WineRun> {
  const work = mkdtempSync(join(prefix.dir, 'drive_c', 'run-'));
  const workWin = `C:\\${basename(work)}`;
  try {
    for (const [name, content] of Object.entries(files(workWin))) writeFileSync(join(work, name), content);
    const child = spawn('wine', command(workWin), {
      env: { ...prefix.env, COEXIST_STANDIN_LOG: `${workWin}\\standin.log`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.resume();
    const exitCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`wine ${command(workWin).join(' ')} timed out`));
      }, 120_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    return { stdout: stdout.replace(/\r\n/g, '\n'), exitCode, records: records(work), programs: readStandinLog(join(work, 'standin.log')) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs an exported windows2003 bundle (its .cmd launcher and .vbs) as an administrator would: through the
 * launcher, the .vbs shimmed, the stand-ins starting from `state` (their state.txt, one record per line).
 */
export function runW2003Bundle(
  prefix: WinePrefix,
  files: readonly { name: string; content: string }[],
  state: string,
  env: Record<string, string>,
): Promise<WineRun> {
  const cmd = files.find((f) => f.name.endsWith('.cmd'))!;
  const vbs = files.find((f) => f.name.endsWith('.vbs'))!;
  return runInWine(
    prefix,
    (work) => ({
      [cmd.name]: cmd.content,
      [vbs.name]: shimmed(vbs.content, work),
      'state.txt': Buffer.from(`\ufeff${state}`, 'utf16le'),
    }),
    (work) => ['cmd', '/c', `${work}\\${cmd.name}`],
    env,
  );
}

/** Parse check: cscript compiles the whole script, then a marker after Option Explicit ends it before anything runs. */
export async function parsesInWine(prefix: WinePrefix, script: string): Promise<boolean> {
  const lines = script.replace(/\r\n/g, '\n').split('\n');
  const marked = [lines[0], 'WScript.Echo "COEXIST-PARSED-OK" : WScript.Quit 0', ...lines.slice(1)].join('\r\n');
  const r = await runInWine(
    prefix,
    () => ({ 'script.vbs': marked }),
    (w) => ['cscript', '//nologo', `${w}\\script.vbs`],
  );
  return r.stdout.includes('COEXIST-PARSED-OK');
}
