// In-process measurements of the model: loading a model file, `validate`, and one `route` (simulate),
// for each organisation size. Each timing is repeated; medians and spreads are reported.
import { readModelFile } from '../src/persistence/file.js';
import { validate } from '../src/model/rules/index.js';
import { simulate } from '../src/model/routing/simulate.js';
import type { Model } from '../src/model/schema.js';
import { recipientMix } from './org.js';
import { summarize, type Summary } from './stats.js';

export interface SizeTimings {
  users: number;
  /** readModelFile: YAML parse, schema, integrity (ms). */
  loadMs: Summary;
  /** validate on a fresh model object, the directory and its look-ups of the users included (ms). */
  validateMs: Summary;
  /** simulate of one message on a warm directory, averaged over a batch of recipients (microseconds). */
  routeUs: Summary;
  /** The first simulate on a fresh model object: builds the directory (ms). */
  firstRouteMs: Summary;
  errors: number;
}

const now = () => performance.now();

export function timeModel(path: string, users: number, opts: { reps: number; routeBatch: number }): SizeTimings {
  const loadSamples: number[] = [];
  let model: Model | undefined;
  const loadReps = Math.max(2, Math.ceil(opts.reps / 3));
  for (let i = 0; i < loadReps; i++) {
    const t = now();
    model = readModelFile(path).model;
    loadSamples.push(now() - t);
  }
  const base = model!;

  // validate memoises per model object (so does the directory): time it on fresh copies.
  const validateSamples: number[] = [];
  let errors = 0;
  for (let i = 0; i < opts.reps + 2; i++) {
    const fresh = structuredClone(base);
    const t = now();
    const findings = validate(fresh);
    const dt = now() - t;
    if (i >= 2) validateSamples.push(dt); // two warm-up runs for the JIT
    errors = findings.filter((f) => f.severity === 'error').length;
  }

  const recipients = recipientMix(base, opts.routeBatch);
  const firstSamples: number[] = [];
  for (let i = 0; i < Math.max(2, Math.ceil(opts.reps / 3)); i++) {
    const fresh = structuredClone(base);
    const t = now();
    simulate(fresh, { recipient: recipients[0]!, origin: { kind: 'internet' } });
    firstSamples.push(now() - t);
  }
  const routeSamples: number[] = [];
  let sink = 0;
  for (let i = 0; i < opts.reps + 2; i++) {
    const t = now();
    for (const recipient of recipients) sink += simulate(base, { recipient, origin: { kind: 'internet' } }).steps.length;
    const perRouteUs = ((now() - t) * 1000) / recipients.length;
    if (i >= 2) routeSamples.push(perRouteUs);
  }
  if (sink === 0) throw new Error('routing produced no steps');
  return {
    users,
    loadMs: summarize(loadSamples),
    validateMs: summarize(validateSamples),
    routeUs: summarize(routeSamples),
    firstRouteMs: summarize(firstSamples),
    errors,
  };
}
