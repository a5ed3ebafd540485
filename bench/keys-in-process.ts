// Keystroke to frame in-process (ink-testing-library, NODE_ENV=production): filled in once the console exists.
import { skipped, type Row } from './report.js';

export async function inProcessKeys(o: { root: string; file: string; users: number; smoke: boolean; log: (s: string) => void }): Promise<Row[]> {
  const why = 'the console is not built yet: not measured';
  o.log(`SKIP measurement 2 (in-process): ${why}`);
  const t = o.users.toLocaleString('en-US');
  return [
    skipped('key-move-p95', 2, `keystroke to frame, moving in the tree, p95, ${t} users`, 'ms', why, { op: '<=', limit: 16, text: '<= 16 ms' }),
    skipped('key-edit-p95', 2, `keystroke to frame, edit that changes the routing preview, p95, ${t} users`, 'ms', why, { op: '<=', limit: 16, text: '<= 16 ms' }),
  ];
}
