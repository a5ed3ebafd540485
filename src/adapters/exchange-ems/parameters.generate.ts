// Generates parameters.generated.ts: the parameters of every cmdlet the exchange-ems adapter uses, per
// Exchange version, read from Microsoft's own cmdlet reference (MicrosoftDocs/office-docs-powershell,
// exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md: each parameter's "> Applicable:" line and yaml block).
// Reads a git clone without a work tree (git show <commit>:<path>), so the table names the exact commit.
//
//   node --import tsx src/adapters/exchange-ems/parameters.generate.ts <git-dir> [commit]
//
// Re-run it when the adapter starts using another cmdlet (add it to DOCUMENTED_CMDLETS) or to follow the docs.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXCHANGE_VERSIONS, type ExchangeVersion } from './version-names.js';
import { DOCUMENTED_CMDLETS } from './steps.js';

const DOCS_DIR = 'exchange/exchange-ps/ExchangePowerShell';
/** Added by [CmdletBinding(SupportsShouldProcess)] itself; a stub must not declare them. */
const COMMON = new Set(['Confirm', 'WhatIf']);
const LABEL: Record<string, ExchangeVersion> = {
  'Exchange Server 2010': '2010',
  'Exchange Server 2013': '2013',
  'Exchange Server 2016': '2016',
  'Exchange Server 2019': '2019',
  'Exchange Server SE': 'SE',
};

export interface DocumentedParameter {
  versions: ExchangeVersion[];
  /** The .NET type the docs name (SwitchParameter for switches). */
  type: string;
  pipelineInput: boolean;
}

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Typos in the reference, read as what they evidently mean (Set-MailUser -SecondaryAddress, 2026). */
const ERRATA: Record<string, string[]> = { 'Exchange Server SE Online Protection': ['Exchange Server SE', 'Exchange Online Protection'] };

function versionsOf(line: string, where: string): ExchangeVersion[] {
  const names = line
    .replace(/^>\s*Applicable:\s*/, '')
    .split(',')
    .map((s) => s.trim())
    .flatMap((n) => ERRATA[n] ?? [n]);
  const out = names.filter((n) => n in LABEL).map((n) => LABEL[n]!);
  const unknown = names.filter(
    (n) => !(n in LABEL) && !/^Exchange Online|Security & Compliance|Built-in security|Exchange Online Protection/.test(n),
  );
  if (unknown.length > 0) throw new Error(`${where}: unknown product in the Applicable line: ${unknown.join(', ')}`);
  return EXCHANGE_VERSIONS.filter((v) => out.includes(v));
}

