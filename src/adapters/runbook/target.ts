// The runbook target as the model declares it: its id and its options schema, checked when the model loads
// (model/target-kinds.ts; registered by src/adapters/registry.ts). A runbook that observes nothing runs
// nothing anywhere: plan needs no connection for it.
import * as z from 'zod';
import { declareTargetKind } from '../../model/target-kinds.js';

const runbookOptions = () =>
  z.object({
    observeWith: z.enum(['windows2003', 'exchange-ems'], 'must be windows2003 or exchange-ems').optional(),
    language: z.enum(['both', 'en', 'fr'], 'must be en, fr or both').optional(),
  });

/** Its options schema is built on first use (a model check with targets), not at every start. */
export const runbookTarget = declareTargetKind('runbook', runbookOptions, {
  needsConnection: (target: { options?: Record<string, string> | undefined }) => target.options?.observeWith !== undefined,
});
