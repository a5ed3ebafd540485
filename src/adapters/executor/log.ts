// The command log: argv, exit code, duration and stderr of every command, with secret values redacted.
// An owner-only JSON-lines file (0600, created with that mode) plus an in-memory list for the console.
import { closeSync, mkdirSync, writeSync } from 'node:fs';
import { openAppendNoFollow } from '../../persistence/index.js';
import { dirname } from 'node:path';

export interface LogEntry {
  time: string;
  target: string;
  description: string;
  argv: string[];
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  stderr: string;
}

export interface CommandLog {
  readonly entries: LogEntry[];
  write(entry: LogEntry): void;
}

export const REDACTED = '[redacted]';

/** Replaces every occurrence of every secret value (and its common encodings) in a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length === 0) continue;
    for (const form of [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]) {
      if (form.length > 0) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** In memory only (tests, export). */
export function memoryLog(): CommandLog {
  const entries: LogEntry[] = [];
  return {
    entries,
    write: (e) => {
      entries.push(e);
    },
  };
}

/** Appends to a file that only its owner can read; the directory is created 0700. */
export function fileLog(path: string): CommandLog {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openAppendNoFollow(path));
  const entries: LogEntry[] = [];
  return {
    entries,
    write(e) {
      entries.push(e);
      const fd = openAppendNoFollow(path);
      try {
        writeSync(fd, `${JSON.stringify(e)}\n`);
      } finally {
        closeSync(fd);
      }
    },
  };
}
