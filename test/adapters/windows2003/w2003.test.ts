import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioModel } from '../../../src/model/scenarios.js';
import { ModelSchema, type TargetT } from '../../../src/model/schema.js';
import {
  parseWinpopDomains,
  parseWinpopMailboxes,
  parsePolicyExport,
  parseUserExport,
  parseMetabaseReport,
} from '../../../src/adapters/windows2003/parse.js';
import { parseW2003Observation, renderW2003Files, windows2003Adapter as w } from '../../../src/adapters/windows2003/index.js';
import { parseLdif } from '../../../src/adapters/quoting/index.js';
import { hostileText, SEED } from '../quoting/hostile.js';
import { evalVbStringExpression } from '../quoting/vb-tokenizer.js';

const pop: TargetT = { id: 'w2003-pop01', adapter: 'windows2003', server: 'POP01' };
const ex: TargetT = { id: 'w2003-ex01', adapter: 'windows2003', server: 'EX01' };

const WINPOP_DOMAINS =
  'List of Domains\r\n--------------------------------------------------\r\n   pop.northwindtraders.com\r\n   L  old.northwindtraders.com\r\n\r\n2 Domain(s)\r\nThe command completed successfully.\r\n';
const WINPOP_MAILBOXES =
  'Mailboxes in domain pop.northwindtraders.com\r\n--------------------------------------------------\r\n   alice\r\n   carl (locked)\r\n\r\n2 Mailbox(es)\r\nThe command completed successfully.\r\n';
const METABASE =
  'SERVER|SmartHost=%5B10.0.0.10%5D|SmartHostType=2|RouteAction=128|RouteUserName=NWTRADERS%5Csvc-pop3-relay|RelayForAuth=-1|GrantByDefault=False|IPGrant=|IPDeny=|HopCount=15|AuthFlags=7\r\nDOMAIN|Name=pop.northwindtraders.com|RouteAction=64|RouteActionString=\r\nDOMAIN|Name=northwindtraders.com|RouteAction=4098|RouteActionString=%5B10.0.0.10%5D\r\n';
const POLICIES = `dn: CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsof\r\n t Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com\r\nchangetype: add\r\ncn: Default Policy\r\ngatewayProxy: X400:c=US;a= ;p=Northwind Trader;o=Exchange;\r\ngatewayProxy: SMTP:@northwindtraders.com\r\npurportedSearch: (mailnickname=*)\r\nmsExchPolicyOrder: 2147483647\r\n\r\ndn: CN=POP User Addresses,CN=Recipient Policies,CN=Northwind Traders,CN=Micr\r\n osoft Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com\r\nchangetype: add\r\ncn: POP User Addresses\r\ngatewayProxy: SMTP:@pop.northwindtraders.com\r\ngatewayProxy: smtp:@northwindtraders.com\r\nmsExchNonAuthoritativeDomains: SMTP:@pop.northwindtraders.com\r\npurportedSearch: (&(mailnickname=*)(objectCategory=person)(objectClass=user)\r\n (targetAddress=*)(!(homeMDB=*)))\r\nmsExchPolicyOrder: 1\r\n\r\n`;
const USERS = `dn: CN=Alice Martin,CN=Users,DC=northwindtraders,DC=com\r\nchangetype: add\r\nsAMAccountName: alice\r\ntargetAddress: SMTP:alice@pop.northwindtraders.com\r\nproxyAddresses: smtp:alice@northwindtraders.com\r\nproxyAddresses: SMTP:alice@pop.northwindtraders.com\r\nmailNickname: alice\r\n\r\ndn:: Q049Q2FybCBEdWJvaXMsQ049VXNlcnMsREM9bm9ydGh3aW5kdHJhZGVycyxEQz1jb20=\r\nchangetype: add\r\nsAMAccountName: carl\r\ntargetAddress: SMTP:carl@pop.northwindtraders.com\r\nproxyAddresses: SMTP:carl@pop.northwindtraders.com\r\nmailNickname: carl\r\n\r\n`;

