/**
 * The SQLite store's review rows: the latest state of each item in `review`, each change with a
 * signed audit entry naming what it replaced, in one transaction.
 */
import type { ReadableDB, WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { appendSigned, displayNameOf, listAuditLog, registerIdentity } from './audit.ts';
import type { ItemKey } from './keys.ts';
import type { AuditEntry, ConnectionRef, Reopening, Review, ReviewReason, ReviewReopening, ReviewState, ReviewUpdate, ReviewValues } from './types.ts';

interface ReviewRow {
  item_key: string;
  state: ReviewState;
  reason: ReviewReason | null;
  note: string | null;
  author: string;
  account_id: string;
  updated_at: string;
  reopened_json: string | null;
}

const COLUMNS = 'item_key, state, reason, note, author, account_id, updated_at, reopened_json';

function toReview(row: ReviewRow): Review {
  return {
    itemKey: row.item_key,
    state: row.state,
    reason: row.reason,
    note: row.note,
    author: row.author,
    accountId: row.account_id,
    updatedAt: row.updated_at,
    reopened: parseReopening(row.reopened_json),
  };
}

function parseReopening(text: string | null): Reopening | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Reopening;
  } catch {
    return null;
  }
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

/** The audit entries of one item's review, oldest first. */
export function reviewHistoryOf(db: ReadableDB, connection: ConnectionRef, itemKey: ItemKey): AuditEntry[] {
  return listAuditLog(db, { connection: connection.name, subject: itemKey }).filter((e) => e.action === 'review.set' || e.action === 'review.reopen');
}

function valuesOf(row: ReviewRow): ReviewValues & { author: string } {
  return { state: row.state, reason: row.reason, note: row.note, author: row.author };
}

export function recordReviews(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, updates: readonly ReviewUpdate[]): Review[] {
  const previous = db.prepare<[number, string], ReviewRow>(`SELECT ${COLUMNS} FROM review WHERE connection_id = ? AND item_key = ?`);
  const upsert = db.prepare(
    `INSERT INTO review (connection_id, item_key, state, reason, note, author, account_id, updated_at, reopened_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT(connection_id, item_key) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note,
       author = excluded.author, account_id = excluded.account_id, updated_at = excluded.updated_at, reopened_json = NULL`,
  );
  return db.transaction(() => {
    registerIdentity(db, clock, identity);
    const at = isoInstant(clock());
    const stamp = (): number => Date.parse(at);
    const author = displayNameOf(db, identity.accountId);
    const out: Review[] = [];
    for (const { itemKeys, state, reason, note } of updates) for (const key of itemKeys) {
      const before = previous.get(connection.id, key);
      upsert.run(connection.id, key, state, reason, note, author, identity.accountId, at);
      appendSigned(db, stamp, identity, {
        action: 'review.set',
        connectionId: connection.id,
        subject: key,
        payload: { itemKey: key, state, reason, note, previous: before ? valuesOf(before) : null },
      });
      out.push({ itemKey: key, state, reason, note, author, accountId: identity.accountId, updatedAt: at, reopened: null });
    }
    return out;
  }).immediate();
}

export function reopenReviews(db: WritableDB, clock: Clock, identity: Identity, connection: ConnectionRef, reopenings: readonly ReviewReopening[]): Review[] {
  const current = db.prepare<[number, string], ReviewRow>(`SELECT ${COLUMNS} FROM review WHERE connection_id = ? AND item_key = ?`);
  const reopen = db.prepare(`UPDATE review SET state = 'open', reason = NULL, note = NULL, reopened_json = ?, updated_at = ? WHERE connection_id = ? AND item_key = ?`);
  return db.transaction(() => {
    const out: Review[] = [];
    const at = isoInstant(clock());
    for (const { item, changes } of reopenings) {
      const before = current.get(connection.id, item.key);
      if (!before || before.state === 'open') continue;
      if (out.length === 0) registerIdentity(db, clock, identity);
      const reopening: Reopening = { at, changes, previous: { state: before.state, reason: before.reason, note: before.note } };
      reopen.run(JSON.stringify(reopening), at, connection.id, item.key);
      appendSigned(db, () => Date.parse(at), identity, {
        action: 'review.reopen',
        connectionId: connection.id,
        subject: item.key,
        payload: { itemKey: item.key, item, changes, previous: valuesOf(before) },
      });
      out.push({ ...toReview(before), state: 'open', reason: null, note: null, updatedAt: at, reopened: reopening });
    }
    return out;
  }).immediate();
}
