// Every test worker runs this first. process.kill(0, sig) signals the worker's whole process group (vitest, npm
// and CI itself), process.kill(-1, sig) every process it may signal, and process.kill(-pgrp, sig) its own group
// again: no test means any of them, and session 4's CI run ended with exit 143 when a test signalled pid 0 read
// from an empty pid file. Here they throw instead. (The product's own process groups are others: run.ts spawns
// each command detached, in a group of its own.)
import { readFileSync } from 'node:fs';

const ownGroup = (() => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
})();

const kill = process.kill.bind(process);
process.kill = ((pid: number, signal?: string | number): true => {
  if (pid === 0 || pid === -1 || (ownGroup !== undefined && pid === -ownGroup))
    throw new Error(`test guard: process.kill(${pid}, ${String(signal ?? 'SIGTERM')}) would signal the test runner's own process group`);
  return kill(pid, signal);
}) as typeof process.kill;
