/**
 * The solo review store: everything in the local SQLite cache, beside the figures it is about.
 * Reads need only a `ReadableDB`; the store that writes takes the `WritableDB` and the clock that
 * stamps each change.
 */
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import type { Clock } from '../deps.ts';
import { appendAudit, listAuditLog, verifyAuditChain } from './audit.ts';
import { recordReviews, reviewsOf, reviewsOfItems } from './review-rows.ts';
import { recordSignoff, signedFigures, signoffsOf, voidSignoffs } from './signoff-rows.ts';
import type { ReviewReader, ReviewStore } from './store.ts';
import type { ConnectionRef, SavedTolerance } from './types.ts';

/** Reads of the review layer from a cache opened for reading. */
export function sqliteReviewReader(db: ReadableDB): ReviewReader {
  return {
    reviews: (connection) => reviewsOf(db, connection),
    reviewsOfItems: (connection, keys) => reviewsOfItems(db, connection, keys),
    signoffs: (connection, range) => signoffsOf(db, connection, range),
    signedFigures: (signoffId) => signedFigures(db, signoffId),
    auditLog: (query) => listAuditLog(db, query),
    verifyAuditLog: () => verifyAuditChain(db),
    savedTolerance: (connection) => savedTolerance(db, connection),
  };
}

export function createSqliteReviewStore(db: WritableDB, clock: Clock): ReviewStore {
  return {
    ...sqliteReviewReader(db),
    recordReviews: (connection, change, actor) => recordReviews(db, clock, connection, change, actor),
    recordSignoff: (connection, signoff, actor) => settled(() => recordSignoff(db, clock, connection, signoff, actor)),
    voidSignoffs: (connection, voids, actor) => voidSignoffs(db, clock, connection, voids, actor),
    appendAudit: (entry) => appendAudit(db, clock, entry),
    saveTolerance: (connection, tolerance) => saveTolerance(db, connection, tolerance),
  };
}

/** A synchronous result as a promise; a throw becomes a rejection, as from an async store. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

// The solo store keeps each connection's tolerance on the connection itself (0001's columns).
function savedTolerance(db: ReadableDB, connection: ConnectionRef): SavedTolerance {
  const row = db
    .prepare<[number], { tolerance_abs_minor: number; tolerance_pct: string }>('SELECT tolerance_abs_minor, tolerance_pct FROM connection WHERE id = ?')
    .get(connection.id);
  return { absMinor: row?.tolerance_abs_minor ?? 0, pct: row?.tolerance_pct ?? '0' };
}

function saveTolerance(db: WritableDB, connection: ConnectionRef, tolerance: SavedTolerance): void {
  db.prepare('UPDATE connection SET tolerance_abs_minor = ?, tolerance_pct = ? WHERE id = ?').run(tolerance.absMinor, tolerance.pct, connection.id);
}
