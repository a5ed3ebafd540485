// exchange-ems target options (model `targets[].options`, never secrets).
import type { TargetT } from '../../model/schema.js';
import { UnsafeValueError } from '../quoting/index.js';
import { DEFAULT_EXCHANGE_VERSION, EXCHANGE_VERSIONS, type ExchangeVersion } from './versions.js';

export interface EmsOptions {
  /** Path of pwsh; when absent the target is export-only. */
  pwsh: string;
  runnable: boolean;
  /** Remote Exchange PowerShell endpoint, e.g. http://ex01.northwindtraders.com/PowerShell/ (Kerberos). */
  connectionUri?: string;
  /** The Exchange version the scripts are written for (parameters differ: see versions.ts); default 2019. */
  version: ExchangeVersion;
}

export function emsOptions(target: TargetT): EmsOptions {
  const o = target.options ?? {};
  const version = (o.version ?? DEFAULT_EXCHANGE_VERSION) as ExchangeVersion;
  if (!EXCHANGE_VERSIONS.includes(version))
    throw new UnsafeValueError(`targets.${target.id}.options.version`, `must be one of ${EXCHANGE_VERSIONS.join(', ')}`, String(o.version));
  if (o.connectionUri !== undefined && !/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9/._-]*$/.test(o.connectionUri)) {
    throw new UnsafeValueError(
      `targets.${target.id}.options.connectionUri`,
      'must be an http(s) URL such as http://ex01.example.com/PowerShell/',
      o.connectionUri,
    );
  }
  if (o.pwsh !== undefined && (!/^[A-Za-z0-9/._:\\ -]+$/.test(o.pwsh) || /^[-\u2013\u2014\u2015]/.test(o.pwsh))) {
    throw new UnsafeValueError(`targets.${target.id}.options.pwsh`, 'must be the path of the pwsh executable', o.pwsh);
  }
  return {
    pwsh: o.pwsh ?? 'pwsh',
    runnable: o.pwsh !== undefined,
    ...(o.connectionUri ? { connectionUri: o.connectionUri } : {}),
    version,
  };
}