describe('windows2003 parsers', () => {
  it('reads winpop list output, with lock flags', () => {
    expect(parseWinpopDomains(WINPOP_DOMAINS)).toEqual([
      { name: 'pop.northwindtraders.com', locked: false },
      { name: 'old.northwindtraders.com', locked: true },
    ]);
    expect(parseWinpopMailboxes(WINPOP_MAILBOXES)).toEqual([
      { name: 'alice', locked: false },
      { name: 'carl', locked: true },
    ]);
  });
  it('reads ldifde exports (folded lines, base64 DNs, CRLF)', () => {
    const p = parsePolicyExport(POLICIES);
    expect(p[1]).toMatchObject({ name: 'POP User Addresses', order: 1, nonAuthoritative: ['SMTP:@pop.northwindtraders.com'] });
    expect(p[1]!.purportedSearch).toBe('(&(mailnickname=*)(objectCategory=person)(objectClass=user)(targetAddress=*)(!(homeMDB=*)))');
    expect(parseUserExport(USERS)[1]).toMatchObject({ dn: 'CN=Carl Dubois,CN=Users,DC=northwindtraders,DC=com', sam: 'carl' });
    expect(parseMetabaseReport(METABASE).server).toMatchObject({
      smartHost: '[10.0.0.10]',
      routeUserName: 'NWTRADERS\\svc-pop3-relay',
      relayForAuth: true,
      hopCount: 15,
    });
  });
});

describe('windows2003 plan', () => {
  const popOut = `#coexist-section winpop-domains\r\n${WINPOP_DOMAINS}#coexist-section winpop-mailboxes pop.northwindtraders.com\r\n${WINPOP_MAILBOXES}#coexist-section metabase\r\n${METABASE}`;
  const exOut = `#coexist-section policies\r\n${POLICIES}#coexist-section users\r\n${USERS}`;
  const m = scenarioModel('shared-domain');

  it('is empty when the observed systems match the model', () => {
    expect(w.plan(m, pop, { fingerprint: 'x', state: parseW2003Observation(m, pop, popOut) })).toEqual([]);
    const exChanges = w.plan(m, ex, { fingerprint: 'x', state: parseW2003Observation(m, ex, exOut) });
    expect(exChanges).toEqual([]);
  });

  it('plans exactly what is missing', () => {
    const noCarl = popOut.replace('   carl (locked)\r\n', '');
    expect(w.plan(m, pop, { fingerprint: 'x', state: parseW2003Observation(m, pop, noCarl) }).map((c) => c.object)).toEqual([
      'POP3 mailbox carl@pop.northwindtraders.com',
    ]);
    const authoritative = exOut.replace('msExchNonAuthoritativeDomains: SMTP:@pop.northwindtraders.com\r\n', '');
    const ch = w.plan(m, ex, { fingerprint: 'x', state: parseW2003Observation(m, ex, authoritative) });
    expect(ch.map((c) => [c.action, c.object])).toEqual([['update', 'Recipient policy POP User Addresses']]);
  });

  it('never puts a password in a script: it is read at run time', () => {
    const local = ModelSchema.parse({
      ...structuredClone(m),
      pop3: { servers: [{ ...structuredClone(m.pop3.servers[0]!), authentication: 'encrypted-password-file' }] },
    });
    const files = renderW2003Files(local, pop, w.plan(local, pop, w.unobserved(local, pop)));
    const vbs = files.find((f) => f.name.endsWith('.vbs'))!.content;
    expect(vbs).toContain('ReadSecret("COEXIST_POP3_PASSWORD_ALICE"');
    expect(vbs).toContain('ReadSecret("COEXIST_POP3_RELAY_PASSWORD"');
  });

  it('property: hostile display names and organisation stay inside their VBScript strings and LDIF values', () => {
    const text = hostileText
      .map((s) => [...s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '')].slice(0, 100).join(''))
      .filter((s) => s.length > 0 && ModelSchema.shape.organization.safeParse(s).success);
    fc.assert(
      fc.property(text, text, (org, name) => {
        const input = structuredClone(m) as unknown as Record<string, any>;
        input.organization = org;
        input.users[0].displayName = name;
        input.exchange.recipientPolicies[1].name = name;
        const model = ModelSchema.parse(input);
        const changes = w.plan(model, ex, w.unobserved(model, ex));
        for (const c of changes) {
          const lines = c.commands[0]!.stdin!.split('\n');
          if (c.object.startsWith('Recipient policy ')) {
            const body = lines.filter((l) => l.startsWith('ImportLdif '));
            expect(body).toHaveLength(1);
            const recs = parseLdif(evalVbStringExpression(body[0]!.slice('ImportLdif '.length)));
            expect(recs.length).toBeGreaterThan(0);
            if (c.object === 'Recipient policy POP User Addresses') expect(recs[0]!.attributes.get('cn')).toEqual([name]);
          } else {
            // Users are found by sAMAccountName at run time: the display name is never used to build a DN.
            expect(c.object).toMatch(/^Mail-enabled user /);
            expect(lines.some((l) => l.startsWith('MailEnableUser "'))).toBe(true);
            expect(c.commands[0]!.stdin!).not.toContain('CN=Users');
          }
        }
      }),
      { seed: SEED + 50, numRuns: 300 },
    );
  });
});
