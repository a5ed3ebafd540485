import { describe, expect, it } from 'vitest';
import { loadModelText } from '../../src/persistence/load.js';
import { modelToText } from '../../src/persistence/file.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { postfixOptions } from '../../src/adapters/postfix-dovecot/options.js';

const base = modelToText(scenarioModel('shared-domain'));

function problems(text: string) {
  const r = loadModelText(text, 'model.yaml');
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('loading a model file', () => {
  it('loads both built-in examples after writing them', () => {
    for (const s of ['shared-domain', 'separate-domains'] as const) {
      const r = loadModelText(modelToText(scenarioModel(s)), 'x.yaml');
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.model).toEqual(scenarioModel(s));
    }
  });

  it('reports a wrong type with file, line, column and field path', () => {
    const text = base.replace('maxHopCount: 30', 'maxHopCount: thirty');
    const [p, ...rest] = problems(text);
    expect(rest).toEqual([]);
    const line = text.split('\n').findIndex((l) => l.includes('maxHopCount: thirty')) + 1;
    expect(p).toMatchObject({ file: 'model.yaml', line, path: 'exchange.servers[0].maxHopCount' });
    expect(p!.column).toBe(text.split('\n')[line - 1]!.indexOf('thirty') + 1);
    expect(p!.message).toMatch(/expected number/);
  });

  it('reports every problem, one message each', () => {
    const text = base
      .replace('ip: 10.0.0.10', 'ip: 10.0.0.300')
      .replace('computers: [ 10.0.0.20 ]', 'computers: [ 10.0.0.20/8 ]')
      .replace('fqdn: pop01.northwindtraders.com', 'fqdn: pop01..northwindtraders.com')
      .replace('organization: Northwind Traders', 'organization: Northwind Traders\ncolour: blue');
    const ps = problems(text);
    expect(ps.map((p) => p.path).sort()).toEqual(
      ['(root)', 'exchange.servers[0].ip', 'exchange.servers[0].smtpVirtualServers[0].relay.computers[0]', 'pop3.servers[0].fqdn'].sort(),
    );
    expect(ps.find((p) => p.path === '(root)')!.message).toMatch(/unknown field "colour"/);
    expect(ps.find((p) => p.path.endsWith('computers[0]'))!.message).toMatch(/host bits set/);
    expect(ps.find((p) => p.path === 'exchange.servers[0].ip')!.message).toMatch(/not an IPv4 address/);
    expect(ps.find((p) => p.path === 'pop3.servers[0].fqdn')!.message).toMatch(/empty label/);
    for (const p of ps) expect(p.line).toBeGreaterThan(0);
  });

  it('refuses non-strict IPv4 forms', () => {
    for (const bad of ['127.1', '0x7f.0.0.1', '010.0.0.1', '10.0.0.1%eth0']) {
      expect(problems(base.replace('ip: 10.0.0.10', `ip: "${bad}"`)).length).toBe(1);
    }
  });

  it('reports broken YAML with its position', () => {
    const ps = problems('version: 1\norganization: [unclosed\n');
    expect(ps[0]!.path).toBe('(YAML syntax)');
    expect(ps[0]!.line).toBeGreaterThan(0);
  });

  it('reports duplicate keys and an empty file', () => {
    expect(problems('version: 1\nversion: 1\n')[0]!.message).toMatch(/unique/i);
    expect(problems('')[0]!.message).toMatch(/empty/);
  });

  it('refuses a secret written into the model', () => {
    const text = base.replace('secret: env:COEXIST_POP3_RELAY_PASSWORD', 'password: hunter2');
    expect(problems(text)[0]!.message).toMatch(/unknown field "password"/);
  });

  it('reports references to servers and users that do not exist', () => {
    const text = base.replace('bridgeheads: [ EX01 ]', 'bridgeheads: [ EX09 ]').replace('mailboxServer: EX01', 'mailboxServer: EX07');
    const ps = problems(text);
    expect(ps.map((p) => p.path).sort()).toEqual(['exchange.connectors[0].bridgeheads[0]', 'users[2].mailboxServer']);
    expect(ps[0]!.message).toMatch(/not an Exchange server of the model/);
  });

  it('refuses a version it does not know', () => {
    expect(problems(base.replace('version: 1', 'version: 2'))[0]).toMatchObject({ path: 'version', line: 3 });
  });
  it('accepts target options written as numbers, as the README documents them (mailUid: 5000)', () => {
    const text = base.replace(
      'targets: []',
      'targets:\n  - id: pop\n    adapter: postfix-dovecot\n    server: POP01\n    role: pop3\n    options: { mailUid: 5000, mailGid: 5001, nextHopPort: 2525, dns: disabled }\n',
    );
    const r = loadModelText(text, 'model.yaml');
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    const o = postfixOptions(r.model.targets[0]!);
    expect([o.mailUid, o.mailGid, o.nextHopPort]).toEqual([5000, 5001, 2525]);
    const bad = postfixOptions.bind(null, { ...r.model.targets[0]!, options: { mailUid: '5000.5' } });
    expect(bad).toThrow(/mailUid "5000.5" must be a whole number/);
  });
  it('refuses a domain that is both Local (a POP3 domain) and Remote on the same POP3 server, with the reason', () => {
    const text = base.replace('- { name: northwindtraders.com, allowRelay', '- { name: pop.northwindtraders.com, allowRelay');
    expect(text).not.toBe(base);
    const [p, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ path: 'pop3.servers[0].smtp.remoteDomains[0].name' });
    expect(p!.message).toBe(
      '"pop.northwindtraders.com" is already a Local domain of POP01 (its POP3 domain): IIS holds a domain once, as Local or as Remote',
    );
  });
});
