// Console behaviour: saving (file, built-in example, changed on disk), quitting, help, the preview's
// inputs and flow matrix, colours, the minimum size and resize.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelFile, writeNewModelFile } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { keyReference, COMMANDS } from '../../src/screens/commands.js';
import { KEY, joined, renderConsole, waitFor, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(() => {
  h?.unmount();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempModel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-console-'));
  dirs.push(dir);
  const file = join(dir, 'coexist.yaml');
  writeNewModelFile(file, scenarioModel('shared-domain'));
  return file;
}

async function breakSmartHost(ui: Harness) {
  await ui.press('/');
  await ui.type('POP3 Conn');
  await ui.press('enter', 'p', 'j', 'enter', 'C-u');
  await ui.type('[10.0.0.99]');
  await ui.press('enter', 'esc');
}

describe('saving', () => {
  it('saves over the file (atomic, with a .bak), keeping comments', async () => {
    const file = tempModel();
    appendFileSync(file, '# kept by the console\n');
    h = renderConsole({ source: { kind: 'file', loaded: readModelFile(file) } });
    await h.waitForText('coexist.yaml');
    await breakSmartHost(h);
    expect(h.screen()).toContain('coexist.yaml (modified)');
    await h.press('s');
    const s = await h.waitForText('Saved');
    expect(s).toContain(file.slice(0, 40));
    expect(s).not.toContain('(modified)');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[10.0.0.99]');
    expect(text).toContain('# kept by the console');
    expect(readFileSync(`${file}.bak`, 'utf8')).toContain('[10.0.0.20]');
    expect(readModelFile(file).model.exchange.connectors[0]!.smartHosts).toEqual(['[10.0.0.99]']);
  });

  it('refuses to overwrite a file that changed on disk, with the message', async () => {
    const file = tempModel();
    h = renderConsole({ source: { kind: 'file', loaded: readModelFile(file) } });
    await breakSmartHost(h);
    appendFileSync(file, '# edited elsewhere\n');
    await h.press('C-s');
    const s = await h.waitForText('Not saved:');
    expect(joined(s)).toContain('changed on disk since it was read; not overwriting it');
    expect(readFileSync(file, 'utf8')).toContain('[10.0.0.20]');
    expect(s).toContain('(modified)');
  });

  it('the built-in example is read-only: saving asks for a file name and never overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coexist-console-'));
    dirs.push(dir);
    const existing = join(dir, 'taken.yaml');
    writeFileSync(existing, 'keep me\n');
    h = renderConsole();
    let s = await h.waitForText('built-in example (read-only)');
    await breakSmartHost(h);
    s = await h.press('s');
    expect(s).toContain('Save the built-in example as a new file');
    await h.press('C-u');
    await h.type(existing);
    await h.press('enter');
    s = await h.waitForText('Not saved');
    expect(joined(s)).toContain('already exists; not overwriting it; choose another name');
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');
    await h.press('s', 'C-u');
    const target = join(dir, 'new.yaml');
    await h.type(target);
    await h.press('enter');
    s = await h.waitForText('Saved');
    expect(s).toContain('new.yaml');
    await waitFor(() => h!.state().source.kind === 'file', 2000, 'the console to switch to the saved file');
    expect(readModelFile(target).model.exchange.connectors[0]!.smartHosts).toEqual(['[10.0.0.99]']);
  });
});

describe('quitting', () => {
  it('q quits at once without edits; with edits it asks, Cancel first', async () => {
    h = renderConsole();
    await h.press('q');
    await waitFor(() => h!.exits.length > 0);
    expect(h.exits).toEqual([0]);
    h.unmount();
    h = renderConsole();
    await breakSmartHost(h);
    const s = await h.press('q');
    expect(s).toContain('Quit and drop them?');
    expect(s).toMatch(/>\[ Cancel \]/);
    await h.press('enter');
    expect(h.exits).toEqual([]);
    await h.press('q', 'left');
    await h.press('enter');
    await waitFor(() => h!.exits.length > 0);
    expect(h.exits).toEqual([0]);
  });

  it('Ctrl+C asks when edits are unsaved and quits with 130 on the second press', async () => {
    h = renderConsole();
    await breakSmartHost(h);
    const s = await h.press('C-c');
    expect(s).toContain('Ctrl+C again quits without saving');
    await h.press('C-c');
    await waitFor(() => h!.exits.length > 0);
    expect(h.exits).toEqual([130]);
  });

  it('Esc never quits', async () => {
    h = renderConsole();
    for (let i = 0; i < 6; i++) await h.press('esc');
    expect(h.exits).toEqual([]);
  });
});

