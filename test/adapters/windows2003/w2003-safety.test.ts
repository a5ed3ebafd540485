// windows2003: never destroy what was not read, users by sAMAccountName, the seed's steps done or listed,
// winpop by its full path, programs without pipes, and a launcher that fails when the script did.
import { describe, expect, it } from 'vitest';
import { scenarioModel, SCENARIOS } from '../../../src/model/scenarios.js';
import type { TargetT } from '../../../src/model/schema.js';
import { parseLdif } from '../../../src/adapters/quoting/index.js';
import { renderW2003Files, windows2003Adapter as w } from '../../../src/adapters/windows2003/index.js';
import { ldifOf, type W2003State } from '../../../src/adapters/windows2003/plan.js';
import { VBS_HELPERS, WINPOP } from '../../../src/adapters/windows2003/vbs.js';
import { renderPlan } from '../../../src/adapters/plan/render.js';

const pop: TargetT = { id: 'w2003-pop01', adapter: 'windows2003', server: 'POP01' };
const ex: TargetT = { id: 'w2003-ex01', adapter: 'windows2003', server: 'EX01' };
const DEFAULT_DN =
  'CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com';
const X400 = 'X400:c=US;a= ;p=Northwind Trader;o=Exchange;';

function observedExchange(defaultValues: string[], nonAuth: string[] = []): W2003State {
  return {
    role: 'exchange',
    policies: [
      {
        dn: DEFAULT_DN,
        name: 'Default Policy',
        gatewayProxy: defaultValues,
        nonAuthoritative: nonAuth,
        purportedSearch: '(mailnickname=*)',
        order: 2147483647,
      },
    ],
    users: [],
  };
}

/** Every LDIF operation of a plan: [changetype or modify op, attribute, values]. */
function ops(ldif: string): Array<{ dn: string; op: string; attr: string; values: string[] }> {
  const out: Array<{ dn: string; op: string; attr: string; values: string[] }> = [];
  for (const block of ldif.split(/\n\n+/).filter((b) => b.trim() && !b.trim().startsWith('#'))) {
    const lines = block
      .replace(/\n /g, '')
      .split('\n')
      .filter((l) => l !== '');
    const dn = parseLdif(block)[0]!.dn;
    let cur: { dn: string; op: string; attr: string; values: string[] } | null = null;
    for (const l of lines.slice(1)) {
      const m = /^(add|delete|replace): (.+)$/.exec(l);
      if (m) {
        cur = { dn, op: m[1]!, attr: m[2]!, values: [] };
        out.push(cur);
      } else if (l === '-') cur = null;
      else if (cur && l.toLowerCase().startsWith(`${cur.attr.toLowerCase()}:`)) cur.values.push(l.slice(cur.attr.length + 1).trim());
    }
  }
  return out;
}

const MULTI = /^(gatewayProxy|msExchNonAuthoritativeDomains|proxyAddresses|disabledGatewayProxy)$/i;

