import type { Command } from '../context.ts';

export interface CommandEntry {
  /** In team mode, sync with the team server before the command (pull) and after it (push what it queued). */
  readonly teamSync?: boolean;
  /** Uses the review store (team mode then loads the team's store), and so who you are. */
  readonly usesReviews?: boolean;
  /** Signs as who you are without this cache's review store (the demo's own cache). */
  readonly usesIdentity?: boolean;
  /** One line for `concilia --help`; kept here so the overview loads no command. */
  readonly summary: string;
  /** Whether these arguments make the command talk to an upstream (a proxy then applies). */
  readonly usesNetwork?: (args: readonly string[]) => boolean;
  /** The command's modules, imported only when it runs. */
  readonly load: () => Promise<Command>;
}

/**
 * Every command of `concilia`. Nothing here imports a command: each one's modules (and the core
 * they pull in) load when it runs, so `--help` and small commands start about as fast as Node.
 * Order here is the order in `concilia --help`.
 */
export const commands: Readonly<Record<string, CommandEntry>> = {
  source: {
    usesReviews: true,
    summary: 'add, list, remove, test or re-address the upstream connections',
    usesNetwork: (args) => args[0] === 'test',
    load: async () => (await import('./source.ts')).command,
  },
  sync: {
    usesReviews: true,
    summary: 'fetch a date range from a connection into the cache',
    usesNetwork: () => true,
    load: async () => (await import('./sync.ts')).command,
  },
  status: { summary: 'what the cache holds: coverage, last sync, set-aside and restated counts', load: async () => (await import('./status.ts')).command },
  reconcile: { summary: 'reconcile a connection over a date range, from the cache', teamSync: true, usesReviews: true, load: async () => (await import('./reconcile.ts')).command },
  review: {
    teamSync: true,
    usesReviews: true,
    summary: 'mark items explained, resolved or carried forward (with a reason and a note), or show their history',
    load: async () => (await import('./review.ts')).command,
  },
  tolerance: { summary: "show or change a portal connection's saved tolerance (audited)", teamSync: true, usesReviews: true, load: async () => (await import('./tolerance.ts')).command },
  signoff: { summary: 'sign off a reconciled range as preparer or reviewer', teamSync: true, usesReviews: true, load: async () => (await import('./signoff.ts')).command },
  countersign: {
    summary: "countersign, as reviewer, a workbook the preparer signed (no cache or credentials needed)",
    usesReviews: true,
    load: async () => (await import('./countersign.ts')).command,
  },
  'import-signoff': { teamSync: true, usesReviews: true, summary: "bring in a reviewer's countersignature as the live reviewer sign-off", load: async () => (await import('./import-signoff.ts')).command },
  audit: { summary: 'verify the audit log (chain and signatures), or list it', teamSync: true, usesReviews: true, load: async () => (await import('./audit.ts')).command },
  identity: { summary: 'who you are (this computer\'s account and its signing key), your display name', usesReviews: true, load: async () => (await import('./identity.ts')).command },
  export: { summary: 'write the reconciliation to an Excel workbook or CSV', teamSync: true, usesReviews: true, load: async () => (await import('./export.ts')).command },
  verify: { summary: 'say whether an exported workbook is the one that was signed off (offline)', load: async () => (await import('./verify.ts')).command },
  'import-review': { summary: 'apply review notes filled in an exported workbook', teamSync: true, usesReviews: true, load: async () => (await import('./import-review.ts')).command },
  close: { summary: 'the month-end close: every connection and month, synced, open, prepared, reviewed', teamSync: true, usesReviews: true, load: async () => (await import('./close.ts')).command },
  team: { usesReviews: true, summary: 'team mode on PostgreSQL: init a team database, join it, sync, assign months', load: async () => (await import('./team.ts')).command },
  backup: { summary: 'copy the cache to a file, safely, while it is in use', load: async () => (await import('./backup.ts')).command },
  // The demo talks only to its own sandbox on loopback: never through a proxy.
  demo: { summary: 'a one-command tour against the built-in sandbox', usesIdentity: true, load: async () => (await import('./demo.ts')).command },
};
