/**
 * The billing periods a PAYG reconciliation of a range aggregates (start date within the range,
 * as the reconciliation selects them), by currency, start date and id, read a chunk at a time:
 * each chunk its own keyed query along the (start date, id) index, so a listing of ten million
 * streams from the cache into the workbook and no statement stays open while the writer waits.
 */
import type { ReadableDB } from '../cache/index.ts';
import { getConnection } from '../connections/index.ts';
import type { BillingStatus } from '../reconcile/types.ts';
import type { BillingPeriodLine } from './payg-workbook.ts';

type Raw = [id: number, loanName: string, fundingSource: string | null, startDate: string, endDate: string, status: BillingStatus, currency: string, amountMinor: number, statusSince: string, lastSeenAt: string];

const CHUNK = 5000;

export function billingPeriodsOf(
  db: ReadableDB,
  rec: { connection: string; from: string; to: string; totals: readonly { currency: string }[] },
): { count: number; lines: Iterable<readonly BillingPeriodLine[]> } {
  const c = getConnection(db, rec.connection).id;
  const count = db
    .prepare<{ c: number; from: string; to: string }, number>('SELECT COUNT(*) FROM billing_period WHERE connection_id = @c AND start_date BETWEEN @from AND @to')
    .pluck()
    .get({ c, from: rec.from, to: rec.to }) ?? 0;
  const statement = db
    .prepare<{ c: number; currency: string; date: string; id: number; to: string; limit: number }, Raw>(
      `SELECT id, loan_name, funding_source, start_date, end_date, status, currency, amount_minor, status_since, last_seen_at
       FROM billing_period INDEXED BY billing_period_by_start
       WHERE connection_id = @c AND (start_date, id) > (@date, @id) AND start_date <= @to AND currency = @currency
       ORDER BY start_date, id LIMIT @limit`,
    )
    .raw();
  // Currencies in the reconciliation's order (its totals, sorted by code), as ORDER BY currency would.
  const currencies = rec.totals.map((t) => t.currency);
  return {
    count,
    lines: {
      *[Symbol.iterator]() {
        for (const currency of currencies) {
          // Just before the first start date of the range: every id of @from is after it.
          let date = rec.from;
          let id = Number.MIN_SAFE_INTEGER;
          for (;;) {
            const rows = statement.all({ c, currency, date, id, to: rec.to, limit: CHUNK });
            if (rows.length === 0) break;
            yield rows.map(([lineId, loanName, fundingSource, startDate, endDate, status, lineCurrency, amountMinor, statusSince, lastSeenAt]) => ({
              id: lineId,
              loanName,
              fundingSource,
              startDate,
              endDate,
              status,
              currency: lineCurrency,
              amountMinor,
              statusSince,
              lastSeenAt,
            }));
            const last = rows[rows.length - 1];
            if (!last || rows.length < CHUNK) break;
            date = last[3];
            id = last[0];
          }
        }
      },
    },
  };
}
