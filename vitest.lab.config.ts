import { defineConfig } from 'vitest/config';

// The mail lab (issue 6): real Postfix and Dovecot, run by `npm run test:lab` (and .ci/run), never by `npm test`.
export default defineConfig({
  test: {
    setupFiles: ['test/setup/no-group-signals.ts', 'test/setup/adapters.ts'],
    include: ['test/lab/**/*.lab.test.ts'],
    testTimeout: 150_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
