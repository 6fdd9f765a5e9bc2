/**
 * Review, sign-off and audit types: the shared contract between reconcile, review, export and UI.
 * Adding fields is fine; renaming or removing one breaks the export and the UI.
 */
import type { ItemKey } from './keys.ts';
import type { Attested, FigureChange, ItemLabel, ReviewValues, VoidReason } from './schemas.ts';

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

/** The latest review of one item, and a sign-off: declared once, as zod schemas (schemas.ts). */
export type { Review, Signoff } from './schemas.ts';

/** What a review says of an item, how a restatement reopened it, and one figure it changed (schemas.ts). */
export type { FigureChange, Reopening, ReviewValues } from './schemas.ts';

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

/**
 * How many items of each kind are in each state, what a sign-off attested, what people call an
 * item, a restated figure named for people, and why a sign-off was voided: zod schemas (schemas.ts).
 */
export type { Attested, ItemFigureChange, ItemLabel, ReviewTally, VoidReason } from './schemas.ts';

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
  | 'assignment.set'
  | (string & {});

/** The action of the entry a reviewer signs on another computer (core/signoff/countersignature.ts); the review layer finds it as a sign-off's signed entry. */
export const COUNTERSIGN_ACTION = 'signoff.countersign';

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

export const AUDIT_PROBLEMS = ['missing', 'chain', 'entry', 'signature', 'unknown_key', 'unsigned', 'head', 'assignment'] as const;
/**
 * What is wrong with the first bad entry: missing (a gap in the numbering), chain (does not link
 * to the entry before), entry (its contents no longer match its hash: tampered), signature (does
 * not match the entry: tampered), unknown_key (signed by a key the log never registered for that
 * account), unsigned (made after identities but carries no signature), head (entries removed
 * from the end), assignment (an assignment as kept is not what its signed entry says: changed
 * outside Concilia).
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

/** An item a sign-off covers (an out-of-tolerance discrepancy, a finding, an exception) and the state its signer saw. */
export interface SignedItem {
  key: ItemKey;
  state: ReviewState;
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
  /** The items the range holds for review, with their states: a team server checks them against its own. */
  items: readonly SignedItem[];
}

/**
 * An audit entry signed elsewhere, by the account it names: a reviewer's countersignature made on
 * another computer (core/signoff/countersignature.ts). The store places it in the chain as it is.
 */
export interface PresignedEntry {
  at: string;
  actor: string;
  action: AuditAction;
  connectionName: string | null;
  subject: string | null;
  /** Canonical JSON, exactly as signed. */
  payloadJson: string;
  keyFingerprint: string;
  signature: string;
}

/**
 * A reviewer sign-off made away from this cache, checked by the sign-off rules: recorded with the
 * reviewer's own signed entries (and the registration of their key when the cache does not know
 * it), and one entry of this store's account saying it imported them.
 */
export interface ImportedSignoff {
  from: string;
  to: string;
  period: SignoffPeriodKind;
  statementText: string;
  dataHash: string;
  figuresHash: string;
  attested: Attested;
  reviewer: { accountId: string; displayName: string; publicKey: string; fingerprint: string };
  /** Present when the cache does not know the reviewer's key yet. */
  registration: PresignedEntry | null;
  countersign: PresignedEntry;
  /** What the importing account's own entry adds (the file's sha256, the preparer's sign-off). */
  imported: Record<string, string | number>;
}

/** Who prepares a connection's month, and by when; nobody (null) once unassigned. */
export interface Assignment {
  connection: string;
  /** YYYY-MM. */
  month: string;
  /** Who is assigned: in team mode the member's database role. */
  assignee: string | null;
  /** The assignee's display name when the store knows it (a team member who joined). */
  assigneeName: string | null;
  /** YYYY-MM-DD. */
  dueDate: string | null;
}

/** Assigning a connection's month (or unassigning it: assignee null, no due date). */
export interface AssignmentUpdate {
  /** YYYY-MM. */
  month: string;
  assignee: string | null;
  dueDate: string | null;
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
