// `coexist route --batch` reads stdin in chunks and answers each chunk with one write: line numbers and
// line ends as a line reader counts them, answers before stdin closes, the same verdicts as `route`,
// and bad options refused before any recipient is read. Plus the command table's lazy entries.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allAdapters } from '../../src/adapters/registry.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { cli, json } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../bin/coexist.js', import.meta.url));
let dir: string;
let model: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coexist-batch-'));
  model = join(dir, 'shared.yaml');
  expect(cli(['init', '--scenario', 'shared-domain', '--out', model]).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const batch = (input: string, extra: string[] = []) => cli(['route', '--batch', '--model', model, ...extra], { input });
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('route --batch', () => {
  it('numbers lines as a line reader does: LF, CRLF and a lone CR end a line; blanks and # comments are skipped', () => {
    const r = batch('alice@northwindtraders.com\r\n\rbob@northwindtraders.com\r# a comment\n\n  nobody@northwindtraders.com  ');
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => [l.line, l.recipient])).toEqual([
      [1, 'alice@northwindtraders.com'],
      [3, 'bob@northwindtraders.com'],
      [6, 'nobody@northwindtraders.com'],
    ]);
  });

  it('gives each recipient the verdict and final recipient that route gives it alone', () => {
    const recipients = [
      'alice@northwindtraders.com',
      'bob@northwindtraders.com',
      'nobody@northwindtraders.com',
      'someone@example.org',
      '"a b"@northwindtraders.com',
      'not an address',
    ];
    const out = lines(batch(`${recipients.join('\n')}\n`, ['--from', 'user:alice', '--auth']).stdout);
    expect(out.map((l) => l.recipient)).toEqual(recipients);
    recipients.forEach((rcpt, i) => {
      const single = json(cli(['route', rcpt, '--from', 'user:alice', '--auth', '--json', '--model', model]));
      expect(out[i]).toEqual({ line: i + 1, recipient: rcpt, finalRecipient: single.finalRecipient, verdict: single.verdict });
    });
  });

  it('answers a recipient before stdin closes (a script can feed it one at a time)', async () => {
    const child = spawn(process.execPath, [BIN, 'route', '--batch', '--model', model], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    try {
      let out = '';
      const first = new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        child.on('exit', () => reject(new Error(`exited before answering: ${out}`)));
      });
      child.stdin.write('alice@northwindtraders.com\n');
      const line = JSON.parse((await first).split('\n')[0]!);
      expect(line).toMatchObject({ line: 1, recipient: 'alice@northwindtraders.com', verdict: { kind: 'delivered' } });
      child.stdin.end('bob@northwindtraders.com\n');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(lines(out).map((l) => l.line)).toEqual([1, 2]);
    } finally {
      child.kill();
    }
  }, 30_000);

  it('waits for a reader that is behind: all the lines, in order, and no input read ahead of what it can write', async () => {
    const child = spawn(process.execPath, [BIN, 'route', '--batch', '--model', model], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    try {
      // Nobody reads stdout yet: once the pipe and the batch's one chunk in hand are full, stdin is not read any
      // more, so writing a large input cannot finish until the output is read.
      child.stdout.pause();
      const input = 'alice@northwindtraders.com\nnobody@northwindtraders.com\n'.repeat(30_000);
      let written = false;
      const fed = new Promise<void>((resolve) => child.stdin.end(input, () => resolve()));
      void fed.then(() => {
        written = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(written).toBe(false);
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      const numbers = lines(out).map((l) => l.line);
      expect(numbers).toHaveLength(60_000);
      expect(numbers.every((n, i) => n === i + 1)).toBe(true);
    } finally {
      child.kill();
    }
  }, 60_000);

  it('--trace adds the full trace of route --json to each line; a repeated recipient gets the same line', () => {
    const recipients = [
      'alice@northwindtraders.com',
      'nobody@northwindtraders.com',
      'bob%example.org@northwindtraders.com',
      'alice@northwindtraders.com',
    ];
    const traced = lines(batch(`${recipients.join('\n')}\n`, ['--trace']).stdout);
    const plain = lines(batch(`${recipients.join('\n')}\n`).stdout);
    recipients.forEach((rcpt, i) => {
      const single = json(cli(['route', rcpt, '--json', '--model', model]));
      expect(traced[i]).toEqual({
        line: i + 1,
        recipient: rcpt,
        finalRecipient: single.finalRecipient,
        verdict: single.verdict,
        routed: single.routed,
        tricks: single.tricks,
        steps: single.steps,
      });
      expect(plain[i]).toEqual({ line: i + 1, recipient: rcpt, finalRecipient: single.finalRecipient, verdict: single.verdict });
    });
    expect(traced[2].steps.length).toBeGreaterThan(1);
    expect({ ...plain[3], line: 1 }).toEqual(plain[0]);
  });

  it('refuses --trace without --batch', () => {
    const r = cli(['route', 'alice@northwindtraders.com', '--trace', '--model', model]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--trace is for --batch/);
  });

  it('refuses a bad --from before reading any recipient, even with nothing on stdin', () => {
    const r = batch('', ['--from', 'user:nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no user with logon "nobody"/);
  });
});

describe('the command table', () => {
  it('export names exactly the registered adapters', () => {
    expect(exportCommand.options.adapter!.help).toBe(
      `the adapter (${allAdapters()
        .map((a) => a.id)
        .join(', ')})`,
    );
    expect(exportCommand.options.adapter!.help).toBe('the adapter (postfix-dovecot, exchange-ems, windows2003, runbook)');
  });

  it('keeps every command, each with help and a run', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['init', 'validate', 'route', 'flows', 'plan', 'apply', 'export']);
    for (const c of COMMANDS) {
      expect(c.summary.length).toBeGreaterThan(0);
      expect(typeof c.run).toBe('function');
    }
  });
});
