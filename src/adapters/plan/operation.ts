// The plan/apply operation: the one place that decides whether a model may be planned or applied to a
// target, and does it. The CLI (text or JSON) and the console's Plan/Apply view are two views of it: they
// render what it returns and answer its hooks (commands run, steps, the typed confirmation), nothing more.
// Every refusal is a value of type Refusal, never a thrown error: settings that cannot be opened, an unknown
// target, a model with validation errors, unsaved edits, a target that cannot be observed, a declined
// confirmation, a lock held by another apply, a stale plan, a secret that cannot be read.
import type { Model, TargetT } from '../../model/schema.js';
import type { SettingsStore } from '../../settings/store.js';
import { fileLog, type CommandLog, type LogEntry } from '../executor/log.js';
import { resolveSecret, SecretError, type SecretSource } from '../secrets.js';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory } from '../../settings/store.js';
import { writeFileSafely } from '../../persistence/index.js';
import { AdapterError, type Adapter, type ApplyProgress, type ApplyReport, type Executor, type Plan } from '../types.js';
import { applyChanges, type ApplyOptions } from './apply.js';
import { describeInterrupted, fileJournal, interruptedRun, newRunId, type Journal } from './journal.js';
import { adapterFor, executorFor } from './target-executor.js';
import { acquireTargetLock } from './target-lock.js';
import { WriteError } from '../../persistence/index.js';
import { modelFingerprint } from './fingerprint.js';
import { type ConfirmRequest, confirmationFor, type Refusal, type RefusalKind, stalePlanRefusal, validationRefusal } from './refusal.js';

export {
  type ConfirmRequest,
  confirmationFor,
  type Refusal,
  type RefusalKind,
  refusalText,
  stalePlanRefusal,
  validationRefusal,
} from './refusal.js';

export interface PlanOutcomeOk {
  ok: true;
  plan: Plan;
  /** The target's last apply was interrupted (killed mid-step): what the views must say above the plan. */
  interrupted?: string;
}
export type PlanOutcome = PlanOutcomeOk | { ok: false; refusal: Refusal };

export type ApplyOutcome =
  | { status: 'refused'; refusal: Refusal; plan?: Plan; interrupted?: string }
  | { status: 'unchanged'; plan: Plan; interrupted?: string }
  | { status: 'applied' | 'failed'; plan: Plan; report: ApplyReport; interrupted?: string };

/** What a view hears while the operation runs. */
export interface OperationHooks {
  /** Every command run on a target (secrets already redacted), as it finishes. */
  onCommand?(entry: LogEntry): void;
  /** Each step of an apply: running, then done or failed. */
  onProgress?: ApplyProgress;
  /** The plan apply is about to ask confirmation for (the CLI prints it). */
  onPlan?(plan: Plan, interrupted: string | undefined): void;
  /** Asks for the typed confirmation; the answer is compared with request.expected by the operation. */
  confirm?(request: ConfirmRequest): Promise<string>;
}

export interface ApplyRequest {
  model: Model;
  targetId: string;
  /** The reviewed plan to apply exactly; without one, the operation plans first and asks confirmation for it. */
  plan?: Plan;
  /** Error rules the administrator typed to apply anyway (--allow-errors). */
  allowErrors?: readonly string[];
  /** --yes: no confirmation asked. Otherwise `confirmation` (already typed) or hooks.confirm is needed. */
  assumeYes?: boolean;
  /** What the administrator already typed (the console's form). */
  confirmation?: string;
  /** The model on screen has edits not saved to its file (the console): apply puts the saved model on servers. */
  unsaved?: boolean;
}

export interface PlanApplyOperation {
  plan(model: Model, targetId: string, hooks?: OperationHooks): Promise<PlanOutcome>;
  apply(request: ApplyRequest, hooks?: OperationHooks): Promise<ApplyOutcome>;
}

export interface OperationEnvironment {
  /** The per-user settings (connections, logs, journal); opened on first use. */
  settings(): SettingsStore;
  /** The executor for a target (tests may inject one); default: local or SSH from the model and settings. */
  executor?(target: TargetT, settings: SettingsStore, log: CommandLog): Executor;
  /** Where secrets are read while planning, for their keyed fingerprints (default: the environment and the OS keyring). */
  secrets?: SecretSource;
}

