/**
 * Review, sign-off and audit types: the shared contract between reconcile, review, export and UI.
 * Adding fields is fine; renaming or removing one breaks the export and the UI.
 */
import type { ItemKey } from './keys.ts';
import type { Review } from './schemas.ts';

export const REVIEW_STATES = ['open', 'explained', 'resolved'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_REASONS = ['timing', 'pricing', 'rejected_work', 'duplicate', 'upstream_error', 'other'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** The latest review of one item, and a sign-off: declared once, as zod schemas (schemas.ts). */
export type { Review, Signoff } from './schemas.ts';

/** What a review says of an item: its state, why, and a note. */
export type ReviewValues = Pick<Review, 'state' | 'reason' | 'note'>;

export interface SetReviewInput {
  /** Connection name. */
  connection: string;
  /** One key, or several for a bulk change (one transaction, one audit entry per item). */
  itemKeys: ItemKey[];
  state: ReviewState;
  reason?: ReviewReason | null;
  note?: string | null;
  author: string;
}

/** The actor named in the audit log for what Concilia does by itself (voiding a stale sign-off). */
export const SYSTEM_ACTOR = 'concilia';

export const SIGNOFF_ROLES = ['preparer', 'reviewer'] as const;
export type SignoffRole = (typeof SIGNOFF_ROLES)[number];

export type SignoffPeriodKind = 'month' | 'week' | 'range';

export interface SignOffInput {
  connection: string;
  from: string;
  to: string;
  period: SignoffPeriodKind;
  role: SignoffRole;
  author: string;
}

/** A value JSON can hold: what an audit entry's payload is once read back. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type AuditAction = 'review.set' | 'signoff.sign' | 'signoff.void' | (string & {});

export interface AuditEntryInput {
  actor: string;
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
  actor: string;
  action: AuditAction;
  connectionId: number | null;
  /** Connection name when the connection still exists. */
  connection: string | null;
  subject: string | null;
  payload: JsonValue;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  connection?: string;
  /** Inclusive bounds on the entry's date (YYYY-MM-DD) or instant. */
  from?: string;
  to?: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
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

/**
 * Who did something. Today the name the person typed; with real identities (the operating-system
 * account, a display name and an Ed25519 signing key) this grows fields, and each store records
 * them, without callers changing shape.
 */
export interface Actor {
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

/** An item a sign-off covers (an out-of-tolerance discrepancy, a finding, an exception) and the state its signer saw. */
export interface SignedItem {
  key: ItemKey;
  state: ReviewState;
}

/** A sign-off to record: the range, the role, and the exact figures it attests. */
export interface NewSignoff {
  from: string;
  to: string;
  period: SignoffPeriodKind;
  role: SignoffRole;
  /** The canonical figures text whose sha256 is `dataHash`; kept so a void can say what changed. */
  figuresText: string;
  dataHash: string;
  /** The items the range holds for review, with their states: a team server checks them against its own. */
  items: readonly SignedItem[];
}

/** Voiding one live sign-off: why (in words), and the hash of the figures that replaced it. */
export interface SignoffVoid {
  signoffId: number;
  reason: string;
  newHash: string;
}
