// exchange-ems target options (model `targets[].options`, never secrets).
import type { TargetT } from '../../model/schema.js';
import { UnsafeValueError } from '../quoting/index.js';

export interface EmsOptions {
  /** Path of pwsh; when absent the target is export-only. */
  pwsh: string;
  runnable: boolean;
  /** Remote Exchange PowerShell endpoint, e.g. http://ex01.northwindtraders.com/PowerShell/ (Kerberos). */
  connectionUri?: string;
  /** 2010 has no -TransportRole on New-ReceiveConnector; 2013 and later (default 2019) do. */
  version: '2010' | '2013' | '2016' | '2019' | 'SE';
}

const VERSIONS = ['2010', '2013', '2016', '2019', 'SE'] as const;

export function emsOptions(target: TargetT): EmsOptions {
  const o = target.options ?? {};
  const version = (o.version ?? '2019') as EmsOptions['version'];
  if (!VERSIONS.includes(version)) throw new UnsafeValueError(`targets.${target.id}.options.version`, `must be one of ${VERSIONS.join(', ')}`, String(o.version));
  if (o.connectionUri !== undefined && !/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?\/[A-Za-z0-9/._-]*$/.test(o.connectionUri)) {
    throw new UnsafeValueError(`targets.${target.id}.options.connectionUri`, 'must be an http(s) URL such as http://ex01.example.com/PowerShell/', o.connectionUri);
  }
  if (o.pwsh !== undefined && (!/^[A-Za-z0-9/._:\\ -]+$/.test(o.pwsh) || /^[-\u2013\u2014\u2015]/.test(o.pwsh))) {
    throw new UnsafeValueError(`targets.${target.id}.options.pwsh`, 'must be the path of the pwsh executable', o.pwsh);
  }
  return { pwsh: o.pwsh ?? 'pwsh', runnable: o.pwsh !== undefined, ...(o.connectionUri ? { connectionUri: o.connectionUri } : {}), version };
}
