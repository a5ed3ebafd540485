// The Exchange versions the exchange-ems adapter claims, apart from versions.ts so that the generated
// parameter table (parameters.generated.ts), which versions.ts reads, can name them without a cycle.
export const EXCHANGE_VERSIONS = ['2010', '2013', '2016', '2019', 'SE'] as const;
export type ExchangeVersion = (typeof EXCHANGE_VERSIONS)[number];
