// Builds test models from the seed's examples with one deliberate change each.
import { ModelSchema, type ExchangeServerT, type Model } from '../../src/model/schema.js';
import { scenarioModel, type ScenarioId } from '../../src/model/scenarios.js';

export function modelWith(scenario: ScenarioId, change: (m: Model) => void = () => {}): Model {
  const m = structuredClone(scenarioModel(scenario));
  change(m);
  return ModelSchema.parse(m);
}

export const shared = (change?: (m: Model) => void) => modelWith('shared-domain', change);
export const separate = (change?: (m: Model) => void) => modelWith('separate-domains', change);

/** Adds EX02 (ex02.northwindtraders.com, 10.0.0.11): a copy of the first Exchange server's settings, changed by `settings`. */
export function addEx02(m: Model, settings: Partial<ExchangeServerT> = {}): void {
  m.exchange.servers.push({
    ...structuredClone(m.exchange.servers[0]!),
    name: 'EX02',
    fqdn: 'ex02.northwindtraders.com',
    ip: '10.0.0.11',
    ...settings,
  });
}

/** The seed's warning case: both systems own northwindtraders.com and hand unknown users to each other. */
export function loopModel(): Model {
  return shared((m) => {
    for (const p of m.exchange.recipientPolicies)
      for (const a of p.addresses) if (a.address === '@northwindtraders.com') a.responsible = false;
    m.exchange.connectors[0]!.addressSpaces.push({ type: 'SMTP', domain: 'northwindtraders.com', cost: 1 });
  });
}

/** A connector with the address space * and relaying allowed: the open relay the seed warns about. */
export function wildcardRelayModel(): Model {
  return shared((m) => {
    m.exchange.connectors.push({
      name: 'Everything',
      smartHosts: [],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: '*', cost: 1 }],
      allowRelay: true,
    });
  });
}
