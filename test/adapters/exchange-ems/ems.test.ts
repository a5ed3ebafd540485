import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioModel } from '../../../src/model/scenarios.js';
import { ModelSchema, type Model, type TargetT } from '../../../src/model/schema.js';
import { exchangeEmsAdapter as ems, parseEmsObservation } from '../../../src/adapters/exchange-ems/index.js';
import { APPLY_SCRIPT, OBSERVE_SCRIPT } from '../../../src/adapters/exchange-ems/scripts.js';
import type { CommandResult, CommandSpec, Executor } from '../../../src/adapters/types.js';
import { psSkeleton, psStrings, tokenizePs } from '../quoting/ps-tokenizer.js';
import { hostileText, SEED } from '../quoting/hostile.js';

const target: TargetT = { id: 'ems-ex01', adapter: 'exchange-ems', server: 'EX01', options: { pwsh: '/usr/bin/pwsh' } };

// What Get-* | ConvertTo-Json -Depth 4 prints for an organisation configured like the shared-domain example,
// in the shapes Windows PowerShell 5.1 and remote (deserialized) sessions produce: a bare object where an
// array has one element, {value, Count} wrappers, enums as numbers, smart hosts in brackets, %m@ templates.
const CONFIGURED = `\uFEFF{
    "AcceptedDomains":  [
                            { "Name": "northwindtraders.com", "DomainName": "northwindtraders.com", "DomainType": 0, "Default": true },
                            { "Name": "pop.northwindtraders.com", "DomainName": "pop.northwindtraders.com", "DomainType": "InternalRelay", "Default": false }
                        ],
    "EmailAddressPolicies":  [
                                 { "Name": "POP User Addresses", "Priority": "1", "EnabledEmailAddressTemplates": { "value": ["SMTP:%m@pop.northwindtraders.com", "smtp:@NorthwindTraders.com"], "Count": 2 }, "RecipientFilter": "RecipientType -eq 'MailUser'", "IncludedRecipients": "" },
                                 { "Name": "Default Policy", "Priority": "Lowest", "EnabledEmailAddressTemplates": "SMTP:@northwindtraders.com", "RecipientFilter": "Alias -ne $null", "IncludedRecipients": "AllRecipients" }
                             ],
    "MailUsers":  [
                      { "Identity": "northwindtraders.com/Users/Alice Martin", "SamAccountName": "alice", "Alias": "alice", "ExternalEmailAddress": "SMTP:alice@pop.northwindtraders.com" },
                      { "Identity": "northwindtraders.com/Users/Carl Dubois", "SamAccountName": "carl", "Alias": "carl", "ExternalEmailAddress": "SMTP:carl@pop.northwindtraders.com" }
                  ],
    "SendConnectors":  { "Name": "POP3 Connector", "AddressSpaces": ["SMTP:pop.northwindtraders.com;1"], "SmartHosts": "[10.0.0.20]", "SourceTransportServers": ["EX01"], "DNSRoutingEnabled": false },
    "ReceiveConnectors":  [
                              { "Identity": "EX01\\\\Default Frontend EX01", "Name": "Default Frontend EX01", "Server": "EX01", "RemoteIPRanges": ["::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"], "PermissionGroups": "AnonymousUsers, ExchangeServers, ExchangeLegacyServers", "AnonymousRelay": false },
                              { "Identity": "EX01\\\\Relay (Default SMTP Virtual Server)", "Name": "Relay (Default SMTP Virtual Server)", "Server": "EX01", "RemoteIPRanges": "10.0.0.20", "PermissionGroups": 1, "AnonymousRelay": true }
                          ]
}`;

const fromState = (text: string) => {
  const state = parseEmsObservation(text);
  return { fingerprint: 'x', state };
};

