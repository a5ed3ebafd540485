// Every validation rule, in the order findings are listed, and the one entry point that runs them.
import type { Model } from '../schema.js';
import { directoryOf } from '../routing/directory.js';
import { analysisOf, derived, keptAnalysis } from '../analysis.js';
import type { Finding, Rule } from './types.js';
import {
  relayAllExcept,
  relayListTooBroad,
  sameDomainBothSystems,
  simulatedLoop,
  simulatedOpenRelay,
  wildcardAddressSpace,
  wildcardAddressSpaceSeed,
} from './loops-and-relay.js';
import {
  defaultPrimaryNotAuthoritative,
  externalOutsidePop3,
  policyFilterSweepsOthers,
  pop3PolicyMissing,
  pop3UserNotMailEnabled,
  pop3UserWithoutMailbox,
  responsibleForPop3Domain,
} from './policies-and-users.js';
import {
  connectorMissing,
  connectorNotOnInternetServer,
  noLocalBridgehead,
  relayBoxSeed,
  relayToDomainMissing,
  smartHostNowhere,
} from './connectors.js';
import {
  authenticationNotActiveDirectory,
  cannotRelayThroughExchange,
  clientIncoming,
  clientOutgoing,
  clientWithoutAuth,
  outboundAccount,
  outboundPasswordExpires,
  pop3SmtpWithoutAuth,
  remoteDomainMissing,
  sharedDomainMx,
  smartHostNotExchange,
} from './pop3-and-clients.js';

export type { Finding, Rule, Severity } from './types.js';

export const RULES: readonly Rule[] = [
  sameDomainBothSystems,
  simulatedLoop,
  wildcardAddressSpace,
  simulatedOpenRelay,
  relayListTooBroad,
  relayAllExcept,
  wildcardAddressSpaceSeed,
  responsibleForPop3Domain,
  pop3PolicyMissing,
  policyFilterSweepsOthers,
  pop3UserNotMailEnabled,
  externalOutsidePop3,
  pop3UserWithoutMailbox,
  defaultPrimaryNotAuthoritative,
  connectorMissing,
  connectorNotOnInternetServer,
  smartHostNowhere,
  relayToDomainMissing,
  noLocalBridgehead,
  relayBoxSeed,
  remoteDomainMissing,
  smartHostNotExchange,
  authenticationNotActiveDirectory,
  cannotRelayThroughExchange,
  outboundAccount,
  outboundPasswordExpires,
  clientWithoutAuth,
  pop3SmtpWithoutAuth,
  clientOutgoing,
  clientIncoming,
  sharedDomainMx,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
/** The findings of a model (of the whole model: never carried over to the next). */
const FINDINGS = derived<Finding[]>('findings', (model) => runToEnd(validateSteps(model)));

function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** All findings for a model, errors first. Memoised per model object: the console calls it on every frame. */
export function validate(model: Model): Finding[] {
  return analysisOf(model).get(FINDINGS);
}

/**
 * validate, one rule per step (the same findings, memoised the same way): a caller that must stay
 * responsive, such as the console on a large organisation, runs a step at a time between keys.
 */
export function* validateSteps(model: Model): Generator<void, Finding[], void> {
  const hit = analysisOf(model).peek(FINDINGS);
  if (hit) return hit;
  const dir = directoryOf(model);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    yield;
    for (const f of rule.check(model, dir)) findings.push({ rule: rule.id, severity: rule.severity, seed: rule.seed, ...f });
  }
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return analysisOf(model).settle(FINDINGS, findings);
}

/** The memoised findings of a model, if validate has run on it. */
export function validated(model: Model): Finding[] | undefined {
  return keptAnalysis(model)?.peek(FINDINGS);
}

export function countBySeverity(findings: readonly Finding[]) {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}
