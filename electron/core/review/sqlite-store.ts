/**
 * The solo review store: everything in the local SQLite cache, beside the figures it is about.
 * Reads need only a `ReadableDB`; the store that writes takes the `WritableDB`, the clock that
 * stamps each change and the identity that signs it.
 */
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import type { Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { currencyExponent, formatMinor } from '../money/index.ts';
import { appendAudit, findAccount, listAccounts, listAuditLog, registerIdentity, appendSigned, renameAccount, verifyAuditChain } from './audit.ts';
import { recordReviews, reopenReviews, reviewHistoryOf, reviewsOf, reviewsOfItems } from './review-rows.ts';
import { assignmentProblem, assignmentsOf, assignmentsOfLog, recordAssignment } from './assignments.ts';
import { recordImportedSignoff, recordSignoff, signedFigures, signoffEntryOf, signoffsOf, voidSignoffs } from './signoff-rows.ts';
import type { ReviewReader, ReviewStore } from './store.ts';
import type { AuditVerification, ConnectionRef, SavedTolerance } from './types.ts';

/** Reads of the review layer from a cache opened for reading. */
export function sqliteReviewReader(db: ReadableDB): ReviewReader {
  return {
    reviews: (connection) => reviewsOf(db, connection),
    reviewsOfItems: (connection, keys) => reviewsOfItems(db, connection, keys),
    reviewHistory: (connection, itemKey) => reviewHistoryOf(db, connection, itemKey),
    signoffs: (connection, range) => signoffsOf(db, connection, range),
    signedFigures: (signoffId) => signedFigures(db, signoffId),
    signoffEntry: (signoff) => signoffEntryOf(db, signoff),
    auditLog: (query) => listAuditLog(db, query),
    verifyAuditLog: () => verifySoloLog(db),
    savedTolerance: (connection) => savedTolerance(db, connection),
    assignments: (connection) => assignmentsOf(db, connection),
    accounts: () => listAccounts(db),
    account: (id) => findAccount(db, id),
  };
}

/**
 * The store that writes, signing as `identity`. Given as a function, the identity is made when
 * the first change needs it (the command line makes its key file on first use, not on a read).
 */
export function createSqliteReviewStore(db: WritableDB, clock: Clock, identity: Identity | (() => Identity)): ReviewStore {
  let resolved: Identity | undefined = typeof identity === 'function' ? undefined : identity;
  const me = (): Identity => (resolved ??= (identity as () => Identity)());
  return {
    ...sqliteReviewReader(db),
    get identity() {
      return me();
    },
    recordReviews: (connection, updates) => recordReviews(db, clock, me(), connection, updates),
    reopenReviews: (connection, reopenings) => reopenReviews(db, clock, me(), connection, reopenings),
    recordSignoff: (connection, signoff) => settled(() => recordSignoff(db, clock, me(), connection, signoff)),
    recordImportedSignoff: (connection, signoff) => recordImportedSignoff(db, clock, me(), connection, signoff),
    voidSignoffs: (connection, voids) => voidSignoffs(db, clock, me(), connection, voids),
    appendAudit: (entry) => appendAudit(db, clock, me(), entry),
    saveTolerance: (connection, tolerance, currency) => saveTolerance(db, clock, me(), connection, tolerance, currency),
    assign: (connection, update) => recordAssignment(db, clock, me(), connection, update),
    setDisplayName: (name) => renameAccount(db, clock, me(), name),
  };
}

/** The chain and its signatures, then the assignments kept against the entries that made them. */
function verifySoloLog(db: ReadableDB): AuditVerification {
  const chain = verifyAuditChain(db);
  return chain.ok ? (assignmentProblem(db, assignmentsOfLog(db), chain) ?? chain) : chain;
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

function saveTolerance(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, next: SavedTolerance, currency: string | null): void {
  db.transaction(() => {
    const before = savedTolerance(db, connection);
    if (before.absMinor === next.absMinor && before.pct === next.pct) return;
    registerIdentity(db, clock, identity);
    db.prepare('UPDATE connection SET tolerance_abs_minor = ?, tolerance_pct = ? WHERE id = ?').run(next.absMinor, next.pct, connection.id);
    const abs = (minor: number): string => (currency === null ? String(minor) : formatMinor(minor, currencyExponent(currency)));
    appendSigned(db, clock, identity, {
      action: 'tolerance.set',
      connectionId: connection.id,
      subject: connection.name,
      payload: { currency, from: { abs: abs(before.absMinor), pct: before.pct }, to: { abs: abs(next.absMinor), pct: next.pct } },
    });
  }).immediate();
}
