/**
 * The review layer behind one interface: review states, sign-offs, the audit log and saved
 * tolerances. Reconciliation, export, the handlers and the command line see only this; the solo
 * store keeps everything in the local SQLite cache (sqlite-store.ts), and a second store (a shared
 * PostgreSQL for team close) implements the same interface without touching them.
 *
 * Why synchronous: a reconciliation attaches review states and sign-offs inside one synchronous
 * pass over the local cache, and a review change and its audit entry must land in one transaction.
 * So every store keeps its working copy in the local cache: the solo store *is* the cache; a team
 * store writes through it (queued with client-made ids) and pushes and pulls in the background, so
 * a change never waits for the network and nothing is lost when the server is away.
 *
 * Reads and writes apart, like ReadableDB and WritableDB: whatever only reads (reconciliation,
 * views, exports) takes a `ReviewReader`; review, sign-off and the step that voids stale sign-offs
 * take the `ReviewStore`. The rules (who may sign, which states and reasons exist) live in the
 * functions that call the store (reviews.ts, core/signoff), once for every store.
 *
 * Extension points: each part below is its own interface, so a new part joins by adding one
 * interface here and one module per store: identities with their public keys (who signed what,
 * verified), assignments and due dates per connection and month, the offline queue of a team store.
 */
import type { ItemKey } from './keys.ts';
import type {
  Actor,
  AuditEntry,
  AuditEntryInput,
  AuditQuery,
  AuditVerification,
  ConnectionRef,
  NewSignoff,
  Review,
  ReviewUpdate,
  SavedTolerance,
  Signoff,
  SignoffRange,
  SignoffVoid,
} from './types.ts';

/** Review states of discrepancies, findings and exceptions, by item key; the history is in the audit log. */
export interface ReviewRecords {
  /** The latest review of every reviewed item of a connection. */
  reviews(connection: ConnectionRef): Map<ItemKey, Review>;
  /** The latest reviews of some items of a connection (those reviewed; a few findings of a large range). */
  reviewsOfItems(connection: ConnectionRef, keys: Iterable<ItemKey>): Map<ItemKey, Review>;
  /** Record reviews, all or nothing, with one audit entry per item naming what it replaced. */
  recordReviews(connection: ConnectionRef, updates: readonly ReviewUpdate[], actor: Actor): Review[];
}

/** Sign-offs and the figures each one attested. */
export interface SignoffRecords {
  /** Oldest first; with a range, only the sign-offs of exactly that range (and period, when given). */
  signoffs(connection: ConnectionRef, range?: SignoffRange): Signoff[];
  /** The canonical figures text a sign-off attested; null when it was never kept or cannot be read. */
  signedFigures(signoffId: number): string | null;
  /**
   * Record a sign-off and its audit entry together. The one write that may wait: in team mode the
   * server vouches for a sign-off (who signed, the duties, the items' states) before it counts,
   * so it is never queued; the solo store answers at once.
   */
  recordSignoff(connection: ConnectionRef, signoff: NewSignoff, actor: Actor): Promise<Signoff>;
  /** Void live sign-offs, each with its reason and an audit entry, all or nothing. */
  voidSignoffs(connection: ConnectionRef, voids: readonly SignoffVoid[], actor: Actor): void;
}

/** The append-only audit log: every review change, sign-off and void, in order, tamper-evident. */
export interface AuditTrail {
  /** Entries in order, filtered by connection name and by date. */
  auditLog(query?: AuditQuery): AuditEntry[];
  /** Check the whole log; the first entry that does not follow from the one before is named. */
  verifyAuditLog(): AuditVerification;
  /** Append an entry of any action (a connection's address changed, a workbook exported…). */
  appendAudit(entry: AuditEntryInput): AuditEntry;
}

/** The tolerance each portal connection is reconciled with unless a run asks for another. */
export interface ToleranceSettings {
  savedTolerance(connection: ConnectionRef): SavedTolerance;
  saveTolerance(connection: ConnectionRef, tolerance: SavedTolerance): void;
}

/** The whole review layer of one workspace. */
export interface ReviewStore extends ReviewRecords, SignoffRecords, AuditTrail, ToleranceSettings {}

/** What reconciliation, views and exports may use: reads only. Every `ReviewStore` is one. */
export type ReviewReader = Pick<ReviewStore, 'reviews' | 'reviewsOfItems' | 'signoffs' | 'signedFigures' | 'auditLog' | 'verifyAuditLog' | 'savedTolerance'>;
