/**
 * The rules of a review change, the same whichever store keeps it: a known state and reason, an
 * explanation (a reason and a note) for every state that settles an item, a note of sensible
 * length, keys that name items of this connection's kind. Who makes the change is the store's
 * identity: there is no author to give. The store then writes the latest state and one signed
 * audit entry per item, all or nothing.
 */
import type { ReadableDB } from '../cache/index.ts';
import { getConnection, type Connection } from '../connections/index.ts';
import { ReviewError } from './errors.ts';
import { parseItemKey, type ItemKey } from './keys.ts';
import type { ReviewReader, ReviewStore } from './store.ts';
import {
  isSettled,
  REVIEW_REASONS,
  REVIEW_STATES,
  type AuditEntry,
  type Review,
  type ReviewUpdate,
  type ReviewValues,
  type SetReviewInput,
  type Signoff,
  type SignoffRange,
} from './types.ts';

export const MAX_NOTE = 4000;

/** Every review of a connection (by name), in key order. */
export function getReviews(deps: { db: ReadableDB; reviews: ReviewReader }, connection: string): Review[] {
  return [...deps.reviews.reviews(getConnection(deps.db, connection)).values()];
}

/** A connection's sign-offs (by name), oldest first; with a range, only those of exactly that range. */
export function listSignoffs(deps: { db: ReadableDB; reviews: ReviewReader }, connection: string, range?: SignoffRange): Signoff[] {
  return deps.reviews.signoffs(getConnection(deps.db, connection), range);
}

/** Every change of one item's review, oldest first (set by people, reopened by restatements). */
export function reviewHistory(deps: { db: ReadableDB; reviews: ReviewReader }, connection: string, itemKey: ItemKey): AuditEntry[] {
  const c = getConnection(deps.db, connection);
  checkKeyOf(c, itemKey);
  return deps.reviews.reviewHistory(c, itemKey);
}

/**
 * Set the review of one or several items: all or nothing, one audit entry per item (with the
 * state it replaced), so the history of every discrepancy can be read back.
 */
export function setReview(deps: { db: ReadableDB; reviews: ReviewStore }, input: SetReviewInput): Review[] {
  const connection = getConnection(deps.db, input.connection);
  return setReviews(deps, connection, [input]);
}

/** Several review changes of one connection (a workbook import), checked first, then recorded together or not at all. */
export function setReviews(deps: { reviews: ReviewStore }, connection: Connection, changes: readonly Omit<SetReviewInput, 'connection'>[]): Review[] {
  const updates = changes.map((change) => checkedUpdate(connection, change));
  return deps.reviews.recordReviews(connection, updates);
}

/** The reason a review's values cannot be recorded, or null when they can (the import reports it per line). */
export function explanationProblem(values: ReviewValues): 'reason_required' | 'note_required' | null {
  if (!isSettled(values.state)) return null;
  if (values.reason === null) return 'reason_required';
  if (values.note === null || values.note.trim() === '') return 'note_required';
  return null;
}

const STATE_WORDS: Record<string, string> = { explained: 'Explained', resolved: 'Resolved', carried_forward: 'Carried forward' };

function checkedUpdate(connection: Connection, input: Omit<SetReviewInput, 'connection'>): ReviewUpdate {
  if (!(REVIEW_STATES as readonly string[]).includes(input.state)) {
    throw new ReviewError(`"${String(input.state)}" is not a review state: use one of ${REVIEW_STATES.join(', ')}.`);
  }
  const reason = input.reason ?? null;
  if (reason !== null && !(REVIEW_REASONS as readonly string[]).includes(reason)) {
    throw new ReviewError(`"${String(reason)}" is not a review reason: use one of ${REVIEW_REASONS.join(', ')}.`);
  }
  const note = input.note === undefined || input.note === null || input.note.trim() === '' ? null : input.note.trim();
  if (note !== null && note.length > MAX_NOTE) throw new ReviewError(`The note is too long (${note.length} characters; at most ${MAX_NOTE}).`);
  const problem = explanationProblem({ state: input.state, reason, note });
  if (problem !== null) {
    const state = STATE_WORDS[input.state] ?? input.state;
    throw new ReviewError(
      problem === 'reason_required'
        ? `${state} needs a reason: say why (${REVIEW_REASONS.join(', ')}).`
        : `${state} needs a note that explains it: what happened, and what was done or will be.`,
    );
  }
  const keys = [...new Set(input.itemKeys)];
  if (keys.length === 0) throw new ReviewError('Say which items to review (a provider and period, a billing period id, or a key).');
  for (const key of keys) checkKeyOf(connection, key);
  return { itemKeys: keys, state: input.state, reason, note };
}

function checkKeyOf(connection: Connection, key: string): void {
  const parsed = parseItemKey(key);
  if (parsed === null) throw new ReviewError(`"${key}" is not an item key (P|provider|YYYY-MM-DD, B|id or F|check|provider|YYYY-MM-DD).`);
  if (parsed.kind === 'portal_row' && connection.kind !== 'portal') {
    throw new ReviewError(`"${key}" names a portal row, but ${connection.name} is a PAYG connection.`);
  }
  if (parsed.kind === 'billing_period' && connection.kind !== 'payg') {
    throw new ReviewError(`"${key}" names a billing period, but ${connection.name} is a portal connection.`);
  }
}
