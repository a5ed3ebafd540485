// The Exchange versions the exchange-ems adapter claims, and which parameters each has (from
// parameters.generated.ts, derived from Microsoft's cmdlet reference by parameters.generate.ts).
import { CMDLET_PARAMETERS } from './parameters.generated.js';
import type { ExchangeVersion } from './version-names.js';

export { EXCHANGE_VERSIONS, type ExchangeVersion } from './version-names.js';
/** A target that does not say which version it is gets scripts for Exchange 2019, the most deployed current release. */
export const DEFAULT_EXCHANGE_VERSION: ExchangeVersion = '2019';

export const VERSION_LABEL: Record<ExchangeVersion, string> = {
  '2010': 'Exchange Server 2010',
  '2013': 'Exchange Server 2013',
  '2016': 'Exchange Server 2016',
  '2019': 'Exchange Server 2019',
  SE: 'Exchange Server Subscription Edition (SE)',
};

/** True when `cmdlet` has parameter `name` in `version`, according to Microsoft's reference. */
export function hasParameter(cmdlet: string, name: string, version: ExchangeVersion): boolean {
  const p = CMDLET_PARAMETERS[cmdlet]?.parameters[name];
  return p?.versions.includes(version) ?? false;
}

export class UnsupportedParameterError extends Error {
  constructor(
    readonly cmdlet: string,
    readonly parameter: string,
    readonly version: ExchangeVersion,
  ) {
    super(
      `${cmdlet} has no -${parameter} in ${VERSION_LABEL[version]} (Microsoft's cmdlet reference); the plan cannot be rendered for this version`,
    );
    this.name = 'UnsupportedParameterError';
  }
}

/** Throws UnsupportedParameterError for the first parameter `version` lacks. */
export function assertParameters(cmdlet: string, names: readonly string[], version: ExchangeVersion): void {
  if (!CMDLET_PARAMETERS[cmdlet]?.versions.includes(version))
    throw new Error(`${cmdlet} is not a cmdlet of ${VERSION_LABEL[version]} (Microsoft's cmdlet reference)`);
  for (const n of names) if (!hasParameter(cmdlet, n, version)) throw new UnsupportedParameterError(cmdlet, n, version);
}
