/**
 * The portal's figures as SQL: the sync windows of a range, and one row per provider and period
 * with the windows of a period merged. Shared by the reconciliation and by the figures a
 * sign-off covers, so both read the very same numbers.
 *
 * A period made of several windows merges them: provider chunks of the same dates are a union
 * (a provider counted once, from the latest snapshot; a tie goes to the window synced first),
 * windows of different dates within the period (a range over 93 days) add up. The merged row
 * takes its provider name from the last window that holds it.
 */
import { compareIds } from './params.ts';
import type { TempTables } from './temp-tables.ts';

/** The parameters every range query takes. */
export interface RangeQuery {
  c: number;
  kind: string;
  from: string;
  to: string;
}

export const WINDOWS_SQL = `SELECT id, period_start, period_end, window_start, window_end, provider_filter, status, error, synced_at
  FROM sync_window WHERE connection_id = @c AND period_kind = @kind AND period_start >= @from AND period_end <= @to
  ORDER BY period_start, window_start, provider_filter`;

/** Windows of the range (`range`), or of every period before it (`before`: open items carried forward). */
const WINDOWS_OF = {
  range: 'period_start >= @from AND period_end <= @to',
  before: 'period_start < @from',
} as const;

/**
 * One row per provider and period of the windows asked: provider_id, period_start, period_end,
 * provider_name, the counts and the amounts in minor units (summed over a period's windows), and
 * the id of the window the row (or its last part) came from.
 */
export function mergedRowsSql(windows: keyof typeof WINDOWS_OF): string {
  return `WITH win AS (
      SELECT id, period_start, period_end, window_start, window_end, COALESCE(synced_at, '') AS synced,
        COUNT(*) OVER (PARTITION BY period_start) AS windows
      FROM sync_window WHERE connection_id = @c AND period_kind = @kind AND ${WINDOWS_OF[windows]}),
    part AS (
      SELECT w.id AS window_id, w.period_start, w.period_end, r.provider_id, r.provider_name, r.task_count, r.invoiced_minor,
        r.provider_minor, r.paid_minor, r.pending_minor, r.approved_count, r.rejected_count, r.review_count,
        ROW_NUMBER() OVER (PARTITION BY r.provider_id, w.period_start, w.window_start, w.window_end ORDER BY w.synced DESC, w.id) AS latest
      FROM win w JOIN portal_row r ON r.window_id = w.id
      WHERE w.windows > 1)
    SELECT r.provider_id, w.period_start, w.period_end, r.provider_name, r.task_count, r.invoiced_minor, r.provider_minor,
      r.paid_minor, r.pending_minor, r.approved_count, r.rejected_count, r.review_count, w.id AS window_id
    FROM win w JOIN portal_row r ON r.window_id = w.id WHERE w.windows = 1
    UNION ALL
    SELECT provider_id, period_start, period_end, provider_name, SUM(task_count), SUM(invoiced_minor), SUM(provider_minor),
      SUM(paid_minor), SUM(pending_minor), SUM(approved_count), SUM(rejected_count), SUM(review_count), max(window_id)
    FROM part WHERE latest = 1 GROUP BY provider_id, period_start`;
}

/** MERGED_ROWS_SQL's columns, in order (read with .raw()). */
export type MergedRow = [
  providerId: string,
  periodStart: string,
  periodEnd: string,
  providerName: string,
  taskCount: number,
  invoiced: number,
  provider: number,
  paid: number,
  pending: number,
  approved: number,
  rejected: number,
  review: number,
  windowId: number,
];

/**
 * The providers of a range (and of the periods before it) in a temporary table
 * `name(id, rank, key_rank)`: `rank` in compareIds order (numeric ids by value, the rest by code
 * unit), the ranking's tie-break; `key_rank` in the order of their item keys as text
 * ("P|<id>|…"), the open items'. Worked out here rather than by an SQL collation because SQLite
 * compares UTF-8 bytes and JavaScript UTF-16 code units.
 */
export function rankProviders(temp: TempTables, q: RangeQuery): string {
  const ids = temp.db
    .prepare<RangeQuery, string>('SELECT DISTINCT provider_id FROM portal_row WHERE connection_id = @c AND period_start <= @to')
    .pluck()
    .all(q);
  const keyOrder = new Map(
    ids
      .map((id) => `${id}|`)
      .sort()
      .map((key, i) => [key.slice(0, -1), i]),
  );
  ids.sort(compareIds);
  const table = temp.create('provider_rank', 'id TEXT PRIMARY KEY, rank INTEGER NOT NULL, key_rank INTEGER NOT NULL', 'WITHOUT ROWID');
  const insert = temp.db.prepare<[string, number, number]>(`INSERT INTO ${table} VALUES (?, ?, ?)`);
  temp.db.transaction(() => ids.forEach((id, rank) => insert.run(id, rank, keyOrder.get(id) ?? 0)))();
  return table;
}
