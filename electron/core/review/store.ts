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
 * Who acts is an `Identity` (the operating-system account and its Ed25519 key) given to the store
 * when it is made, like the clock: every entry it writes is signed with it, so no caller can write
 * as someone else, and the store's API has no author parameter at all.
 *
 * Extension points: each part below is its own interface, so a new part joins by adding one
 * interface here and one module per store (assignments and due dates joined that way).
 */
import type { Identity } from '../identity/identity.ts';
import type { ItemKey } from './keys.ts';
import type {
  Account,
  Assignment,
  AssignmentUpdate,
  AuditEntry,
  AuditEntryInput,
  AuditQuery,
  AuditVerification,
  ConnectionRef,
  ImportedSignoff,
  NewSignoff,
  Review,
  ReviewReopening,
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
  /** Every change of one item's review, oldest first: set by people, reopened by restatements. */
  reviewHistory(connection: ConnectionRef, itemKey: ItemKey): AuditEntry[];
  /** Record reviews, all or nothing, with one signed audit entry per item naming what it replaced. */
  recordReviews(connection: ConnectionRef, updates: readonly ReviewUpdate[]): Review[];
  /** Return reviewed items to open because their figures changed, each with what changed; items already open are left alone. */
  reopenReviews(connection: ConnectionRef, reopenings: readonly ReviewReopening[]): Review[];
}

/** Sign-offs and the statements they attested. */
export interface SignoffRecords {
  /** Oldest first; with a range, only the sign-offs of exactly that range (and period, when given). */
  signoffs(connection: ConnectionRef, range?: SignoffRange): Signoff[];
  /** The statement (or, before identities, the figures) a sign-off attested; null when never kept or unreadable. */
  signedFigures(signoffId: number): string | null;
  /**
   * The audit entry the sign-off's signer signed, exactly as signed (what a workbook carries for
   * `concilia verify`); the same entry on every laptop of a team. Null when the log holds none.
   */
  signoffEntry(signoff: Signoff): AuditEntry | null;
  /**
   * Record a sign-off and its signed audit entry together. The one write that may wait: in team
   * mode the server vouches for a sign-off (who signed, the duties, the items' states) before it
   * counts, so it is never queued; the solo store answers at once.
   */
  recordSignoff(connection: ConnectionRef, signoff: NewSignoff): Promise<Signoff>;
  /** Record a reviewer sign-off made on another computer, with the reviewer's own signed entries and this account's import entry. */
  recordImportedSignoff(connection: ConnectionRef, signoff: ImportedSignoff): Signoff;
  /** Void live sign-offs, each with its reason and a signed audit entry, all or nothing. */
  voidSignoffs(connection: ConnectionRef, voids: readonly SignoffVoid[]): void;
}

/** The append-only audit log: every review change, sign-off and void, in order, signed and tamper-evident. */
export interface AuditTrail {
  /** Entries in order, filtered by connection name, date and subject. */
  auditLog(query?: AuditQuery): AuditEntry[];
  /** Check the whole chain and every signature; the first bad entry is named. */
  verifyAuditLog(): AuditVerification;
  /** Append a signed entry of any action (a connection's address changed, a workbook exported…). */
  appendAudit(entry: AuditEntryInput): AuditEntry;
}

/** The tolerance each portal connection is reconciled and signed with unless a run asks for another. */
export interface ToleranceSettings {
  savedTolerance(connection: ConnectionRef): SavedTolerance;
  /** Save it with an audit entry (old -> new), in one transaction. `currency` says how to write the amount. */
  saveTolerance(connection: ConnectionRef, tolerance: SavedTolerance, currency: string | null): void;
}

/**
 * Who prepares each connection's month, and by when. Every change is a signed audit entry (who
 * assigned, what it replaced), so an assignment is proven like a review; `verifyAuditLog` also
 * checks that every assignment kept is the one its entries say.
 */
export interface AssignmentRecords {
  /** The assignments of every connection, or of one, by connection and month. */
  assignments(connection?: ConnectionRef): Assignment[];
  /** Assign a month (assignee null: unassign it), with a signed entry naming what it replaced; the same again writes nothing. */
  assign(connection: ConnectionRef, update: AssignmentUpdate): Assignment;
}

/**
 * Who acts, and who has acted: the identity this store signs with, and every account the log
 * knows (the operating-system accounts with their keys, and the names typed before identities).
 */
export interface IdentityRegistry {
  /** The account this store writes as; every entry it appends is signed with its key. */
  readonly identity: Identity;
  accounts(): Account[];
  account(id: string): Account | null;
  /** Change the display name of this store's own account (audited: old -> new). */
  setDisplayName(name: string): Account;
}

/** The whole review layer of one workspace, as one account uses it. */
export interface ReviewStore extends ReviewRecords, SignoffRecords, AuditTrail, ToleranceSettings, AssignmentRecords, IdentityRegistry {}

/** What reconciliation, views and exports may use: reads only. Every `ReviewStore` is one. */
export type ReviewReader = Pick<
  ReviewStore,
  | 'reviews'
  | 'reviewsOfItems'
  | 'reviewHistory'
  | 'signoffs'
  | 'signedFigures'
  | 'signoffEntry'
  | 'auditLog'
  | 'verifyAuditLog'
  | 'savedTolerance'
  | 'assignments'
  | 'accounts'
  | 'account'
>;
