// Exported scripts, executed: a plan rendered as a POSIX sh script (src/adapters/export/render-sh.ts, what
// `coexist export` writes for the postfix-dovecot adapter) is run by the real /bin/sh with recorder tools on
// PATH. Whatever hostile text the plan holds (arguments, data, object names, details, descriptions, the
// title, secret values), the script must run exactly the planned commands with exactly the planned
// arguments and data, in order, and nothing else: a value that escaped its quoting would add, split or
// change a command, or run the marker command the payloads carry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderShellScript } from '../../src/adapters/export/render-sh.js';
import type { Change } from '../../src/adapters/types.js';
import { postfixDovecotAdapter } from '../../src/adapters/postfix-dovecot/index.js';
import { scenarioModel, SCENARIOS } from '../../src/model/scenarios.js';
import { params } from './fc-seed.js';
import { hostileText } from './hostile.js';

let work = '';
let bin = '';
let marker = '';
const TOOLS = ['coexist-rec-a', 'coexist-rec-b', 'postconf', 'sh'];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'coexist-export-run-'));
  bin = join(work, 'bin');
  mkdirSync(bin);
  marker = join(work, 'PWNED');
  // Records each call: its arguments one per file, its stdin, then a "done" file with the count.
  const recorder = `#!/bin/sh
rec="$COEXIST_REC"
n=0
while [ -e "$rec/$n.done" ]; do n=$((n+1)); done
i=0
for a in "$@"; do printf '%s' "$a" > "$rec/$n.arg.$i"; i=$((i+1)); done
printf '%s' "\${0##*/}" > "$rec/$n.tool"
/bin/cat > "$rec/$n.stdin"
printf '%s' "$#" > "$rec/$n.done"
`;
  for (const t of TOOLS) {
    writeFileSync(join(bin, t), recorder);
    chmodSync(join(bin, t), 0o755);
  }
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Recorded {
  tool: string;
  args: string[];
  stdin: string;
}

