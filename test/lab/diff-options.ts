// The differential lab's settings: `npm run test:lab -- --models N --seed S [--model I] [--random K]`
// (test/lab/run.mjs turns the arguments into these variables for vitest), or the variables themselves.
export interface DiffOptions {
  seed: number;
  /** How many generated models (indexes 0..models-1), unless `only` picks one. */
  models: number;
  /** Run just this model index of the seed (to reproduce a mismatch). */
  only?: number;
  /** Random messages per model on top of the flow matrix and the relay probes. */
  random: number;
}

/** What CI runs: a fixed seed and a count that fits in about three minutes on a 2-core machine. */
export const CI_DEFAULTS = { seed: 20261203, models: 12, random: 12 } as const;

export class DiffOptionError extends Error {}

export function diffOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, asFlags = false): DiffOptions {
  const whole = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const text = raw.trim();
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      const label = asFlags ? `${Object.keys(FLAGS).find((f) => FLAGS[f] === name)} ${raw}` : `${name}=${raw}`;
      throw new DiffOptionError(`${label}: must be a whole number from ${min} to ${max}`);
    }
    return Number(text);
  };
  const seed = whole('COEXIST_LAB_SEED', 0, 0xffffffff) ?? CI_DEFAULTS.seed;
  const models = whole('COEXIST_LAB_MODELS', 0, 100_000) ?? CI_DEFAULTS.models;
  const only = whole('COEXIST_LAB_MODEL', 0, 100_000);
  const random = whole('COEXIST_LAB_RANDOM', 0, 1000) ?? CI_DEFAULTS.random;
  return only === undefined ? { seed, models, random } : { seed, models, only, random };
}

/** The model indexes to run. */
export function modelIndexes(o: DiffOptions): number[] {
  return o.only !== undefined ? [o.only] : Array.from({ length: o.models }, (_, i) => i);
}

/** The flags of run.mjs and the variable each sets. */
export const FLAGS: Record<string, string> = {
  '--models': 'COEXIST_LAB_MODELS',
  '--seed': 'COEXIST_LAB_SEED',
  '--model': 'COEXIST_LAB_MODEL',
  '--random': 'COEXIST_LAB_RANDOM',
};

/** Splits run.mjs's arguments into lab variables and what goes on to vitest. */
export function parseLabArgs(argv: string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = FLAGS[flag];
    if (!name) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value.startsWith('--')) throw new DiffOptionError(`${flag} needs a value, e.g. ${flag} 5`);
    env[name] = value;
  }
  diffOptionsFromEnv(env, true);
  return { env, rest };
}
