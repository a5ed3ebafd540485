// The windows2003 exports in Wine 8: cscript parses every .vbs, and each target's bundle runs through its
// .cmd launcher under Wine's cmd, with winpop.exe/ldifde.exe stand-ins that record their argv (and the
// file ldifde imports) and IIS/ADSI/ADO stand-ins that record every property written (wine-shim.ts).
// The recorded calls must equal what the model asks for, for both scenarios and for hostile names; a
// failing program, a value missing on read-back, and a child that floods its output are covered too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { scenarioModel, SCENARIOS } from '../../src/model/scenarios.js';
import { ModelSchema, type Model, type TargetT } from '../../src/model/schema.js';
import { parseLdif, rdn } from '../../src/adapters/quoting/index.js';
import { renderW2003Files, windows2003Adapter as w } from '../../src/adapters/windows2003/index.js';
import { domainDn, ldifOf, observeProgram, policyDn, PURPORTED_SEARCH } from '../../src/adapters/windows2003/plan.js';
import { vbProgram, WINDOWS_RUNNER } from '../../src/adapters/windows2003/vbs.js';
import { parsesInWine, runW2003Bundle, shimmed, wineMissing, winePrefix, type WinePrefix, type WineRun } from './wine.js';
import { HOSTILE_NAMES } from './hostile-names.js';

const missing = wineMissing();
if (missing && process.env.CI) throw new Error(`CI: ${missing}`);
const d = missing ? describe.skip : describe;

const pop: TargetT = { id: 'w2003-pop01', adapter: 'windows2003', server: 'POP01' };
const ex: TargetT = { id: 'w2003-ex01', adapter: 'windows2003', server: 'EX01' };
const SECRET = 'p@ss "quoted" & %PATH% ^! \u00e9\u{1F600}';
const X400 = 'X400:c=US;a= ;p=Northwind Trader;o=Exchange;';
const INITIAL_ROUTE_ACTION = 0x40; // a bit coexist does not manage: it must survive
const INITIAL_AUTH_FLAGS = 1; // anonymous only

