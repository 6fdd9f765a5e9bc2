/**
 * Review, sign-off and audit types: the shared contract between reconcile, review, export and UI.
 * Adding fields is fine; renaming or removing one breaks the export and the UI.
 */
import type { ItemKey } from './keys.ts';

export const REVIEW_STATES = ['open', 'explained', 'resolved', 'carried_forward'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * The states that settle an item for a sign-off. Each needs a reason (not none) and a note, in the
 * app, the command line, bulk review and workbook import alike. Carried forward settles it for
 * this period only: the item reappears among the next period's open items.
 */
export const SETTLED_STATES = ['explained', 'resolved', 'carried_forward'] as const satisfies readonly ReviewState[];
export type SettledState = (typeof SETTLED_STATES)[number];

export function isSettled(state: ReviewState): state is SettledState {
  return state !== 'open';
}

export const REVIEW_REASONS = ['timing', 'pricing', 'rejected_work', 'duplicate', 'upstream_error', 'other'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** What a review says of an item: its state, why, and a note. */
export interface ReviewValues {
  state: ReviewState;
  reason: ReviewReason | null;
  note: string | null;
}

/** One figure of an item that a restatement changed: old and new as exact decimal text (or counts, statuses, dates). */
export interface FigureChange {
  /** The figure, as the figures name it: providerReported, invoiced, paid, amount, status… */
  field: string;
  from: string | null;
  to: string | null;
}

/** How a reviewed item was returned to open: its figures changed upstream. */
export interface Reopening {
  /** ISO-8601 UTC instant. */
  at: string;
  changes: FigureChange[];
  /** The review it had before. */
  previous: ReviewValues;
}

/** The latest review of one item (the history lives in the audit log). */
export interface Review extends ReviewValues {
  itemKey: ItemKey;
  /** The reviewer's display name when the review was made. */
  author: string;
  /** The account that made it ('unverified:<name>' for a name typed before identities). */
  accountId: string;
  /** ISO-8601 UTC instant. */
  updatedAt: string;
  /** Set while the item is open again because its figures changed after it was reviewed. */
  reopened: Reopening | null;
}

export interface SetReviewInput {
  /** Connection name. */
  connection: string;
  /** One key, or several for a bulk change (one transaction, one audit entry per item). */
  itemKeys: ItemKey[];
  state: ReviewState;
  reason?: ReviewReason | null;
  note?: string | null;
}

export const SIGNOFF_ROLES = ['preparer', 'reviewer'] as const;
export type SignoffRole = (typeof SIGNOFF_ROLES)[number];

export type SignoffPeriodKind = 'month' | 'week' | 'range';

export interface SignOffInput {
  connection: string;
  from: string;
  to: string;
  period: SignoffPeriodKind;
  role: SignoffRole;
}

/** What needs a review before a sign-off: out-of-tolerance discrepancies, findings, PAYG exceptions. */
export const REVIEW_ITEM_KINDS = ['discrepancies', 'findings', 'exceptions'] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

/** How many items of each kind are in each state. */
export type ReviewTally = Record<ReviewItemKind, Record<ReviewState, number>>;

/** What a sign-off attested besides its hash: the tolerance it was reconciled with and the items it covered. */
export interface Attested {
  /** Portal: the saved tolerance (amount as decimal text in the currency, percent); PAYG: null. */
  tolerance: { abs: string; pct: string; currency: string } | null;
  /** PAYG: the saved exception thresholds (days); portal: null. */
  thresholds: { outstandingDays: number; draftDays: number; stuckDays: number } | null;
  /** Items that needed a review, by kind and state (none open: a preparer sign-off is refused otherwise). */
  tally: ReviewTally;
}

/** A restated figure named for people: the item (with its provider or loan and period) and old -> new. */
export interface ItemFigureChange extends FigureChange {
  item: ItemLabel;
}

/** What people call an item: its key for machines, a name and a period for people. */
export interface ItemLabel {
  key: ItemKey;
  /** The provider's or loan's name, when known. */
  name: string | null;
  periodStart: string | null;
  periodKind: SignoffPeriodKind | null;
  /** The currency of an amount field, when it is one. */
  currency: string | null;
}

/** Why a sign-off was voided, as data: the faces say it in the reader's language. */
export type VoidReason =
  | { kind: 'figures_changed'; role: SignoffRole; author: string; changes: ItemFigureChange[]; more: number }
  | { kind: 'replaced'; role: SignoffRole; author: string }
  /** Written before 0004, in English. */
  | { kind: 'text'; text: string };

export interface Signoff {
  id: number;
  connection: string;
  from: string;
  to: string;
  period: SignoffPeriodKind;
  role: SignoffRole;
  /** The account's display name. */
  author: string;
  accountId: string;
  /** Signed with a registered key of a real account (false for names typed before identities). */
  signed: boolean;
  /** ISO-8601 UTC instant. */
  signedAt: string;
  /** sha256 (hex) of the signed statement: figures, tolerance and review states (statement.ts). */
  dataHash: string;
  /** sha256 (hex) of the figures alone: a restatement changes it and voids the sign-off. */
  figuresHash: string;
  /** Tolerance and counts (null for sign-offs made before identities). */
  attested: Attested | null;
  status: 'live' | 'voided';
  voidedAt: string | null;
  /** Why it was voided, in English (the faces render `voidDetail` in the reader's language). */
  voidReason: string | null;
  voidDetail: VoidReason | null;
}

/** A value JSON can hold: what an audit entry's payload is once read back. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type AuditAction =
  | 'review.set'
  | 'review.reopen'
  | 'signoff.sign'
  | 'signoff.void'
  | 'tolerance.set'
  | 'identity.register'
  | 'identity.rename'
  | 'connection.set_url'
  | (string & {});

export interface AuditEntryInput {
  action: AuditAction;
  connectionId?: number | null;
  /** What the entry is about: an item key, or "signoff:<id>". */
  subject?: string | null;
  /** Any JSON value; stored as canonical JSON. */
  payload: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  /** The account id (a typed name for entries made before identities). */
  actor: string;
  /** The account's display name now. */
  actorName: string;
  /** The entry was signed by a key of a real account (its validity is what verify checks). */
  signed: boolean;
  action: AuditAction;
  connectionId: number | null;
  /** Connection name when known. */
  connection: string | null;
  subject: string | null;
  payload: JsonValue;
  prevHash: string;
  hash: string;
  keyFingerprint: string | null;
  signature: string | null;
}

export interface AuditQuery {
  connection?: string;
  /** Inclusive bounds on the entry's date (YYYY-MM-DD) or instant. */
  from?: string;
  to?: string;
  /** Only the entries about this item key or subject. */
  subject?: string;
}

export const AUDIT_PROBLEMS = ['missing', 'chain', 'entry', 'signature', 'unknown_key', 'unsigned', 'head'] as const;
/**
 * What is wrong with the first bad entry: missing (a gap in the numbering), chain (does not link
 * to the entry before), entry (its contents no longer match its hash: tampered), signature (does
 * not match the entry: tampered), unknown_key (signed by a key the log never registered for that
 * account), unsigned (made after identities but carries no signature), head (entries removed
 * from the end).
 */
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** Entries with a signature, all checked. */
  signed: number;
  firstBadSeq?: number;
  problem?: AuditProblem;
  /** In English; the faces say it from `problem` in the reader's language. */
  message: string;
}

