// Reads a Postfix instance back: main.cf through postconf (explicit settings and the managed parameters'
// effective values), the map files coexist manages (passwords stripped on the target, before they travel),
// whether each postmap table is current, the Maildir root, and whether the running Postfix has been
// reloaded since the configuration last changed.
import { createHash } from 'node:crypto';
import type { TargetT } from '../../model/schema.js';
import { AdapterError, type CommandSpec, type Executor, type Observed } from '../types.js';
import type { PostfixDesired } from './desired.js';
import { MANAGED_PARAMS } from './desired.js';
import type { PostfixOptions } from './options.js';
import { OBSERVE } from './scripts.js';

export interface ObservedFile {
  exists: boolean;
  lines: string[];
  /** Whether the postmap table (.db) is at least as new as the source; absent for plain files. */
  db?: 'fresh' | 'stale';
  /** A secret map: the keyed fingerprint of the password written last (never the password). */
  secretMark?: string;
}

export interface PostfixState {
  configDirectory: string;
  explicit: Record<string, string>;
  effective: Record<string, string>;
  files: Record<string, ObservedFile>;
  mailRoot: string;
  configSum: string;
  reloadedSum: string;
  /** main.cf does not exist yet (a fresh install): the effective values are Postfix's defaults. */
  noMainCf?: boolean;
  /** The queue directory this instance uses (the option, else queue_directory), and whether it exists. */
  queueDirectory?: { path: string; exists: boolean };
}

export function fileSpecs(desired: PostfixDesired): string[] {
  return desired.maps.map((m) => `${m.secret ? 'secret' : m.postmapType ? 'map' : 'text'}:${m.path}`);
}

/** The files whose content decides whether Postfix must be reloaded (secret maps by their table only). */
export function reloadFiles(desired: PostfixDesired): string[] {
  return desired.maps.filter((m) => m.format === 'postmap').map((m) => (m.secret ? `${m.path}.db` : m.path));
}

export function paramNames(desired: PostfixDesired): string[] {
  return [...new Set([...MANAGED_PARAMS, ...desired.params.keys()])];
}

export function observeCommand(desired: PostfixDesired, o: PostfixOptions): CommandSpec {
  return {
    argv: [
      'sh',
      '-c',
      OBSERVE,
      'coexist-observe',
      o.configDirectory,
      paramNames(desired).join(' '),
      o.mailRoot,
      o.queueDirectory ?? '',
      ...fileSpecs(desired),
    ],
    description: `read the Postfix instance ${o.configDirectory} (postconf, map files, reload state)`,
    timeoutMs: 30_000,
  };
}

function parsePostconf(lines: string[], into: Record<string, string>): void {
  for (const l of lines) {
    const m = /^([A-Za-z0-9_]+) =(?: (.*))?$/.exec(l);
    if (m) into[m[1]!] = m[2] ?? '';
  }
}

export function parseObserved(stdout: string, o: PostfixOptions, target: TargetT): PostfixState {
  const lines = stdout.split('\n');
  const error = lines.find((l) => l.startsWith('@@error '));
  if (error)
    throw new AdapterError(
      `target ${target.id}: cannot read the Postfix instance ${o.configDirectory}: ${error.slice(8).trim()}; nothing was planned or changed`,
      target.id,
    );
  if (!lines.includes('@@end'))
    throw new AdapterError(
      `target ${target.id}: the read-back of ${o.configDirectory} ended early; output:\n${stdout.slice(0, 2000)}`,
      target.id,
    );
  const state: PostfixState = {
    configDirectory: o.configDirectory,
    explicit: {},
    effective: {},
    files: {},
    mailRoot: 'missing',
    configSum: '',
    reloadedSum: '',
  };
  let section = '';
  let file: ObservedFile | undefined;
  const body: Record<string, string[]> = { explicit: [], effective: [] };
  for (const line of lines) {
    if (line.startsWith('@@')) {
      const [tag, ...rest] = line.slice(2).split(' ');
      if (tag === 'error')
        throw new AdapterError(
          `target ${target.id}: cannot read the Postfix instance ${o.configDirectory}: ${rest.join(' ').trim()}; nothing was planned or changed`,
          target.id,
        );
      if (tag === 'file') {
        const path = rest.slice(1).join(' ');
        file = { exists: false, lines: [] };
        state.files[path] = file;
        section = 'file';
      } else if (tag === 'exists' && file) file.exists = true;
      else if (tag === 'db' && file) file.db = rest[0] === 'fresh' ? 'fresh' : 'stale';
      else if (tag === 'no-main-cf') state.noMainCf = true;
      else if (tag === 'mark' && file) file.secretMark = rest.join(' ').trim();
      else section = tag ?? '';
      continue;
    }
    if (section === 'explicit' || section === 'effective') {
      if (line.startsWith('|')) body[section]!.push(line.slice(1));
    } else if (section === 'file' && file && line.startsWith('|')) file.lines.push(line.slice(1));
    else if (section === 'mailroot' && line) state.mailRoot = line.trim();
    else if (section === 'config-sum' && line) state.configSum = line.trim();
    else if (section === 'reloaded-sum' && line) state.reloadedSum = line.trim();
    else if (section === 'queuedir' && line) {
      const [status, ...path] = line.split(' ');
      if (path.join(' ')) state.queueDirectory = { path: path.join(' '), exists: status === 'ok' };
    }
  }
  parsePostconf(body.explicit!, state.explicit);
  parsePostconf(body.effective!, state.effective);
  return state;
}

export function fingerprintState(state: PostfixState): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

export async function observePostfix(
  desired: PostfixDesired,
  o: PostfixOptions,
  target: TargetT,
  executor: Executor,
): Promise<Observed & { state: PostfixState }> {
  const r = await executor.run(observeCommand(desired, o));
  if (r.unreachable) throw new AdapterError(`target ${target.id}: ${r.stderr.trim()}; nothing was read or changed`, target.id);
  if (r.timedOut)
    throw new AdapterError(
      `target ${target.id}: reading ${o.configDirectory} on ${executor.description} timed out after ${r.durationMs} ms; nothing was changed`,
      target.id,
    );
  if (r.exitCode !== 0)
    throw new AdapterError(
      `target ${target.id}: reading ${o.configDirectory} on ${executor.description} failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`,
      target.id,
    );
  const state = parseObserved(r.stdout, o, target);
  return { fingerprint: fingerprintState(state), state };
}
