// The guided setup in a real terminal: `node bin/coexist.js init` on a pseudo-terminal of 80x24 (CI
// removed from the child's environment, or Ink only draws the last frame), screen kept by @xterm/headless.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { readModelFile } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { validate } from '../../src/model/rules/index.js';
import { simulate } from '../../src/model/routing/simulate.js';

const { Terminal } = xterm;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'coexist.js');
const COLS = 80;
const ROWS = 24;

function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'NO_COLOR' || k === 'FORCE_COLOR')
      continue;
    env[k] = v;
  }
  env.TERM = 'xterm-256color';
  // The markers below are the ASCII glyphs ("> "); test/e2e/wizard-runner.test.ts checks the UTF-8 ones.
  env.COEXIST_ASCII = '1';
  return env;
}

function startTui(args: string[], cwd: string) {
  const term = new Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const child = pty.spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd, env: childEnv() });
  let pending = 0;
  let output = '';
  child.onData((d) => {
    pending++;
    output += d;
    term.write(d, () => {
      pending--;
    });
  });
  let exitCode: number | null = null;
  const exited = new Promise<number>((resolve) =>
    child.onExit(({ exitCode: c }) => {
      exitCode = c;
      resolve(c);
    }),
  );
  const screen = () => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out.join('\n');
  };
  return {
    screen,
    exited,
    term,
    output: () => output,
    async waitFor(text: string | RegExp | ((screen: string) => boolean), ms = 15000): Promise<string> {
      const end = performance.now() + ms;
      const matches = (s: string) => (typeof text === 'string' ? s.includes(text) : text instanceof RegExp ? text.test(s) : text(s));
      for (;;) {
        const s = screen();
        if (pending === 0 && matches(s)) return s;
        if (exitCode !== null && pending === 0) throw new Error(`exited (${exitCode}) while waiting for ${text}\n${s}`);
        if (performance.now() > end) throw new Error(`timed out waiting for ${text}\n${s}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    press(keys: string) {
      child.write(keys);
    },
    resize(cols: number, rows: number) {
      child.resize(cols, rows);
      term.resize(cols, rows);
    },
    kill() {
      try {
        child.kill();
      } catch {
        /* already gone */
      }
    },
  };
}

const ENTER = '\r';
const RIGHT = '\x1b[C';
const PGDN = '\x1b[6~';

let dir: string;
let tui: ReturnType<typeof startTui> | null = null;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'coexist.cjs')))
    throw new Error('dist/coexist.cjs is missing: run `npm run build` first (npm test does)');
});
afterEach(() => {
  tui?.kill();
  tui = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('coexist init in a real terminal (80x24)', () => {
  it('walks the shared-domain setup by keys, writes the model and restores the screen', async () => {
    dir = mkdtempSync(join(tmpdir(), 'coexist-e2e-wizard-'));
    const t = startTui(['init', '--out', 'coexist.yaml'], dir);
    tui = t;
    const first = await t.waitFor('Step 1 of 9: Welcome');
    expect(t.term.buffer.active.type).toBe('alternate');
    expect(first.split('\n').every((l) => l.length <= COLS)).toBe(true);
    expect(first).toMatch(/Esc cancel/);

    const step = async (keys: string, until: string | RegExp) => {
      t.press(keys);
      return t.waitFor(until);
    };
    await step(ENTER, 'Step 2 of 9: Scenario');
    await step(ENTER, 'Step 3 of 9: Domains');
    await step('Northwind Traders', 'Northwind Traders');
    await step(ENTER, '> Shared mail domain');
    await step('northwindtraders.com', 'pop.northwindtraders.com');
    await step(ENTER, 'Enter keeps the suggestion');
    await step(ENTER, />\s+Runbook language/);
    await step(ENTER, />\s+Policy name +_?POP User Addresses/);
    await step(ENTER, 'Step 4 of 9: Exchange servers');
    await step('EX01', 'ex01.northwindtraders.com');
    await step(ENTER, 'Enter keeps the suggestion');
    await step(ENTER, />\s+IP address/);
    await step('10.0.0.10', '10.0.0.10');
    await step(PGDN, 'Step 5 of 9: POP3 server');
    await step('POP01', 'pop01.northwindtraders.com');
    await step(ENTER + ENTER, />\s+IP address/);
    await step('10.0.0.20', '10.0.0.20');
    await step(ENTER + ENTER, 'Step 6 of 9: Relay to Exchange');
    await step(RIGHT + RIGHT, '(*) Both');
    await step(ENTER, '> Service account');
    await step('NWTRADERS\\svc-pop3-relay', 'NWTRADERS\\svc-pop3-relay');
    await step(ENTER + ENTER + ENTER, 'Step 7 of 9: Users');
    for (const [logon, name, exchange] of [
      ['alice', 'Alice Martin', false],
      ['carl', 'Carl Dubois', false],
      ['bob', 'Bob Kelly', true],
    ] as const) {
      await step(ENTER, /> User \d logon/);
      await step(logon, logon);
      await step(ENTER, /> +Display name/);
      await step(name, name);
      await step(ENTER, /> +Kind/);
      if (exchange) await step(RIGHT, '(*) Exchange mailbox');
      await step('\t\t', '> [ Add a user ]');
    }
    await step(PGDN, 'Step 8 of 9: Mail clients');
    const summary = await step(ENTER, 'Step 9 of 9: Summary');
    expect(summary).toMatch(/Findings: 0 error\(s\)/);
    expect(summary.split('\n').every((l) => l.length <= COLS)).toBe(true);

    // Finish writes the file and opens the console on it.
    t.press(ENTER);
    const opened = await t.waitFor('q quit');
    expect(opened.split('\n')[0]).toContain('coexist.yaml');
    expect(opened).toContain('DELIVERED to pop3 POP01 alice@pop.northwindtraders.com');
    expect(existsSync(join(dir, 'coexist.yaml'))).toBe(true);
    t.press('q');
    expect(await t.exited).toBe(0);
    await t.waitFor(/wrote .*coexist\.yaml/);
    expect(t.term.buffer.active.type).toBe('normal');
    expect(t.screen()).not.toContain('Step 9 of 9');

    const model = readModelFile(join(dir, 'coexist.yaml')).model;
    expect(model).toEqual(scenarioModel('shared-domain'));
    expect(validate(model).filter((f) => f.severity === 'error')).toEqual([]);
    expect(simulate(model, { recipient: 'alice@northwindtraders.com', origin: { kind: 'internet' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'pop3',
      server: 'POP01',
      mailbox: 'alice@pop.northwindtraders.com',
    });
  }, 60000);

  it('coexist with no model file opens the setup; Esc then y cancels: exit 2, nothing written, screen restored', async () => {
    dir = mkdtempSync(join(tmpdir(), 'coexist-e2e-wizard-'));
    const t = startTui([], dir);
    tui = t;
    await t.waitFor('Step 1 of 9');
    t.press(ENTER);
    await t.waitFor('Step 2 of 9');
    t.press(ENTER);
    await t.waitFor('Step 3 of 9');
    t.press('Acme');
    await t.waitFor('Acme');
    // Redrawn at the new size, answers kept: the key bar now sits on row 29 of 30.
    t.resize(100, 30);
    const wide = await t.waitFor((screen) => /Esc cancel/.test(screen.split('\n')[28] ?? ''));
    expect(wide.split('\n')[22]).not.toMatch(/Esc cancel/);
    expect(wide).toContain('Acme');
    t.press('\x1b');
    await t.waitFor('Discard this setup?');
    t.press('y');
    expect(await t.exited).toBe(2);
    await t.waitFor('setup cancelled; nothing written (coexist --example opens the built-in example)');
    expect(t.term.buffer.active.type).toBe('normal');
    expect(existsSync(join(dir, 'coexist.yaml'))).toBe(false);
  }, 30000);

  it('coexist --example opens the console on the built-in example, read-only, whatever the directory holds', async () => {
    dir = mkdtempSync(join(tmpdir(), 'coexist-e2e-wizard-'));
    const t = startTui(['--example'], dir);
    tui = t;
    const s = await t.waitFor('q quit');
    expect(s.split('\n')[0]).toContain('built-in example (read-only)');
    t.press('q');
    expect(await t.exited).toBe(0);
  }, 30000);
});
