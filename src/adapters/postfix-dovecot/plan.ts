// The postfix-dovecot diff: desired state (desired.ts) against what observe.ts read, as object-level changes.
// Order: Maildir root, map files (so main.cf never names a table that is not built), main.cf, then
// `postfix check` and reload, which also runs when an earlier apply stopped before reloading.
import type { TargetT } from '../../model/schema.js';
import { diffResources, diffValues } from '../diff.js';
import { AdapterError, type Change } from '../types.js';
import type { MapFile, PostfixDesired } from './desired.js';
import type { PostfixState } from './observe.js';
import { reloadFiles } from './observe.js';
import type { PostfixOptions } from './options.js';
import { CHECK_AND_RELOAD, CREATE_MAIN_CF, MAIL_ROOT, WRITE_FILE, WRITE_SECRET_MAP } from './scripts.js';

/** main.cf list values compare by their items: "a,b" and "a, b" are the same setting. */
export function normalizeValue(v: string): string {
  return v
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .join(', ');
}

export function parseMapLines(lines: readonly string[], format: MapFile['format']): Map<string, string> {
  const m = new Map<string, string>();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const i = format === 'passwd' ? line.indexOf(':') : line.search(/\s/);
    if (i < 0) m.set(line, '');
    else m.set(line.slice(0, i), format === 'passwd' ? line.slice(i + 1) : line.slice(i).trim());
  }
  return m;
}

