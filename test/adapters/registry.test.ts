// "A new adapter = one folder + one registry line" (docs/architecture.md, "Adding an adapter"): an adapter
// added with one line (registerAdapter takes the same entry a line of registry.ts is) is known to the model
// (its targets load, their options are checked with file, line and field), to `coexist validate` and to
// `coexist export` (its help, its refusal of an unknown adapter, and the files it writes), without a word
// anywhere else.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { stringify } from 'yaml';
import { oneFile } from '../../src/adapters/export/export.js';
import { allAdapters, findAdapter, loadAdapter, registerAdapter } from '../../src/adapters/registry.js';
import type { Adapter, Change } from '../../src/adapters/types.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import type { Output } from '../../src/cli/io.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import type { Model, TargetT } from '../../src/model/schema.js';
import { formatProblem, loadModelText } from '../../src/persistence/index.js';

/** A test-only adapter: one change per POP3 domain, exported as a text file. */
const render = (_model: Model, target: TargetT, changes: Change[]) =>
  `${target.options?.greeting ?? 'hello'} from ${target.server}\n${changes.map((c) => `+ ${c.object}\n`).join('')}`;
const notesAdapter: Adapter = {
  id: 'notes',
  describe: () => 'Notes: a test-only adapter',
  observe: async (model, target) => notesAdapter.unobserved(model, target),
  unobserved: () => ({ fingerprint: 'unobserved', state: null }),
  plan: (model) =>
    model.pop3.servers.flatMap((s) => s.domains.map((d) => ({ action: 'create' as const, object: `domain ${d.name}`, commands: [] }))),
  exporter: {
    fileExtension: 'txt',
    render,
    files: oneFile('txt', render),
    defaultTargets: (model) => model.pop3.servers.map((s) => ({ id: `notes-${s.name.toLowerCase()}`, adapter: 'notes', server: s.name })),
  },
};

// The one line.
registerAdapter({
  id: 'notes',
  options: z.strictObject({
    greeting: z
      .string()
      .regex(/^[a-z]+$/, 'must be lowercase letters')
      .optional(),
  }),
  load: async () => notesAdapter,
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'coexist-registry-'));
  dirs.push(d);
  return d;
};

function modelWith(targets: unknown[]): string {
  return stringify({ ...scenarioModel('shared-domain'), targets });
}

function captured(): Output & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { json: false, out: (t) => out.push(t), err: (t) => err.push(t), outText: () => out.join('\n'), errText: () => err.join('\n') };
}

describe('an adapter registered with one line', () => {
  it('is listed by the registry and loads', async () => {
    expect(allAdapters().map((a) => a.id)).toEqual(['postfix-dovecot', 'exchange-ems', 'windows2003', 'runbook', 'notes']);
    expect(findAdapter('notes')?.id).toBe('notes');
    expect(await loadAdapter('notes')).toBe(notesAdapter);
  });

  it("the model accepts its targets and checks their options with the adapter's schema", () => {
    const good = loadModelText(modelWith([{ id: 'n', adapter: 'notes', server: 'POP01', options: { greeting: 'bonjour' } }]), 'm.yaml');
    expect(good.ok).toBe(true);

    const bad = loadModelText(
      modelWith([{ id: 'n', adapter: 'notes', server: 'POP01', options: { greeting: 'Hi!', colour: 'red' } }]),
      'm.yaml',
    );
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems.map(formatProblem);
    expect(problems).toContainEqual(expect.stringMatching(/^m\.yaml:\d+:\d+: targets\[0\]\.options\.greeting: must be lowercase letters$/));
    expect(problems).toContainEqual(expect.stringMatching(/targets\[0\]\.options: unknown option "colour" for notes \(known: greeting\)$/));
  });

  it('an unknown adapter is refused with the registered ones, the new one included', () => {
    const r = loadModelText(modelWith([{ id: 'n', adapter: 'nope', server: 'POP01' }]), 'm.yaml');
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      'Invalid option: expected one of "postfix-dovecot"|"exchange-ems"|"windows2003"|"runbook"|"notes"',
    ]);
  });

  it('coexist validate reads a model with its targets, and reports a bad option where it is', async () => {
    const dir = tempDir();
    const file = join(dir, 'm.yaml');
    writeFileSync(file, modelWith([{ id: 'n', adapter: 'notes', server: 'POP01', options: { greeting: 'hi' } }]));
    const ok = captured();
    expect(await validateCommand.run({ args: [], values: {}, modelPath: file, output: ok, interactive: false, noColor: true })).toBe(0);
    expect(ok.outText()).toBe(`${file}: 0 error(s), 0 warning(s)`);

    writeFileSync(file, modelWith([{ id: 'n', adapter: 'notes', server: 'POP01', options: { greeting: 'HI' } }]));
    // The command refuses the file (exit 2, the problem with its line and column): resolveModel throws a CliError.
    await expect(
      (async () => validateCommand.run({ args: [], values: {}, modelPath: file, output: captured(), interactive: false, noColor: true }))(),
    ).rejects.toMatchObject({
      problems: [expect.objectContaining({ path: 'targets[0].options.greeting', message: 'must be lowercase letters' })],
    });
  });

  it("coexist export names it in its help and writes its exporter's files", async () => {
    expect(exportCommand.options.adapter!.help).toBe('the adapter (postfix-dovecot, exchange-ems, windows2003, runbook, notes)');
    const dir = tempDir();
    const file = join(dir, 'm.yaml');
    writeFileSync(file, modelWith([]));
    const out = join(dir, 'out');
    const o = captured();
    const code = await exportCommand.run({
      args: [],
      values: { adapter: 'notes', out },
      modelPath: file,
      output: o,
      interactive: false,
      noColor: true,
    });
    expect(code).toBe(0);
    expect(o.outText()).toBe(`wrote ${join(out, 'notes-pop01.txt')}`);
    expect(readFileSync(join(out, 'notes-pop01.txt'), 'utf8')).toBe('hello from POP01\n+ domain pop.northwindtraders.com\n');

    await expect(
      exportCommand.run({
        args: [],
        values: { adapter: 'nope', out },
        modelPath: file,
        output: captured(),
        interactive: false,
        noColor: true,
      }),
    ).rejects.toThrow('unknown adapter "nope" (available: postfix-dovecot, exchange-ems, windows2003, runbook, notes)');
  });
});

describe('options schemas are built when a model check needs them, not when the registry loads', () => {
  it('registering reads no options; the first check reads them; every adapter of the registry has one', () => {
    let built = 0;
    const schema = z.strictObject({ colour: z.string().optional() });
    registerAdapter({
      id: 'lazy-options',
      get options() {
        built++;
        return schema;
      },
      load: async () => notesAdapter,
    });
    expect(built).toBe(0);
    const model = {
      ...scenarioModel('shared-domain'),
      targets: [{ id: 'lazy', adapter: 'lazy-options', server: 'POP01', options: { shade: 'x' } }],
    };
    const r = loadModelText(stringify(model), 'lazy.yaml');
    expect(built).toBeGreaterThan(0);
    expect(r.ok).toBe(false);
    for (const a of allAdapters()) expect(a.options.safeParse({}).success, a.id).toBe(true);
    const first = findAdapter('postfix-dovecot')!.options;
    expect(findAdapter('postfix-dovecot')!.options).toBe(first);
  });
});
