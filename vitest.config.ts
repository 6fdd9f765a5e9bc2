import { defineConfig } from 'vitest/config';

// Four projects, one runner:
// - unit: pure logic under Node (money, parsing, SQL against in-memory/temp SQLite);
// - integration: the core end to end against the sandbox over real HTTP, and the CLI as a black box;
// - ui: the built renderer in Debian's Chromium through the browser harness (playwright-core);
// - postgres: team mode against a throwaway PostgreSQL cluster started once per run (the only
//   project that needs PostgreSQL; every other one runs without it).
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      // Timeouts are generous on purpose: a timeout is not a speed target (those live in npm run
      // bench), and property tests on a busy two-core machine can take several times their idle time.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['test/postgres/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/postgres-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
