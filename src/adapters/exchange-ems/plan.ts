// Diff the desired Exchange objects against what Get-* reported (or, without observation, plan every
// object as "create if missing, else set", so the exported script is safe to run on any organisation).
// Objects the model does not name are never touched or deleted: the organisation holds more than we model.
import { diffResources } from '../diff.js';
import type { Change, CommandSpec } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import type { PsValue } from '../quoting/index.js';
import {
  ACCEPT_ANY_RECIPIENT,
  ANONYMOUS_LOGON_SID,
  desiredEms,
  POP_USERS_FILTER,
  type DesiredPolicy,
  type DesiredReceiveConnector,
} from './desired.js';
import type { EmsState } from './observed.js';
import type { EmsCall, EmsPayload, EmsStep } from './steps.js';
import { APPLY_SCRIPT } from './scripts.js';
import { emsOptions } from './options.js';
import { assertParameters, hasParameter, type ExchangeVersion } from './versions.js';

const lc = (s: string) => s.toLowerCase();
const sameSet = (a: string[], b: string[], norm: (s: string) => string = lc) => {
  const x = [...new Set(a.map(norm))].sort();
  const y = [...new Set(b.map(norm))].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** "SMTP:%m@d" and "SMTP:@d" are the same template; the prefix case (primary) matters, the domain case does not. */
function normTemplate(t: string): string {
  const m = /^([A-Za-z0-9]+):(.*)$/.exec(t.trim());
  const type = m ? m[1]! : 'smtp';
  const rest = (m ? m[2]! : t).replace(/^%m@/i, '@').toLowerCase();
  return `${type}:${rest}`;
}
const normAddressSpace = (s: string) => {
  const t = s.trim().toLowerCase();
  const withType = t.includes(':') ? t : `smtp:${t}`;
  return withType.includes(';') ? withType : `${withType};1`;
};
const normHost = (s: string) =>
  s
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();

/** JSON in printable ASCII (\\uXXXX for the rest): pwsh on Windows may read stdin in the OEM code page. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every cmdlet call a step can make, with the parameters it passes (-ErrorAction is a common parameter). */
function callsOf(step: EmsStep): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [[step.cmdlet, Object.keys(step.params)]];
  if (step.ifMissing) {
    out.push([step.ifMissing.get, ['Identity']]);
    if (step.ifMissing.otherwise) out.push([step.ifMissing.otherwise.cmdlet, Object.keys(step.ifMissing.otherwise.params)]);
  }
  if (step.pipeFrom) out.push([step.pipeFrom.get, ['Identity']]);
  return out;
}

/** Refuses a step that passes a parameter the target's Exchange version does not have (Microsoft's reference). */
export function assertStepsFit(steps: readonly EmsStep[], version: ExchangeVersion): void {
  for (const s of steps) for (const [cmdlet, names] of callsOf(s)) assertParameters(cmdlet, names, version);
}

export function commandFor(target: TargetT, steps: EmsStep[], description: string): CommandSpec {
  const o = emsOptions(target);
  assertStepsFit(steps, o.version);
  const payload: EmsPayload = { ...(o.connectionUri ? { connectionUri: o.connectionUri } : {}), steps };
  return {
    argv: [o.pwsh, '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', APPLY_SCRIPT],
    stdin: asciiJson(payload),
    description,
    timeoutMs: 300_000,
  };
}

/**
 * Set-/New-EmailAddressPolicy parameters. `templates` is the full list to set (the model's SMTP templates plus,
 * with an observation, every other template the policy holds). -ForceUpgrade and, for the Default Policy,
 * -IncludedRecipients AllRecipients upgrade a policy Exchange 2003 made (LDAP filter) instead of stopping
 * at the upgrade prompt; on a policy made by Exchange 2007 or later they change nothing.
 */
function policyParams(p: DesiredPolicy, creating: boolean, templates: string[] = p.templates): Record<string, PsValue> {
  const params: Record<string, PsValue> = creating ? { Name: p.name } : { Identity: p.name };
  params.EnabledEmailAddressTemplates = templates;
  if (p.isDefault) {
    if (!creating) params.IncludedRecipients = 'AllRecipients';
  } else {
    if (p.filter === 'users-with-external-addresses') params.RecipientFilter = POP_USERS_FILTER;
    else params.IncludedRecipients = p.filter === 'all' ? 'AllRecipients' : 'MailboxUsers';
    if (typeof p.priority === 'number') params.Priority = p.priority;
  }
  if (!creating) params.ForceUpgrade = true;
  return params;
}

