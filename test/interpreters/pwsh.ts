// Real PowerShell 7 for the exchange-ems tests: where pwsh is, stub cmdlets generated from Microsoft's
// parameter table (src/adapters/exchange-ems/parameters.generated.ts), and a batch runner (pwsh takes seconds
// to start, so one process runs every script, each in a fresh runspace; see pwsh-batch.ps1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CMDLET_PARAMETERS } from '../../src/adapters/exchange-ems/parameters.generated.js';
import type { ExchangeVersion } from '../../src/adapters/exchange-ems/versions.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
export const FAKE_EXCHANGE = join(HERE, 'pwsh-fake-exchange.ps1');
const BATCH = join(HERE, 'pwsh-batch.ps1');

/** pwsh: $COEXIST_PWSH, the copy .ci/run installs (.tools/pwsh), the session's shared install, or PATH. */
export function findPwsh(): string | undefined {
  const candidates = [process.env.COEXIST_PWSH, join(REPO, '.tools/pwsh/pwsh'), '/opt/coexist-tools/pwsh/pwsh'].filter(
    (p): p is string => !!p,
  );
  for (const c of candidates) if (existsSync(c)) return c;
  const r = spawnSync('sh', ['-c', 'command -v pwsh'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** Why the pwsh tests cannot run here, or undefined. Under CI a missing pwsh is a failure, not a skip. */
export function pwshSkipReason(): string | undefined {
  if (findPwsh()) return undefined;
  const why =
    'PowerShell 7 (pwsh) is not installed; .ci/run installs it (dotnet tool install PowerShell --version 7.6.10 --tool-path .tools/pwsh)';
  if (process.env.CI) throw new Error(`CI: ${why}`);
  return why;
}

/**
 * Stub cmdlets for one Exchange version: a [CmdletBinding()] function per cmdlet with exactly the parameters
 * that version has, so a parameter it lacks fails at binding, as on the real server. Switches are [switch];
 * Identity takes pipeline input where the reference says so. The body hands the call to the fake organisation.
 */
export function stubsFor(version: ExchangeVersion): string {
  const out = [`# Exchange ${version} stub cmdlets, generated from parameters.generated.ts`, `. '${FAKE_EXCHANGE.replace(/'/g, "''")}'`];
  for (const [cmdlet, t] of Object.entries(CMDLET_PARAMETERS)) {
    if (!t.versions.includes(version)) continue;
    const params = Object.entries(t.parameters)
      .filter(([, p]) => p.versions.includes(version))
      .map(([name, p]) => {
        const attr = name === 'Identity' && p.pipelineInput ? '[Parameter(ValueFromPipeline = $true)] ' : '';
        return `    ${attr}${p.type === 'SwitchParameter' ? '[switch]' : ''}$${name}`;
      });
    out.push(
      `function ${cmdlet} {\n  [CmdletBinding(SupportsShouldProcess = $true)]\n  param(\n${params.join(',\n')}\n  )\n  process { Invoke-CoexistFake '${cmdlet}' $PSBoundParameters }\n}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Writes the stubs of `version` into `dir` and returns the file's path. */
export function writeStubs(dir: string, version: ExchangeVersion): string {
  const file = join(dir, `stubs-${version}.ps1`);
  if (!existsSync(file)) writeFileSync(file, stubsFor(version));
  return file;
}

export type PwshJob = { kind: 'run'; dir: string; stubs: string; script: string } | { kind: 'ast'; file: string; out: string };

/** Runs the jobs in one pwsh process. Throws with pwsh's stderr if the batch itself failed. */
export function runPwshBatch(jobs: PwshJob[], workDir: string, timeoutMs = 600_000): void {
  const pwsh = findPwsh();
  if (!pwsh) throw new Error('pwsh not found');
  const jobsFile = join(workDir, `jobs-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(jobsFile, JSON.stringify(jobs));
  const r = spawnSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', BATCH, jobsFile], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' },
  });
  if (r.status !== 0) throw new Error(`pwsh batch failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

export interface RecordedCall {
  cmdlet: string;
  params: Record<string, unknown>;
}

export interface RunResult {
  calls: RecordedCall[];
  error: string | undefined;
  org: Record<string, unknown[]>;
}

export function readRun(dir: string): RunResult {
  const callsFile = join(dir, 'calls.jsonl');
  const calls = existsSync(callsFile)
    ? readFileSync(callsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as RecordedCall)
    : [];
  const errorFile = join(dir, 'error.txt');
  const orgFile = join(dir, 'org.json');
  return {
    calls,
    error: existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : undefined,
    org: existsSync(orgFile) ? (JSON.parse(readFileSync(orgFile, 'utf8')) as Record<string, unknown[]>) : {},
  };
}

/** A fake organisation to start from: written as org.json in a fresh job directory. */
export function seedOrg(dir: string, org: Record<string, unknown[]>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'org.json'), JSON.stringify(org));
}

export const X400_TEMPLATE = 'X400:c=US;a= ;p=Northwind Traders;o=Exchange;';

/** An organisation upgraded from Exchange 2003: its Default Policy was made by 2003 and holds an X.400 template. */
export function legacyOrg(): Record<string, unknown[]> {
  return {
    EmailAddressPolicy: [
      {
        Name: 'Default Policy',
        Identity: 'Default Policy',
        CoexistKeys: ['Default Policy'],
        Priority: 'Lowest',
        EnabledEmailAddressTemplates: ['SMTP:@old.northwindtraders.com', X400_TEMPLATE],
        RecipientFilter: '',
        IncludedRecipients: '',
        RecipientFilterType: 'Legacy',
      },
    ],
  };
}
