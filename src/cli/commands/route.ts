import { simulate } from '../../model/routing/simulate.js';
import { describeVerdict } from '../../model/routing/flows.js';
import type { Message, Origin, Trace } from '../../model/routing/types.js';
import { CliError, EXIT, printJson, resolveModel, type Output } from '../io.js';
import { runRouteBatch } from './route-batch.js';
import { messageFrom } from './route-message.js';
import { ROUTE_OPTIONS } from './route-options.js';
import type { Command } from './types.js';

function originText(o: Origin): string {
  return o.kind === 'internet' ? 'the Internet' : o.kind === 'user' ? `user ${o.logon}` : `server ${o.name}`;
}

/** Controls and text-direction characters as \uXXXX, as --json writes them: a recipient never drives the terminal. */
export function escapeForTerminal(text: string): string {
  return text.replace(
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function printTrace(raw: Output, message: Message, trace: Trace): void {
  const output = { ...raw, out: (text: string) => raw.out(escapeForTerminal(text)) };
  output.out(`${trace.recipient} from ${originText(message.origin)}${message.via ? ` via ${message.via}` : ''}`);
  if (trace.routed) output.out(`  routed address (${trace.tricks.join(', ')}): final destination ${trace.finalRecipient}`);
  trace.steps.forEach((s, i) => {
    output.out(
      `  ${String(i + 1).padStart(2)}. ${s.server.padEnd(8)} ${s.component.padEnd(13)} ${s.decision}${s.setting ? `\n      setting: ${s.setting}` : ''}`,
    );
  });
  output.out(`  verdict: ${describeVerdict(trace.verdict)}${'text' in trace.verdict ? ` - ${trace.verdict.text}` : ''}`);
}

export const routeCommand: Command = {
  name: 'route',
  summary: 'Show where a message to any address goes, hop by hop, and why',
  usage:
    'coexist route <recipient> [--from internet|user:<logon>|server:<name>] [--via <server>] [--ip <addr>] [--auth|--no-auth] [--sender <addr>] [--json]\n       coexist route --batch [--trace] [options] < recipients.txt   (one JSON line per recipient)',
  options: ROUTE_OPTIONS,
  async run(ctx) {
    if (ctx.values.batch === true) {
      if (ctx.args.length > 0) throw new CliError('--batch reads recipients from stdin; do not also give one as an argument');
      return runRouteBatch(ctx.values, ctx.modelPath);
    }
    const source = resolveModel(ctx.modelPath);
    if (ctx.values.trace === true) {
      throw new CliError('--trace is for --batch (a single route always prints its trace)');
    }
    if (ctx.args.length !== 1)
      throw new CliError(
        ctx.args.length === 0
          ? 'route needs a recipient, e.g. coexist route alice@northwindtraders.com'
          : 'route takes one recipient (use --batch for many)',
      );
    const message = messageFrom(ctx.values, source.model, ctx.args[0]!);
    const trace = simulate(source.model, message);
    if (ctx.output.json) printJson(ctx.output, { model: source.label, message, ...trace });
    else printTrace(ctx.output, message, trace);
    return EXIT.ok;
  },
};
