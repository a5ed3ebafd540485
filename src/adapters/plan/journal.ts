// The apply journal: one JSON line per step event, appended (and flushed) before and after each step, in an
// owner-only file. It survives a crash mid-apply and tells the administrator what ran.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JournalEvent {
  target: string;
  index: number;
  object: string;
  status: 'started' | 'done' | 'failed';
  error?: string;
}

export interface Journal {
  record(event: JournalEvent): void;
}

export function fileJournal(path: string): Journal {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return {
    record(event) {
      const fd = openSync(path, 'a', 0o600);
      try {
        writeSync(fd, `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

export function memoryJournal(): Journal & { events: JournalEvent[] } {
  const events: JournalEvent[] = [];
  return { events, record: (e) => { events.push(e); } };
}
