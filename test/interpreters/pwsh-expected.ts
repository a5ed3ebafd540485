// The calls a plan's steps must make, worked out from the steps themselves (the data pwsh receives on stdin
// and the exported script is rendered from), against what the fake organisation holds: the yardstick for the
// calls the stub cmdlets record when real PowerShell runs the script or the apply runner.
import type { Change } from '../../src/adapters/types.js';
import type { EmsCall, EmsPayload, EmsStep } from '../../src/adapters/exchange-ems/steps.js';
import type { PsValue } from '../../src/adapters/quoting/index.js';
import type { RecordedCall } from './pwsh.js';

/** What pwsh-fake-exchange.ps1 translates each well-known SID to. */
const SID_NAMES: Record<string, string> = { 'S-1-5-7': 'NT AUTHORITY\\ANONYMOUS LOGON' };

export interface FakeOrgView {
  /** "Noun|identity" in lower case, for every object a Get-* finds. */
  keys: Set<string>;
  /** Templates of each email address policy, by lower-case name. */
  templates: Map<string, string[]>;
}

export function orgView(org: Record<string, unknown[]>): FakeOrgView {
  const keys = new Set<string>();
  const templates = new Map<string, string[]>();
  for (const [noun, objects] of Object.entries(org)) {
    for (const o of objects as Array<Record<string, unknown>>) {
      for (const k of (o.CoexistKeys as string[] | undefined) ?? []) keys.add(`${noun}|${k}`.toLowerCase());
      if (noun === 'EmailAddressPolicy') templates.set(String(o.Name).toLowerCase(), [...(o.EnabledEmailAddressTemplates as string[])]);
    }
  }
  return { keys, templates };
}

const nounOf = (cmdlet: string) => cmdlet.slice(cmdlet.indexOf('-') + 1);

function resolved(params: Record<string, PsValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) && 'sid' in v ? SID_NAMES[(v as { sid: string }).sid] : v;
  }
  return out;
}

/** The calls `changes` make, in order, against an organisation that starts as `view` (which it updates). */
export function expectedCalls(changes: readonly Change[], view: FakeOrgView): RecordedCall[] {
  const calls: RecordedCall[] = [];
  const exists = (get: string, identity: string) => view.keys.has(`${nounOf(get)}|${identity}`.toLowerCase());
  const call = (c: EmsCall) => {
    const params = resolved(c.params);
    if (c.keepOtherTemplates) {
      const identity = String(params.Identity);
      calls.push({ cmdlet: 'Get-EmailAddressPolicy', params: { Identity: identity } });
      const held = view.templates.get(identity.toLowerCase()) ?? [];
      params.EnabledEmailAddressTemplates = [
        ...(params.EnabledEmailAddressTemplates as string[]),
        ...held.filter((t) => !/^smtp:/i.test(t)),
      ];
    }
    calls.push({ cmdlet: c.cmdlet, params });
    const noun = nounOf(c.cmdlet);
    if (c.cmdlet.startsWith('New-') || c.cmdlet.startsWith('Enable-')) {
      const name = String(c.cmdlet.startsWith('Enable-') ? params.Identity : params.Name);
      for (const k of [name, params.DomainName, params.Server !== undefined ? `${String(params.Server)}\\${name}` : undefined])
        if (k !== undefined) view.keys.add(`${noun}|${String(k)}`.toLowerCase());
    }
    if (noun === 'EmailAddressPolicy' && params.EnabledEmailAddressTemplates)
      view.templates.set(String(params.Identity ?? params.Name).toLowerCase(), params.EnabledEmailAddressTemplates as string[]);
  };
  const step = (s: EmsStep) => {
    if (s.ifMissing) {
      calls.push({ cmdlet: s.ifMissing.get, params: { Identity: s.ifMissing.identity, ErrorAction: 'SilentlyContinue' } });
      if (exists(s.ifMissing.get, s.ifMissing.identity)) {
        if (s.ifMissing.otherwise) call(s.ifMissing.otherwise);
        return;
      }
    }
    if (s.pipeFrom) {
      calls.push({ cmdlet: s.pipeFrom.get, params: { Identity: s.pipeFrom.identity } });
      calls.push({ cmdlet: s.cmdlet, params: { ...resolved(s.params), Identity: { piped: s.pipeFrom.identity } } });
      return;
    }
    call(s);
  };
  for (const c of changes) for (const cmd of c.commands) for (const s of (JSON.parse(cmd.stdin!) as EmsPayload).steps) step(s);
  return calls;
}
