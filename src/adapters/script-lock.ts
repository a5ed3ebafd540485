// The name under which an exported Windows script locks its server (exchange-ems: a named mutex;
// windows2003: a lock file), so two runs against the same server cannot interleave. Only letters, digits
// and . _ - reach a mutex name, a file name or a cmd line: anything else in a server name becomes _ (two
// names that differ only there share one lock, which only makes runs wait for each other).
export function scriptLockName(adapter: 'exchange-ems' | 'windows2003', server: string): string {
  return `coexist-${adapter}-${server.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