describe('exchange-ems observation parser', () => {
  it('reads the Get-* JSON in all the shapes PowerShell produces', () => {
    const s = parseEmsObservation(CONFIGURED);
    expect(s.acceptedDomains.map((d) => [d.domainName, d.domainType])).toEqual([
      ['northwindtraders.com', 'Authoritative'],
      ['pop.northwindtraders.com', 'InternalRelay'],
    ]);
    expect(s.policies[0]!.templates).toEqual(['SMTP:%m@pop.northwindtraders.com', 'smtp:@NorthwindTraders.com']);
    expect(s.policies[1]!.templates).toEqual(['SMTP:@northwindtraders.com']);
    expect(s.sendConnectors).toHaveLength(1);
    expect(s.sendConnectors[0]!.smartHosts).toEqual(['[10.0.0.20]']);
    expect(s.receiveConnectors[1]).toMatchObject({
      remoteIPRanges: ['10.0.0.20'],
      permissionGroups: ['AnonymousUsers'],
      anonymousRelay: true,
    });
    expect(s.receiveConnectors[0]!.permissionGroups).toEqual(['AnonymousUsers', 'ExchangeServers', 'ExchangeLegacyServers']);
  });

  it('says clearly what is wrong with output that is not the observation', () => {
    expect(() => parseEmsObservation('WARNING: The names of some imported commands...')).toThrow(
      /exchange-ems observation: the output of pwsh is not JSON/,
    );
    expect(() => parseEmsObservation('{"AcceptedDomains": []}')).toThrow(/has no "EmailAddressPolicies"/);
  });
});

