// DNS trap: listens on the host resolver's address inside the lab namespace (UDP and TCP port 53) and
// logs every query the lab makes. The lab expects none. Usage: node dnstrap.mjs ADDRESS LOGFILE
import dgram from 'node:dgram';
import net from 'node:net';
import { appendFileSync, writeFileSync } from 'node:fs';

const [address, log] = process.argv.slice(2);
writeFileSync(log, '');
const qname = (buf, off) => {
  const labels = [];
  let i = off;
  while (i < buf.length && buf[i] !== 0 && labels.length < 64) {
    const n = buf[i];
    labels.push(buf.subarray(i + 1, i + 1 + n).toString('latin1'));
    i += 1 + n;
  }
  return labels.join('.');
};
const udp = dgram.createSocket('udp4');
udp.on('message', (msg, rinfo) => appendFileSync(log, `udp ${rinfo.address} ${qname(msg, 12)}\n`));
udp.bind(53, address, () => {
  const tcp = net.createServer((s) =>
    s.once('data', (d) => {
      appendFileSync(log, `tcp ${s.remoteAddress} ${qname(d, 14)}\n`);
      s.destroy();
    }),
  );
  tcp.listen(53, address, () => process.stdout.write('ready\n'));
});
process.on('SIGTERM', () => process.exit(0));
