// exchange-ems: Exchange Management Shell for Exchange 2010 to Server SE (docs/architecture.md, "Adding an adapter").
//   observe: pwsh runs OBSERVE_SCRIPT (fixed), Get-* piped to ConvertTo-Json, parsed by parseEmsObservation
//   plan:    planEms diffs the model's objects against it (or plans create-or-set without observation)
//   export:  a readable .ps1 of the same steps apply sends to pwsh as JSON on stdin
// A target without options.pwsh is export-only.
import { createHash } from 'node:crypto';
import { oneFile } from '../export/export.js';
import type { Adapter, Executor, Observed } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import { emsOptions } from './options.js';
import { OBSERVE_SCRIPT } from './scripts.js';
import { parseEmsObservation, type EmsState } from './observed.js';
import { planEms } from './plan.js';
import { renderEms } from './render.js';

export function fingerprintEms(state: EmsState | null): string {
  return state === null ? 'unobserved' : createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

function stateOf(observed: Observed): EmsState | null {
  const s = observed.state as EmsState | null | undefined;
  return s && typeof s === 'object' && Array.isArray((s as EmsState).acceptedDomains) ? s : null;
}

export const exchangeEmsAdapter: Adapter = {
  id: 'exchange-ems',
  describe() {
    return 'Exchange Management Shell (Exchange 2010 to Server SE): accepted domains, email address policies, mail users, send connectors and the POP3 relay receive connector';
  },
  async observe(_model: Model, target: TargetT, executor: Executor): Promise<Observed> {
    const o = emsOptions(target);
    if (!o.runnable) {
      throw new Error(
        `target ${target.id}: exchange-ems runs only where options.pwsh names the pwsh executable; without it, use "coexist export --adapter exchange-ems" and run the script in the Exchange Management Shell`,
      );
    }
    const r = await executor.run({
      argv: [o.pwsh, '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', OBSERVE_SCRIPT],
      stdin: JSON.stringify(o.connectionUri ? { connectionUri: o.connectionUri } : {}),
      description: `Read accepted domains, email address policies, mail users and connectors from ${target.server}`,
      timeoutMs: 300_000,
    });
    if (r.exitCode !== 0 || r.timedOut) {
      throw new Error(
        `target ${target.id}: observing Exchange failed (${r.timedOut ? 'timed out' : `exit code ${r.exitCode}`}): ${r.stderr.trim().slice(0, 500)}`,
      );
    }
    const state = parseEmsObservation(r.stdout);
    return { fingerprint: fingerprintEms(state), state };
  },
  plan(model, target, observed) {
    return planEms(model, target, stateOf(observed));
  },
  unobserved() {
    return { fingerprint: fingerprintEms(null), state: null };
  },
  exporter: {
    fileExtension: 'ps1',
    render: renderEms,
    files: oneFile('ps1', renderEms),
    defaultTargets(model) {
      return model.exchange.servers.map((s) => ({ id: `ems-${s.name.toLowerCase()}`, adapter: 'exchange-ems' as const, server: s.name }));
    },
  },
};

export { parseEmsObservation, planEms, renderEms };