export interface SignoffRange {
  from: string;
  to: string;
  period?: SignoffPeriodKind;
}

// ---- what the review store is given ---------------------------------------------------------

/**
 * A connection as the review store names it: the local cache's id, and the name people use. The
 * solo store keys its rows by id; a shared store (PostgreSQL, team mode) keys them by name, since
 * each laptop numbers its connections on its own.
 */
export interface ConnectionRef {
  id: number;
  name: string;
}

/** A connection's saved tolerance: |difference| at or under `absMinor`, or at or under `pct` % of |invoiced|. */
export interface SavedTolerance {
  /** Minor units of the connection's currency. */
  absMinor: number;
  /** Exact decimal percent, e.g. "0.5". */
  pct: string;
}

/** The same review given to several items at once (already checked by the review rules). */
export interface ReviewUpdate extends ReviewValues {
  itemKeys: readonly ItemKey[];
}

/** Returning a reviewed item to open because its figures changed. */
export interface ReviewReopening {
  item: ItemLabel;
  changes: FigureChange[];
}

/** A sign-off to record: the range, the role, the statement it attests and what it attested. */
export interface NewSignoff {
  from: string;
  to: string;
  period: SignoffPeriodKind;
  role: SignoffRole;
  /** The canonical statement whose sha256 is `dataHash` (statement.ts); kept so a void can say what changed. */
  statementText: string;
  dataHash: string;
  figuresHash: string;
  attested: Attested;
}

/** Voiding one live sign-off: why, and the hash of the figures that replaced it. */
export interface SignoffVoid {
  signoffId: number;
  reason: VoidReason;
  newFiguresHash: string;
}

/** An account as the log knows it. */
export interface Account {
  id: string;
  displayName: string;
  /** false: a name typed before identities existed ("unverified (before identities)"). */
  verified: boolean;
  firstSeen: string;
  /** The fingerprints of the keys it signed with. */
  keys: { fingerprint: string; firstSeen: string }[];
}

/** The actor named for what Concilia did by itself before identities (voiding a stale sign-off). */
export const SYSTEM_ACTOR = 'concilia';