describe('exchange-ems plan', () => {
  it('plans nothing when Exchange already matches the model', () => {
    const m = scenarioModel('shared-domain');
    expect(ems.plan(m, target, fromState(CONFIGURED))).toEqual([]);
  });

  it('plans exactly the one thing that differs', () => {
    const m = scenarioModel('shared-domain');
    const drifted = CONFIGURED.replace('"DomainType": "InternalRelay"', '"DomainType": "Authoritative"');
    const changes = ems.plan(m, target, fromState(drifted));
    expect(changes.map((c) => [c.action, c.object, c.before, c.after])).toEqual([
      ['update', 'Accepted domain pop.northwindtraders.com', 'Authoritative', 'InternalRelay'],
    ]);
    expect(ems.exporter.render(m, target, changes)).toContain('Set-AcceptedDomain @p');

    const noRelay = CONFIGURED.replace('"PermissionGroups": 1, "AnonymousRelay": true', '"PermissionGroups": 1, "AnonymousRelay": false');
    const c2 = ems.plan(m, target, fromState(noRelay));
    expect(c2.map((c) => c.object)).toEqual(['Receive connector EX01\\Relay (Default SMTP Virtual Server)']);
    const script = ems.exporter.render(m, target, c2);
    expect(script).toContain("User = (Resolve-CoexistSid 'S-1-5-7')");
    expect(script).not.toMatch(/ANONYMOUS LOGON"/);
    expect(script).not.toContain('New-ReceiveConnector');
  });

  it('plans everything (as create-or-set) against an empty organisation, in a safe order', () => {
    const m = scenarioModel('shared-domain');
    const empty = '{"AcceptedDomains":[],"EmailAddressPolicies":[],"MailUsers":[],"SendConnectors":[],"ReceiveConnectors":[]}';
    const changes = ems.plan(m, target, fromState(empty));
    expect(changes.map((c) => c.object)).toEqual([
      'Accepted domain northwindtraders.com',
      'Accepted domain pop.northwindtraders.com',
      'Send connector POP3 Connector',
      'Receive connector EX01\\Relay (Default SMTP Virtual Server)',
      'Mail user alice',
      'Mail user carl',
      'Email address policy Default Policy',
      'Email address policy POP User Addresses',
    ]);
    expect(changes.every((c) => c.action === 'create')).toBe(true);
  });

  it('separate-domains: the relayed POP3 domain is an ExternalRelay accepted domain, no mail users', () => {
    const m = scenarioModel('separate-domains');
    const changes = ems.plan(m, target, ems.unobserved(m, target));
    expect(changes.map((c) => [c.object, c.after])).toContainEqual(['Accepted domain pop.contoso.com', 'ExternalRelay']);
    expect(changes.some((c) => c.object.startsWith('Mail user'))).toBe(false);
  });

  it('applies through pwsh with a fixed -Command and the data as JSON on stdin, never in argv', () => {
    const m = scenarioModel('shared-domain');
    const changes = ems.plan(m, target, ems.unobserved(m, target));
    for (const c of changes) {
      for (const cmd of c.commands) {
        expect(cmd.argv).toEqual(['/usr/bin/pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', APPLY_SCRIPT]);
        expect(() => JSON.parse(cmd.stdin!)).not.toThrow();
      }
    }
  });

  it('observes through the executor and refuses an export-only target with a clear message', async () => {
    const seen: CommandSpec[] = [];
    const executor: Executor = {
      description: 'fake',
      async run(cmd): Promise<CommandResult> {
        seen.push(cmd);
        return { argv: cmd.argv, exitCode: 0, stdout: CONFIGURED, stderr: '', durationMs: 1, timedOut: false };
      },
    };
    const m = scenarioModel('shared-domain');
    const observed = await ems.observe(m, target, executor);
    expect(seen[0]!.argv.at(-1)).toBe(OBSERVE_SCRIPT);
    expect(ems.plan(m, target, observed)).toEqual([]);
    await expect(ems.observe(m, { ...target, options: {} }, executor)).rejects.toThrow(/export-only|options\.pwsh/);
  });
});

describe('exchange-ems scripts under hostile names', () => {
  const text = hostileText.map((s) => [...s.replace(/[\u0000-\u001f\u007f]/g, '')].slice(0, 120).join('')).filter((s) => s.length > 0);

  function withNames(policy: string, connector: string, vs: string): Model {
    const m = scenarioModel('shared-domain') as Model;
    const input = structuredClone(m) as unknown as Record<string, any>;
    input.exchange.recipientPolicies[1].name = policy;
    input.exchange.connectors[0].name = connector;
    input.exchange.servers[0].smtpVirtualServers[0].name = vs;
    input.organization = policy;
    return ModelSchema.parse(input);
  }

  it('property: the script keeps its structure and every hostile name comes back as one string literal', () => {
    const benign = ems.exporter.render(
      withNames('P', 'C', 'V'),
      target,
      ems.plan(withNames('P', 'C', 'V'), target, ems.unobserved(withNames('P', 'C', 'V'), target)),
    );
    const benignTokens = tokenizePs(benign);
    let ran = 0;
    fc.assert(
      fc.property(text, text, text, (p, c, v) => {
        // Names the model refuses (look-alikes, invisible or terminal-changing characters) never reach a script.
        let m: Model;
        try {
          m = withNames(p, c, v);
        } catch {
          return;
        }
        ran++;
        const script = ems.exporter.render(m, target, ems.plan(m, target, ems.unobserved(m, target)));
        const tokens = tokenizePs(script);
        expect(psSkeleton(tokens)).toEqual(psSkeleton(benignTokens));
        const strings = psStrings(tokens);
        const expected = psStrings(benignTokens).map((s) =>
          s
            .replace(/^P$/, () => p)
            .replace(/^C$/, () => c)
            .replace(/^Relay \(V\)$/, () => `Relay (${v})`)
            .replace(/^EX01\\Relay \(V\)$/, () => `EX01\\Relay (${v})`),
        );
        expect(strings).toEqual(expected);
        // The apply payload is JSON: the same values come back exactly.
        const payloads = ems.plan(m, target, ems.unobserved(m, target)).flatMap((ch) => ch.commands.map((cmd) => JSON.parse(cmd.stdin!)));
        expect(JSON.stringify(payloads)).toContain(JSON.stringify(c));
      }),
      { seed: SEED + 40, numRuns: 300 },
    );
    expect(ran).toBeGreaterThan(50);
  });
});

describe('exchange-ems: templates it does not set, Exchange 2003 policies, versions', () => {
  const m = scenarioModel('shared-domain');
  const withX400 = CONFIGURED.replace(
    '"EnabledEmailAddressTemplates": "SMTP:@northwindtraders.com"',
    '"EnabledEmailAddressTemplates": ["SMTP:@old.northwindtraders.com", "X400:c=US;a= ;p=Northwind;o=Exchange;", "smtp:@legacy.northwindtraders.com"]',
  );

  it('sets the SMTP templates from the model and keeps every template of another type the policy holds', () => {
    const changes = ems.plan(m, target, fromState(withX400));
    expect(changes.map((c) => [c.object, c.after])).toEqual([
      ['Email address policy Default Policy', 'SMTP:@northwindtraders.com, X400:c=US;a= ;p=Northwind;o=Exchange; (priority lowest)'],
    ]);
    const set = JSON.parse(changes[0]!.commands[0]!.stdin!).steps[0];
    expect(set).toEqual({
      cmdlet: 'Set-EmailAddressPolicy',
      params: {
        Identity: 'Default Policy',
        EnabledEmailAddressTemplates: ['SMTP:@northwindtraders.com', 'X400:c=US;a= ;p=Northwind;o=Exchange;'],
        IncludedRecipients: 'AllRecipients',
        ForceUpgrade: true,
      },
    });
    // An X.400 template alone is no reason to change anything.
    const onlyX400 = CONFIGURED.replace(
      '"EnabledEmailAddressTemplates": "SMTP:@northwindtraders.com"',
      '"EnabledEmailAddressTemplates": ["SMTP:@northwindtraders.com", "X400:c=US;a= ;p=Northwind;o=Exchange;"]',
    );
    expect(ems.plan(m, target, fromState(onlyX400))).toEqual([]);
  });

  it('without an observation, the script reads the policy and keeps its other templates (Join-CoexistTemplates)', () => {
    const script = ems.exporter.render(m, target, ems.plan(m, target, ems.unobserved(m, target)));
    expect(script).toContain(
      '$p.EnabledEmailAddressTemplates = Join-CoexistTemplates $p.Identity $p.EnabledEmailAddressTemplates\nSet-EmailAddressPolicy @p',
    );
    expect(script).toContain("Where-Object { $_ -notmatch '^smtp:' }");
  });

  it('upgrades a policy Exchange 2003 made (RecipientFilterType Legacy) even when its templates match', () => {
    const legacy = CONFIGURED.replace(
      '"RecipientFilter": "Alias -ne $null", "IncludedRecipients": "AllRecipients"',
      '"RecipientFilter": "", "IncludedRecipients": "", "RecipientFilterType": "Legacy"',
    );
    const changes = ems.plan(m, target, fromState(legacy));
    expect(changes.map((c) => c.object)).toEqual(['Email address policy Default Policy']);
    expect(changes[0]!.before).toMatch(/made by Exchange 2003: upgraded by this change/);
    expect(JSON.parse(changes[0]!.commands[0]!.stdin!).steps[0].params).toMatchObject({
      IncludedRecipients: 'AllRecipients',
      ForceUpgrade: true,
    });
  });

  it('writes for the version the target names (default 2019), and says so in the header', () => {
    const for2010 = { ...target, options: { ...target.options, version: '2010' } } as TargetT;
    const s2010 = ems.exporter.render(m, for2010, ems.plan(m, for2010, ems.unobserved(m, for2010)));
    expect(s2010).toContain('# Written for Exchange Server 2010 (targets.ems-ex01.options.version: 2010)');
    expect(s2010).not.toContain('TransportRole');
    const s2019 = ems.exporter.render(m, target, ems.plan(m, target, ems.unobserved(m, target)));
    expect(s2019).toContain('# Written for Exchange Server 2019 (targets.ems-ex01.options.version: 2019, the default)');
    expect(s2019).toContain("TransportRole = 'FrontendTransport'");
  });

  it('refuses a parameter the version lacks, naming cmdlet, parameter and version', async () => {
    const { assertStepsFit } = await import('../../../src/adapters/exchange-ems/plan.js');
    expect(() =>
      assertStepsFit([{ cmdlet: 'New-ReceiveConnector', params: { Name: 'x', TransportRole: 'FrontendTransport' } }], '2010'),
    ).toThrow('New-ReceiveConnector has no -TransportRole in Exchange Server 2010');
    expect(() =>
      assertStepsFit([{ cmdlet: 'New-ReceiveConnector', params: { Name: 'x', TransportRole: 'FrontendTransport' } }], '2013'),
    ).not.toThrow();
  });

  it('the apply payload is printable ASCII JSON whatever the names', () => {
    const input = structuredClone(m) as unknown as Record<string, any>;
    input.exchange.connectors[0].name = 'Соединитель – “POP3”';
    const m2 = ModelSchema.parse(input);
    const cmds = ems.plan(m2, target, ems.unobserved(m2, target)).flatMap((c) => c.commands);
    for (const c of cmds) expect(c.stdin).toMatch(/^[\x20-\x7e]*$/);
    expect(
      cmds
        .map((c) => JSON.parse(c.stdin!))
        .flatMap((p) => p.steps)
        .some((s: { params: { Name?: string } }) => s.params.Name === 'Соединитель – “POP3”'),
    ).toBe(true);
  });
});
