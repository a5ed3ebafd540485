// windows2003: the original systems (winpop, IIS SMTP metabase, LDIF for ldifde); docs/architecture.md, "Adding an adapter".
//   observe: one VBScript (via the fixed WINDOWS_RUNNER over SSH) prints winpop lists, a metabase report
//            or ldifde exports in sections; parse.ts reads them
//   plan:    planW2003 (nothing known -> everything planned)
//   export:  one self-contained .vbs; renderW2003Files adds a .cmd launcher and the .ldf for reading
//   manual:  the seed's steps the scripts do not do, numbered, in the header, at the end and under the plan
import { createHash } from 'node:crypto';
import type { Adapter, Change, Executor, ExportFile, Observed } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import { cmdComment } from '../quoting/index.js';
import { bodyOf, ldifOf, observeProgram, planW2003, roleOf, type W2003State } from './plan.js';
import { RUNNER_ARGV, VBS_TAKE_LOCK, vbProgram } from './vbs.js';
import { manualStepLines, w2003ManualSteps } from './manual.js';
import { vbString } from '../quoting/index.js';
import { scriptLockName } from '../script-lock.js';
import {
  parseMetabaseReport,
  parsePolicyExport,
  parseUserExport,
  parseWinpopDomains,
  parseWinpopMailboxes,
  splitSections,
} from './parse.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', delete: '-' };
const vbComment = (s: string) =>
  `' ${[...s].map((c) => (/^[\x20-\x7e]$/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`)).join('')}`;

export function parseW2003Observation(model: Model, target: TargetT, text: string): W2003State {
  const sections = splitSections(text);
  if (roleOf(model, target) === 'pop3') {
    const mailboxes: Record<string, ReturnType<typeof parseWinpopMailboxes>> = {};
    for (const [name, body] of sections) if (name.startsWith('winpop-mailboxes ')) mailboxes[name.slice(17)] = parseWinpopMailboxes(body);
    if (!sections.has('winpop-domains') || !sections.has('metabase'))
      throw new Error(`target ${target.id}: the observation output has no winpop or metabase section`);
    return {
      role: 'pop3',
      domains: parseWinpopDomains(sections.get('winpop-domains')!),
      mailboxes,
      metabase: parseMetabaseReport(sections.get('metabase')!),
    };
  }
  if (!sections.has('policies') || !sections.has('users'))
    throw new Error(`target ${target.id}: the observation output has no ldifde sections`);
  return { role: 'exchange', policies: parsePolicyExport(sections.get('policies')!), users: parseUserExport(sections.get('users')!) };
}

function header(model: Model, target: TargetT, changes: Change[]): string[] {
  const manual = w2003ManualSteps(model, target);
  return [
    `coexist plan for target ${target.id} (windows2003, server ${target.server}), organisation ${model.organization}`,
    `${changes.length} change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.`,
    ...(manual.length > 0
      ? [`${manual.length} step(s) of the procedure this script does not do; do them by hand:`, ...manualStepLines(manual)]
      : []),
  ];
}

/** The closing lines: the manual steps' titles again, so they are not lost in the output. */
function footer(model: Model, target: TargetT): string[] {
  const manual = w2003ManualSteps(model, target);
  if (manual.length === 0) return [];
  return [
    `WScript.Echo ${vbString(`Done. Left to do by hand (see the header of this script): ${manual.map((m, i) => `${i + 1}. ${m.title}`).join('; ')}`, 'manual steps')}`,
  ];
}

export function renderW2003(model: Model, target: TargetT, changes: Change[]): string {
  const bodies = [
    header(model, target, changes).map(vbComment).join('\n'),
    VBS_TAKE_LOCK,
    `TakeLock ${vbString(scriptLockName('windows2003', target.server), 'lock name')}, ${vbString(target.server, 'server')}`,
  ];
  if (changes.length === 0) bodies.push('WScript.Echo "Nothing to change."');
  for (const c of changes) {
    bodies.push(
      `${vbComment(`${SYMBOL[c.action]} ${c.object}${c.before ? ` (was: ${c.before})` : ''}${c.after ? ` -> ${c.after}` : ''}`)}\n${bodyOf(c)}`,
    );
  }
  const end = footer(model, target);
  if (end.length > 0) bodies.push(end.join('\n'));
  return vbProgram(bodies);
}

/**
 * The .cmd launcher: runs the .vbs with cscript and exits non-zero when cscript does, or when the script
 * did not reach its end (cscript exits 0 after a runtime error on some hosts): the script's last act is to
 * create %COEXIST_DONE%.
 */
function launcher(model: Model, target: TargetT, changes: Change[]): string {
  const lock = `%ALLUSERSPROFILE%\\${scriptLockName('windows2003', target.server)}.lock`;
  return [
    '@echo off',
    'setlocal',
    ...header(model, target, changes).map(cmdComment),
    // A directory of this run's own: mkdir fails when it exists, so two runs started in the same second
    // (cmd seeds %RANDOM% with the time) never share it. It holds the "done" and "lock taken" marks.
    'set /a COEXIST_TRIES=0',
    ':run_dir',
    'set /a COEXIST_TRIES+=1',
    'if %COEXIST_TRIES% GTR 100 goto no_run_dir',
    `set "COEXIST_RUN=%TEMP%\\coexist-${target.id}-%RANDOM%"`,
    // mkdir sets ERRORLEVEL only when it fails: "(call )" sets it to 0 first.
    '(call )',
    'mkdir "%COEXIST_RUN%" 2>nul',
    'if errorlevel 1 goto run_dir',
    'set "COEXIST_DONE=%COEXIST_RUN%\\done"',
    'set "COEXIST_LOCK_TAKEN=%COEXIST_RUN%\\lock-taken"',
    `cscript //nologo "%~dp0${target.id}.vbs"`,
    'if errorlevel 1 goto failed',
    'if not exist "%COEXIST_DONE%" goto failed',
    'rmdir /s /q "%COEXIST_RUN%"',
    'exit /b 0',
    ':failed',
    // Stopped on an error while it held the server's lock: this run's lock, removed (a refused run never took it).
    `if exist "%COEXIST_LOCK_TAKEN%" del /q "${lock}"`,
    'rmdir /s /q "%COEXIST_RUN%"',
    `echo coexist: ${target.id}.vbs stopped before its end; nothing after the failed step was done. 1>&2`,
    'exit /b 1',
    ':no_run_dir',
    'echo coexist: cannot make a directory for this run under %TEMP%; nothing was changed. 1>&2',
    'exit /b 1',
    '',
  ].join('\r\n');
}

