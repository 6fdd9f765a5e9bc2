import type { CacheDatabase } from '../cache/index.ts';
import type { PlannedWindow } from './periods.ts';
import { cachedStatement } from './statements.ts';

export type WindowStatus = 'ok' | 'incomplete' | 'failed';

export interface WindowRow {
  id: number;
  status: WindowStatus;
  syncedAt: string | null;
  lastAttemptAt: string;
}

export function findWindow(db: CacheDatabase, connectionId: number, planned: PlannedWindow): WindowRow | undefined {
  return cachedStatement<[number, string, string, string], WindowRow>(
    db,
    `SELECT id, status, synced_at AS syncedAt, last_attempt_at AS lastAttemptAt FROM sync_window
       WHERE connection_id = ? AND window_start = ? AND window_end = ? AND provider_filter = ?`,
  ).get(connectionId, planned.window.start, planned.window.end, planned.providerFilter);
}

/** A stored snapshot: the window row now describes it. Returns the window id. */
export function upsertStoredWindow(
  db: CacheDatabase,
  connectionId: number,
  planned: PlannedWindow,
  fields: { status: 'ok' | 'incomplete'; at: string; error: string | null; rowCount: number; quarantined: number; syncRunId: number | null },
): number {
  const row = cachedStatement<unknown[], { id: number }>(
    db,
    `INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, provider_filter,
                                status, last_attempt_at, synced_at, error, row_count, quarantined, sync_run_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (connection_id, window_start, window_end, provider_filter) DO UPDATE SET
         period_kind = excluded.period_kind, period_start = excluded.period_start, period_end = excluded.period_end,
         status = excluded.status, last_attempt_at = excluded.last_attempt_at, synced_at = excluded.synced_at,
         error = excluded.error, row_count = excluded.row_count, quarantined = excluded.quarantined, sync_run_id = excluded.sync_run_id
       RETURNING id`,
  ).get(
    connectionId,
    planned.period.kind,
    planned.period.start,
    planned.period.end,
    planned.window.start,
    planned.window.end,
    planned.providerFilter,
    fields.status,
    fields.at,
    fields.at,
    fields.error,
    fields.rowCount,
    fields.quarantined,
    fields.syncRunId,
  );
  if (!row) throw new Error('The sync window could not be recorded.');
  return row.id;
}

/**
 * A failed attempt: the window says so, but keeps its last good snapshot (rows and synced_at), so
 * a failed refresh never erases figures that were fine.
 */
export function markWindowFailed(db: CacheDatabase, connectionId: number, planned: PlannedWindow, at: string, error: string, syncRunId: number | null): void {
  cachedStatement(
    db,
    `INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, provider_filter,
                              status, last_attempt_at, synced_at, error, row_count, quarantined, sync_run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'failed', ?, NULL, ?, 0, 0, ?)
     ON CONFLICT (connection_id, window_start, window_end, provider_filter) DO UPDATE SET
       status = 'failed', last_attempt_at = excluded.last_attempt_at, error = excluded.error, sync_run_id = excluded.sync_run_id`,
  ).run(connectionId, planned.period.kind, planned.period.start, planned.period.end, planned.window.start, planned.window.end, planned.providerFilter, at, error, syncRunId);
}