export function mapText(map: MapFile): string {
  if (map.text !== undefined) return map.text;
  const sep = map.format === 'passwd' ? ':' : ' ';
  return [...map.entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}${sep}${v}\n`)
    .join('');
}

const q = (s: string) => JSON.stringify(s);

function mapChange(map: MapFile, state: PostfixState, configDirectory: string, marks: Record<string, string>): Change | undefined {
  const observed = state.files[map.path] ?? { exists: false, lines: [] };
  if (map.format === 'conf') return confChange(map, observed);
  const before = parseMapLines(observed.lines, map.format);
  // The entries, key by key in key order: a key the model no longer has is removed from the map.
  const show = (v: string) => (map.secret ? `${v}:(password from ${map.secret})` : v);
  const details = diffResources(map.entries, before, { same: (was, now) => was === now, deletes: () => true, order: 'address' }).map((c) =>
    c.action === 'create'
      ? `+ ${c.address} ${show(c.desired)}`
      : c.action === 'delete'
        ? `- ${c.address} ${show(c.observed)}`
        : `~ ${c.address} ${show(c.observed)} -> ${show(c.desired)}`,
  );
  const stale = map.postmapType !== undefined && observed.exists && observed.db !== 'fresh';
  const mark = map.secret ? marks[map.secret] : undefined;
  if (mark !== undefined && observed.exists && observed.secretMark !== mark) {
    details.push(
      observed.secretMark === undefined
        ? `~ password from ${map.secret}: not known to match (written before coexist kept its fingerprint); written again`
        : `~ password from ${map.secret} changed since it was written`,
    );
  }
  if (details.length === 0 && observed.exists && !stale) return undefined;
  if (details.length === 0 && stale) details.push(`~ rebuild the ${map.postmapType} table ${map.path}.db (older than the file)`);
  const lines = [...map.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const command = map.secret
    ? {
        argv: ['sh', '-c', WRITE_SECRET_MAP, 'coexist-write-secret-map', map.path, configDirectory, ...(mark ? [mark] : [])],
        stdin: lines.map(([k, v]) => `${k} ${v}\n`).join(''),
        secrets: [map.secret],
        description: `write ${map.path} (0600, password from ${map.secret} on stdin) and postmap it`,
      }
    : {
        argv: ['sh', '-c', WRITE_FILE, 'coexist-write-file', map.path, map.mode, map.postmapType ?? 'none', configDirectory],
        stdin: mapText(map),
        description: `write ${map.path} atomically${map.postmapType ? ` and run postmap ${map.postmapType}:${map.path}` : ''}`,
      };
  return {
    action: observed.exists ? 'update' : 'create',
    object: `${map.name === 'dovecot_users' ? 'Dovecot userdb' : 'map'} ${map.name} (${map.path})`,
    before: observed.exists ? observed.lines.join('\n') : undefined,
    after: map.secret ? lines.map(([k, v]) => `${k} ${v}:(secret)`).join('\n') : mapText(map),
    details,
    commands: [command],
  } as Change;
}

/** A configuration file coexist owns whole: rewritten when any line differs, the lines shown +/-. */
function confChange(map: MapFile, observed: { exists: boolean; lines: string[] }): Change | undefined {
  const want = mapText(map).replace(/\n$/, '').split('\n');
  if (observed.exists && observed.lines.join('\n') === want.join('\n')) return undefined;
  const { remove, add } = diffValues(observed.lines, want);
  const details = [...remove.map((l) => `- ${l}`), ...add.map((l) => `+ ${l}`)];
  if (details.length === 0) details.push('~ the same lines in another order: written again');
  return {
    action: observed.exists ? 'update' : 'create',
    object: `Dovecot configuration (${map.path})`,
    before: observed.exists ? observed.lines.join('\n') : undefined,
    after: mapText(map),
    details,
    commands: [
      {
        argv: ['sh', '-c', WRITE_FILE, 'coexist-write-file', map.path, map.mode, 'none', '/'],
        stdin: mapText(map),
        description: `write ${map.path} atomically (reload Dovecot afterwards: doveadm reload)`,
      },
    ],
  } as Change;
}

export function planPostfix(
  desired: PostfixDesired,
  state: PostfixState,
  o: PostfixOptions,
  target: TargetT,
  marks: Record<string, string> = {},
): Change[] {
  const changes: Change[] = [];
  if (state.queueDirectory && !state.queueDirectory.exists) {
    throw new AdapterError(
      `target ${target.id}: the queue directory ${state.queueDirectory.path} does not exist on the target; create it (postfix -c ${o.configDirectory} post-install create-missing) or correct ${o.queueDirectory ? 'option queueDirectory' : `queue_directory in ${o.configDirectory}/main.cf`}; nothing was planned`,
      target.id,
    );
  }
  if (state.noMainCf) {
    changes.push({
      action: 'create',
      object: `main.cf (${o.configDirectory}/main.cf)`,
      details: ["+ an empty main.cf: Postfix's defaults, then the parameters below"],
      commands: [
        {
          argv: ['sh', '-c', CREATE_MAIN_CF, 'coexist-main-cf', o.configDirectory],
          description: `create ${o.configDirectory}/main.cf (empty: Postfix's defaults)`,
        },
      ],
    });
  }
  const owner = `${o.mailUid}:${o.mailGid}`;
  if (state.mailRoot !== owner) {
    changes.push({
      action: state.mailRoot === 'missing' ? 'create' : 'update',
      object: `Maildir root ${o.mailRoot}`,
      before: state.mailRoot === 'missing' ? undefined : `owner ${state.mailRoot}`,
      after: `owner ${owner}, mode 0750`,
      details: [state.mailRoot === 'missing' ? `+ directory owned by ${owner}` : `~ owner ${state.mailRoot} -> ${owner}`],
      commands: [
        {
          argv: ['sh', '-c', MAIL_ROOT, 'coexist-mail-root', o.mailRoot, String(o.mailUid), String(o.mailGid)],
          description: `create ${o.mailRoot} owned by ${owner}`,
        },
      ],
    });
  }
  for (const map of desired.maps) {
    const c = mapChange(map, state, o.configDirectory, marks);
    if (c) changes.push(c);
  }
  const details: string[] = [];
  const edits: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  // main.cf parameters by name, compared as Postfix reads them; one the model does not set is left as it is.
  const params = diffResources(desired.params, (name) => state.effective[name], {
    same: (now, value) => normalizeValue(now) === normalizeValue(value),
  });
  for (const c of params) {
    const [name, value, now] = [c.address, c.desired, c.action === 'update' ? c.observed : undefined];
    const explicit = Object.hasOwn(state.explicit, name);
    details.push(
      explicit
        ? `~ ${name} = ${q(now ?? '')} -> ${q(value)}`
        : `+ ${name} = ${q(value)}${now !== undefined && now !== '' ? ` (default was ${q(now)})` : ''}`,
    );
    edits.push(`${name} = ${value}`);
    before.push(`${name} = ${now ?? ''}`);
    after.push(`${name} = ${value}`);
  }
  if (edits.length > 0) {
    changes.push({
      action: 'update',
      object: `main.cf (${o.configDirectory}/main.cf)`,
      before: before.join('\n'),
      after: after.join('\n'),
      details,
      commands: [
        {
          argv: ['postconf', '-c', o.configDirectory, '-e', ...edits],
          description: `postconf -e ${edits.length} parameter(s) in ${o.configDirectory}/main.cf`,
        },
      ],
    });
  }
  if (changes.length > 0 || state.configSum !== state.reloadedSum) {
    changes.push({
      action: 'update',
      object: `Postfix instance ${o.configDirectory}`,
      details: [
        changes.length > 0
          ? '~ postfix check, then reload if running'
          : '~ postfix check, then reload if running (the configuration changed since the last reload)',
      ],
      commands: [
        {
          argv: ['sh', '-c', CHECK_AND_RELOAD, 'coexist-check-reload', o.configDirectory, ...reloadFiles(desired)],
          description: `postfix -c ${o.configDirectory} check, then reload if it runs`,
        },
      ],
    });
  }
  return changes;
}
