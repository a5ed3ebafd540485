// "NAME=FQDN/IP", the way `coexist init` takes a server on the command line.
import type { ServerAnswer } from './answers.js';

export type SpecResult = { ok: true; value: ServerAnswer } | { ok: false; error: string };

export function parseServerSpec(text: string): SpecResult {
  const eq = text.indexOf('=');
  const slash = text.lastIndexOf('/');
  if (eq <= 0 || slash < eq + 2 || slash === text.length - 1) {
    return { ok: false, error: `"${text}" must be NAME=FQDN/IP, e.g. EX01=ex01.northwindtraders.com/10.0.0.10` };
  }
  return { ok: true, value: { name: text.slice(0, eq), fqdn: text.slice(eq + 1, slash), ip: text.slice(slash + 1) } };
}
