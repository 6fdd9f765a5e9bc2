import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The packaged-app smoke test runs on its own (the CI and release workflows, after `npm run dist:test`):
//   npm run test:e2e-electron
// It is outside `npm test` because it needs an Electron binary or a packaged app, which our build
// machines cannot download; where it runs, a missing app fails it.
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    include: ['test/e2e-electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
