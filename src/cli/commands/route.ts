import { simulate } from '../../model/routing/simulate.js';
import { BatchAnswers } from './route-answers.js';
import { describeVerdict } from '../../model/routing/flows.js';
import type { Message, Origin, Trace } from '../../model/routing/types.js';
import type { Model } from '../../model/schema.js';
import { parseIP } from '../../model/net.js';
import {
  type AnswerTableKey,
  defaultModelCache,
  type LoadedModel,
  type ModelCache,
  readAnswerTable,
  writeAnswerTable,
} from '../../persistence/index.js';
import { CliError, EXIT, printJson, resolveModel, type Output } from '../io.js';
import type { Command, CommandContext } from './types.js';

export function parseOrigin(text: string, model: Model): Origin {
  if (text === 'internet') return { kind: 'internet' };
  const m = /^(user|server):(.+)$/.exec(text);
  if (!m) throw new CliError(`--from "${text}": expected internet, user:<logon> or server:<name>`);
  const name = m[2]!;
  if (m[1] === 'user') {
    if (!model.users.some((u) => u.logon.toLowerCase() === name.toLowerCase()))
      throw new CliError(`--from ${text}: no user with logon "${name}" in the model`);
    return { kind: 'user', logon: name };
  }
  const servers = [...model.exchange.servers, ...model.pop3.servers];
  if (!servers.some((s) => s.name.toLowerCase() === name.toLowerCase()))
    throw new CliError(`--from ${text}: no server named "${name}" in the model`);
  return { kind: 'server', name };
}

function messageFrom(ctx: CommandContext, model: Model, recipient: string): Message {
  const v = ctx.values;
  const message: Message = { recipient, origin: parseOrigin(typeof v.from === 'string' ? v.from : 'internet', model) };
  if (typeof v.via === 'string') {
    const servers = [...model.exchange.servers, ...model.pop3.servers];
    if (!servers.some((s) => s.name.toLowerCase() === (v.via as string).toLowerCase()))
      throw new CliError(`--via "${v.via}": no server with that name in the model`);
    message.via = v.via;
  }
  if (typeof v.ip === 'string') {
    const ip = parseIP(v.ip);
    if (!ip.ok) throw new CliError(`--ip: ${ip.error}`);
    message.clientIp = ip.value;
  }
  if (v.auth === true && v['no-auth'] === true) throw new CliError('--auth and --no-auth contradict each other');
  if (v.auth === true) message.authenticated = true;
  if (v['no-auth'] === true) message.authenticated = false;
  if (typeof v.sender === 'string') message.sender = v.sender;
  return message;
}

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

/**
 * Up to this many users, the table of directory answers is kept and read whole. Measured (bench/README.md,
 * round 5, step 4), 10,000 recipients of the bench's mix: at 10,000 users reading it costs about 19 ms of CPU
 * and saves about 140 ms; at 100,000 users (48 MB) reading it costs about 300 ms and the batch took 208 ms
 * more than without it (and the first batch after a change about 2.7 s more). Reading cost grows with the
 * users, the saving with the recipients; the bound keeps the read well under the saving of a 10,000-recipient
 * batch. Above it, every directory hit is simulated as before (an index read only for the addresses asked
 * would lift it).
 */
export const ANSWER_TABLE_MAX_USERS = 25_000;

/**
 * The answers of a batch, with the table of directory answers kept for this model file (its sha256), these
 * options and this build when there is a cache (verdict only, up to `maxUsers` users), read at the first
 * recipient; `keep` writes the table if that found none (a batch without recipients neither reads nor builds it).
 */
export function openBatchAnswers(
  model: Model,
  template: Message,
  withTrace: boolean,
  kept: { cache: ModelCache; fingerprint: string } | undefined,
  maxUsers = ANSWER_TABLE_MAX_USERS,
): { answers: BatchAnswers; keep(): void } {
  const { recipient: _, ...options } = template;
  const key: AnswerTableKey | undefined =
    kept && !withTrace && model.users.length <= maxUsers ? { ...kept, options: JSON.stringify(options) } : undefined;
  let read = false;
  let table: Map<string, string> | undefined;
  const answers = new BatchAnswers(model, template, withTrace, () => {
    read = true;
    table = key && readAnswerTable(key);
    return table;
  });
  return {
    answers,
    keep: () => {
      if (key && read && !table) writeAnswerTable(key, answers.table());
    },
  };
}

