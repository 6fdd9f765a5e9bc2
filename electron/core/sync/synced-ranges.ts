/** What has been synced for a range, before anything is reconciled over it. */
import type { ReadableDB } from '../cache/index.ts';

/** The period kinds (month, week, range) of the windows synced inside a range, in name order. */
export function syncedPeriodKinds(db: ReadableDB, connectionId: number, from: string, to: string): string[] {
  return db
    .prepare<[number, string, string], { period_kind: string }>(
      'SELECT DISTINCT period_kind FROM sync_window WHERE connection_id = ? AND period_start >= ? AND period_end <= ? ORDER BY period_kind',
    )
    .all(connectionId, from, to)
    .map((r) => r.period_kind);
}

/** How many synced windows touch a range. */
export function windowsOverlapping(db: ReadableDB, connectionId: number, from: string, to: string): number {
  return (
    db
      .prepare<[number, string, string], { n: number }>('SELECT count(*) AS n FROM sync_window WHERE connection_id = ? AND window_start <= ? AND window_end >= ?')
      .get(connectionId, to, from)?.n ?? 0
  );
}
