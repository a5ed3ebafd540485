import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/setup/no-group-signals.ts', 'test/setup/adapters.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/lab/**', 'node_modules/**'],
    testTimeout: 20000,
    hookTimeout: 60000,
  },
});