/** Runs a target's export bundle through its .cmd launcher, the .vbs shimmed. */
async function runBundle(
  prefix: WinePrefix,
  model: Model,
  target: TargetT,
  state: string,
  env: Record<string, string> = {},
): Promise<WineRun> {
  const files = renderW2003Files(model, target, w.plan(model, target, w.unobserved(model, target)));
  // A script refuses, changing nothing, while another run for the same server holds its lock: another test
  // run on this machine (the prefix is shared) may be running the same bundle, so a refused run is run again.
  for (let attempt = 1; ; attempt++) {
    const r = await runW2003Bundle(prefix, files, state, { COEXIST_POP3_RELAY_PASSWORD: SECRET, ...env });
    if (r.exitCode === 0 || !stderrOf(r).startsWith(`coexist: another coexist script for ${target.server} `) || attempt >= 120) return r;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const kinds = (r: WineRun, prefix: string) => r.records.filter((x) => x[0]!.startsWith(prefix));
const stderrOf = (r: WineRun) =>
  r.records
    .filter((x) => x[0] === 'stderr')
    .map((x) => x[1])
    .join('\n');

/** What the POP3 target must do, from the model (not from the plan). */
function expectedPop3(model: Model) {
  const s = model.pop3.servers[0]!;
  const programs = s.domains.flatMap((dm) => [['add', dm.name], ...dm.mailboxes.map((m) => ['add', `${m}@${dm.name}`])]);
  const iis: string[][] = [];
  for (const r of s.smtp.remoteDomains) {
    const action = (r.allowRelay ? 4096 : 0) + (r.smartHost ? 2 : 0);
    iis.push(
      ['iis-create', 'IIsSmtpDomain', r.name],
      ['iis-domain', r.name, 'RouteAction', String(action)],
      ['iis-domain', r.name, 'RouteActionString', r.smartHost ?? ''],
      ['iis-domain', r.name, 'SetInfo'],
    );
  }
  const os = s.smtp.outboundSecurity;
  const auth = os.mode === 'integrated' ? 128 : os.mode === 'basic' ? 256 : 0;
  const grant = s.smtp.relay.computers.map((c) => `${c.split('/')[0]}, 255.255.255.255`);
  iis.push(
    ['iis-server', 'SmartHost', s.smtp.smartHost ?? ''],
    ['iis-server', 'SmartHostType', s.smtp.smartHost ? '2' : '0'],
    ['iis-server', 'HopCount', String(s.maxHopCount)],
    ['iis-server', 'RelayForAuth', s.smtp.relay.allowAuthenticated ? '-1' : '0'],
    ['iis-ipsecurity', 'GrantByDefault', 'False'],
    ['iis-ipsecurity', 'IPGrant', `[${grant.join('\t')}]`],
    ['iis-server', 'RelayIpList', `GrantByDefault=False;IPGrant=[${grant.join('\t')}];IPDeny=[]`],
    ['iis-server', 'RouteAction', String(INITIAL_ROUTE_ACTION | auth)],
    ['iis-server', 'RouteUserName', os.mode === 'anonymous' ? '' : (os.account ?? '')],
  );
  if (s.smtp.requireAuthentication) iis.push(['iis-server', 'AuthFlags', String(INITIAL_AUTH_FLAGS | 6)]);
  if (auth) iis.push(['iis-server', 'RoutePassword', SECRET]);
  iis.push(['iis-server', 'SetInfo']);
  return { programs, iis };
}

const POP3_STATE = `IIS\tRouteAction\t${INITIAL_ROUTE_ACTION}\nIIS\tAuthFlags\t${INITIAL_AUTH_FLAGS}\nIIS\tSmartHost\t\nIIS\tRouteUserName\t\n`;

/** The directory the Exchange run starts from: each policy already holding the model's values (the ldifde stand-in records, it does not apply), the users' accounts. */
function exchangeState(model: Model, userDn: (logon: string, displayName: string) => string): string {
  const lines: string[] = [];
  model.exchange.recipientPolicies.forEach((p, i) => {
    const dn = policyDn(model, ex, p.name, i);
    if (p.name === 'Default Policy') lines.push(`AD\t${dn}\tgatewayProxy\t${X400}`);
    for (const a of p.addresses) lines.push(`AD\t${dn}\tgatewayProxy\t${a.primary ? 'SMTP' : 'smtp'}:${a.address}`);
    for (const a of p.addresses.filter((x) => !x.responsible))
      lines.push(`AD\t${dn}\tmsExchNonAuthoritativeDomains\t${a.primary ? 'SMTP' : 'smtp'}:${a.address}`);
    lines.push(
      `AD\t${dn}\tpurportedSearch\t${PURPORTED_SEARCH[p.filter]}`,
      `AD\t${dn}\tmsExchPolicyOrder\t${p.priority === 'lowest' ? 2147483647 : p.priority}`,
    );
  });
  for (const u of model.users) {
    const dn = userDn(u.logon, u.displayName);
    lines.push(`SAM\t${u.logon}\t${dn}`, `AD\t${dn}\tcn\t${u.displayName}`, `AD\t${dn}\tproxyAddresses\tsmtp:${u.logon}@legacy.example`);
  }
  return `${lines.join('\n')}\n`;
}

const usersOu = (model: Model) => `OU=People,${domainDn(model, ex)}`;
const userDnIn = (model: Model) => (_logon: string, displayName: string) => `${rdn('CN', displayName, 'test')},${usersOu(model)}`;

function expectExchangeRun(r: WineRun, model: Model): void {
  expect(r.exitCode, `${r.stdout}\n${stderrOf(r)}`).toBe(0);
  // ldifde: once per recipient policy, -i -k on a temp file whose text is the plan's LDIF for that policy.
  const changes = w.plan(model, ex, w.unobserved(model, ex));
  const ldifs = changes.map(ldifOf).filter((l): l is string => l !== undefined);
  expect(
    r.programs.map((p) => [
      p.argv[0]!.toLowerCase().endsWith('ldifde.exe') || p.argv[0]!.toLowerCase() === 'ldifde',
      p.argv.slice(1, 4),
      p.argv[5],
    ]),
  ).toEqual(ldifs.map(() => [true, ['-i', '-k', '-f'], '-j']));
  expect(r.programs.map((p) => p.file)).toEqual(ldifs.map((l) => l.replace(/\n/g, '\r\n')));
  // The names in what ldifde imported are the model's, whatever they hold.
  const created = r.programs.flatMap((p) =>
    parseLdif(p.file!)
      .filter((x) => x.changetype === 'add')
      .map((x) => x.attributes.get('cn')?.[0]),
  );
  expect(created).toEqual(model.exchange.recipientPolicies.filter((p) => p.name !== 'Default Policy').map((p) => p.name));
  // Every policy was read back at its DN (hostile names included: the DN arrived intact).
  const readBack = new Set(kinds(r, 'getobject').map((x) => x[1]));
  model.exchange.recipientPolicies.forEach((p, i) =>
    expect(readBack.has(`LDAP://${policyDn(model, ex, p.name, i).replace(/\//g, '\\/')}`), p.name).toBe(true),
  );
  // Users: found by sAMAccountName under the domain, then exactly these writes.
  const want: string[][] = [];
  for (const u of model.users.filter((x) => x.kind === 'pop3' && x.externalAddress)) {
    const dn = userDnIn(model)(u.logon, u.displayName);
    want.push(
      [
        'ado-execute',
        `<LDAP://${domainDn(model, ex)}>;(&(objectCategory=person)(objectClass=user)(sAMAccountName=${u.logon}));distinguishedName;subtree`,
      ],
      ['ldap-put', dn, 'targetAddress', `SMTP:${u.externalAddress}`],
      ['ldap-put', dn, 'mailNickname', u.logon],
      ['ldap-putex', dn, '3', 'proxyAddresses', `[SMTP:${u.externalAddress}]`],
      ['ldap-setinfo', dn],
    );
  }
  expect(r.records.filter((x) => ['ado-execute', 'ldap-put', 'ldap-putex', 'ldap-setinfo'].includes(x[0]!))).toEqual(want);
  expect(stderrOf(r)).toBe('');
}

d('Wine: the windows2003 scripts', () => {
  let prefix: WinePrefix;
  beforeAll(() => {
    prefix = winePrefix();
    spawnSync('wineserver', ['-p'], { env: prefix.env, stdio: 'ignore' });
  }, 600_000);
  afterAll(() => {
    if (prefix) spawnSync('wineserver', ['-k'], { env: prefix.env, stdio: 'ignore' });
  });

  it('cscript parses every exported .vbs and observation program (both scenarios), and finds a syntax error', async () => {
    const scripts: Array<[string, string]> = [];
    for (const scenario of SCENARIOS) {
      const model = scenarioModel(scenario);
      for (const t of w.exporter.defaultTargets(model)) {
        for (const f of renderW2003Files(model, t, w.plan(model, t, w.unobserved(model, t))).filter((x) => x.name.endsWith('.vbs')))
          scripts.push([`${scenario}/${f.name}`, f.content]);
        scripts.push([`${scenario}/${t.id}.observe.vbs`, observeProgram(model, t)]);
      }
    }
    for (const [name, text] of scripts) expect(await parsesInWine(prefix, text), name).toBe(true);
    expect(await parsesInWine(prefix, 'Option Explicit\r\nIf True Then\r\n')).toBe(false);
  }, 300_000);

  for (const scenario of SCENARIOS) {
    it(`${scenario}: the POP3 server's bundle runs under cmd and cscript and writes exactly the model`, async () => {
      const model = scenarioModel(scenario);
      const r = await runBundle(prefix, model, pop, POP3_STATE);
      expect(r.exitCode, `${r.stdout}\n${stderrOf(r)}`).toBe(0);
      const want = expectedPop3(model);
      expect(r.programs.map((p) => p.argv[0]!.toLowerCase())).toEqual(
        want.programs.map(() => 'c:\\windows\\system32\\pop3server\\winpop.exe'),
      );
      expect(r.programs.map((p) => p.argv.slice(1))).toEqual(want.programs);
      expect(r.records.filter((x) => x[0]!.startsWith('iis-'))).toEqual(want.iis);
      expect(stderrOf(r)).toBe('');
    }, 120_000);

    it(`${scenario}: the Exchange server's bundle imports the plan's LDIF, reads it back, and mail-enables the users found by sAMAccountName`, async () => {
      const model = scenarioModel(scenario);
      const r = await runBundle(prefix, model, ex, exchangeState(model, userDnIn(model)));
      expectExchangeRun(r, model);
      expect(r.stdout).toContain('Left to do by hand');
    }, 120_000);
  }

  it('hostile organisation, policy, display names and password: every value arrives as the model has it', async () => {
    const accepted = HOSTILE_NAMES.filter((n) => ModelSchema.safeParse({ version: 1, organization: n, scenario: 'shared-domain' }).success);
    expect(accepted.length).toBeGreaterThan(50);
    for (const [chunk, org] of [
      [accepted.slice(0, 30), accepted[0]!],
      [accepted.slice(30), accepted[accepted.length - 1]!],
    ] as const) {
      const input = structuredClone(scenarioModel('shared-domain')) as unknown as Record<string, any>;
      input.organization = org;
      input.exchange.recipientPolicies.push(
        ...chunk.map((name, i) => ({
          name,
          priority: 2 + i,
          filter: 'users-with-external-addresses',
          addresses: [{ address: '@pop.northwindtraders.com', primary: true, responsible: false }],
        })),
      );
      input.users[0].displayName = chunk[1];
      input.users[1].displayName = chunk[2];
      const model = ModelSchema.parse(input);
      const r = await runBundle(prefix, model, ex, exchangeState(model, userDnIn(model)));
      expectExchangeRun(r, model);
    }
  }, 300_000);

  it('a failing winpop stops the script at that step and the .cmd launcher exits 1', async () => {
    const model = scenarioModel('shared-domain');
    const r = await runBundle(prefix, model, pop, POP3_STATE, { COEXIST_STANDIN_EXIT: '5' });
    expect(r.exitCode).toBe(1);
    expect(r.programs).toHaveLength(1);
    expect(stderrOf(r)).toMatch(/winpop\.exe failed with exit code 5/);
    expect(kinds(r, 'iis-')).toEqual([]);
  }, 120_000);

  it('a child that writes 400 KB to stdout and to stderr does not block the script', async () => {
    const model = scenarioModel('separate-domains');
    const r = await runBundle(prefix, model, pop, POP3_STATE, { COEXIST_STANDIN_SPAM: '400000' });
    expect(r.exitCode, stderrOf(r)).toBe(0);
    expect(r.programs.length).toBe(expectedPop3(model).programs.length);
  }, 180_000);

  it("a value missing on read-back (ldifde -k skipped it) stops with the policy's name, and the .cmd exits 1", async () => {
    const model = scenarioModel('shared-domain');
    const state = exchangeState(model, userDnIn(model))
      .split('\n')
      .filter((l) => !l.includes('msExchNonAuthoritativeDomains\tSMTP:@pop.northwindtraders.com'))
      .join('\n');
    const r = await runBundle(prefix, model, ex, state);
    expect(r.exitCode).toBe(1);
    expect(stderrOf(r)).toContain(
      'Recipient policy POP User Addresses: msExchNonAuthoritativeDomains does not hold SMTP:@pop.northwindtraders.com after the import.',
    );
    expect(kinds(r, 'ldap-put')).toEqual([]);
  }, 120_000);

  it('an account that is not found by sAMAccountName stops the script with its name', async () => {
    const model = scenarioModel('shared-domain');
    const state = exchangeState(model, userDnIn(model))
      .split('\n')
      .filter((l) => !l.startsWith('SAM\tcarl\t'))
      .join('\n');
    const r = await runBundle(prefix, model, ex, state);
    expect(r.exitCode).toBe(1);
    expect(stderrOf(r)).toContain('no account with sAMAccountName carl under DC=northwindtraders,DC=com');
  }, 120_000);

  /**
   * The apply path: cmd running WINDOWS_RUNNER (from a batch file: Wine's argv-to-command-line conversion
   * would re-quote a /c argument). Wine's cmd has a built-in MORE that writes "-- More... --" page prompts
   * into a redirected file, so the one step that saves stdin (more > file) is replaced by a copy of the
   * script; the rest of the line (the done marker, cscript, the exit code) runs as shipped.
   */
  async function viaRunner(script: string, env: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string }> {
    const work = mkdtempSync(join(prefix.dir, 'drive_c', 'runner-'));
    const workWin = `C:\\${basename(work)}`;
    try {
      const capture = 'more > "%TEMP%\\coexist-step.vbs"';
      expect(WINDOWS_RUNNER.split(capture)).toHaveLength(2);
      writeFileSync(join(work, 'step.vbs'), shimmed(script, workWin));
      writeFileSync(
        join(work, 'runner.cmd'),
        `@${WINDOWS_RUNNER.replace(capture, `copy /y "${workWin}\\step.vbs" "%TEMP%\\coexist-step.vbs" >nul`)}\r\n`,
      );
      const child = spawn('wine', ['cmd', '/d', '/q', '/c', `${workWin}\\runner.cmd`], {
        env: { ...prefix.env, COEXIST_STANDIN_LOG: `${workWin}\\standin.log`, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let stdout = '';
      child.stdout.on('data', (x) => {
        stdout += String(x);
      });
      const exitCode = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
      return { exitCode, stdout };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  it('the apply runner: a change that ends exits 0; a failing program or a runtime error (cscript exits 0 after it) exits 1', async () => {
    const model = scenarioModel('shared-domain');
    const first = w.plan(model, pop, w.unobserved(model, pop))[0]!;
    expect(first.commands[0]!.argv.at(-1)).toBe(WINDOWS_RUNNER);
    const ok = await viaRunner(first.commands[0]!.stdin!);
    expect(ok.exitCode, ok.stdout).toBe(0);
    expect((await viaRunner(first.commands[0]!.stdin!, { COEXIST_STANDIN_EXIT: '7' })).exitCode).toBe(1);
    const runtimeError = await viaRunner(vbProgram(['Dim zero', 'zero = 0', 'WScript.Echo 1 / zero']));
    expect(runtimeError.exitCode).toBe(1);
  }, 180_000);
});
