/**
 * After new data is stored: the reviews whose figures it changed return to open, each with what
 * changed (review/reopen.ts), through the review store, so they are signed and audited like any
 * other review change.
 */
import type { CacheDatabase } from '../cache/index.ts';
import type { Connection } from '../connections/index.ts';
import { itemLabeller } from '../review/labels.ts';
import { reopenRestatedReviews, type RestatedFigure } from '../review/reopen.ts';
import type { ReviewStore } from '../review/store.ts';

const RESTATED_BY_RUN = `SELECT entity_key AS itemKey, field, old_value AS "from", new_value AS "to" FROM restatement
  WHERE connection_id = ? AND sync_run_id = ? AND entity IN ('portal_row', 'billing_period') ORDER BY id`;
const RESTATED_ITEM_AT = `SELECT entity_key AS itemKey, field, old_value AS "from", new_value AS "to" FROM restatement
  WHERE connection_id = ? AND entity_key = ? AND detected_at = ? ORDER BY id`;

/** Reopen the reviewed items whose figures a sync run restated; returns how many were reopened. */
export function reopenRestatedByRun(db: CacheDatabase, reviews: ReviewStore, connection: Connection, syncRunId: number): number {
  const restated = db.prepare<[number, number], RestatedFigure>(RESTATED_BY_RUN).all(connection.id, syncRunId);
  return reopenRestatedReviews(reviews, connection, restated, itemLabeller(db, connection)).length;
}

/** The same after one item was refreshed on its own (no sync run), by the instant its restatements were recorded. */
export function reopenRestatedItem(db: CacheDatabase, reviews: ReviewStore, connection: Connection, itemKey: string, detectedAt: string): number {
  const restated = db.prepare<[number, string, string], RestatedFigure>(RESTATED_ITEM_AT).all(connection.id, itemKey, detectedAt);
  return reopenRestatedReviews(reviews, connection, restated, itemLabeller(db, connection)).length;
}