/** The target's own HMAC key, kept owner-only in the settings directory beside its other secrets' settings. */
function targetKey(s: SettingsStore, targetId: string): Buffer {
  const dir = join(s.directory, 'keys');
  ensurePrivateDirectory(dir);
  const path = join(dir, `${targetId}.key`);
  try {
    const hex = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch {
    // none yet
  }
  const key = randomBytes(32);
  writeFileSafely(path, `${key.toString('hex')}\n`, { mode: 0o600 });
  return key;
}

/**
 * HMAC-SHA256 of each secret the target uses, keyed per target: the target keeps this fingerprint beside
 * what it wrote, so a changed password is planned, and neither the target nor the plan ever holds the value.
 * A secret that cannot be read while planning is left out (its map is compared without it).
 */
async function secretFingerprints(
  adapter: Adapter,
  model: Model,
  target: TargetT,
  s: SettingsStore,
  source: SecretSource | undefined,
): Promise<Record<string, string>> {
  const refs = adapter.secretRefs?.(model, target) ?? [];
  const out: Record<string, string> = {};
  if (refs.length === 0) return out;
  let key: Buffer | undefined;
  for (const ref of refs) {
    let value: string;
    try {
      value = await resolveSecret(ref, source);
    } catch (e) {
      if (!(e instanceof SecretError)) throw e;
      continue;
    }
    // The key is made only once a secret is read: a target whose secrets cannot be read leaves no file.
    key ??= targetKey(s, target.id);
    out[ref] = createHmac('sha256', key).update(value).digest('hex');
  }
  return out;
}

function refusalOf(kind: RefusalKind, targetId: string, e: unknown): Refusal {
  return { kind: e instanceof SecretError ? 'secret' : kind, targetId, message: (e as Error).message };
}

const isExpected = (e: unknown) => e instanceof AdapterError || e instanceof SecretError;

export function planApplyOperation(env: OperationEnvironment): PlanApplyOperation {
  let settings: SettingsStore | undefined;
  const open = (targetId: string): SettingsStore | Refusal => {
    try {
      return (settings ??= env.settings());
    } catch (e) {
      return { kind: 'settings', targetId, message: `cannot open the per-user settings: ${(e as Error).message}` };
    }
  };

  interface Context {
    s: SettingsStore;
    target: TargetT;
    adapter: Adapter;
    executor: Executor;
    journal: Journal & { path: string };
  }
  const context = async (model: Model, targetId: string, hooks: OperationHooks): Promise<Context | Refusal> => {
    const s = open(targetId);
    if ('kind' in s) return s;
    const target = model.targets.find((t) => t.id === targetId);
    if (!target) {
      return {
        kind: 'target',
        targetId,
        message:
          model.targets.length === 0
            ? 'the model has no targets: add one under targets (id, adapter, server, connection, options)'
            : `no target "${targetId}" in the model (targets: ${model.targets.map((t) => t.id).join(', ')})`,
      };
    }
    try {
      const file = fileLog(s.logPath('commands.log'));
      const log: CommandLog = hooks.onCommand
        ? {
            entries: file.entries,
            write: (e) => {
              file.write(e);
              hooks.onCommand!(e);
            },
          }
        : file;
      const adapter = await adapterFor(target);
      const executor = env.executor ? env.executor(target, s, log) : executorFor(target, s.target(target.id), log);
      return { s, target, adapter, executor, journal: fileJournal(s.logPath('journal.jsonl')) };
    } catch (e) {
      if (isExpected(e)) return refusalOf('unobservable', targetId, e);
      return { kind: 'settings', targetId, message: (e as Error).message };
    }
  };

  const observeAndPlan = async (model: Model, c: Context): Promise<PlanOutcome> => {
    let interrupted: string | undefined;
    try {
      const r = interruptedRun(c.journal.path, c.target.id, c.journal);
      if (r) interrupted = describeInterrupted(c.target.id, r);
    } catch (e) {
      return {
        ok: false,
        refusal: {
          kind: 'journal',
          targetId: c.target.id,
          message: `the apply journal cannot be read or written: ${(e as Error).message}`,
        },
      };
    }
    try {
      const observed = await c.adapter.observe(model, c.target, c.executor);
      const marks = await secretFingerprints(c.adapter, model, c.target, c.s, env.secrets);
      const changes = c.adapter.plan(model, c.target, { ...observed, secretFingerprints: marks });
      const manual = c.adapter.manualSteps?.(model, c.target) ?? [];
      const plan: Plan = {
        targetId: c.target.id,
        adapter: c.adapter.id,
        observedFingerprint: observed.fingerprint,
        modelFingerprint: modelFingerprint(model),
        changes,
        ...(manual.length > 0 ? { manual } : {}),
      };
      return { ok: true, plan, ...(interrupted ? { interrupted } : {}) };
    } catch (e) {
      if (!isExpected(e)) throw e;
      return { ok: false, refusal: refusalOf('unobservable', c.target.id, e) };
    }
  };

  return {
    async plan(model, targetId, hooks = {}) {
      const c = await context(model, targetId, hooks);
      if ('kind' in c) return { ok: false, refusal: c };
      return observeAndPlan(model, c);
    },

    async apply(request, hooks = {}) {
      const { model, targetId } = request;
      const c = await context(model, targetId, hooks);
      if ('kind' in c) return { status: 'refused', refusal: c };
      const invalid = validationRefusal(model, targetId, request.allowErrors);
      if (invalid) return { status: 'refused', refusal: invalid };
      if (request.unsaved)
        return {
          status: 'refused',
          refusal: {
            kind: 'unsaved',
            targetId,
            message:
              'the model has edits that are not saved: apply puts the saved model on the servers; save it first. Nothing was applied.',
          },
        };

      let plan = request.plan;
      let interrupted: string | undefined;
      if (!plan) {
        const planned = await observeAndPlan(model, c);
        if (!planned.ok) return { status: 'refused', refusal: planned.refusal };
        plan = planned.plan;
        interrupted = planned.interrupted;
      }
      const extra = interrupted ? { interrupted } : {};
      const stale = stalePlanRefusal(model, targetId, plan, c.adapter.id);
      if (stale) return { status: 'refused', refusal: stale, plan, ...extra };
      hooks.onPlan?.(plan, interrupted);
      if (plan.changes.length === 0) return { status: 'unchanged', plan, ...extra };

      if (!request.assumeYes) {
        const ask = confirmationFor(plan);
        let answer = request.confirmation;
        if (answer === undefined && hooks.confirm) answer = await hooks.confirm(ask);
        if (answer === undefined || answer.trim() !== ask.expected) {
          return {
            status: 'refused',
            plan,
            ...extra,
            refusal: {
              kind: 'confirmation',
              targetId,
              expected: ask.expected,
              message: `confirmation not given (type ${ask.expected} to apply); nothing was applied`,
            },
          };
        }
      }

      try {
        const r = await applyUnderLock(model, c.target, c.adapter, c.executor, plan, {
          journal: c.journal,
          ...(hooks.onProgress ? { progress: hooks.onProgress } : {}),
        });
        if ('refusal' in r) return { status: 'refused', plan, ...extra, refusal: r.refusal };
        return { status: r.report.ok ? 'applied' : 'failed', plan, report: r.report, ...extra };
      } catch (e) {
        if (e instanceof WriteError)
          return {
            status: 'refused',
            plan,
            ...extra,
            refusal: { kind: 'journal', targetId, message: `the apply journal cannot be written: ${e.message}` },
          };
        throw e;
      }
    },
  };
}

/**
 * The locked section of an apply: take the target's lock, mark a killed earlier run interrupted, re-observe
 * and refuse a stale plan, apply every step, release the lock. Refusals come back as values.
 */
export async function applyUnderLock(
  model: Model,
  target: TargetT,
  adapter: Adapter,
  executor: Executor,
  plan: Plan,
  options: ApplyOptions & { journal?: Journal & { path?: string } } = {},
): Promise<{ report: ApplyReport } | { refusal: Refusal }> {
  const targetId = target.id;
  let lock;
  try {
    lock = await acquireTargetLock(adapter, model, target, executor);
  } catch (e) {
    if (!isExpected(e)) throw e;
    return { refusal: refusalOf('unobservable', targetId, e) };
  }
  if (!lock.ok) return { refusal: { kind: lock.held ? 'locked' : 'unobservable', targetId, message: lock.message } };
  try {
    if (options.journal?.path) interruptedRun(options.journal.path, targetId, options.journal);
    const observed = await adapter.observe(model, target, executor);
    if (observed.fingerprint !== plan.observedFingerprint) {
      return {
        refusal: {
          kind: 'stale',
          targetId,
          message: `target ${targetId}: the plan is stale: the target changed since the plan was made (someone else applied, or it was edited by hand); run plan again. Nothing was applied.`,
        },
      };
    }
    const report = await applyChanges(plan.changes, executor, { ...options, targetId, run: newRunId() });
    return { report: lock.broken ? { ...report, notes: [lock.broken] } : report };
  } catch (e) {
    if (!isExpected(e)) throw e;
    return { refusal: refusalOf('unobservable', targetId, e) };
  } finally {
    await lock.release();
  }
}
