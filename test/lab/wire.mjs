// The lab's SMTP and POP3 clients. Plain Node (no build step) so the lab can start it inside its network
// namespace with `ip netns exec NS node wire.mjs smtp|pop3`; jobs come as JSON on stdin, results go to stdout.
// An SMTP client of our own (rather than swaks) so relay probes go on the wire byte for byte: swaks splits
// recipients on commas, which would break source routes such as <@a,@b:user@c>.
import net from 'node:net';

const CRLF = '\r\n';
const CONTROL = /[\u0000-\u001f\u007f]/;

class Conn {
  constructor(socket, timeoutMs) {
    this.socket = socket;
    this.buffer = '';
    this.waiters = [];
    this.transcript = [];
    this.closed = false;
    socket.setEncoding('latin1');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('data', (d) => {
      this.buffer += d;
      this.pump();
    });
    socket.on('close', () => {
      this.closed = true;
      this.pump();
    });
    socket.on('error', (e) => {
      this.error = e;
      this.closed = true;
      this.pump();
    });
  }
  pump() {
    while (this.waiters.length) {
      const w = this.waiters[0];
      const got = w.take();
      if (got === undefined && !this.closed) return;
      this.waiters.shift();
      if (got === undefined) w.reject(this.error ?? new Error('connection closed'));
      else w.resolve(got);
    }
  }
  /** One SMTP reply (multi-line aware): { code, text, lines }. */
  reply() {
    return new Promise((resolve, reject) => {
      this.waiters.push({
        resolve,
        reject,
        take: () => {
          const lines = [];
          let rest = this.buffer;
          for (;;) {
            const i = rest.indexOf('\n');
            if (i < 0) return undefined;
            const line = rest.slice(0, i).replace(/\r$/, '');
            rest = rest.slice(i + 1);
            lines.push(line);
            if (!/^\d{3}-/.test(line)) {
              this.buffer = rest;
              for (const l of lines) this.transcript.push(`<- ${l}`);
              return { code: Number(line.slice(0, 3)) || 0, text: lines.map((l) => l.slice(4)).join('\n'), lines };
            }
          }
        },
      });
      this.pump();
    });
  }
  /** One POP3 line, or a multi-line response up to ".". */
  popLine() {
    return new Promise((resolve, reject) => {
      this.waiters.push({
        resolve,
        reject,
        take: () => {
          const i = this.buffer.indexOf('\n');
          if (i < 0) return undefined;
          const line = this.buffer.slice(0, i).replace(/\r$/, '');
          this.buffer = this.buffer.slice(i + 1);
          return line;
        },
      });
      this.pump();
    });
  }
  async popMulti() {
    const out = [];
    for (;;) {
      const l = await this.popLine();
      if (l === '.') return out.join('\n');
      out.push(l.startsWith('..') ? l.slice(1) : l);
    }
  }
  send(line, shown = line) {
    this.transcript.push(`-> ${shown}`);
    this.socket.write(line + CRLF);
  }
}

function connect(host, port, localAddress, timeoutMs) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port, localAddress, timeout: timeoutMs });
    s.once('connect', () => resolve(new Conn(s, timeoutMs)));
    s.once('error', reject);
    s.once('timeout', () => s.destroy(new Error(`connect to ${host}:${port} timed out`)));
  });
}

const statusOf = (text) => /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? '';

