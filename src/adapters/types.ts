// The one interface every adapter implements (docs/architecture.md): observe the target, diff against the
// model, apply exactly the reviewed plan; and its exporter, which renders the plan as files for a person.
import type { Model, TargetT } from '../model/schema.js';
import type { TargetKind } from '../model/target-kinds.js';

/** One process to run: an argv array (never a shell string) and optional data on stdin. */
export interface CommandSpec {
  argv: string[];
  /** Data for the process's stdin (scripts, JSON, map files). Never contains secrets in clear. */
  stdin?: string;
  /** Names of secrets (env:NAME / keyring:NAME) the executor resolves and feeds on stdin; never in argv. */
  secrets?: string[];
  /** What this command does, in words, for the plan and the log. */
  description: string;
  timeoutMs?: number;
}

export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** The target could not be reached at all (SSH connection or authentication failed): nothing ran there. */
  unreachable?: boolean;
}

/** Runs commands on a target, locally or over SSH; logs every one (secrets redacted). */
export interface Executor {
  readonly description: string;
  run(command: CommandSpec): Promise<CommandResult>;
}

/**
 * The lock an adapter takes on its target (plan/target-lock.ts takes and releases it): acquire exits 0
 * (taken), 3 (held; stdout: token, holder), else failed.
 */
export interface TargetLockSpec {
  /** Where the lock lives on the target, for messages ("/etc/postfix/.coexist-apply.lock"). */
  where: string;
  acquire(token: string, holder: string, breakToken?: string): CommandSpec;
  release(token: string): CommandSpec;
}

/** What an adapter read from its target. The fingerprint changes whenever the state does. */
export interface Observed {
  fingerprint: string;
  state: unknown;
  /**
   * Keyed fingerprints (HMAC with the target's key) of the secrets the target uses, by reference, when they
   * could be read while planning: a changed password is planned. Set by the plan operation, never the values.
   */
  secretFingerprints?: Record<string, string>;
}

export type ChangeAction = 'create' | 'update' | 'delete';

/** One object-level change, shown as + ~ - like terraform. */
export interface Change {
  action: ChangeAction;
  /** The object, e.g. "main.cf relay_domains" or "Send connector POP3 Connector". */
  object: string;
  before?: string;
  after?: string;
  /** The commands that make this change, in order. */
  commands: CommandSpec[];
  /** Finer lines shown under the object in the plan, in the same grammar: "+ key value", "- key value". */
  details?: string[];
}

export interface Plan {
  targetId: string;
  adapter: string;
  /** The fingerprint of the observed state the plan was computed from: apply refuses a plan if it changed. */
  observedFingerprint: string;
  /** sha256 of the model the plan was computed from. */
  modelFingerprint: string;
  changes: Change[];
  /** Steps of the procedure this adapter cannot do, in the runbook's words, numbered (shown under the plan). */
  manual?: string[];
}

export interface StepResult {
  change: Change;
  status: 'done' | 'failed' | 'not-run';
  results: CommandResult[];
  error?: string;
}

export interface ApplyReport {
  ok: boolean;
  steps: StepResult[];
  /** What the administrator must be told besides the steps (a stale apply lock that was removed). */
  notes?: string[];
}

/** Progress of an apply, step by step (the console's Plan/Apply view listens to it). */
export type ApplyProgress = (event: {
  index: number;
  total: number;
  change: Change;
  status: 'running' | StepResult['status'];
  result?: CommandResult;
}) => void;

/** A target could not be observed or planned: the message says what and where, and nothing was changed. */
export class AdapterError extends Error {
  constructor(
    message: string,
    readonly targetId?: string,
  ) {
    super(message);
  }
}

/** One file `export` writes: its name in the output directory and its text. */
export interface ExportFile {
  name: string;
  content: string;
}

/**
 * What `coexist export` needs from an adapter: the plan as files a person reviews and runs by hand
 * (export/export.ts plans against the adapter's empty target and writes these).
 */
export interface Exporter {
  /** Extension of the main exported file: sh, ps1, vbs, md. */
  fileExtension: string;
  /** The plan as one script or document a person can read and run by hand. */
  render(model: Model, target: TargetT, changes: Change[]): string;
  /**
   * Every file `export` writes for one target: render() as `<target id>.<fileExtension>` (export/export.ts
   * `oneFile`), or more when one script is not enough (a launcher, the script, a data file for another tool).
   */
  files(model: Model, target: TargetT, changes: Change[]): ExportFile[];
  /** The targets `export` uses when the model names none: one per server this adapter can configure. */
  defaultTargets(model: Model): TargetT[];
}

/**
 * An adapter: reads its target and compares it with the model (what plan, apply and the console use), and
 * exports the same plan as files (`exporter`). What only apply needs (lock, secretRefs) is optional: an
 * adapter whose plan runs nothing (the runbook's manual procedures) leaves it out.
 */
export interface Adapter {
  id: string;
  describe(): string;
  observe(model: Model, target: TargetT, executor: Executor): Promise<Observed>;
  plan(model: Model, target: TargetT, observed: Observed): Change[];
  /** What plan() compares against when the target is not observed (export, a runbook observing nothing): an empty target. */
  unobserved(model: Model, target: TargetT): Observed;
  /** The plan as files for a person: `coexist export`. */
  exporter: Exporter;
  /** The procedure's steps this adapter leaves to the administrator for this target (numbered lines). */
  manualSteps?(model: Model, target: TargetT): string[];
  /**
   * The per-target apply lock taken on the target (held from the re-observe to the last step), so that two
   * applies to one target never interleave; see plan/target-lock.ts.
   */
  lock?(model: Model, target: TargetT): TargetLockSpec;
  /** The secret references (env:NAME, keyring:NAME) the target's configuration holds. */
  secretRefs?(model: Model, target: TargetT): string[];
}

/**
 * One line of the registry (registry.ts): what is known of an adapter without loading it, from its folder's
 * target.ts (its id and the schema of its targets' options, which the model checks when a file loads), and
 * how to load the adapter itself, only when a target of it is planned, applied or exported.
 */
export interface AdapterEntry extends TargetKind {
  /** False when this target runs nothing anywhere (a runbook that observes nothing): plan needs no connection. Default true. */
  needsConnection?(target: TargetT): boolean;
  load(): Promise<Adapter>;
}