/** Every parameter of one cmdlet's page: name, versions, type, pipeline input. */
export function parseCmdletPage(
  text: string,
  where: string,
): { versions: ExchangeVersion[]; parameters: Record<string, DocumentedParameter> } {
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  const applicable = front ? /^applicable:\s*(.*)$/m.exec(front[1]!) : null;
  if (!applicable) throw new Error(`${where}: no "applicable:" line in the front matter`);
  const parameters: Record<string, DocumentedParameter> = {};
  const sections = text.split(/^### -/m).slice(1);
  for (const section of sections) {
    const name = section.slice(0, section.indexOf('\n')).trim();
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`${where}: unexpected parameter heading "### -${name}"`);
    if (COMMON.has(name)) continue;
    const body = section.split(/^## /m)[0]!;
    const appl = /^> Applicable:.*$/m.exec(body);
    if (!appl) throw new Error(`${where}: parameter -${name} has no "> Applicable:" line`);
    const type = /^Type:\s*(.+)$/m.exec(body);
    const pipe = /^Accept pipeline input:\s*(.+)$/m.exec(body);
    if (!type || !pipe) throw new Error(`${where}: parameter -${name} has no yaml block with Type and Accept pipeline input`);
    const versions = versionsOf(appl[0], `${where} -${name}`);
    if (versions.length > 0) parameters[name] = { versions, type: type[1]!.trim(), pipelineInput: /^True/i.test(pipe[1]!.trim()) };
  }
  return { versions: versionsOf(applicable[1]!, where), parameters };
}

function main(): void {
  const [gitDir, commitArg] = process.argv.slice(2);
  if (!gitDir) {
    console.error('usage: parameters.generate.ts <git-dir of MicrosoftDocs/office-docs-powershell> [commit]');
    process.exit(2);
  }
  const commit = git(gitDir, 'rev-parse', `${commitArg ?? 'HEAD'}^{commit}`).trim();
  const date = git(gitDir, 'show', '-s', '--format=%cs', commit).trim();
  const files: Record<string, string> = {};
  const table: Record<string, { versions: ExchangeVersion[]; parameters: Record<string, DocumentedParameter> }> = {};
  for (const cmdlet of [...DOCUMENTED_CMDLETS].sort()) {
    const path = `${DOCS_DIR}/${cmdlet}.md`;
    files[path] = git(gitDir, 'rev-parse', `${commit}:${path}`).trim();
    const page = parseCmdletPage(git(gitDir, 'show', `${commit}:${path}`), path);
    table[cmdlet] = {
      versions: page.versions,
      parameters: Object.fromEntries(Object.entries(page.parameters).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  const source = { repository: 'https://github.com/MicrosoftDocs/office-docs-powershell', commit, commitDate: date, files };
  const here = dirname(fileURLToPath(import.meta.url));
  const rows = (params: Record<string, DocumentedParameter>) =>
    Object.entries(params)
      .map(
        ([n, p]) =>
          `      ${JSON.stringify(n)}: { versions: ${JSON.stringify(p.versions)}, type: ${JSON.stringify(p.type)}, pipelineInput: ${p.pipelineInput} },`,
      )
      .join('\n');
  const body = Object.entries(table)
    .map(
      ([c, t]) =>
        `  ${JSON.stringify(c)}: {\n    versions: ${JSON.stringify(t.versions)},\n    parameters: {\n${rows(t.parameters)}\n    },\n  },`,
    )
    .join('\n');
  writeFileSync(
    join(here, 'parameters.generated.ts'),
    `// GENERATED by parameters.generate.ts from Microsoft's Exchange cmdlet reference; do not edit by hand.
// Source: ${source.repository} at ${commit} (${date}), the files listed in EXCHANGE_DOCS_SOURCE.files
// (path: git blob id). Only the on-premises versions are kept (Exchange Online lines are dropped).
import type { DocumentedParameter } from './parameters.generate.js';
import type { ExchangeVersion } from './version-names.js';

export const EXCHANGE_DOCS_SOURCE = ${JSON.stringify(source, null, 2)} as const;

export const CMDLET_PARAMETERS: Record<string, { versions: ExchangeVersion[]; parameters: Record<string, DocumentedParameter> }> = {
${body}
};
`,
  );
  writeFileSync(join(here, '../../../docs/exchange-versions.md'), markdown(source, table));
  console.log(`wrote parameters.generated.ts and docs/exchange-versions.md: ${Object.keys(table).length} cmdlets from ${commit}`);
}

function markdown(
  source: { repository: string; commit: string; commitDate: string; files: Record<string, string> },
  table: Record<string, { versions: ExchangeVersion[]; parameters: Record<string, DocumentedParameter> }>,
): string {
  const lines = [
    '# Exchange versions: which cmdlet parameters each one has',
    '',
    '<!-- GENERATED by src/adapters/exchange-ems/parameters.generate.ts; do not edit by hand. -->',
    '',
    `Derived from Microsoft's cmdlet reference, [${source.repository}](${source.repository}) at commit`,
    `\`${source.commit}\` (${source.commitDate}): for every parameter, the \`> Applicable:\` line of`,
    `\`exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md\`. The full table (every parameter, its type and`,
    'whether it takes pipeline input) is `src/adapters/exchange-ems/parameters.generated.ts`; the exchange-ems adapter',
    "refuses to render a parameter the target's version lacks, and CI runs every exported script against stub cmdlets",
    'generated from it, one set per version (see docs/adapters.md).',
    '',
    'Parameters that some claimed version lacks (a parameter not listed here exists in 2010, 2013, 2016, 2019 and SE):',
    '',
    `| Cmdlet | Parameter | ${EXCHANGE_VERSIONS.join(' | ')} |`,
    `|---|---|${EXCHANGE_VERSIONS.map(() => ':-:').join('|')}|`,
  ];
  for (const [cmdlet, t] of Object.entries(table)) {
    for (const [name, p] of Object.entries(t.parameters)) {
      if (p.versions.length === EXCHANGE_VERSIONS.length) continue;
      lines.push(`| ${cmdlet} | -${name} | ${EXCHANGE_VERSIONS.map((v) => (p.versions.includes(v) ? 'yes' : '-')).join(' | ')} |`);
    }
  }
  lines.push('', 'Files read (path: git blob id):', '', ...Object.entries(source.files).map(([p, b]) => `- \`${p}\`: \`${b}\``), '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
