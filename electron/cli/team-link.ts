/**
 * Team mode on the command line: the cache's team setting, the password from the environment
 * (CONCILIA_TEAM_PASSWORD, else PGPASSWORD; else none, and the PostgreSQL client's own
 * ~/.pgpass applies), and a sync before and after each command that reads or writes reviews.
 * The server being away never stops a command: the change stays queued and the command says so.
 */
import type { CacheDatabase } from '../core/cache/index.ts';
import type { Clock } from '../core/deps.ts';
import type { Identity } from '../core/identity/identity.ts';
import type { ReviewStore } from '../core/review/store.ts';
import { pendingCount } from '../core/team/outbox.ts';
import { readTeamSettings } from '../core/team/settings.ts';
import { createTeamReviewStore } from '../core/team/store.ts';
import { syncTeam, type TeamLink } from '../core/team/sync.ts';
import { teamUrl } from '../core/team/address.ts';
import type { CliContext } from './context.ts';

export function teamPassword(env: NodeJS.ProcessEnv): string | null {
  const value = env.CONCILIA_TEAM_PASSWORD || env.PGPASSWORD;
  return value === undefined || value === '' ? null : value;
}

export function teamLinkOf(db: CacheDatabase, env: NodeJS.ProcessEnv): TeamLink | null {
  const settings = readTeamSettings(db);
  if (settings === null) return null;
  return { address: settings.address, password: () => Promise.resolve(teamPassword(env)), connectOptions: { connectTimeoutMs: 5000 } };
}

export function reviewStoreOf(db: CacheDatabase, clock: Clock, identity: () => Identity, link: TeamLink | null): ReviewStore {
  if (link === null) throw new Error('reviewStoreOf needs the team link of a cache that joined a team.');
  return createTeamReviewStore(db, clock, identity, link);
}

/**
 * Before a command: pull what the team changed (and push what waits). After it: push what it
 * queued. Unreachable: one line on stderr, and the command goes on with this laptop's copy.
 */
export async function syncQuietly(ctx: CliContext, command: string, when: 'before' | 'after'): Promise<void> {
  const link = ctx.team();
  if (link === null) return;
  const db = ctx.db();
  if (when === 'after' && pendingCount(db) === 0) return;
  try {
    const result = await syncTeam(db, ctx.clock, link);
    for (const n of result.notices) {
      ctx.io.stderr.write(
        `concilia ${command}: ${n.connection} ${n.itemKey}: two changes crossed — ${n.replaced.author}'s (${n.replaced.state}) and ${n.standing.author}'s (${n.standing.state}); ${n.standing.author}'s, the later on the team server, stands. Both are in the item's history.\n`,
      );
    }
  } catch (error) {
    const pending = pendingCount(db);
    const why = error instanceof Error ? error.message : String(error);
    ctx.io.stderr.write(`concilia ${command}: working from this computer's copy (${teamUrl(link.address)}: ${why})${pending > 0 ? `; ${pending} change(s) wait to be sent` : ''}.\n`);
  }
}