/** The export bundle: a .cmd launcher, the .vbs, and (Exchange targets) the .ldf of the recipient policies. */
export function renderW2003Files(model: Model, target: TargetT, changes: Change[]): ExportFile[] {
  const files = [
    { name: `${target.id}.cmd`, content: launcher(model, target, changes) },
    { name: `${target.id}.vbs`, content: renderW2003(model, target, changes).replace(/\n/g, '\r\n') },
  ];
  const ldif = changes.map(ldifOf).filter((l): l is string => l !== undefined);
  if (ldif.length > 0) {
    const head = [
      `coexist plan for target ${target.id} (windows2003, server ${target.server}), organisation ${model.organization}`,
      'Only add:/delete: of exact values for multi-valued attributes. The .vbs imports this with ldifde -i -k and reads every value back;',
      'imported by hand, check the result: ldifde -k skips "attribute or value exists" and "no such object" without an error.',
    ];
    files.push({
      name: `${target.id}.ldf`,
      content: `${head.map((h) => `# ${h.replace(/[^\x20-\x7e]/g, '?')}`).join('\n')}\n\n${ldif.join('\n')}`.replace(/\n/g, '\r\n'),
    });
  }
  return files;
}

export function fingerprintW2003(state: W2003State | null): string {
  return state === null ? 'unobserved' : createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

export const windows2003Adapter: Adapter = {
  id: 'windows2003',
  describe() {
    return 'Windows Server 2003 POP3 service (winpop), IIS SMTP metabase, and LDIF for ldifde (Exchange 2003 recipient policies and mail-enabled users)';
  },
  async observe(model: Model, target: TargetT, executor: Executor): Promise<Observed> {
    const r = await executor.run({
      argv: RUNNER_ARGV,
      stdin: observeProgram(model, target),
      description: `Read ${roleOf(model, target) === 'pop3' ? 'winpop and the SMTP metabase' : 'recipient policies and mail-enabled users (ldifde)'} on ${target.server}`,
      timeoutMs: 120_000,
    });
    if (r.exitCode !== 0 || r.timedOut)
      throw new Error(
        `target ${target.id}: observation failed (${r.timedOut ? 'timed out' : `exit code ${r.exitCode}`}): ${r.stderr.trim().slice(0, 500)}`,
      );
    const state = parseW2003Observation(model, target, r.stdout);
    return { fingerprint: fingerprintW2003(state), state };
  },
  plan(model, target, observed) {
    const s = observed.state as W2003State | null | undefined;
    return planW2003(model, target, s && typeof s === 'object' && 'role' in s ? s : null);
  },
  manualSteps(model, target) {
    return manualStepLines(w2003ManualSteps(model, target));
  },
  unobserved() {
    return { fingerprint: fingerprintW2003(null), state: null };
  },
  exporter: {
    fileExtension: 'vbs',
    render: renderW2003,
    files: renderW2003Files,
    defaultTargets(model) {
      return [
        ...model.pop3.servers.map((s) => ({ id: `w2003-${s.name.toLowerCase()}`, adapter: 'windows2003' as const, server: s.name })),
        ...model.exchange.servers.map((s) => ({ id: `w2003-${s.name.toLowerCase()}`, adapter: 'windows2003' as const, server: s.name })),
      ];
    },
  },
};