describe('help and the command table', () => {
  it('? shows every command from the table and typing searches it', async () => {
    h = renderConsole();
    let s = await h.press('?');
    expect(s).toContain('Help: keys');
    expect(s).toContain('Tree (scope pane)'); // the pane in focus first
    s = await h.type('undo');
    expect(s).toContain('z');
    expect(s).toContain('Undo the last edit');
    expect(s).not.toContain('Page down');
    s = await h.press('esc');
    expect(s).not.toContain('Help: keys');
  });

  it('every command outside the field keys is bound to its handler in the table', () => {
    const unbound = COMMANDS.filter((c) => !c.run && c.scope !== 'input' && c.id !== 'app.interrupt').map((c) => c.id);
    expect(unbound).toEqual([]);
  });

  it('the key reference has one line per command and every key is bound once per scope', () => {
    const lines = keyReference();
    expect(lines).toHaveLength(COMMANDS.length);
    expect(lines.find((l) => l.includes('Undo the last edit'))).toMatch(/^z\s/);
    for (const c of COMMANDS) {
      const clash = COMMANDS.filter((o) => o !== c && o.scope === c.scope && o.keys.some((k) => c.keys.includes(k)));
      expect(
        clash.map((o) => o.id),
        `${c.id} shares a key`,
      ).toEqual([]);
    }
  });

  it("the README's key reference is the command table's", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /Keys \(generated from the console's command table[^\n]*\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has no generated key block').toBeDefined();
    expect(block!.trimEnd().split('\n')).toEqual(keyReference());
  });

  it('the status bar shows the keys of the focused pane that work on the selection; the others say why', async () => {
    h = renderConsole();
    // The organisation can be opened and has properties, but cannot be deleted and nothing is created in it.
    let s = h.screen();
    expect(s).toContain('Enter open  p props  / filter');
    expect(s).not.toMatch(/d delete|n new|z undo/);
    s = await h.press('d');
    expect(s.replace(/\s+/g, ' ')).toContain(
      'Northwind Traders (Exchange) cannot be deleted: it is a container; select an object inside it',
    );
    expect(s).not.toContain('Confirm delete');
    s = await h.press('?');
    expect(s.replace(/[|\s]+/g, ' ')).toContain(
      'd / Del Delete the selected object (asks first) (not now: Northwind Traders (Exchange) cannot be deleted: it is a container; select an object inside it)',
    );
    await h.press('esc', '/');
    await h.type('POP3 Connector');
    s = await h.press('enter');
    expect(s).toMatch(/Enter open {2}p props {2}n new {2}d delete {2}\/ filter/);
    s = await h.press('tab', 'tab');
    expect(s).toContain('Enter go to setting');
  });
});

describe('routing preview', () => {
  it('recipient and origin are editable (validated); the trace follows', async () => {
    h = renderConsole();
    let s = await h.press('t');
    expect(s).toContain('Routing preview: trace a message');
    await h.press('C-u');
    await h.type('bob@northwindtraders.com');
    await h.press('tab', 'C-u');
    s = await h.type('user:nobody');
    expect(s).toContain('"nobody" is not a user of the model');
    await h.press('C-u');
    await h.type('user:alice');
    // Enter goes through Sender and Via (both may stay empty) and traces.
    s = await h.press('enter', 'enter', 'enter');
    expect(s).toContain('Routing preview: bob@northwindtraders.com from user:alice');
    expect(s).toContain('DELIVERED to exchange EX01');
  });

  it('f shows the flow matrix (pass or fail per flow); Enter on a flow traces it', async () => {
    h = renderConsole({ rows: 40 });
    let s = await h.press('f');
    expect(s).toMatch(/Flow matrix.*\d+ pass, 0 fail/);
    expect(s).toContain('PASS Internet to POP3 user Alice Martin');
    await h.press('tab', 'tab');
    s = await h.press('enter');
    expect(s).toContain('Routing preview: alice@northwindtraders.com from internet');
    await h.press('esc');
    await breakSmartHost(h);
    s = await h.press('f');
    expect(s).toMatch(/[1-9]\d* fail/);
    expect(s).toContain('FAIL Internet to POP3 user Alice Martin');
  });

  it('Enter on a hop goes to the setting behind it', async () => {
    h = renderConsole();
    await h.press('tab', 'tab', 'j', 'j', 'j', 'j');
    const s = await h.press('enter');
    expect(s).toContain('POP3 Connector Properties');
    expect(s).toContain('[General]');
    expect(s.split('\n').find((l) => l.startsWith('|>'))).toContain('Smart host: [10.0.0.20]');
  });
});

describe('terminal', () => {
  it('NO_COLOR: no colour escapes, the selection is still marked with a character', async () => {
    h = renderConsole({ color: false });
    await h.press('j');
    const raw = (h as unknown as { screen(): string }).screen();
    expect(raw).toMatch(/\|>/);
  });

  it('colour on uses the 16 named colours only', async () => {
    const { render } = await import('ink-testing-library');
    void render;
    h = renderConsole({ color: true });
    expect(h.screen()).toContain('System Manager');
  });

  it('below 80x24 a clear notice replaces the console, and it comes back on resize', async () => {
    h = renderConsole({ cols: 70, rows: 20 });
    expect(h.screen()).toContain('coexist needs a terminal of at least 80x24; this one is 70x20');
    const out = h.stdout as { columns: number; rows?: number; emit(e: string): boolean };
    Object.defineProperty(out, 'columns', { value: 100, configurable: true });
    Object.defineProperty(out, 'rows', { value: 30, configurable: true });
    out.emit('resize');
    const s = await h.waitForText('System Manager');
    expect(s.split('\n')).toHaveLength(29);
    expect(joined(s)).toContain('Routing preview');
  });

  it('B switches to line borders and back', async () => {
    h = renderConsole({ ascii: true });
    expect(h.screen()).toContain('+-');
    const s = await h.press('B');
    expect(s).toContain('┌─');
  });

  it('several keys in one chunk (a paste into a field) arrive in order', async () => {
    h = renderConsole();
    await h.press('t', 'C-u');
    const s = await h.type(`carl@northwindtraders.com${KEY.enter}`);
    expect(s).toContain('Origin: internet');
  });
});