function runScript(script: string, env: Record<string, string>): { code: number | null; stderr: string; calls: Recorded[] } {
  const rec = mkdtempSync(join(work, 'rec-'));
  const file = join(rec, 'script.sh');
  writeFileSync(file, script);
  const r = spawnSync('/bin/sh', [file], {
    env: { PATH: `${bin}:/usr/bin:/bin`, COEXIST_REC: rec, HOME: work, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const calls: Recorded[] = [];
  for (let n = 0; existsSync(join(rec, `${n}.done`)); n++) {
    const count = Number(readFileSync(join(rec, `${n}.done`), 'utf8'));
    calls.push({
      tool: readFileSync(join(rec, `${n}.tool`), 'utf8'),
      args: Array.from({ length: count }, (_, i) => readFileSync(join(rec, `${n}.arg.${i}`), 'utf8')),
      stdin: readFileSync(join(rec, `${n}.stdin`), 'utf8'),
    });
  }
  rmSync(rec, { recursive: true, force: true });
  return { code: r.status, stderr: r.stderr, calls };
}

/** Hostile text without NUL (a shell word cannot hold one: refused, tested below) and well-formed UTF-16. */
const text = (max = 8) =>
  fc
    .oneof(
      hostileText(max),
      fc.constantFrom(
        '$(touch MARK)',
        '`touch MARK`',
        '; touch MARK',
        "'; touch MARK; '",
        '"; touch MARK; "',
        '\ntouch MARK\n',
        "'\\''; touch MARK #",
        '$(printf x)\u2019',
      ),
    )
    .map((s) => wellFormed(s.replace(/\0/g, '')).replace(/MARK/g, () => marker));

/** Lone surrogates become U+FFFD, as they would on their way to a file. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const SECRETS = { SECRET_A: `a'"$(touch MARK)\`;|&\u2019 \\`, SECRET_B: '  spaces  and $HOME and \u201Cquotes\u201D' };
const secretValue = (name: keyof typeof SECRETS) => SECRETS[name].replace(/MARK/g, () => marker);

const command = fc.record({
  argv: fc.tuple(fc.constantFrom(...TOOLS), fc.array(text(6), { maxLength: 5 })).map(([t, a]) => [t, ...a]),
  stdin: fc.option(text(12), { nil: undefined }),
  secrets: fc.option(fc.subarray(['env:SECRET_A', 'env:SECRET_B'], { minLength: 1 }), { nil: undefined }),
  description: text(6),
});
const change: fc.Arbitrary<Change> = fc
  .record({
    action: fc.constantFrom('create', 'update', 'delete') as fc.Arbitrary<Change['action']>,
    object: text(6),
    details: fc.array(text(6), { maxLength: 3 }),
    commands: fc.array(command, { minLength: 1, maxLength: 3 }),
  })
  .map((c) => {
    const out: Change = {
      action: c.action,
      object: c.object,
      details: c.details,
      commands: c.commands.map((k) => {
        const spec: Change['commands'][number] = { argv: k.argv, description: k.description };
        if (k.stdin !== undefined) spec.stdin = k.stdin;
        if (k.secrets !== undefined) spec.secrets = k.secrets;
        return spec;
      }),
    };
    return out;
  });

function expected(changes: readonly Change[]): Recorded[] {
  return changes.flatMap((c) =>
    c.commands.map((k) => {
      const secretLines = (k.secrets ?? []).map((ref) => `${secretValue(ref.slice(4) as keyof typeof SECRETS)}\n`).join('');
      const data = k.stdin ?? '';
      // A here-document always ends its data with a line break.
      const body = data === '' ? (secretLines ? '\n' : '') : data.endsWith('\n') ? data : `${data}\n`;
      return { tool: k.argv[0]!, args: k.argv.slice(1), stdin: secretLines + body };
    }),
  );
}

describe('exported sh scripts run exactly the reviewed plan', () => {
  it('property: whatever hostile text a plan holds, /bin/sh runs exactly its commands, arguments and data', () => {
    fc.assert(
      fc.property(text(10), fc.array(change, { minLength: 1, maxLength: 5 }), (title, changes) => {
        const script = renderShellScript(title, changes);
        const r = runScript(script, Object.fromEntries(Object.keys(SECRETS).map((k) => [k, secretValue(k as keyof typeof SECRETS)])));
        expect(r.code, r.stderr).toBe(0);
        expect(r.calls).toEqual(expected(changes));
        expect(existsSync(marker), 'a payload ran').toBe(false);
        // The secret values are read from the environment when the script runs, never written into it.
        for (const v of Object.values(SECRETS)) expect(script).not.toContain(v.replace(/MARK/g, marker));
      }),
      params(150),
    );
  }, 120_000);

  it('refuses NUL in an argument instead of dropping it', () => {
    expect(() =>
      renderShellScript('t', [{ action: 'create', object: 'o', commands: [{ argv: ['coexist-rec-a', 'a\0b'], description: 'd' }] }]),
    ).toThrow(/NUL/);
  });

  it('a missing secret stops the script before any command runs', () => {
    const changes: Change[] = [
      {
        action: 'create',
        object: 'o',
        commands: [
          { argv: ['coexist-rec-a', 'x'], description: 'd' },
          { argv: ['coexist-rec-b'], secrets: ['env:SECRET_A'], description: 'd' },
        ],
      },
    ];
    const r = runScript(renderShellScript('t', changes), {});
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/SECRET_A/);
    expect(r.calls).toEqual([]);
  });

  // dash 0.5.12 (Debian's /bin/sh) drops the first byte >= 0x80 after a prefix of the delimiter at the start of
  // a here-document line ("C\u00e9cile" under COEXIST_DATA_... comes out as "C\xa9cile"); bash does not.
  // Reproduce: printf "cat <<'XYZ'\nX\xc3\xa9\nXYZ\n" | dash | od -c. Non-ASCII data is printed instead.
  it('data that is not ASCII reaches the command byte for byte under dash, with and without secrets', () => {
    const risky = [
      'C\u00e9cile',
      'COEXIST_DATA_\u00e9',
      'CO\u2019Brien',
      '\u00e9t\u00e9\r\nC\u00e9',
      "it's \u201Cquoted\u201D $(touch MARK)",
    ].map((t) => t.replace(/MARK/g, marker));
    for (const data of risky) {
      for (const secrets of [undefined, ['env:SECRET_A']]) {
        const changes: Change[] = [
          {
            action: 'update',
            object: 'o',
            commands: [{ argv: ['coexist-rec-a', 'x'], description: 'd', stdin: data, ...(secrets ? { secrets } : {}) }],
          },
        ];
        const script = renderShellScript('t', changes);
        const r = runScript(script, { SECRET_A: secretValue('SECRET_A') });
        expect(r.code, r.stderr).toBe(0);
        expect(r.calls).toEqual(expected(changes));
        expect(existsSync(marker)).toBe(false);
      }
    }
  });

  it('property: data of lines that begin like the delimiter, with any Unicode, arrives exactly', () => {
    const line = fc
      .tuple(fc.constantFrom('', 'C', 'CO', 'COEXIST_DATA_', 'X'), fc.string({ unit: 'grapheme', maxLength: 6 }))
      .map(([a, b]) => wellFormed(a + b));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const changes: Change[] = [
          {
            action: 'update',
            object: 'o',
            commands: [{ argv: ['coexist-rec-a'], description: 'd', stdin: lines.join('\n').replace(/\0/g, '') }],
          },
        ];
        const r = runScript(renderShellScript('t', changes), {});
        expect(r.code, r.stderr).toBe(0);
        expect(r.calls).toEqual(expected(changes));
      }),
      params(100),
    );
  }, 60_000);

  it('the postfix-dovecot exports of both examples run exactly their planned commands', () => {
    for (const scenario of SCENARIOS) {
      const model = scenarioModel(scenario);
      for (const target of postfixDovecotAdapter.exporter.defaultTargets(model)) {
        const changes = postfixDovecotAdapter.plan(model, target, postfixDovecotAdapter.unobserved(model, target));
        const script = postfixDovecotAdapter.exporter.render(model, target, changes);
        // Run it against the recorders: map every planned tool to a recorder of the same name.
        const tools = new Set(changes.flatMap((c) => c.commands.map((k) => k.argv[0]!)));
        for (const t of tools) expect(TOOLS, `${scenario} ${target.id} runs ${t}`).toContain(t);
        const r = runScript(script, { COEXIST_POP3_RELAY_PASSWORD: secretValue('SECRET_A') });
        expect(r.code, r.stderr).toBe(0);
        const want = changes.flatMap((c) =>
          c.commands.map((k) => ({
            tool: k.argv[0]!,
            args: k.argv.slice(1),
            stdin:
              (k.secrets ?? []).map(() => `${secretValue('SECRET_A')}\n`).join('') +
              (k.stdin ? (k.stdin.endsWith('\n') ? k.stdin : `${k.stdin}\n`) : k.secrets?.length ? '\n' : ''),
          })),
        );
        expect(r.calls, `${scenario} ${target.id}`).toEqual(want);
        expect(readdirSync(work).includes('PWNED')).toBe(false);
      }
    }
  });
});