const isSmtpTemplate = (t: string) => /^smtp:/i.test(t.trim());

function filterMatches(p: DesiredPolicy, o: EmsState['policies'][number]): boolean {
  if (p.isDefault) return true;
  if (p.filter === 'users-with-external-addresses')
    return /recipienttype\s+-eq\s+'mailuser'/.test(o.recipientFilter.toLowerCase()) && !/-or|-and/.test(o.recipientFilter.toLowerCase());
  const want = p.filter === 'all' ? 'allrecipients' : 'mailboxusers';
  return lc(o.includedRecipients.replace(/\s/g, '')) === want;
}

function receiveSteps(r: DesiredReceiveConnector, version: ExchangeVersion, creating: boolean, addPermission: boolean): EmsStep[] {
  const identity = `${r.server}\\${r.name}`;
  const steps: EmsStep[] = [];
  if (creating) {
    const params: Record<string, PsValue> = {
      Name: r.name,
      Server: r.server,
      Custom: true,
      Bindings: ['0.0.0.0:25'],
      RemoteIPRanges: r.remoteIPRanges,
      PermissionGroups: 'AnonymousUsers',
    };
    if (hasParameter('New-ReceiveConnector', 'TransportRole', version)) params.TransportRole = 'FrontendTransport';
    steps.push({ cmdlet: 'New-ReceiveConnector', params });
  } else {
    steps.push({
      cmdlet: 'Set-ReceiveConnector',
      params: { Identity: identity, RemoteIPRanges: r.remoteIPRanges, PermissionGroups: 'AnonymousUsers' },
    });
  }
  if (addPermission) {
    steps.push({
      cmdlet: 'Add-ADPermission',
      params: { User: { sid: ANONYMOUS_LOGON_SID }, ExtendedRights: ACCEPT_ANY_RECIPIENT },
      pipeFrom: { get: 'Get-ReceiveConnector', identity },
    });
  }
  return steps;
}

/** The desired objects of one kind, by their address in the plan ("Accepted domain example.com"). */
const addressed = <D>(list: readonly D[], address: (d: D) => string): Array<[string, D]> => list.map((d) => [address(d), d]);

/**
 * The plan. `observed` null means the target could not be read: every object is planned as create-or-set.
 * Each kind of object goes through the shared differ (../diff.ts) in its desired order; objects the model does
 * not name are never deleted. What is here is how Exchange names and compares them, and the steps of a change.
 */
