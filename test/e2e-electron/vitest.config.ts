import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The packaged-app smoke test runs on its own (release runners, after `npm run dist:test`):
//   npx vitest run --config test/e2e-electron/vitest.config.ts
// It is outside the default projects because it needs an Electron binary or a packaged app.
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
