// The model's fingerprint, which a plan carries: apply refuses a plan made from another model. Kept apart
// from run.ts so the console can compare fingerprints without loading the executors.
import { createHash } from 'node:crypto';
import type { Model } from '../../model/schema.js';

export function modelFingerprint(model: Model): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex');
}
