/**
 * A big portal reconciliation straight into the harness's cache, the way sync leaves it: months of
 * windows, one report row per provider and month, grand totals that agree. Set-based inserts in one
 * transaction, so 100,000 rows take about a second.
 */
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';

export interface LargeSeed {
  connection: string;
  from: string;
  to: string;
  rows: number;
}

export function seedLargePortal(db: CacheDatabase, options: { months: number; providers: number; name?: string }): LargeSeed {
  const name = options.name ?? 'big-portal';
  const at = '2026-01-15T00:00:00.000Z';
  const months: { start: string; end: string }[] = [];
  for (let i = 0; i < options.months; i++) {
    const start = new Date(Date.UTC(2024, i, 1));
    const end = new Date(Date.UTC(2024, i + 1, 0));
    months.push({ start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) });
  }
  db.transaction(() => {
    const connectionId = Number(
      db
        .prepare(
          `INSERT INTO connection (name, kind, base_url, tenant, currency, tolerance_abs_minor, tolerance_pct, created_at)
           VALUES (?, 'portal', 'http://127.0.0.1:9', 'big', 'COP', 0, '0.5', ?)`,
        )
        .run(name, at).lastInsertRowid,
    );
    const rawId = Number(
      db
        .prepare(
          `INSERT INTO raw_response (connection_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256)
           VALUES (?, '/seed', 'seed', 200, ?, x'00', 'seed')`,
        )
        .run(connectionId, at).lastInsertRowid,
    );
    const addWindow = db.prepare(
      `INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, status, last_attempt_at, synced_at, row_count)
       VALUES (?, 'month', ?, ?, ?, ?, 'ok', ?, ?, ?)`,
    );
    // Rows from a recursive counter: the amounts vary with provider and month so every class occurs.
    const addRows = db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO portal_row (window_id, connection_id, period_start, period_end, provider_id, provider_name, currency, task_count,
         invoiced_minor, provider_minor, paid_minor, pending_minor, approval_rate, approved_count, rejected_count, review_count, raw_response_id)
       SELECT ?, ?, ?, ?, printf('P%05d', i), printf('Provider %05d', i), 'COP', 10,
         1000000 + i * 100 + ?, 1000000 + i * 100 + ? + ((i * 7 + ?) % 9 - 4) * (i % 3) * 1500,
         1000000 + i * 100 + ?, 0, '100.00', 10, 0, 0, ?
       FROM n`,
    );
    const addTotal = db.prepare(
      `INSERT INTO portal_grand_total (window_id, connection_id, currency, task_count, invoiced_minor, provider_minor, paid_minor, pending_minor, raw_response_id)
       SELECT window_id, connection_id, 'COP', SUM(task_count), SUM(invoiced_minor), SUM(provider_minor), SUM(paid_minor), SUM(pending_minor), ?
       FROM portal_row WHERE window_id = ? GROUP BY window_id`,
    );
    months.forEach((m, k) => {
      const windowId = Number(addWindow.run(connectionId, m.start, m.end, m.start, m.end, at, at, options.providers).lastInsertRowid);
      addRows.run(options.providers, windowId, connectionId, m.start, m.end, k, k, k, k, rawId);
      addTotal.run(rawId, windowId);
    });
  })();
  const last = months[months.length - 1];
  return { connection: name, from: months[0]?.start ?? '', to: last?.end ?? '', rows: options.months * options.providers };
}