/**
 * One JSON line per recipient line of stdin. Reads chunks as they arrive and answers each chunk's complete
 * lines with one write (a script feeding recipients one at a time still gets each answer at once); the
 * options (--from, --via, --ip...) are checked once, not per recipient. The lines come from BatchAnswers
 * (route-answers.ts): without --trace only the verdict is computed, and a recipient seen before in the batch,
 * of a domain whose answers do not depend on the local part, or written as a directory address (from the
 * table of their answers kept beside the loaded-model cache) is answered without a simulation. When that
 * table is missing (the first batch after the file changed), it is built and kept once every line is out.
 */
function runBatch(ctx: CommandContext, model: Model, loaded: LoadedModel | null): Promise<number> {
  const withTrace = ctx.values.trace === true;
  const cache = loaded && !withTrace ? defaultModelCache() : undefined;
  const { answers, keep } = openBatchAnswers(
    model,
    messageFrom(ctx, model, ''),
    withTrace,
    cache && loaded ? { cache, fingerprint: loaded.fingerprint } : undefined,
  );
  let lineNo = 0;
  let rest = '';
  // A line longer than this is answered with an error and skipped, never accumulated (a 20 MB line).
  const MAX_LINE = 4096;
  let skipping = false;
  const tooLong = () => {
    lineNo++;
    return `${JSON.stringify({ line: lineNo, error: `the line is longer than ${MAX_LINE} characters; a recipient has at most 254` })}\n`;
  };
  const answer = (lines: string[]): void => {
    let out = '';
    for (const line of lines) {
      if (line.length > MAX_LINE) {
        out += tooLong();
        continue;
      }
      lineNo++;
      const recipient = line.trim();
      if (recipient === '' || recipient.startsWith('#')) continue;
      out += `{"line":${lineNo},${answers.line(recipient)}\n`;
    }
    if (out !== '') process.stdout.write(out);
  };
  return new Promise((resolve, reject) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      try {
        let text = chunk;
        if (skipping) {
          const nl = text.search(/[\r\n]/);
          if (nl === -1) return;
          process.stdout.write(tooLong());
          skipping = false;
          text = text.slice(nl + (text.startsWith('\r\n', nl) ? 2 : 1));
        }
        const lines = (rest + text).split(/\r\n|\n|\r(?=[^\n])/);
        rest = lines.pop()!;
        answer(lines);
        if (rest.length > MAX_LINE) {
          skipping = true;
          rest = '';
        }
      } catch (e) {
        process.stdin.destroy();
        reject(e);
      }
    });
    process.stdin.on('end', () => {
      try {
        if (skipping) process.stdout.write(tooLong());
        else if (rest !== '') answer([rest]);
        keep();
        resolve(EXIT.ok);
      } catch (e) {
        reject(e);
      }
    });
    process.stdin.on('error', reject);
  });
}

export const routeCommand: Command = {
  name: 'route',
  summary: 'Show where a message to any address goes, hop by hop, and why',
  usage:
    'coexist route <recipient> [--from internet|user:<logon>|server:<name>] [--via <server>] [--ip <addr>] [--auth|--no-auth] [--sender <addr>] [--json]\n       coexist route --batch [--trace] [options] < recipients.txt   (one JSON line per recipient)',
  options: {
    from: { type: 'string', value: 'internet|user:<logon>|server:<name>', help: 'where the message starts (default: internet)' },
    via: { type: 'string', value: '<server>', help: "submit to this server instead of the MX or the client's outgoing server" },
    ip: { type: 'string', value: '<addr>', help: "the connecting client's IP address" },
    auth: { type: 'boolean', help: 'the client authenticates' },
    'no-auth': { type: 'boolean', help: 'the client does not authenticate' },
    sender: { type: 'string', value: '<addr>', help: 'envelope sender (never grants relaying)' },
    batch: { type: 'boolean', help: 'read recipients from stdin, one per line; print one JSON line each (the verdict)' },
    trace: { type: 'boolean', help: 'with --batch: each line also carries the full trace (steps, routed, tricks)' },
  },
  async run(ctx) {
    const source = resolveModel(ctx.modelPath);
    if (ctx.values.batch === true) {
      if (ctx.args.length > 0) throw new CliError('--batch reads recipients from stdin; do not also give one as an argument');
      return runBatch(ctx, source.model, source.loaded);
    }
    if (ctx.values.trace === true) {
      throw new CliError('--trace is for --batch (a single route always prints its trace)');
    }
    if (ctx.args.length !== 1)
      throw new CliError(
        ctx.args.length === 0
          ? 'route needs a recipient, e.g. coexist route alice@northwindtraders.com'
          : 'route takes one recipient (use --batch for many)',
      );
    const message = messageFrom(ctx, source.model, ctx.args[0]!);
    const trace = simulate(source.model, message);
    if (ctx.output.json) printJson(ctx.output, { model: source.label, message, ...trace });
    else printTrace(ctx.output, message, trace);
    return EXIT.ok;
  },
};
