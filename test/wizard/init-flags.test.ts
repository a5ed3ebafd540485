// `coexist init` without a terminal (the built CLI, as a script would run it): flags for every page,
// the same file as the wizard for the same answers, and bad flags or CSV rows refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelFile } from '../../src/persistence/file.js';
import { SCENARIOS, scenarioModel, type ScenarioId } from '../../src/model/scenarios.js';
import { validate } from '../../src/model/rules/index.js';
import { fileIO } from '../../src/screens/wizard/run.js';
import { cli } from '../cli/run-cli.js';
import { KEY, startWizard } from './drive.js';
import { completeWizard } from './complete.js';

let dir: string;
const file = (name: string) => join(dir, name);
const SEED_CSV = 'logon,displayName,kind\r\nalice,Alice Martin,pop3\r\ncarl,Carl Dubois,pop3\r\nbob,Bob Kelly,exchange\r\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coexist-init-'));
  writeFileSync(file('users.csv'), SEED_CSV);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function seedFlags(scenario: ScenarioId, out: string): string[] {
  const shared = scenario === 'shared-domain';
  return [
    'init',
    '--scenario',
    scenario,
    '--organization',
    'Northwind Traders',
    '--shared-domain',
    'northwindtraders.com',
    ...(shared ? [] : ['--pop3-domain', 'pop.contoso.com']),
    '--exchange',
    'EX01=ex01.northwindtraders.com/10.0.0.10',
    '--pop3',
    `POP01=pop01.${shared ? 'northwindtraders.com' : 'contoso.com'}/10.0.0.20`,
    '--pop3-auth',
    'active-directory',
    '--relay-method',
    shared ? 'both' : 'relay-list',
    ...(shared ? ['--service-account', 'NWTRADERS\\svc-pop3-relay'] : []),
    '--users',
    file('users.csv'),
    '--clients-send-to',
    'exchange',
    '--out',
    out,
  ];
}

