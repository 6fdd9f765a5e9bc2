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
import type { Identity } from '../identity/identity.ts';
import { assignmentProblem } from '../review/assignments.ts';
import { lastAuditSeq, signedEntriesAfter, verifyAuditChain, type SignedEntry } from '../review/audit.ts';
import { TeamError } from './errors.ts';
import { createSqliteReviewStore } from '../review/sqlite-store.ts';
import type { ReviewStore } from '../review/store.ts';
import type { AuditVerification, ConnectionRef, Review } from '../review/types.ts';
import { enqueue, lastSeenReview, queueRegistration, signedPayload } from './outbox.ts';
import { assignmentsOfTeamLog, verifyPulledChain } from './pull.ts';
import { signOnServer, type TeamLink } from './sync.ts';

export interface TeamReviewStore extends ReviewStore {
  readonly team: TeamLink;
}

interface Written {
  action: string;
  subject: string | null;
  signed: SignedEntry;
}

export function createTeamReviewStore(db: WritableDB, clock: Clock, identity: Identity | (() => Identity), team: TeamLink): TeamReviewStore {
  const local = createSqliteReviewStore(db, clock, identity);
  const connectionName = (id: number | null | undefined): string | null =>
    id === null || id === undefined ? null : (db.prepare<[number], { name: string }>('SELECT name FROM connection WHERE id = ?').get(id)?.name ?? null);
  const teamIdOf = db.prepare<[number], { team_id: number | null }>('SELECT team_id FROM signoff WHERE id = ?');
  const isMember = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM team_member WHERE role = ?');
  const restatedHere = db.prepare<[number, string, string, string], { n: number }>(
    'SELECT 1 AS n FROM restatement WHERE connection_id = ? AND detected_at > ? AND (period_start IS NULL OR period_start BETWEEN ? AND ?) LIMIT 1',
  );
  /**
   * A local change and its place in the queue, in one transaction: `queue` gets the entries the
   * change signed (a new key's registration goes first, so others can check what follows).
   */
  const writeThrough = <T>(change: () => T, queue: (result: T, written: Written[]) => void): T =>
    db.transaction(() => {
      const before = lastAuditSeq(db);
      const result = change();
      const written = signedEntriesAfter(db, before);
      for (const w of written) if (w.action === 'identity.register') queueRegistration(db, w.subject, w.signed, isoInstant(clock()));
      queue(result, written.filter((w) => w.action !== 'identity.register'));
      return result;
    }).immediate();
  const entryOf = (written: Written[], action: string, subject: string | null): SignedEntry | undefined =>
    written.find((w) => w.action === action && w.subject === subject)?.signed;
  /** Each review as the team server takes it (a reopened item is open), with the entry that signed it. */
  const queueReviews =
    (connection: ConnectionRef, action: 'review.set' | 'review.reopen') =>
    (reviews: Review[], written: Written[]): void => {
      for (const r of reviews) {
        const basedOn = lastSeenReview(db, connection.name, r.itemKey);
        const signed = entryOf(written, action, r.itemKey);
        enqueue(db, 'review', connection.name, r.itemKey, { state: r.state, reason: r.reason, note: r.note, basedOn, signed }, r.updatedAt);
      }
    };

  return {
    ...local,
    get identity() {
      return local.identity;
    },
    team,

    recordReviews: (connection, updates) => writeThrough(() => local.recordReviews(connection, updates), queueReviews(connection, 'review.set')),

    // Figures that changed on this laptop's sync return an item to open for the whole team.
    reopenReviews: (connection, reopenings) => writeThrough(() => local.reopenReviews(connection, reopenings), queueReviews(connection, 'review.reopen')),

    recordSignoff: (connection, signoff) => signOnServer(db, clock, local.identity, team, connection, signoff),
    // A countersigned file is the way to review without a server; a team's reviewer signs on the
    // server, which vouches for the role. Importing one here would put a sign-off the server never saw.
    recordImportedSignoff: () => {
      throw new TeamError('invalid_input', "This cache is in team mode: the reviewer signs through the team's server (concilia signoff --role reviewer on their own laptop), not with a countersigned file.");
    },

    // A team sign-off is voided from here only when this laptop's sync saw its figures restated
    // after it was signed: figures that merely differ (a laptop not yet synced, or synced
    // further) are no reason to void the team's sign-off; the reviewer is told to compare.
    voidSignoffs: (connection, voids) => {
      const live = new Map(local.signoffs(connection).filter((s) => s.status === 'live').map((s) => [s.id, s]));
      const mine = voids.filter((v) => {
        const s = live.get(v.signoffId);
        if (s === undefined) return false;
        const teamSignoff = (teamIdOf.get(s.id)?.team_id ?? null) !== null;
        return !teamSignoff || restatedHere.get(connection.id, s.signedAt, s.from, s.to) !== undefined;
      });
      writeThrough(
        () => local.voidSignoffs(connection, mine),
        (_, written) => {
          for (const v of mine) {
            const teamId = teamIdOf.get(v.signoffId)?.team_id ?? null;
            const signed = entryOf(written, 'signoff.void', `signoff:${v.signoffId}`);
            if (teamId !== null) {
              enqueue(db, 'void', connection.name, `signoff:${teamId}`, { signoffId: teamId, reason: v.reason, newFiguresHash: v.newFiguresHash, signed }, isoInstant(clock()));
            }
          }
        },
      );
    },

    appendAudit: (entry) =>
      writeThrough(
        () => local.appendAudit(entry),
        (appended, written) => {
          const signed = written.find((w) => w.action === appended.action)?.signed;
          enqueue(db, 'audit', connectionName(entry.connectionId), entry.subject ?? null, { action: entry.action, payload: appended.payload, signed }, appended.at);
        },
      ),

    saveTolerance: (connection, tolerance, currency) =>
      writeThrough(
        () => local.saveTolerance(connection, tolerance, currency),
        (_, written) => {
          const signed = entryOf(written, 'tolerance.set', connection.name);
          if (signed !== undefined) enqueue(db, 'tolerance', connection.name, null, { ...tolerance, signed }, isoInstant(clock()));
        },
      ),

    // The server takes an assignment only to a member (CN007): one it would refuse is refused
    // here, before it is queued, so it never stops the queue behind it.
    assign: (connection, update) => {
      if (update.assignee !== null && isMember.get(update.assignee) === undefined) {
        throw new TeamError('invalid_input', `${update.assignee} is not a member of this team (as of this computer's last sync): members join with concilia team join.`);
      }
      return writeThrough(
        () => local.assign(connection, update),
        (_, written) => {
          const signed = entryOf(written, 'assignment.set', update.month);
          if (signed !== undefined) {
            enqueue(db, 'assignment', connection.name, update.month, { month: `${update.month}-01`, assignee: update.assignee, dueDate: update.dueDate, signed }, isoInstant(clock()));
          }
        },
      );
    },

    setDisplayName: (name) =>
      writeThrough(
        () => local.setDisplayName(name),
        (_, written) => {
          for (const w of written) enqueue(db, 'audit', null, w.subject, { action: w.action, payload: signedPayload(w.signed), signed: w.signed }, isoInstant(clock()));
        },
      ),

    // This laptop's log (its own changes as made, others' as they signed them) and the team
    // server's as pulled, every signature checked: both must hold; and the assignments kept
    // here must be those the team's log (then this laptop's changes not yet on it) leads to.
    verifyAuditLog: (): AuditVerification => {
      const own = verifyAuditChain(db);
      if (!own.ok) return own;
      const pulled = verifyPulledChain(db);
      if (!pulled.ok) return pulled;
      const assignments = assignmentProblem(db, assignmentsOfTeamLog(db), own, "This computer's copy of the team's log");
      return assignments ?? { ...own, message: `${own.message} ${pulled.message}`.trim() };
    },
  };
}
