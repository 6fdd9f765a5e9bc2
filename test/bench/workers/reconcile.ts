/**
 * One reconcile measurement, in its own process (cold SQLite page cache, warm OS cache).
 * candidate: openPortal / openPayg — the very call behind the screen and the export: the figures,
 *            checks and totals worked out, the big lists kept in the cache's temporary tables.
 * baseline:  one hand-written SQL aggregate over the same rows, materialised into JS objects.
 */
import { openCache } from '../../../electron/core/cache/index.ts';
import { openPayg } from '../../../electron/core/reconcile/payg.ts';
import { openPortal } from '../../../electron/core/reconcile/portal.ts';
import { log, reportResult, workerArgs } from '../lib/worker-io.ts';
import { withStore } from '../../support/review-store.ts';

interface Args {
  mode: 'candidate' | 'baseline';
  kind: 'portal' | 'payg';
  dbPath: string;
  connection: string;
  from: string;
  to: string;
  now: number;
}

export const PORTAL_BASELINE_SQL = `
  SELECT r.provider_id, r.period_start, max(r.provider_name) AS provider_name, sum(r.task_count) AS tasks,
         sum(r.invoiced_minor) AS invoiced, sum(r.provider_minor) AS provider, sum(r.paid_minor) AS paid,
         sum(r.pending_minor) AS pending, sum(r.provider_minor) - sum(r.invoiced_minor) AS difference
    FROM portal_row r JOIN sync_window w ON w.id = r.window_id
   WHERE r.connection_id = ? AND w.period_kind = 'week' AND r.period_start >= ? AND r.period_end <= ?
   GROUP BY r.provider_id, r.period_start
   ORDER BY abs(difference) DESC, r.provider_id, r.period_start`;

export const PAYG_BASELINE_SQL = `
  SELECT currency, start_date, count(*) AS n,
         sum(CASE WHEN status <> 'DRAFT' THEN amount_minor ELSE 0 END) AS billed,
         sum(CASE WHEN status = 'PAYMENT_COMPLETE' THEN amount_minor ELSE 0 END) AS collected,
         sum(CASE WHEN status IN ('SENT_TO_PAYMENT_SERVICE', 'PENDING') THEN amount_minor ELSE 0 END) AS outstanding,
         sum(CASE WHEN status = 'PAYMENT_FAILED' THEN amount_minor ELSE 0 END) AS failed,
         sum(CASE WHEN status = 'DRAFT' THEN amount_minor ELSE 0 END) AS draft
    FROM billing_period
   WHERE connection_id = ? AND start_date >= ? AND start_date <= ?
   GROUP BY currency, start_date
   ORDER BY currency, start_date`;

const args = workerArgs<Args>();
const db = openCache(args.dbPath, { readonly: true });
const connectionId = (db.prepare('SELECT id FROM connection WHERE name = ?').get(args.connection) as { id: number } | undefined)?.id;
if (connectionId === undefined) throw new Error(`No connection ${args.connection} in ${args.dbPath}.`);
let ms: number;
let rows: number;
const start = performance.now();
if (args.mode === 'candidate') {
  if (args.kind === 'portal') {
    const open = openPortal(withStore(db), { connection: args.connection, from: args.from, to: args.to, period: 'week', now: args.now });
    ms = performance.now() - start;
    rows = open.rows.count;
    open.close();
  } else {
    const open = openPayg(withStore(db), { connection: args.connection, from: args.from, to: args.to, period: 'week', now: args.now });
    ms = performance.now() - start;
    rows = open.outline.rows.length;
    if (open.outline.totals.length === 0) throw new Error('The PAYG reconciliation came back empty.');
    open.close();
  }
} else {
  const result = db.prepare(args.kind === 'portal' ? PORTAL_BASELINE_SQL : PAYG_BASELINE_SQL).all(connectionId, args.from, args.to);
  ms = performance.now() - start;
  rows = result.length;
}
db.close();
log(`${args.mode} ${args.kind}: ${rows} result rows in ${ms.toFixed(0)} ms`);
reportResult({ ms, resultRows: rows });
