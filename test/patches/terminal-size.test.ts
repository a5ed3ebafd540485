// patches/terminal-size+4.0.1.patch: node:child_process is loaded only when a fallback runs a command. Loading
// terminal-size loads no child_process; with no terminal to ask (a new session, output piped, no COLUMNS and
// LINES) it still runs `tput` (here a stand-in on PATH) and answers its size.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('terminal-size loads child_process on demand (patch)', () => {
  it.skipIf(process.platform === 'win32')('loads none at import, and still asks tput when nothing else knows the size', () => {
    const bin = mkdtempSync(join(tmpdir(), 'coexist-tput-'));
    try {
      writeFileSync(join(bin, 'tput'), '#!/bin/sh\nif [ "$1" = cols ]; then echo 123; else echo 45; fi\n');
      chmodSync(join(bin, 'tput'), 0o755);
      const script = `
        const { default: terminalSize } = await import('terminal-size');
        const loaded = process.moduleLoadList.includes('NativeModule child_process');
        console.log(JSON.stringify({ loaded, size: terminalSize() }));
      `;
      const env: Record<string, string> = { PATH: `${bin}:/usr/bin:/bin`, HOME: process.env.HOME ?? '/' };
      // detached: a new session, without a controlling terminal (/dev/tty cannot be opened); Node's spawnSync
      // honours it though its type leaves it out.
      const options = { cwd: process.cwd(), env, encoding: 'utf8' as const, detached: true, stdio: 'pipe' as const };
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], options);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ loaded: false, size: { columns: 123, rows: 45 } });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
