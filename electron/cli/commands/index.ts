import type { Command } from '../context.ts';

/**
 * Every command of `concilia`, loaded on demand so `--help` and small commands start fast.
 * Order here is the order in `concilia --help`.
 */
export const commands: Record<string, () => Promise<Command>> = {
  source: async () => (await import('./source.ts')).command,
  sync: async () => (await import('./sync.ts')).command,
  status: async () => (await import('./status.ts')).command,
  reconcile: async () => (await import('./reconcile.ts')).command,
  review: async () => (await import('./review.ts')).command,
  signoff: async () => (await import('./signoff.ts')).command,
  audit: async () => (await import('./audit.ts')).command,
  export: async () => (await import('./export.ts')).command,
  'import-review': async () => (await import('./import-review.ts')).command,
  demo: async () => (await import('./demo.ts')).command,
};