export function planEms(model: Model, target: TargetT, observed: EmsState | null): Change[] {
  const want = desiredEms(model, target);
  const version = emsOptions(target).version;
  const change = (action: Change['action'], object: string, steps: EmsStep[], before?: string, after?: string): Change => ({
    action,
    object,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    commands: [commandFor(target, steps, `${action === 'create' ? 'Create' : 'Update'} ${object}`)],
  });
  const ensure = (get: EmsStep['cmdlet'], identity: string, create: EmsCall, otherwise?: EmsCall): EmsStep => ({
    ...create,
    ifMissing: { get, identity, ...(otherwise ? { otherwise } : {}) },
  });
  /** How one kind of object is found among the observed ones; nothing is found when nothing was observed. */
  const among =
    <D, O>(list: (s: EmsState) => O[], match: (o: O, d: D) => boolean) =>
    (_address: string, d: D): O | undefined =>
      observed ? list(observed).find((o) => match(o, d)) : undefined;

  // 1. Accepted domains.
  const acceptedDomains = diffResources(
    addressed(want.acceptedDomains, (d) => `Accepted domain ${d.domainName}`),
    among(
      (s) => s.acceptedDomains,
      (o, d) => lc(o.domainName) === lc(d.domainName),
    ),
    { same: (o, d) => lc(o.domainType) === lc(d.domainType) },
  ).map((c) => {
    const d = c.desired;
    const create: EmsCall = { cmdlet: 'New-AcceptedDomain', params: { Name: d.name, DomainName: d.domainName, DomainType: d.domainType } };
    if (c.action === 'update')
      return change(
        'update',
        c.address,
        [{ cmdlet: 'Set-AcceptedDomain', params: { Identity: c.observed.name || d.domainName, DomainType: d.domainType } }],
        c.observed.domainType,
        d.domainType,
      );
    const step = observed
      ? create
      : ensure('Get-AcceptedDomain', d.domainName, create, {
          cmdlet: 'Set-AcceptedDomain',
          params: { Identity: d.domainName, DomainType: d.domainType },
        });
    return change('create', c.address, [step], undefined, d.domainType);
  });

  // 2. Send connectors (before mail users, so mail for them has a route as soon as they exist).
  const sendConnectors = diffResources(
    addressed(want.sendConnectors, (c) => `Send connector ${c.name}`),
    among(
      (s) => s.sendConnectors,
      (o, c) => lc(o.name) === lc(c.name),
    ),
    {
      same: (o, c) =>
        sameSet(o.addressSpaces, c.addressSpaces, normAddressSpace) &&
        o.dnsRoutingEnabled === c.dnsRoutingEnabled &&
        (c.dnsRoutingEnabled || sameSet(o.smartHosts, c.smartHosts, normHost)) &&
        sameSet(o.sourceTransportServers, c.sourceTransportServers),
    },
  ).map((d) => {
    const c = d.desired;
    const after = `${c.addressSpaces.join(', ')} via ${c.dnsRoutingEnabled ? 'DNS' : c.smartHosts.join(', ')} from ${c.sourceTransportServers.join(', ')}`;
    const setParams: Record<string, PsValue> = {
      Identity: c.name,
      AddressSpaces: c.addressSpaces,
      DNSRoutingEnabled: c.dnsRoutingEnabled,
      SourceTransportServers: c.sourceTransportServers,
    };
    if (!c.dnsRoutingEnabled) setParams.SmartHosts = c.smartHosts;
    const newParams: Record<string, PsValue> = {
      Name: c.name,
      Usage: 'Custom',
      AddressSpaces: c.addressSpaces,
      DNSRoutingEnabled: c.dnsRoutingEnabled,
      SourceTransportServers: c.sourceTransportServers,
      IsScopedConnector: false,
    };
    if (!c.dnsRoutingEnabled) newParams.SmartHosts = c.smartHosts;
    if (d.action === 'update') {
      const o = d.observed;
      return change(
        'update',
        d.address,
        [{ cmdlet: 'Set-SendConnector', params: setParams }],
        `${o.addressSpaces.join(', ')} via ${o.dnsRoutingEnabled ? 'DNS' : o.smartHosts.join(', ')} from ${o.sourceTransportServers.join(', ')}`,
        after,
      );
    }
    const create: EmsCall = { cmdlet: 'New-SendConnector', params: newParams };
    const step = observed ? create : ensure('Get-SendConnector', c.name, create, { cmdlet: 'Set-SendConnector', params: setParams });
    return change('create', d.address, [step], undefined, after);
  });

  // 3. The relay receive connector for the POP3 server's IP, with anonymous relay granted by well-known SID.
  const rangesOk = (o: EmsState['receiveConnectors'][number], r: DesiredReceiveConnector) => sameSet(o.remoteIPRanges, r.remoteIPRanges);
  const groupsOk = (o: EmsState['receiveConnectors'][number]) => o.permissionGroups.some((g) => lc(g) === 'anonymoususers');
  const receiveConnectors = diffResources(
    addressed(want.receiveConnectors, (r) => `Receive connector ${r.server}\\${r.name}`),
    among(
      (s) => s.receiveConnectors,
      (o, r) => lc(o.name) === lc(r.name) && (o.server === '' || lc(o.server) === lc(r.server)),
    ),
    { same: (o, r) => rangesOk(o, r) && groupsOk(o) && o.anonymousRelay },
  ).map((c) => {
    const r = c.desired;
    const after = `anonymous relay from ${r.remoteIPRanges.join(', ')}`;
    if (c.action === 'update') {
      const o = c.observed;
      const steps =
        rangesOk(o, r) && groupsOk(o) ? receiveSteps(r, version, false, true).slice(1) : receiveSteps(r, version, false, !o.anonymousRelay);
      return change(
        'update',
        c.address,
        steps,
        `${o.anonymousRelay ? 'anonymous relay' : 'no anonymous relay'} from ${o.remoteIPRanges.join(', ')}`,
        after,
      );
    }
    if (observed) return change('create', c.address, receiveSteps(r, version, true, true), undefined, after);
    const [create, permission] = receiveSteps(r, version, true, true);
    const [update] = receiveSteps(r, version, false, false);
    return change(
      'create',
      c.address,
      [ensure('Get-ReceiveConnector', `${r.server}\\${r.name}`, create!, update!), permission!],
      undefined,
      after,
    );
  });

  // 4. Mail users (Establish E-mail Address).
  const bare = (address: string) => lc(address.replace(/^smtp:/i, ''));
  const mailUsers = diffResources(
    addressed(want.mailUsers, (u) => `Mail user ${u.identity}`),
    among(
      (s) => s.mailUsers,
      (o, u) => [o.samAccountName, o.alias, o.identity.split(/[\\/]/).pop() ?? ''].some((n) => lc(n) === lc(u.identity)),
    ),
    { same: (o, u) => bare(o.externalEmailAddress) === bare(u.externalEmailAddress) },
  ).map((c) => {
    const u = c.desired;
    const params = { Identity: u.identity, ExternalEmailAddress: u.externalEmailAddress };
    if (c.action === 'update')
      return change('update', c.address, [{ cmdlet: 'Set-MailUser', params }], c.observed.externalEmailAddress, u.externalEmailAddress);
    const enable: EmsCall = { cmdlet: 'Enable-MailUser', params };
    const step = observed ? enable : ensure('Get-MailUser', u.identity, enable, { cmdlet: 'Set-MailUser', params });
    return change('create', c.address, [step], undefined, u.externalEmailAddress);
  });

  // 5. Email address policies, then Update-EmailAddressPolicy (required on-premises after New/Set).
  // The model sets the SMTP templates only; every other template a policy holds is kept.
  const legacy = (o: EmsState['policies'][number]) => lc(o.recipientFilterType) === 'legacy';
  const policies = diffResources(
    addressed(want.policies, (p) => `Email address policy ${p.name}`),
    among(
      (s) => s.policies,
      (o, p) => lc(o.name) === lc(p.name),
    ),
    {
      same: (o, p) =>
        !legacy(o) &&
        sameSet(o.templates.filter(isSmtpTemplate), p.templates, normTemplate) &&
        filterMatches(p, o) &&
        (p.isDefault || p.priority === 'lowest' || o.priority.trim() === String(p.priority)),
    },
  ).map((c) => {
    const p = c.desired;
    const update: EmsStep = { cmdlet: 'Update-EmailAddressPolicy', params: { Identity: p.name } };
    if (c.action === 'update') {
      const o = c.observed;
      const full = [...p.templates, ...o.templates.filter((t) => !isSmtpTemplate(t))];
      return change(
        'update',
        c.address,
        [{ cmdlet: 'Set-EmailAddressPolicy', params: policyParams(p, false, full) }, update],
        `${o.templates.join(', ')} (priority ${o.priority}${legacy(o) ? ', made by Exchange 2003: upgraded by this change' : ''})`,
        `${full.join(', ')} (priority ${p.priority})`,
      );
    }
    const after = `${p.templates.join(', ')} (priority ${p.priority})`;
    const set: EmsCall = { cmdlet: 'Set-EmailAddressPolicy', params: policyParams(p, false), keepOtherTemplates: true };
    const create: EmsCall = { cmdlet: 'New-EmailAddressPolicy', params: policyParams(p, true) };
    const first: EmsStep = p.isDefault ? set : observed ? create : ensure('Get-EmailAddressPolicy', p.name, create, set);
    return change('create', c.address, [first, update], undefined, after);
  });

  return [...acceptedDomains, ...sendConnectors, ...receiveConnectors, ...mailUsers, ...policies];
}

/** The steps a change carries (read back from its commands' stdin), for rendering. */
export function stepsOf(change: Change): EmsStep[] {
  return change.commands.flatMap((c) => (c.stdin ? (JSON.parse(c.stdin) as EmsPayload).steps : []));
}
