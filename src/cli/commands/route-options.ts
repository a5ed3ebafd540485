// The options of `coexist route`, apart from what it runs: the entry (src/cli/entry.ts) reads a batch's
// options with them before anything heavy is loaded.
import type { OptionSpec } from './types.js';

export const ROUTE_OPTIONS: Record<string, OptionSpec> = {
  from: { type: 'string', value: 'internet|user:<logon>|server:<name>', help: 'where the message starts (default: internet)' },
  via: { type: 'string', value: '<server>', help: "submit to this server instead of the MX or the client's outgoing server" },
  ip: { type: 'string', value: '<addr>', help: "the connecting client's IP address" },
  auth: { type: 'boolean', help: 'the client authenticates' },
  'no-auth': { type: 'boolean', help: 'the client does not authenticate' },
  sender: { type: 'string', value: '<addr>', help: 'envelope sender (never grants relaying)' },
  batch: { type: 'boolean', help: 'read recipients from stdin, one per line; print one JSON line each (the verdict)' },
  trace: { type: 'boolean', help: 'with --batch: each line also carries the full trace (steps, routed, tricks)' },
};

/** The options every recipient of a batch is routed with, as text: part of the key of its route table. */
export function batchOptionsKey(values: Record<string, unknown>): string {
  return JSON.stringify(['from', 'via', 'ip', 'auth', 'no-auth', 'sender'].map((name) => values[name] ?? null));
}
