// Saved plans (`coexist plan --out FILE`, `coexist apply --plan FILE`): the reviewed changes with the model
// and observed fingerprints they were computed from. Written atomically, owner-only; secrets appear only
// as references (env:NAME / keyring:NAME), never as values.
import { readFileSync } from 'node:fs';
import { writeFileSafely } from '../../persistence/index.js';
import * as z from 'zod';
import type { Plan } from '../types.js';

const CommandSpecSchema = z.strictObject({
  argv: z.array(z.string()).min(1),
  stdin: z.string().optional(),
  secrets: z.array(z.string().regex(/^(env|keyring):[A-Za-z0-9._-]{1,64}$/)).optional(),
  description: z.string(),
  timeoutMs: z.number().int().positive().optional(),
});

const ChangeSchema = z.strictObject({
  action: z.enum(['create', 'update', 'delete']),
  object: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
  commands: z.array(CommandSpecSchema),
  details: z.array(z.string()).optional(),
});

const PlanSchema = z.strictObject({
  targetId: z.string(),
  adapter: z.string(),
  observedFingerprint: z.string(),
  modelFingerprint: z.string(),
  changes: z.array(ChangeSchema),
  manual: z.array(z.string()).optional(),
});

const PlanFileSchema = z.strictObject({
  format: z.literal('coexist-plan'),
  version: z.literal(1),
  createdAt: z.string(),
  model: z.string(),
  plans: z.array(PlanSchema),
});

export type PlanFile = z.output<typeof PlanFileSchema>;

export function writePlanFile(path: string, model: string, plans: Plan[]): void {
  const file: PlanFile = {
    format: 'coexist-plan',
    version: 1,
    createdAt: new Date().toISOString(),
    model,
    plans: plans as PlanFile['plans'],
  };
  writeFileSafely(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

export function readPlanFile(path: string): PlanFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read the plan file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not a coexist plan file (${(e as Error).message})`);
  }
  const r = PlanFileSchema.safeParse(data);
  if (!r.success)
    throw new Error(
      `${path}: not a coexist plan file: ${r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
        .join('; ')}`,
    );
  return r.data;
}
