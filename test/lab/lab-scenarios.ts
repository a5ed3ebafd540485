// The models the lab proves: the two built-in scenarios and the same-domain loop misconfiguration,
// plus the preview-only edits used to show that the lab catches a real divergence.
import { scenarioModel } from '../../src/model/scenarios.js';
import type { Model } from '../../src/model/schema.js';

export interface LabScenario {
  id: string;
  title: string;
  model: Model;
}

/**
 * The seed's forbidden setup: Exchange is not responsible for northwindtraders.com, a connector sends
 * northwindtraders.com to the POP3 server, and the POP3 server's remote domain northwindtraders.com is
 * smart-hosted back to Exchange. An unknown recipient then ping-pongs until a hop limit stops it.
 */
export function sameDomainLoopModel(): Model {
  const model = scenarioModel('shared-domain');
  for (const policy of model.exchange.recipientPolicies) {
    for (const a of policy.addresses) if (a.address === '@northwindtraders.com') a.responsible = false;
  }
  const pop = model.pop3.servers[0]!;
  model.exchange.connectors.push({
    name: 'Northwind to POP3 (misconfigured)',
    smartHosts: [`[${pop.ip}]`],
    bridgeheads: [model.exchange.servers[0]!.name],
    addressSpaces: [{ type: 'SMTP', domain: 'northwindtraders.com', cost: 1 }],
    allowRelay: false,
  });
  const remote = pop.smtp.remoteDomains.find((d) => d.name === 'northwindtraders.com');
  if (!remote?.smartHost) throw new Error('the shared-domain example no longer smart-hosts northwindtraders.com back to Exchange');
  return model;
}

export function labScenarios(): LabScenario[] {
  return [
    { id: 'shared-domain', title: "shared domain (the seed's main case)", model: scenarioModel('shared-domain') },
    { id: 'separate-domains', title: 'separate domains', model: scenarioModel('separate-domains') },
    { id: 'same-domain-loop', title: 'same-domain loop misconfiguration', model: sameDomainLoopModel() },
  ];
}

/**
 * Model edits applied to the preview side only (COEXIST_LAB_PREVIEW_EDIT=name): the servers keep the
 * unedited model, exactly as if the adapter ignored the edit. The lab must then fail and name the flows.
 */
export const PREVIEW_EDITS: Record<string, { description: string; edit: (m: Model) => void }> = {
  'drop-pop3-mailbox': {
    description: 'remove the first mailbox of the first POP3 domain (the preview then bounces mail for that user)',
    edit: (m) => {
      m.pop3.servers[0]?.domains[0]?.mailboxes.shift();
    },
  },
  'open-exchange-relay': {
    description: 'set the Exchange relay list to "All except the list below" (the preview then relays probes)',
    edit: (m) => {
      for (const s of m.exchange.servers)
        for (const vs of s.smtpVirtualServers) {
          vs.relay.mode = 'all-except-list';
          vs.relay.computers = [];
        }
    },
  },
  'exchange-responsible-for-pop3-domain': {
    description: 'tick "responsible for all mail delivery" on the POP3 routing domain in every recipient policy',
    edit: (m) => {
      for (const p of m.exchange.recipientPolicies) for (const a of p.addresses) a.responsible = true;
    },
  },
};

export function previewEditFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { name: string; description: string; edit: (m: Model) => void } | undefined {
  const name = env.COEXIST_LAB_PREVIEW_EDIT?.trim();
  if (!name) return undefined;
  const found = PREVIEW_EDITS[name];
  if (!found) throw new Error(`COEXIST_LAB_PREVIEW_EDIT=${name} is not a known edit; use one of: ${Object.keys(PREVIEW_EDITS).join(', ')}`);
  return { name, ...found };
}
