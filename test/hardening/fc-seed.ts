// One fixed fast-check seed for the hardening suite, printed so that a failure can be replayed:
//   FC_SEED=1234 npx vitest run test/hardening
// FC_RUNS scales the number of cases (default: the per-test count) for a longer local soak.
import type fc from 'fast-check';

const envSeed = process.env.FC_SEED;
export const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : 20261128;
const scale = Number(process.env.FC_RUNS_SCALE ?? '1');

let printed = false;

/** fast-check parameters with the suite's seed; `runs` is the number of cases for this property. */
export function params<T>(runs: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  if (!printed) {
    printed = true;
    process.stdout.write(`[hardening] fast-check seed ${SEED} (replay with FC_SEED=${SEED})\n`);
  }
  return { seed: SEED, numRuns: Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1))), ...extra };
}
