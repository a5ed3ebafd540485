// The local executor's timeout holds even when the command's own children keep its output open.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { memoryLog } from '../../../src/adapters/executor/log.js';
import { LocalExecutor } from '../../../src/adapters/executor/local.js';

function alive(pattern: string): boolean {
  try {
    execFileSync('pgrep', ['-f', pattern]);
    return true;
  } catch {
    return false;
  }
}

describe('LocalExecutor timeouts', () => {
  it('a script whose child holds stdout open is stopped with its whole process group', async () => {
    const ex = new LocalExecutor({ target: 'local', log: memoryLog() });
    // A distinctive duration so that pgrep finds this test's sleep and nothing else.
    const marker = 'sleep 47.123';
    const started = performance.now();
    const r = await ex.run({ argv: ['/bin/sh', '-c', `${marker}; echo never`], description: 'hangs in a child', timeoutMs: 800 });
    const took = performance.now() - started;
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).not.toContain('never');
    expect(took).toBeLessThan(10_000);
    expect(alive(marker)).toBe(false);
  });

  it('a child that ignores SIGTERM is killed after the grace delay', async () => {
    const ex = new LocalExecutor({ target: 'local', log: memoryLog() });
    const started = performance.now();
    const r = await ex.run({
      argv: ['/bin/sh', '-c', "trap '' TERM; sleep 31.77 & wait; sleep 31.77"],
      description: 'ignores TERM',
      timeoutMs: 500,
    });
    expect(r.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(alive('sleep 31.77')).toBe(false);
  });

  it('a command that finishes in time is not marked timed out and keeps its exit code', async () => {
    const ex = new LocalExecutor({ target: 'local', log: memoryLog() });
    const r = await ex.run({ argv: ['/bin/sh', '-c', 'echo out; exit 3'], description: 'exits 3', timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 3, timedOut: false, stdout: 'out\n' });
  });
});
