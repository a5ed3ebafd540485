// The French runbook against the seed itself (the French procedure the product follows): every label a
// step shows in bold, and every remark it quotes, must be the seed's own words. The few labels of dialogs the
// seed does not show are listed below with the reason; a label that drifts from the seed fails here.
// The seed lives beside the repository (../shared/seed, as in CI); under CI a missing seed is a failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookSteps } from '../../../src/adapters/runbook/steps.js';
import { scenarioModel, SCENARIOS } from '../../../src/model/scenarios.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** ../shared/seed beside the clone (CI, /work/main); a git worktree one level deeper looks one more up. */
function seedText(): string | undefined {
  const dirs = [process.env.COEXIST_SEED_DIR, join(ROOT, '..', 'shared', 'seed'), join(dirname(ROOT), '..', 'shared', 'seed')].filter(
    (d): d is string => d !== undefined && existsSync(d),
  );
  const dir = dirs[0];
  if (!dir) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

const normal = (s: string) =>
  s.normalize('NFC').replace(/[’‘]/g, "'").replace(/\\\*/g, '*').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Labels of the French Windows/Outlook Express dialogs the seed does not show, and why the runbook needs them. */
const NOT_IN_SEED: Record<string, string> = {
  'Accès anonyme':
    "Access > Authentication: the seed asks for authentication on the POP3 server's SMTP virtual server without naming the check boxes",
  'Authentification de base': "the same dialog: Basic authentication, the method the model's requireAuthentication offers",
  Avancé: 'Delivery > Advanced, where IIS keeps the « hôte actif » the seed asks for',
  "Transférer tout le courrier vers l'hôte actif": "a remote domain's route in IIS (the model routes the Exchange domain to Exchange)",
  'Courrier entrant (POP3)': "Outlook Express Servers tab: the POP3 server the user collects mail from (the model's incoming server)",
  'Mon serveur requiert une authentification': 'the seed: POP3 clients authenticate on their outgoing mail server',
};

const seed = seedText();
const missing = 'the seed is not in ../shared/seed beside the repository (set COEXIST_SEED_DIR to its directory)';
if (!seed && !process.env.CI) console.warn(`SKIPPED the runbook-against-seed comparison: ${missing}`);

describe('the French runbook says what the seed says', () => {
  it('finds the seed (under CI a missing seed is a failure)', () => {
    if (process.env.CI) expect(seed, missing).toBeDefined();
  });

  describe.runIf(seed !== undefined)('every step, both scenarios', () => {
    const text = normal(seed ?? '');
    const used = new Set<string>();
    for (const scenario of SCENARIOS) {
      for (const step of runbookSteps(scenarioModel(scenario))) {
        it(`${scenario}: ${step.titleFr}`, () => {
          for (const line of step.fr) {
            const s = typeof line === 'string' ? line : line.note;
            for (const [, label] of s.matchAll(/\*\*(.+?)\*\*/g)) {
              if (NOT_IN_SEED[label!]) {
                used.add(label!);
                continue;
              }
              expect(text, `label « ${label} » in « ${s} »`).toContain(normal(label!));
            }
            // A remark (« Remarque », « Attention ») is quoted from the seed, values aside.
            if (typeof line !== 'string') {
              const quoted = normal(line.note.replace(/^Attention : /, '').replace(/`/g, ''));
              expect(text, `remark « ${line.note} »`).toContain(quoted);
            }
          }
        });
      }
    }
    it('lists only labels the seed really lacks, each used by a step', () => {
      for (const label of Object.keys(NOT_IN_SEED)) {
        expect(text, label).not.toContain(normal(label));
        expect(used, `« ${label} » is listed but no step uses it`).toContain(label);
      }
    });
  });
});
