// A throw-away OpenLDAP slapd for the windows2003 LDIF: its own config, database and schema under a temp
// directory, listening only on a Unix socket there (no TCP port at all, so nothing off the machine can
// reach it, and nothing of the model is ever dialled). The schema is a small stand-in for the AD/Exchange
// attributes the adapter writes, with case-insensitive matching as AD has (smtp: and SMTP: are one value).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLdif, type LdifRecord } from '../../src/adapters/quoting/index.js';

export const SLAPD = '/usr/sbin/slapd';
export const LDAP_TOOLS = ['ldapmodify', 'ldapsearch', 'slapadd'];

/** Why the LDIF tests cannot run here, or null. Under CI a missing program is a failure, not a skip. */
export function slapdMissing(): string | null {
  const missing = [SLAPD, ...LDAP_TOOLS].filter((p) =>
    p.startsWith('/') ? !existsSync(p) : spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0,
  );
  return missing.length > 0 ? `slapd/ldap-utils not installed (${missing.join(', ')}): apt-get install slapd ldap-utils` : null;
}

// OIDs under a made-up arc: this is a stand-in, not AD's schema. Equality is caseIgnoreMatch, as AD's
// Unicode-string attributes compare.
const SCHEMA = `
attributetype ( 1.3.6.1.4.1.55555.1.1 NAME 'gatewayProxy' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.55555.1.2 NAME 'msExchNonAuthoritativeDomains' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.55555.1.3 NAME 'disabledGatewayProxy' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.55555.1.4 NAME 'purportedSearch' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.5 NAME 'msExchPolicyOrder' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.6 NAME 'msExchPurportedSearchUI' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.55555.1.7 NAME 'proxyAddresses' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.55555.1.8 NAME 'targetAddress' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.9 NAME 'mailNickname' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.10 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.2.1 NAME 'container' SUP top STRUCTURAL MUST cn )
objectclass ( 1.3.6.1.4.1.55555.2.2 NAME 'msExchRecipientPolicy' SUP top STRUCTURAL MUST cn
  MAY ( gatewayProxy $ msExchNonAuthoritativeDomains $ disabledGatewayProxy $ purportedSearch $ msExchPolicyOrder $ msExchPurportedSearchUI ) )
objectclass ( 1.3.6.1.4.1.55555.2.3 NAME 'adUser' SUP top STRUCTURAL MUST ( cn $ sAMAccountName )
  MAY ( proxyAddresses $ targetAddress $ mailNickname ) )
`;

export const ROOT_DN = 'cn=admin,DC=northwindtraders,DC=com';
const ROOT_PW = 'coexist-test-only';

export interface Slapd {
  dir: string;
  uri: string;
  /** ldapmodify -c (continue past errors, as ldifde -k does): the exit code and output. */
  modify(ldif: string): { status: number; output: string };
  /** Every entry under the suffix, as records (ldapsearch -LLL, sorted by DN). */
  dump(): LdifRecord[];
  /** The raw ldapsearch text under a base (ldifde -f stand-in for the observation parsers). */
  search(base: string, filter: string, attrs: string[]): string;
  stop(): void;
}

/** Starts slapd with the seed LDIF loaded (slapadd before start). The suffix is DC=northwindtraders,DC=com. */
export async function startSlapd(seed: string): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-slapd-'));
  const db = join(dir, 'db');
  mkdirSync(db);
  writeFileSync(join(dir, 'ad-standin.schema'), SCHEMA);
  const sock = join(dir, 'ldapi');
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      `include ${join(dir, 'ad-standin.schema')}`,
      `pidfile ${join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 10485760',
      'suffix "DC=northwindtraders,DC=com"',
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PW}`,
      `directory ${db}`,
      '',
    ].join('\n'),
  );
  const seedFile = join(dir, 'seed.ldif');
  writeFileSync(seedFile, seed);
  execFileSync('slapadd', ['-f', conf, '-l', seedFile], { stdio: 'pipe' });
  const uri = `ldapi://${encodeURIComponent(sock)}`;
  const child: ChildProcess = spawn(SLAPD, ['-f', conf, '-h', uri, '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => {
    log += String(d);
  });
  for (let i = 0; i < 200; i++) {
    if (
      existsSync(sock) &&
      spawnSync('ldapsearch', ['-H', uri, '-x', '-D', ROOT_DN, '-w', ROOT_PW, '-b', '', '-s', 'base', '1.1'], { stdio: 'pipe' }).status ===
        0
    )
      break;
    if (child.exitCode !== null) throw new Error(`slapd exited: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const search = (base: string, filter: string, attrs: string[]) => {
    const r = spawnSync(
      'ldapsearch',
      ['-H', uri, '-x', '-D', ROOT_DN, '-w', ROOT_PW, '-LLL', '-o', 'ldif-wrap=no', '-b', base, filter, ...attrs],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`ldapsearch failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
  return {
    dir,
    uri,
    modify(ldif) {
      const file = join(dir, `modify-${Date.now()}-${Math.random().toString(36).slice(2)}.ldif`);
      writeFileSync(file, ldif);
      const r = spawnSync('ldapmodify', ['-H', uri, '-x', '-D', ROOT_DN, '-w', ROOT_PW, '-c', '-f', file], { encoding: 'utf8' });
      return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
    },
    dump() {
      return parseLdif(search('DC=northwindtraders,DC=com', '(objectClass=*)', ['*'])).sort((a, b) => a.dn.localeCompare(b.dn));
    },
    search,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** ldapmodify -n: parses the LDIF and shows what it would do, without a server. */
export function ldapmodifyDryRun(ldif: string): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-ldif-'));
  try {
    const file = join(dir, 'x.ldf');
    writeFileSync(file, ldif);
    const r = spawnSync('ldapmodify', ['-n', '-v', '-f', file], { encoding: 'utf8' });
    return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