describe('windows2003 never destroys what it did not read', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: the export (nothing read) never replaces or deletes a multi-valued attribute`, () => {
      const m = scenarioModel(scenario);
      const changes = w.plan(m, ex, w.unobserved(m, ex));
      const all = changes
        .map(ldifOf)
        .filter((l): l is string => l !== undefined)
        .join('\n');
      expect(all).not.toBe('');
      for (const o of ops(all)) {
        if (MULTI.test(o.attr)) expect(o.op, `${o.op}: ${o.attr} on ${o.dn}`).toBe('add');
      }
      // The Default Policy exists on every Exchange 2003 organisation: it is modified, one value per record.
      expect(all).toMatch(
        /dn: CN=Default Policy[\s\S]*?changetype: modify\nadd: gatewayProxy\ngatewayProxy: SMTP:@northwindtraders.com\n-\n/,
      );
    });
  }

  it('with an observation, keeps X.400 and every value it does not manage, and deletes only exact values it read', () => {
    const m = scenarioModel('shared-domain');
    const state = observedExchange(
      [X400, 'SMTP:@northwindtraders.com', 'smtp:@old.northwindtraders.com', 'CCMAIL:Northwind at EX01'],
      ['smtp:@old.northwindtraders.com'],
    );
    const changes = w.plan(m, ex, { fingerprint: 'x', state });
    const def = changes.find((c) => c.object === 'Recipient policy Default Policy')!;
    const o = ops(ldifOf(def)!);
    expect(o).toEqual([
      { dn: DEFAULT_DN, op: 'delete', attr: 'gatewayProxy', values: ['smtp:@old.northwindtraders.com'] },
      { dn: DEFAULT_DN, op: 'delete', attr: 'msExchNonAuthoritativeDomains', values: ['smtp:@old.northwindtraders.com'] },
    ]);
    expect(def.details).toEqual([
      '- gatewayProxy smtp:@old.northwindtraders.com',
      '- msExchNonAuthoritativeDomains smtp:@old.northwindtraders.com',
    ]);
    expect(
      renderPlan({ targetId: ex.id, adapter: 'windows2003', observedFingerprint: 'x', modelFingerprint: 'y', changes: [def] }),
    ).toContain('- gatewayProxy smtp:@old.northwindtraders.com');
  });

  it('a primary that changes case is deleted and added in one record (atomic), never replaced', () => {
    const m = scenarioModel('shared-domain');
    const changes = w.plan(m, ex, {
      fingerprint: 'x',
      state: observedExchange([X400, 'smtp:@northwindtraders.com', 'SMTP:@other.example']),
    });
    const def = changes.find((c) => c.object === 'Recipient policy Default Policy')!;
    const ldif = ldifOf(def)!;
    expect(ldif.split('\ndn: ')).toHaveLength(1);
    expect(ops(ldif)).toEqual([
      { dn: DEFAULT_DN, op: 'delete', attr: 'gatewayProxy', values: ['smtp:@northwindtraders.com', 'SMTP:@other.example'] },
      { dn: DEFAULT_DN, op: 'add', attr: 'gatewayProxy', values: ['SMTP:@northwindtraders.com'] },
    ]);
  });

  it('the observed state equal to the model plans nothing, X.400 or not', () => {
    const m = scenarioModel('separate-domains');
    const state = observedExchange([X400, 'SMTP:@northwindtraders.com']);
    expect(w.plan(m, ex, { fingerprint: 'x', state }).filter((c) => c.object.startsWith('Recipient policy'))).toEqual([]);
  });
});

describe('windows2003 finds users by sAMAccountName', () => {
  it('never builds a user DN from the display name; adDomain and usersContainer are used and checked', () => {
    const m = scenarioModel('shared-domain');
    const t: TargetT = {
      ...ex,
      options: { adDomain: 'corp.northwindtraders.com', usersContainer: 'OU=POP3 Users,DC=corp,DC=northwindtraders,DC=com' },
    };
    const alice = w.plan(m, t, w.unobserved(m, t)).find((c) => c.object === 'Mail-enabled user alice')!;
    expect(alice.commands[0]!.stdin).toContain(
      'MailEnableUser "alice", "OU=POP3 Users,DC=corp,DC=northwindtraders,DC=com", "SMTP:alice@pop.northwindtraders.com", "alice"',
    );
    expect(alice.commands[0]!.stdin).not.toContain('Alice Martin');
    expect(() => w.plan(m, { ...ex, options: { adDomain: 'not a domain' } }, w.unobserved(m, ex))).toThrow(
      /targets\.w2003-ex01\.options\.adDomain: must be the Active Directory domain's DNS name/,
    );
    expect(() => w.plan(m, { ...ex, options: { usersContainer: 'POP3 Users' } }, w.unobserved(m, ex))).toThrow(
      /targets\.w2003-ex01\.options\.usersContainer: must be a distinguished name/,
    );
  });
});

describe('windows2003 runs programs safely', () => {
  it('calls winpop by its full path, never through a pipe, and fails on a non-zero exit code', () => {
    const m = scenarioModel('shared-domain');
    const vbs = renderW2003Files(m, pop, w.plan(m, pop, w.unobserved(m, pop))).find((f) => f.name.endsWith('.vbs'))!.content;
    expect(WINPOP).toBe('%SystemRoot%\\System32\\Pop3Server\\winpop.exe');
    expect(vbs).toContain('RunProgram("%SystemRoot%\\System32\\Pop3Server\\winpop.exe", Array("add", "pop.northwindtraders.com"))');
    expect(vbs).not.toMatch(/RunProgram\("winpop"|RunProgram "winpop"/);
    expect(VBS_HELPERS).not.toContain('.Exec(');
    expect(VBS_HELPERS).toMatch(
      /Shell\.Run\("cmd\.exe \/d \/s \/c " & Chr\(34\) & line & " 1>" & QuoteArg\(outPath\) & " 2>" & QuoteArg\(errPath\)/,
    );
    expect(VBS_HELPERS).toMatch(/If rc <> 0 Then Fail program & " failed with exit code "/);
  });

  it('the .cmd launcher exits 1 when cscript fails or the script did not reach its end', () => {
    const m = scenarioModel('shared-domain');
    const cmd = renderW2003Files(m, ex, w.plan(m, ex, w.unobserved(m, ex))).find((f) => f.name.endsWith('.cmd'))!.content;
    const lines = cmd.split('\r\n');
    expect(lines).toContain('if errorlevel 1 goto failed');
    expect(lines).toContain('if not exist "%COEXIST_DONE%" goto failed');
    expect(lines.at(-2)).toBe('exit /b 1');
  });
});

describe('windows2003 does the seed, or lists what it leaves', () => {
  it('lists the connector, the Exchange relay settings, the RUS update, the password and the clients as numbered manual steps', () => {
    const m = scenarioModel('shared-domain');
    const exSteps = w.manualSteps!(m, ex).filter((l) => l.startsWith('Manual step'));
    expect(exSteps).toEqual([
      'Manual step 1: Create the SMTP connector POP3 Connector to pop.northwindtraders.com',
      'Manual step 2: Relay restrictions of Default SMTP Virtual Server on EX01',
      'Manual step 3: Update the Recipient Update Service',
      'Manual step 4: Configure Outlook Express for alice to send through ex01.northwindtraders.com',
      'Manual step 5: Configure Outlook Express for carl to send through ex01.northwindtraders.com',
    ]);
    expect(w.manualSteps!(m, ex)).toContain(
      '  2.4 Select Allow all computers which successfully authenticate to relay, regardless of the list above; click OK twice.',
    );
    expect(w.manualSteps!(m, pop).filter((l) => l.startsWith('Manual step'))).toEqual([
      'Manual step 1: Password never expires for NWTRADERS\\svc-pop3-relay',
    ]);
    const files = renderW2003Files(m, ex, w.plan(m, ex, w.unobserved(m, ex)));
    for (const f of files.filter((x) => !x.name.endsWith('.ldf')))
      expect(f.content).toContain('Manual step 3: Update the Recipient Update Service');
    const plan = renderPlan({
      targetId: ex.id,
      adapter: 'windows2003',
      observedFingerprint: 'x',
      modelFingerprint: 'y',
      changes: [],
      manual: w.manualSteps!(m, ex),
    });
    expect(plan).toContain('no changes coexist can make.');
    expect(plan).toContain('Left to the administrator');
    expect(plan).not.toContain('matches the model');
  });

  it("requires authentication on the POP3 server's SMTP service (AuthFlags Basic and Integrated, anonymous kept for inbound mail)", () => {
    const m = scenarioModel('shared-domain');
    const vs = w.plan(m, pop, w.unobserved(m, pop)).find((c) => c.object === 'SMTP virtual server POP01')!;
    expect(vs.commands[0]!.stdin).toContain('vs.AuthFlags = vs.AuthFlags Or 6');
  });
});
