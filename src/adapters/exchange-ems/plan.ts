// Diff the desired Exchange objects against what Get-* reported (or, without observation, plan every
// object as "create if missing, else set", so the exported script is safe to run on any organisation).
// Objects the model does not name are never touched or deleted: the organisation holds more than we model.
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

/** The plan. `observed` null means the target could not be read: every object is planned as create-or-set. */
export function planEms(model: Model, target: TargetT, observed: EmsState | null): Change[] {
  const want = desiredEms(model, target);
  const version = emsOptions(target).version;
  const changes: Change[] = [];
  const add = (action: Change['action'], object: string, steps: EmsStep[], before?: string, after?: string) => {
    changes.push({
      action,
      object,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      commands: [commandFor(target, steps, `${action === 'create' ? 'Create' : 'Update'} ${object}`)],
    });
  };
  const ensure = (get: EmsStep['cmdlet'], identity: string, create: EmsCall, otherwise?: EmsCall): EmsStep => ({
    ...create,
    ifMissing: { get, identity, ...(otherwise ? { otherwise } : {}) },
  });

  // 1. Accepted domains.
  for (const d of want.acceptedDomains) {
    const object = `Accepted domain ${d.domainName}`;
    const after = d.domainType;
    if (!observed) {
      add(
        'create',
        object,
        [
          ensure(
            'Get-AcceptedDomain',
            d.domainName,
            { cmdlet: 'New-AcceptedDomain', params: { Name: d.name, DomainName: d.domainName, DomainType: d.domainType } },
            { cmdlet: 'Set-AcceptedDomain', params: { Identity: d.domainName, DomainType: d.domainType } },
          ),
        ],
        undefined,
        after,
      );
      continue;
    }
    const o = observed.acceptedDomains.find((x) => lc(x.domainName) === lc(d.domainName));
    if (!o)
      add(
        'create',
        object,
        [{ cmdlet: 'New-AcceptedDomain', params: { Name: d.name, DomainName: d.domainName, DomainType: d.domainType } }],
        undefined,
        after,
      );
    else if (lc(o.domainType) !== lc(d.domainType))
      add(
        'update',
        object,
        [{ cmdlet: 'Set-AcceptedDomain', params: { Identity: o.name || d.domainName, DomainType: d.domainType } }],
        o.domainType,
        after,
      );
  }

  // 2. Send connectors (before mail users, so mail for them has a route as soon as they exist).
  for (const c of want.sendConnectors) {
    const object = `Send connector ${c.name}`;
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
    if (!observed) {
      add(
        'create',
        object,
        [
          ensure(
            'Get-SendConnector',
            c.name,
            { cmdlet: 'New-SendConnector', params: newParams },
            { cmdlet: 'Set-SendConnector', params: setParams },
          ),
        ],
        undefined,
        after,
      );
      continue;
    }
    const o = observed.sendConnectors.find((x) => lc(x.name) === lc(c.name));
    if (!o) {
      add('create', object, [{ cmdlet: 'New-SendConnector', params: newParams }], undefined, after);
      continue;
    }
    const same =
      sameSet(o.addressSpaces, c.addressSpaces, normAddressSpace) &&
      o.dnsRoutingEnabled === c.dnsRoutingEnabled &&
      (c.dnsRoutingEnabled || sameSet(o.smartHosts, c.smartHosts, normHost)) &&
      sameSet(o.sourceTransportServers, c.sourceTransportServers);
    if (!same)
      add(
        'update',
        object,
        [{ cmdlet: 'Set-SendConnector', params: setParams }],
        `${o.addressSpaces.join(', ')} via ${o.dnsRoutingEnabled ? 'DNS' : o.smartHosts.join(', ')} from ${o.sourceTransportServers.join(', ')}`,
        after,
      );
  }

  // 3. The relay receive connector for the POP3 server's IP, with anonymous relay granted by well-known SID.
  for (const r of want.receiveConnectors) {
    const object = `Receive connector ${r.server}\\${r.name}`;
    const after = `anonymous relay from ${r.remoteIPRanges.join(', ')}`;
    if (!observed) {
      const [create, permission] = receiveSteps(r, version, true, true);
      const [update] = receiveSteps(r, version, false, false);
      add('create', object, [ensure('Get-ReceiveConnector', `${r.server}\\${r.name}`, create!, update!), permission!], undefined, after);
      continue;
    }
    const o = observed.receiveConnectors.find((x) => lc(x.name) === lc(r.name) && (x.server === '' || lc(x.server) === lc(r.server)));
    if (!o) {
      add('create', object, receiveSteps(r, version, true, true), undefined, after);
      continue;
    }
    const rangesOk = sameSet(o.remoteIPRanges, r.remoteIPRanges);
    const groupsOk = o.permissionGroups.some((g) => lc(g) === 'anonymoususers');
    if (!rangesOk || !groupsOk || !o.anonymousRelay) {
      const steps =
        rangesOk && groupsOk ? receiveSteps(r, version, false, true).slice(1) : receiveSteps(r, version, false, !o.anonymousRelay);
      add(
        'update',
        object,
        steps,
        `${o.anonymousRelay ? 'anonymous relay' : 'no anonymous relay'} from ${o.remoteIPRanges.join(', ')}`,
        after,
      );
    }
  }

  // 4. Mail users (Establish E-mail Address).
  for (const u of want.mailUsers) {
    const object = `Mail user ${u.identity}`;
    if (!observed) {
      add(
        'create',
        object,
        [
          ensure(
            'Get-MailUser',
            u.identity,
            { cmdlet: 'Enable-MailUser', params: { Identity: u.identity, ExternalEmailAddress: u.externalEmailAddress } },
            { cmdlet: 'Set-MailUser', params: { Identity: u.identity, ExternalEmailAddress: u.externalEmailAddress } },
          ),
        ],
        undefined,
        u.externalEmailAddress,
      );
      continue;
    }
    const o = observed.mailUsers.find((x) =>
      [x.samAccountName, x.alias, x.identity.split(/[\\/]/).pop() ?? ''].some((n) => lc(n) === lc(u.identity)),
    );
    if (!o)
      add(
        'create',
        object,
        [{ cmdlet: 'Enable-MailUser', params: { Identity: u.identity, ExternalEmailAddress: u.externalEmailAddress } }],
        undefined,
        u.externalEmailAddress,
      );
    else if (lc(o.externalEmailAddress.replace(/^smtp:/i, '')) !== lc(u.externalEmailAddress.replace(/^smtp:/i, ''))) {
      add(
        'update',
        object,
        [{ cmdlet: 'Set-MailUser', params: { Identity: u.identity, ExternalEmailAddress: u.externalEmailAddress } }],
        o.externalEmailAddress,
        u.externalEmailAddress,
      );
    }
  }

  // 5. Email address policies, then Update-EmailAddressPolicy (required on-premises after New/Set).
  // The model sets the SMTP templates only; every other template a policy holds is kept.
  for (const p of want.policies) {
    const object = `Email address policy ${p.name}`;
    const after = `${p.templates.join(', ')} (priority ${p.priority})`;
    const update: EmsStep = { cmdlet: 'Update-EmailAddressPolicy', params: { Identity: p.name } };
    if (!observed) {
      const set: EmsCall = { cmdlet: 'Set-EmailAddressPolicy', params: policyParams(p, false), keepOtherTemplates: true };
      const first: EmsStep = p.isDefault
        ? set
        : ensure('Get-EmailAddressPolicy', p.name, { cmdlet: 'New-EmailAddressPolicy', params: policyParams(p, true) }, set);
      add('create', object, [first, update], undefined, after);
      continue;
    }
    const o = observed.policies.find((x) => lc(x.name) === lc(p.name));
    if (!o) {
      add(
        'create',
        object,
        [
          p.isDefault
            ? { cmdlet: 'Set-EmailAddressPolicy', params: policyParams(p, false), keepOtherTemplates: true }
            : { cmdlet: 'New-EmailAddressPolicy', params: policyParams(p, true) },
          update,
        ],
        undefined,
        after,
      );
      continue;
    }
    const kept = o.templates.filter((t) => !isSmtpTemplate(t));
    const priorityOk = p.isDefault || p.priority === 'lowest' || o.priority.trim() === String(p.priority);
    const legacy = lc(o.recipientFilterType) === 'legacy';
    if (legacy || !sameSet(o.templates.filter(isSmtpTemplate), p.templates, normTemplate) || !filterMatches(p, o) || !priorityOk) {
      const full = [...p.templates, ...kept];
      add(
        'update',
        object,
        [{ cmdlet: 'Set-EmailAddressPolicy', params: policyParams(p, false, full) }, update],
        `${o.templates.join(', ')} (priority ${o.priority}${legacy ? ', made by Exchange 2003: upgraded by this change' : ''})`,
        `${full.join(', ')} (priority ${p.priority})`,
      );
    }
  }
  return changes;
}

/** The steps a change carries (read back from its commands' stdin), for rendering. */
export function stepsOf(change: Change): EmsStep[] {
  return change.commands.flatMap((c) => (c.stdin ? (JSON.parse(c.stdin) as EmsPayload).steps : []));
}
