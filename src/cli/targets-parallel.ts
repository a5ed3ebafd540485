// Many targets at once (plan --all / apply --all): a bounded pool that starts the targets in the model's
// order, at most `limit` at a time, and stops starting new ones once one says so (apply stops at the first
// failure; the ones already running finish, since a half-applied step cannot be taken back).
import { availableParallelism } from 'node:os';
import { CliError, EXIT } from './io.js';

/** --parallel N: a whole number from 1 to 64; the default is the number of CPUs (targets mostly wait on their servers). */
export function parallelOption(value: unknown): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new CliError(`--parallel "${text}": expected a whole number of targets from 1 to 64`, EXIT.unusable);
  return n;
}

/**
 * Runs `work` on every item, at most `limit` at once, starting them in order. Once `stop(result)` is true for
 * a finished item, no further item is started. Results come back in the items' order; an item never
 * started has no result (undefined).
 */
export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  stop: (result: R) => boolean = () => false,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const index = next++;
      try {
        const r = await work(items[index]!, index);
        results[index] = r;
        if (stop(r)) stopped = true;
      } catch (e) {
        stopped = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
