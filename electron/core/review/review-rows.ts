/**
 * The SQLite store's review rows: the latest state of each item in `review`, each change with an
 * audit entry naming what it replaced, in one transaction.
 */
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { appendAudit } from './audit.ts';
import type { ItemKey } from './keys.ts';
import type { Actor, ConnectionRef, Review, ReviewReason, ReviewState, ReviewUpdate } from './types.ts';

interface ReviewRow {
  item_key: string;
  state: ReviewState;
  reason: ReviewReason | null;
  note: string | null;
  author: string;
  updated_at: string;
}

const COLUMNS = 'item_key, state, reason, note, author, updated_at';

function toReview(row: ReviewRow): Review {
  return { itemKey: row.item_key, state: row.state, reason: row.reason, note: row.note, author: row.author, updatedAt: row.updated_at };
}

/** Every review of a connection, in key order. */
export function reviewsOf(db: ReadableDB, connection: ConnectionRef): Map<ItemKey, Review> {
  const rows = db.prepare<[number], ReviewRow>(`SELECT ${COLUMNS} FROM review WHERE connection_id = ? ORDER BY item_key`).all(connection.id);
  return new Map(rows.map((row) => [row.item_key, toReview(row)]));
}

/** The reviews of some items of a connection, by item key (each looked up by the primary key). */
export function reviewsOfItems(db: ReadableDB, connection: ConnectionRef, keys: Iterable<ItemKey>): Map<ItemKey, Review> {
  const statement = db.prepare<[number, string], ReviewRow>(`SELECT ${COLUMNS} FROM review WHERE connection_id = ? AND item_key = ?`);
  const out = new Map<ItemKey, Review>();
  for (const key of new Set(keys)) {
    const row = statement.get(connection.id, key);
    if (row) out.set(key, toReview(row));
  }
  return out;
}

export function recordReviews(db: WritableDB, clock: Clock, connection: ConnectionRef, updates: readonly ReviewUpdate[], actor: Actor): Review[] {
  const at = isoInstant(clock());
  const previous = db.prepare<[number, string], ReviewRow>(`SELECT ${COLUMNS} FROM review WHERE connection_id = ? AND item_key = ?`);
  const upsert = db.prepare(
    `INSERT INTO review (connection_id, item_key, state, reason, note, author, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(connection_id, item_key) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note,
       author = excluded.author, updated_at = excluded.updated_at`,
  );
  return db.transaction(() => {
    const out: Review[] = [];
    for (const { itemKeys, state, reason, note } of updates) for (const key of itemKeys) {
      const before = previous.get(connection.id, key);
      upsert.run(connection.id, key, state, reason, note, actor.name, at);
      appendAudit(db, () => Date.parse(at), {
        actor: actor.name,
        action: 'review.set',
        connectionId: connection.id,
        subject: key,
        payload: {
          itemKey: key,
          state,
          reason,
          note,
          previous: before ? { state: before.state, reason: before.reason, note: before.note, author: before.author } : null,
        },
      });
      out.push({ itemKey: key, state, reason, note, author: actor.name, updatedAt: at });
    }
    return out;
  }).immediate();
}
