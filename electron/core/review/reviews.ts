/**
 * Review state of discrepancies and findings: the latest in `review`, every change in the audit log.
 */
import type { CacheDatabase } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { findConnection, ReconcileError } from '../reconcile/connection.ts';
import { appendAudit } from './audit.ts';
import { parseItemKey, type ItemKey } from './keys.ts';
import { REVIEW_REASONS, REVIEW_STATES, type Review, type ReviewReason, type ReviewState, type SetReviewInput } from './types.ts';

interface ReviewRow {
  item_key: string;
  state: ReviewState;
  reason: ReviewReason | null;
  note: string | null;
  author: string;
  updated_at: string;
}

const MAX_NOTE = 4000;

function toReview(row: ReviewRow): Review {
  return { itemKey: row.item_key, state: row.state, reason: row.reason, note: row.note, author: row.author, updatedAt: row.updated_at };
}

/** Every review of a connection, by key order. */
export function getReviews(db: CacheDatabase, connection: string): Review[] {
  const { id } = findConnection(db, connection);
  return reviewRows(db, id).map(toReview);
}

/** Reviews of a connection by item key, for the reconciliation to attach to its rows. */
export function reviewMap(db: CacheDatabase, connectionId: number): Map<ItemKey, Review> {
  return new Map(reviewRows(db, connectionId).map((row) => [row.item_key, toReview(row)]));
}

function reviewRows(db: CacheDatabase, connectionId: number): ReviewRow[] {
  return db
    .prepare<[number], ReviewRow>('SELECT item_key, state, reason, note, author, updated_at FROM review WHERE connection_id = ? ORDER BY item_key')
    .all(connectionId);
}

/**
 * Set the review of one or several items: all or nothing, one transaction, one audit entry per
 * item (with the state it replaced), so the history of every discrepancy can be read back.
 */
export function setReview(db: CacheDatabase, clock: Clock, input: SetReviewInput): Review[] {
  const connection = findConnection(db, input.connection);
  const author = input.author.trim();
  if (author === '') throw new ReconcileError('A review needs an author: say who is making it (--author NAME).');
  if (!(REVIEW_STATES as readonly string[]).includes(input.state)) {
    throw new ReconcileError(`"${String(input.state)}" is not a review state: use one of ${REVIEW_STATES.join(', ')}.`);
  }
  const reason = input.reason ?? null;
  if (reason !== null && !(REVIEW_REASONS as readonly string[]).includes(reason)) {
    throw new ReconcileError(`"${String(reason)}" is not a review reason: use one of ${REVIEW_REASONS.join(', ')}.`);
  }
  const note = input.note === undefined || input.note === null || input.note.trim() === '' ? null : input.note.trim();
  if (note !== null && note.length > MAX_NOTE) throw new ReconcileError(`The note is too long (${note.length} characters; at most ${MAX_NOTE}).`);
  const keys = [...new Set(input.itemKeys)];
  if (keys.length === 0) throw new ReconcileError('Say which items to review (a provider and period, a billing period id, or a key).');
  for (const key of keys) {
    const parsed = parseItemKey(key);
    if (parsed === null) throw new ReconcileError(`"${key}" is not an item key (P|provider|YYYY-MM-DD, B|id or F|check|provider|YYYY-MM-DD).`);
    if (parsed.kind === 'portal_row' && connection.kind !== 'portal') {
      throw new ReconcileError(`"${key}" names a portal row, but ${connection.name} is a PAYG connection.`);
    }
    if (parsed.kind === 'billing_period' && connection.kind !== 'payg') {
      throw new ReconcileError(`"${key}" names a billing period, but ${connection.name} is a portal connection.`);
    }
  }
  const at = isoInstant(clock());
  const previous = db.prepare<[number, string], ReviewRow>(
    'SELECT item_key, state, reason, note, author, updated_at FROM review WHERE connection_id = ? AND item_key = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO review (connection_id, item_key, state, reason, note, author, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(connection_id, item_key) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note,
       author = excluded.author, updated_at = excluded.updated_at`,
  );
  return db.transaction(() => {
    const out: Review[] = [];
    for (const key of keys) {
      const before = previous.get(connection.id, key);
      upsert.run(connection.id, key, input.state, reason, note, author, at);
      appendAudit(db, () => Date.parse(at), {
        actor: author,
        action: 'review.set',
        connectionId: connection.id,
        subject: key,
        payload: {
          itemKey: key,
          state: input.state,
          reason,
          note,
          previous: before ? { state: before.state, reason: before.reason, note: before.note, author: before.author } : null,
        },
      });
      out.push({ itemKey: key, state: input.state, reason, note, author, updatedAt: at });
    }
    return out;
  }).immediate();
}
