import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFile, saveModelFile, writeNewModelFile, ModelFileError } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'coexist-file-'));

describe('model files', () => {
  it('keeps comments and unchanged layout on a round trip through an edit', () => {
    const dir = tmp();
    const path = join(dir, 'coexist.yaml');
    writeNewModelFile(path, scenarioModel('shared-domain'));
    const original = readFileSync(path, 'utf8')
      .replace('exchange:\n', '# Exchange 2003 side, owned by the messaging team\nexchange:\n')
      .replace('maxHopCount: 15', 'maxHopCount: 15 # IIS default');
    writeFileSync(path, original);
    const loaded = readModelFile(path);
    const next = structuredClone(loaded.model);
    next.exchange.connectors[0]!.smartHosts = ['pop01.northwindtraders.com'];
    saveModelFile(loaded, next);
    const saved = readFileSync(path, 'utf8');
    expect(saved).toContain('# Exchange 2003 side, owned by the messaging team');
    expect(saved).toContain('maxHopCount: 15 # IIS default');
    expect(saved).toMatch(/smartHosts: \[ "?pop01\.northwindtraders\.com"? \]/);
    expect(saved.split('\n').length).toBe(original.split('\n').length);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(original);
    expect(readModelFile(path).model).toEqual(next);
  });

  it('does not write schema defaults the file left out', () => {
    const dir = tmp();
    const path = join(dir, 'm.yaml');
    writeNewModelFile(path, scenarioModel('shared-domain'));
    const short = readFileSync(path, 'utf8').replace(/type: SMTP, /g, '');
    writeFileSync(path, short);
    const loaded = readModelFile(path);
    const next = structuredClone(loaded.model);
    next.organization = 'Northwind Traders Ltd';
    saveModelFile(loaded, next);
    expect(readFileSync(path, 'utf8')).toBe(short.replace('organization: Northwind Traders', 'organization: Northwind Traders Ltd'));
  });

  it('removes an item from the middle of a list without disturbing the others', () => {
    const dir = tmp();
    const path = join(dir, 'm.yaml');
    writeNewModelFile(path, scenarioModel('shared-domain'));
    const loaded = readModelFile(path);
    const next = structuredClone(loaded.model);
    next.users.splice(1, 1);
    next.clients.splice(1, 1);
    saveModelFile(loaded, next);
    expect(readModelFile(path).model).toEqual(next);
  });

  it('refuses to overwrite a file that changed on disk since it was read', () => {
    const dir = tmp();
    const path = join(dir, 'm.yaml');
    writeNewModelFile(path, scenarioModel('shared-domain'));
    const loaded = readModelFile(path);
    writeFileSync(path, `${readFileSync(path, 'utf8')}# edited by someone else\n`);
    expect(() => saveModelFile(loaded, loaded.model)).toThrow(/changed on disk/);
    expect(readFileSync(path, 'utf8')).toContain('# edited by someone else');
  });

  it('refuses to save a model that would not load, and writes nothing', () => {
    const dir = tmp();
    const path = join(dir, 'm.yaml');
    writeNewModelFile(path, scenarioModel('shared-domain'));
    const before = readFileSync(path, 'utf8');
    const loaded = readModelFile(path);
    const next = structuredClone(loaded.model);
    next.exchange.connectors[0]!.bridgeheads = ['NOPE'];
    expect(() => saveModelFile(loaded, next)).toThrow(ModelFileError);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it('writes a POP3 domain of 3,000 mailboxes as a block list: no line longer than the loader reads, and it loads back', () => {
    const path = join(tmp(), 'large.yaml');
    const model = scenarioModel('shared-domain');
    const domain = model.pop3.servers[0]!.domains[0]!;
    domain.mailboxes = Array.from({ length: 3000 }, (_, i) => `mailbox${i}`);
    const loaded = writeNewModelFile(path, model);
    const text = readFileSync(path, 'utf8');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(1100);
    expect(text).toMatch(/^ +- mailbox2999$/m);
    expect(readModelFile(path, { cache: null }).model.pop3.servers[0]!.domains[0]!.mailboxes).toHaveLength(3000);
    const next = structuredClone(loaded.model);
    next.pop3.servers[0]!.domains[0]!.mailboxes.push('added');
    saveModelFile(loaded, next);
    expect(readModelFile(path, { cache: null }).model.pop3.servers[0]!.domains[0]!.mailboxes.at(-1)).toBe('added');
    // A short list stays on one line.
    expect(text).toMatch(/computers: \[/);
  });

  it('never overwrites an existing file with init unless told to', () => {
    const dir = tmp();
    const path = join(dir, 'm.yaml');
    writeFileSync(path, 'precious: true\n');
    expect(() => writeNewModelFile(path, scenarioModel('shared-domain'))).toThrow(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe('precious: true\n');
    writeNewModelFile(path, scenarioModel('shared-domain'), { overwrite: true });
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe('precious: true\n');
  });
});