describe('coexist init with page flags', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: writes byte for byte the file the wizard writes for the same answers`, async () => {
      const byWizard = file(`${scenario}-wizard.yaml`);
      const w = startWizard({ out: byWizard, io: fileIO(byWizard) });
      await completeWizard(w, scenario, { csv: file('users.csv') });
      await w.press(KEY.enter);
      await w.waitForOutcome();
      w.ui.unmount();

      const byFlags = file(`${scenario}-flags.yaml`);
      const r = cli(seedFlags(scenario, byFlags));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`wrote .*${scenario}-flags\\.yaml \\(${scenario}, 3 user\\(s\\); 0 error\\(s\\)`));
      expect(readFileSync(byFlags)).toEqual(readFileSync(byWizard));
      const model = readModelFile(byFlags).model;
      expect(model).toEqual(scenarioModel(scenario));
      expect(validate(model).filter((f) => f.severity === 'error')).toEqual([]);
    });
  }

  it('defaults: pop. + the shared domain, the first Exchange server takes Internet mail, clients send to Exchange', () => {
    const out = file('defaults.yaml');
    const r = cli([
      'init',
      '--scenario',
      'shared-domain',
      '--shared-domain',
      'example.net',
      '--exchange',
      'EXA=exa.example.net/192.168.1.10',
      '--exchange',
      'EXB=exb.example.net/192.168.1.11',
      '--pop3',
      'POPA=popa.example.net/192.168.1.20',
      '--relay-method',
      'relay-list',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --users: no POP3 user yet/);
    const m = readModelFile(out).model;
    expect(m.pop3.servers[0]!.domains[0]!.name).toBe('pop.example.net');
    expect(m.exchange.servers.map((s) => s.acceptsInternetMail)).toEqual([true, false]);
    expect(m.exchange.connectors[0]!.bridgeheads).toEqual(['EXA']);
    expect(m.organization).toBe('example.net');
  });

  it('--json reports the file, the counts and the setup warnings', () => {
    const out = file('json.yaml');
    const r = cli([...seedFlags('separate-domains', out), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      file: out,
      scenario: 'separate-domains',
      from: '3 user(s)',
      users: 3,
      errors: 0,
      warnings: expect.any(Number),
      infos: expect.any(Number),
      setupWarnings: [],
    });
  });

  it('--internet-server picks the Exchange servers that take Internet mail', () => {
    const out = file('internet.yaml');
    const r = cli([
      'init',
      '--scenario',
      'shared-domain',
      '--shared-domain',
      'example.net',
      '--exchange',
      'EXA=exa.example.net/192.168.1.10',
      '--exchange',
      'EXB=exb.example.net/192.168.1.11',
      '--internet-server',
      'exb',
      '--pop3',
      'POPA=popa.example.net/192.168.1.20',
      '--relay-method',
      'outbound-security',
      '--service-account',
      'EXAMPLE\\svc-relay',
      '--users',
      file('users.csv'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const m = readModelFile(out).model;
    expect(m.exchange.servers.map((s) => s.acceptsInternetMail)).toEqual([false, true]);
    expect(m.dns.mx).toEqual({ 'example.net': 'EXB' });
  });

  it("--runbook-language fr: the seed's French policy name and a French runbook target", () => {
    const out = file('fr.yaml');
    const r = cli([...seedFlags('shared-domain', out), '--runbook-language', 'fr']);
    expect(r.code, r.stderr).toBe(0);
    const m = readModelFile(out).model;
    expect(m.exchange.recipientPolicies[1]!.name).toBe('Adresses utilisateur POP');
    expect(m.targets).toEqual([{ id: 'runbook', adapter: 'runbook', server: 'EX01', options: { language: 'fr' } }]);
    expect(cli([...seedFlags('shared-domain', file('de.yaml')), '--runbook-language', 'de']).code).toBe(2);
  });
});

describe('coexist init refuses bad input, names it, exits 2 and writes nothing', () => {
  const refused = (name: string, args: string[], csv?: string) => {
    if (csv !== undefined) writeFileSync(file(`${name}.csv`), csv);
    const out = file(`${name}.yaml`);
    const r = cli([...args.map((a) => a.replace('USERS', file(`${name}.csv`))), '--out', out]);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    return r.stderr;
  };
  const base = (users = 'USERS') => [
    'init',
    '--scenario',
    'shared-domain',
    '--shared-domain',
    'northwindtraders.com',
    '--exchange',
    'EX01=ex01.northwindtraders.com/10.0.0.10',
    '--pop3',
    'POP01=pop01.northwindtraders.com/10.0.0.20',
    '--relay-method',
    'relay-list',
    '--users',
    users,
  ];

  it('a CSV row with a bad kind and a bad logon: file, line, field and reason', () => {
    const err = refused(
      'badrow',
      base(),
      'logon,displayName,kind\nalice,Alice Martin,pop3\ncarl,Carl Dubois,imap\n"bad user",Someone,pop3\n',
    );
    expect(err).toContain('badrow.csv:3: kind: "imap" must be pop3 or exchange');
    expect(err).toMatch(/badrow\.csv:4: logon: must be a logon name/);
    expect(err).toMatch(/nothing written/);
  });

  it('a duplicate logon in the CSV', () => {
    const err = refused(
      'dup',
      base(),
      'logon,displayName,kind\r\nalice,Alice Martin,pop3\r\nbob,Bob Kelly,exchange\r\nAlice,Alice Again,pop3\r\n',
    );
    expect(err).toContain('dup.csv:4: logon: duplicate logon "Alice" (already on line 2)');
  });

  it('a CSV row with the wrong number of fields, and a broken quote', () => {
    expect(refused('fields', base(), 'logon,displayName,kind\nalice,"Martin, Alice"\n')).toContain(
      'fields.csv:2: expected 3 fields (logon,displayName,kind), got 2',
    );
    expect(refused('quote', base(), 'logon,displayName,kind\nalice,"Alice,pop3\n')).toContain(
      'quote.csv:2: a quoted field is never closed',
    );
  });

  it('an IP that is not an IP, naming the flag', () => {
    const args = base().map((a) => (a === 'EX01=ex01.northwindtraders.com/10.0.0.10' ? 'EX01=ex01.northwindtraders.com/10.0.0.300' : a));
    const err = refused('badip', args, SEED_CSV);
    expect(err).toContain('--exchange EX01=ex01.northwindtraders.com/10.0.0.300: "10.0.0.300" is not an IPv4 address');
    const err2 = refused(
      'badip2',
      base().map((a) => (a.startsWith('POP01=') ? 'POP01=pop01.northwindtraders.com/pop01' : a)),
      SEED_CSV,
    );
    expect(err2).toMatch(/--pop3 POP01=pop01\.northwindtraders\.com\/pop01: .*pop01.* is not an IP/);
  });

  it('reports every problem in one run: a bad IP and a bad CSV row together', () => {
    const args = base().map((a) => (a.startsWith('POP01=') ? 'POP01=pop01.northwindtraders.com/10.0.0.2x' : a));
    const err = refused('together', args, 'logon,displayName,kind\nalice,Alice,pop3\nalice,Alice 2,pop3\n');
    expect(err).toContain('together.csv:3: logon: duplicate logon "alice" (already on line 2)');
    expect(err).toContain('--pop3 POP01=pop01.northwindtraders.com/10.0.0.2x: "10.0.0.2x" is not an IPv4 address');
  });

  it('bad flags: values out of the list, a missing page, a server without =, a flag for the other method, the missing file', () => {
    expect(refused('method', [...base(), '--relay-method', 'smoke'], SEED_CSV)).toContain(
      '--relay-method "smoke": expected outbound-security or relay-list or both',
    );
    expect(
      refused(
        'nopop',
        base().filter((a, i, all) => a !== '--pop3' && all[i - 1] !== '--pop3'),
        SEED_CSV,
      ),
    ).toContain('--pop3 NAME=FQDN/IP is required');
    expect(
      refused(
        'spec',
        base().map((a) => (a.startsWith('EX01=') ? 'EX01' : a)),
        SEED_CSV,
      ),
    ).toContain('--exchange "EX01" must be NAME=FQDN/IP');
    expect(refused('acct', [...base(), '--service-account', 'NW\\svc'], SEED_CSV)).toContain(
      '--service-account only applies to --relay-method outbound-security or both',
    );
    expect(
      refused(
        'noacct',
        base().map((a) => (a === 'relay-list' ? 'outbound-security' : a)),
        SEED_CSV,
      ),
    ).toContain('--service-account: Outbound Security needs a service account');
    expect(refused('same', [...base(), '--pop3-domain', 'northwindtraders.com'], SEED_CSV)).toContain(
      '--pop3-domain: the POP3 server must not own exactly the same domain as Exchange',
    );
    expect(refused('nofile', base(file('missing.csv')))).toContain(`--users ${file('missing.csv')}: no such file`);
    expect(refused('notinternet', [...base(), '--internet-server', 'EX09'], SEED_CSV)).toContain(
      '--internet-server "EX09" is not one of the --exchange servers',
    );
  });

  it('without a terminal and without --scenario it explains what to give', () => {
    const out = file('none.yaml');
    const r = cli(['init', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/guided setup.*needs a terminal|needs a terminal for the guided setup/);
    expect(existsSync(out)).toBe(false);
  });

  it('the file exists: refused without --force, replaced with --force (a .bak kept)', () => {
    const out = file('exists.yaml');
    writeFileSync(out, 'old\n');
    const args = seedFlags('shared-domain', out);
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists/);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(cli([...args, '--force']).code).toBe(0);
    expect(readFileSync(`${out}.bak`, 'utf8')).toBe('old\n');
  });
});
