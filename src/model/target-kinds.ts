// The adapters a target may name (targets[].adapter) and the schema of each one's options. The model checks
// both when a file loads and after each edit, so `coexist validate` and the console report a bad option with
// its line and column; but the model is the bottom layer and cannot import the adapters, which declare their
// own options (src/adapters/<id>/target.ts). So the adapter layer's registry (src/adapters/registry.ts)
// registers them here when it loads: whoever parses a model with targets imports it first (the cli's main.ts,
// test/setup/adapters.ts).
import type * as z from 'zod';

export interface TargetKind {
  id: string;
  /** The options object of a target of this adapter (strict: unknown names are refused). */
  options: z.ZodType;
}

/**
 * An adapter's target declaration whose options schema is built on first use (a model check with targets),
 * not at every start: `extra` holds what else the adapter declares (needsConnection).
 */
export function declareTargetKind<S extends z.ZodType, E extends object = object>(
  id: string,
  buildOptions: () => S,
  extra?: E,
): { readonly id: string; readonly options: S } & E {
  let options: S | undefined;
  return {
    ...(extra as E),
    id,
    get options() {
      options ??= buildOptions();
      return options;
    },
  };
}

const KINDS = new Map<string, TargetKind>();

/** Declares (or replaces) the adapter `kind.id` and its options (read when first needed: it may be built then). */
export function registerTargetKind(kind: TargetKind): void {
  KINDS.set(kind.id, {
    id: kind.id,
    get options() {
      return kind.options;
    },
  });
}

/** The registered adapter of this id, or undefined. Throws when none is registered at all (a wiring fault, not bad input). */
export function targetKind(id: string): TargetKind | undefined {
  if (KINDS.size === 0) throw new Error('no adapters are registered: import src/adapters/registry.ts before checking a model with targets');
  return KINDS.get(id);
}

export function targetKindIds(): string[] {
  return [...KINDS.keys()];
}
