// `npm test` never runs the mail lab (that is `npm run test:lab`); it says whether the lab could run here.
import { describe, expect, it } from 'vitest';
import { findProgram, labSkipReason } from '../lab/prerequisites.js';

describe('mail lab prerequisites', () => {
  it('reports whether npm run test:lab can run on this machine', () => {
    const reason = labSkipReason();
    process.stdout.write(
      `[mail lab] ${reason ?? 'Postfix and Dovecot (POP3) are installed and this is root: the mail lab runs with npm run test:lab (never in npm test)'}\n`,
    );
    if (reason) expect(reason).toMatch(/^mail lab skipped: .+/);
    else expect(findProgram('postfix')).toBeDefined();
  });

  it('names what is missing', () => {
    expect(findProgram('surely-not-a-program-coexist', '/nonexistent')).toBeUndefined();
  });
});
