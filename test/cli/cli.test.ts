import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelToText } from '../../src/persistence/file.js';
import { relayProbeRecipients } from '../../src/model/routing/flows.js';
import { cli, json } from './run-cli.js';
import { loopModel, shared, wildcardRelayModel } from '../helpers/model-fixtures.js';

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coexist-cli-'));
  expect(cli(['init', '--scenario', 'shared-domain', '--out', file('shared.yaml')]).code).toBe(0);
  expect(cli(['init', '--scenario', 'separate-domains', '--out', file('separate.yaml')]).code).toBe(0);
  writeFileSync(file('loop.yaml'), modelToText(loopModel()));
  writeFileSync(file('wildcard.yaml'), modelToText(wildcardRelayModel()));
});

describe('coexist without a terminal', () => {
  it('prints help and exits 2', () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: coexist/);
    expect(r.stderr).toMatch(/needs a terminal/);
  });
  it('refuses an unknown command or option with exit 2', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    const r = cli(['route', '--frm', 'internet', 'a@b.example']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--frm'/);
  });
  it('shows help for a command', () => {
    const r = cli(['route', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--from internet\|user:<logon>\|server:<name>/);
  });
});

describe('validate and flows on the built-in examples', () => {
  for (const name of ['shared.yaml', 'separate.yaml']) {
    it(`${name}: zero errors and every standard flow where the seed intends`, () => {
      const v = cli(['validate', '--model', file(name), '--json']);
      expect(v.code).toBe(0);
      expect(json(v)).toMatchObject({ ok: true, errors: 0 });
      const f = cli(['flows', '--model', file(name), '--json']);
      expect(f.code).toBe(0);
      const flows = json(f);
      expect(flows.failed).toBe(0);
      expect(flows.flows.every((x: { pass: boolean }) => x.pass)).toBe(true);
    });
  }
  it('uses the built-in example when no model file exists', () => {
    const r = cli(['validate'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/built-in example/);
  });
});

describe('route', () => {
  it('alice@northwindtraders.com from the Internet ends in her POP3 mailbox on POP01', () => {
    const r = cli(['route', 'alice@northwindtraders.com', '--from', 'internet', '--json', '--model', file('shared.yaml')]);
    expect(r.code).toBe(0);
    const t = json(r);
    expect(t.verdict).toEqual({ kind: 'delivered', system: 'pop3', server: 'POP01', mailbox: 'alice@pop.northwindtraders.com' });
    expect(t.steps.map((s: { component: string }) => s.component)).toContain('Categorizer');
    expect(t.steps.some((s: { setting?: string }) => s.setting === 'exchange.connectors[0].smartHosts[0]')).toBe(true);
  });
  it('prints the hops in text form', () => {
    const r = cli(['route', 'alice@northwindtraders.com', '--model', file('shared.yaml')]);
    expect(r.stdout).toMatch(/verdict: delivered \(pop3 POP01 alice@pop\.northwindtraders\.com\)/);
    expect(r.stdout).toMatch(/setting: users\[0\]\.externalAddress/);
  });
  it('refuses a bad --from, --via or --ip with exit 2', () => {
    expect(cli(['route', 'a@example.com', '--from', 'user:nobody']).code).toBe(2);
    expect(cli(['route', 'a@example.com', '--via', 'EX99']).code).toBe(2);
    const r = cli(['route', 'a@example.com', '--ip', '010.0.0.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ip/);
  });
  it('--batch gives one JSON line per recipient, and every relay probe at every server is rejected', () => {
    const m = shared();
    for (const server of [...m.exchange.servers, ...m.pop3.servers]) {
      const probes = relayProbeRecipients(server, 'northwindtraders.com');
      const r = cli(['route', '--batch', '--via', server.name, '--model', file('shared.yaml')], {
        input: probes.map((p) => p.rcpt).join('\n'),
      });
      expect(r.code).toBe(0);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(probes.length);
      for (const l of lines) expect(l.verdict).toMatchObject({ kind: 'rejected', server: server.name });
    }
  });
  it('the same foreign recipient from an authenticated POP3 client goes to the Internet', () => {
    const t = json(cli(['route', 'relaytest@example.org', '--from', 'user:alice', '--auth', '--json', '--model', file('shared.yaml')]));
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
  });
});

describe("the seed's two warnings", () => {
  it('both systems owning northwindtraders.com: validate reports the loop and route shows the cycle', () => {
    const v = cli(['validate', '--json', '--model', file('loop.yaml')]);
    expect(v.code).toBe(1);
    expect(json(v).findings.some((f: { rule: string; severity: string }) => f.rule === 'loop.simulated' && f.severity === 'error')).toBe(
      true,
    );
    const t = json(cli(['route', 'nobody@northwindtraders.com', '--json', '--model', file('loop.yaml')]));
    expect(t.verdict).toMatchObject({ kind: 'loop', cycle: ['EX01', 'POP01', 'EX01'] });
  });
  it('a * address space with relaying: validate reports the open relay and the preview relays a foreign domain', () => {
    const v = cli(['validate', '--json', '--model', file('wildcard.yaml')]);
    expect(v.code).toBe(1);
    const rules = json(v).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('relay.wildcard-address-space');
    expect(rules).toContain('relay.open-simulated');
    const t = json(cli(['route', 'victim@example.org', '--via', 'EX01', '--json', '--model', file('wildcard.yaml')]));
    expect(t.verdict).toMatchObject({ kind: 'relayed', server: 'EX01', outcome: { kind: 'delivered', system: 'internet' } });
  });
});

describe('bad input', () => {
  it('a file with several problems: exit 2, one file:line:column: path: message line per problem', () => {
    const text = readFileSync(file('shared.yaml'), 'utf8')
      .replace('maxHopCount: 30', 'maxHopCount: "thirty"')
      .replace('organization: Northwind Traders', 'organization: Northwind Traders\nextra: 1')
      .replace('ip: 10.0.0.20', 'ip: 10.0.0.256')
      .replace('computers: [ 10.0.0.20 ]', 'computers: [ 10.0.0.0/33 ]')
      .replace('fqdn: ex01.northwindtraders.com', 'fqdn: ex01_northwindtraders.com');
    writeFileSync(file('bad.yaml'), text);
    const r = cli(['validate', '--model', file('bad.yaml')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${file('bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S+: .+`));
    expect(r.stderr).toMatch(/exchange\.servers\[0\]\.maxHopCount: expected number/);
    expect(r.stderr).toMatch(/unknown field "extra"/);
    expect(r.stderr).toMatch(/pop3\.servers\[0\]\.ip/);
    expect(r.stderr).toMatch(/relay\.computers\[0\]: .*prefix/);
    expect(r.stderr).toMatch(/exchange\.servers\[0\]\.fqdn/);
  });
  it('broken YAML: exit 2 with the position', () => {
    writeFileSync(file('broken.yaml'), 'version: 1\nexchange: {servers: [\n');
    const r = cli(['validate', '--model', file('broken.yaml'), '--json']);
    expect(r.code).toBe(2);
    expect(json(r).problems[0]).toMatchObject({ path: '(YAML syntax)' });
  });
  it('a missing model file: exit 2', () => {
    const r = cli(['validate', '--model', file('nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });
  it('init never overwrites a file and writes nothing on a bad scenario', () => {
    writeFileSync(file('keep.yaml'), 'keep: me\n');
    expect(cli(['init', '--scenario', 'shared-domain', '--out', file('keep.yaml')]).code).toBe(2);
    expect(readFileSync(file('keep.yaml'), 'utf8')).toBe('keep: me\n');
    expect(cli(['init', '--scenario', 'nope', '--out', file('new.yaml')]).code).toBe(2);
    expect(existsSync(file('new.yaml'))).toBe(false);
  });
});