/** One message: returns where the dialogue ended. */
async function smtpJob(job) {
  for (const [k, v] of Object.entries({ from: job.from, rcpt: job.rcpt, helo: job.helo })) {
    if (typeof v !== 'string' || CONTROL.test(v))
      return { id: job.id, stage: 'input', code: 0, status: '', text: `${k} contains control characters`, transcript: [] };
  }
  let c;
  try {
    c = await connect(job.server, job.port ?? 25, job.localAddress, job.timeoutMs ?? 15000);
  } catch (e) {
    return { id: job.id, stage: 'connect', code: 0, status: '', text: String(e.message ?? e), transcript: [] };
  }
  const end = (stage, r, extra = {}) => {
    try {
      c.send('QUIT');
      c.socket.end();
    } catch {
      /* closing anyway */
    }
    return { id: job.id, stage, code: r.code, status: statusOf(r.text), text: r.text, transcript: c.transcript, ...extra };
  };
  try {
    let r = await c.reply();
    if (r.code !== 220) return end('greeting', r);
    c.send(`EHLO ${job.helo}`);
    r = await c.reply();
    if (r.code !== 250) return end('EHLO', r);
    // A mail client set to "My server requires authentication" logs on only when the server offers AUTH
    // (IIS offers it with Basic authentication on); otherwise it sends without, as the preview models it.
    const offersAuth = /^AUTH\b/im.test(r.text);
    if (job.auth && offersAuth) {
      const token = Buffer.from(`\u0000${job.auth.user}\u0000${job.auth.password}`, 'utf8').toString('base64');
      c.send(`AUTH PLAIN ${token}`, 'AUTH PLAIN <redacted>');
      r = await c.reply();
      if (r.code !== 235) return end('AUTH', r);
    }
    c.send(`MAIL FROM:<${job.from}>`);
    r = await c.reply();
    if (r.code !== 250) return end('MAIL FROM', r);
    const rcpt = job.rcpt.startsWith('<') ? job.rcpt : `<${job.rcpt}>`;
    c.send(`RCPT TO:${rcpt}`);
    r = await c.reply();
    if (r.code !== 250 && r.code !== 251) return end('RCPT TO', r);
    c.send('DATA');
    r = await c.reply();
    if (r.code !== 354) return end('DATA', r);
    const body = job.data
      .replace(/\r?\n/g, CRLF)
      .split(CRLF)
      .map((l) => (l.startsWith('.') ? `.${l}` : l))
      .join(CRLF);
    c.transcript.push(`-> (${job.data.length} bytes of message)`);
    c.socket.write(`${body}${CRLF}.${CRLF}`);
    r = await c.reply();
    const queueId = /queued as ([0-9A-Za-z]+)/.exec(r.text)?.[1];
    return end(r.code === 250 ? 'accepted' : 'end of DATA', r, queueId ? { queueId } : {});
  } catch (e) {
    return { id: job.id, stage: 'dialogue', code: 0, status: '', text: String(e.message ?? e), transcript: c.transcript };
  }
}

/** Every message of one POP3 mailbox, in full; deleted afterwards when asked. */
async function pop3Job(job) {
  let c;
  try {
    c = await connect(job.server, job.port ?? 110, undefined, job.timeoutMs ?? 15000);
  } catch (e) {
    return { id: job.id, ok: false, error: String(e.message ?? e), messages: [] };
  }
  const ok = async (what) => {
    const l = await c.popLine();
    if (!l.startsWith('+OK')) throw new Error(`${what}: ${l}`);
    return l;
  };
  try {
    await ok('greeting');
    c.send(`USER ${job.user}`);
    await ok('USER');
    c.send(`PASS ${job.password}`, 'PASS <redacted>');
    await ok('PASS');
    c.send('STAT');
    const count = Number((await ok('STAT')).split(' ')[1]);
    const messages = [];
    for (let i = 1; i <= count; i++) {
      c.send(`RETR ${i}`);
      await ok(`RETR ${i}`);
      messages.push(await c.popMulti());
      if (job.delete) {
        c.send(`DELE ${i}`);
        await ok(`DELE ${i}`);
      }
    }
    c.send('QUIT');
    await ok('QUIT');
    c.socket.end();
    return { id: job.id, ok: true, messages };
  } catch (e) {
    c.socket.destroy();
    return { id: job.id, ok: false, error: String(e.message ?? e), messages: [] };
  }
}

/** Waits until host:port accepts a connection (readiness after a start). */
async function probeJob(job) {
  const end = Date.now() + (job.timeoutMs ?? 15000);
  for (;;) {
    try {
      const c = await connect(job.server, job.port, undefined, 1000);
      c.socket.destroy();
      return { id: job.id, ok: true };
    } catch (e) {
      if (Date.now() > end) return { id: job.id, ok: false, error: String(e.message ?? e) };
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function main() {
  const mode = process.argv[2];
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const jobs = JSON.parse(input);
  const worker = mode === 'smtp' ? smtpJob : mode === 'pop3' ? pop3Job : mode === 'probe' ? probeJob : undefined;
  if (!worker) throw new Error('usage: node wire.mjs smtp|pop3|probe < jobs.json');
  const results = new Array(jobs.length);
  let next = 0;
  const parallel = Math.max(1, Math.min(8, Number(process.env.WIRE_PARALLEL ?? 6)));
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await worker(jobs[i]);
      }
    }),
  );
  process.stdout.write(JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
