// The seed's example values, as an administrator would answer the setup for each scenario.
import type { SetupAnswers } from '../../src/model/setup/index.js';
import type { ScenarioId } from '../../src/model/scenarios.js';

export const SEED_USERS = [
  { logon: 'alice', displayName: 'Alice Martin', kind: 'pop3' as const },
  { logon: 'carl', displayName: 'Carl Dubois', kind: 'pop3' as const },
  { logon: 'bob', displayName: 'Bob Kelly', kind: 'exchange' as const },
];

export function seedAnswers(scenario: ScenarioId): SetupAnswers {
  const shared = scenario === 'shared-domain';
  return {
    organization: 'Northwind Traders',
    scenario,
    sharedDomain: 'northwindtraders.com',
    pop3Domain: shared ? 'pop.northwindtraders.com' : 'pop.contoso.com',
    exchange: [{ name: 'EX01', fqdn: 'ex01.northwindtraders.com', ip: '10.0.0.10', internet: true }],
    pop3: {
      name: 'POP01',
      fqdn: shared ? 'pop01.northwindtraders.com' : 'pop01.contoso.com',
      ip: '10.0.0.20',
      authentication: 'active-directory',
    },
    // The shared-domain example sets both methods; the separate-domains example only the relay list.
    relayMethod: shared ? 'both' : 'relay-list',
    serviceAccount: shared ? 'NWTRADERS\\svc-pop3-relay' : '',
    passwordNeverExpires: true,
    serviceSecret: 'env:COEXIST_POP3_RELAY_PASSWORD',
    users: SEED_USERS.map((u) => ({ ...u })),
    clientsSendTo: 'exchange',
    runbookLanguage: 'both',
    policyName: '',
  };
}
