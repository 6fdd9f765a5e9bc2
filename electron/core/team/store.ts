/**
 * The team review store: the same interface as the solo store, its working copy in the same
 * local tables (so reconciliation, views and exports read the cache as they always do), and
 * every change also queued, in the same SQLite transaction, for the team server (outbox.ts).
 * Reads never wait for the network; push and pull (sync.ts) run in the background or when asked.
 *
 * The one exception is a sign-off: the server vouches for it (who signs, the duties, the items'
 * states), so it goes to the server at once, after this laptop's queued changes, and counts only
 * once the server accepted it; unreachable, it is refused with a clear message.
 */
import type { WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { createSqliteReviewStore } from '../review/sqlite-store.ts';
import type { ReviewStore } from '../review/store.ts';
import type { AuditVerification } from '../review/types.ts';
import { enqueue, lastSeenReview } from './outbox.ts';
import { verifyPulledChain } from './pull.ts';
import { signOnServer, type TeamLink } from './sync.ts';

export interface TeamReviewStore extends ReviewStore {
  readonly team: TeamLink;
}

export function createTeamReviewStore(db: WritableDB, clock: Clock, team: TeamLink): TeamReviewStore {
  const local = createSqliteReviewStore(db, clock);
  const connectionName = (id: number | null | undefined): string | null =>
    id === null || id === undefined ? null : (db.prepare<[number], { name: string }>('SELECT name FROM connection WHERE id = ?').get(id)?.name ?? null);
  const teamIdOf = db.prepare<[number], { team_id: number | null }>('SELECT team_id FROM signoff WHERE id = ?');
  const restatedHere = db.prepare<[number, string, string, string], { n: number }>(
    'SELECT 1 AS n FROM restatement WHERE connection_id = ? AND detected_at > ? AND (period_start IS NULL OR period_start BETWEEN ? AND ?) LIMIT 1',
  );
  return {
    ...local,
    team,

    recordReviews: (connection, updates, actor) =>
      db.transaction(() => {
        const recorded = local.recordReviews(connection, updates, actor);
        for (const r of recorded) {
          const basedOn = lastSeenReview(db, connection.name, r.itemKey);
          enqueue(db, 'review', connection.name, r.itemKey, { state: r.state, reason: r.reason, note: r.note, basedOn }, r.updatedAt);
        }
        return recorded;
      }).immediate(),

    recordSignoff: (connection, signoff, actor) => signOnServer(db, clock, team, connection, signoff, actor),

    // A team sign-off is voided from here only when this laptop's sync saw its figures restated
    // after it was signed: figures that merely differ (a laptop not yet synced, or synced
    // further) are no reason to void the team's sign-off; the reviewer is told to compare.
    voidSignoffs: (connection, voids, actor) =>
      db.transaction(() => {
        const live = new Map(local.signoffs(connection).filter((s) => s.status === 'live').map((s) => [s.id, s]));
        const mine = voids.filter((v) => {
          const s = live.get(v.signoffId);
          if (s === undefined) return false;
          const teamSignoff = (teamIdOf.get(s.id)?.team_id ?? null) !== null;
          return !teamSignoff || restatedHere.get(connection.id, s.signedAt, s.from, s.to) !== undefined;
        });
        local.voidSignoffs(connection, mine, actor);
        for (const v of mine) {
          const teamId = teamIdOf.get(v.signoffId)?.team_id ?? null;
          if (teamId !== null) enqueue(db, 'void', connection.name, `signoff:${teamId}`, { signoffId: teamId, reason: v.reason, newHash: v.newHash }, isoInstant(clock()));
        }
      }).immediate(),

    appendAudit: (entry) =>
      db.transaction(() => {
        const written = local.appendAudit(entry);
        enqueue(db, 'audit', connectionName(entry.connectionId), entry.subject ?? null, { action: entry.action, payload: written.payload }, written.at);
        return written;
      }).immediate(),

    saveTolerance: (connection, tolerance) =>
      db.transaction(() => {
        local.saveTolerance(connection, tolerance);
        enqueue(db, 'tolerance', connection.name, null, tolerance, isoInstant(clock()));
      }).immediate(),

    // This laptop's log (its own changes as made, others' as pulled) and the team server's as
    // pulled: both must hold.
    verifyAuditLog: (): AuditVerification => {
      const own = local.verifyAuditLog();
      if (!own.ok) return own;
      const pulled = verifyPulledChain(db);
      return pulled.ok ? { ...own, message: `${own.message} ${pulled.message}` } : pulled;
    },
  };
}
