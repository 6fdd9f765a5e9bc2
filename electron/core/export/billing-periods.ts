/**
 * The billing periods a PAYG reconciliation of a range aggregates (start date within the range,
 * as reconcilePayg selects them), read lazily so a long listing streams from the cache into the
 * workbook without being held in memory.
 */
import type { ReadableDB } from '../cache/index.ts';
import type { BillingStatus, PaygReconciliation } from '../reconcile/types.ts';
import type { BillingPeriodLine } from './payg-workbook.ts';

type Raw = [id: number, loanName: string, fundingSource: string | null, startDate: string, endDate: string, status: BillingStatus, currency: string, amountMinor: number, statusSince: string, lastSeenAt: string];

const WHERE = `FROM billing_period b JOIN connection c ON c.id = b.connection_id
  WHERE c.name = @connection AND b.start_date BETWEEN @from AND @to`;

export function billingPeriodsOf(db: ReadableDB, rec: PaygReconciliation): { count: number; lines: Iterable<BillingPeriodLine> } {
  const q = { connection: rec.connection, from: rec.from, to: rec.to };
  const count = db.prepare<typeof q, { n: number }>(`SELECT COUNT(*) AS n ${WHERE}`).get(q)?.n ?? 0;
  const statement = db.prepare<typeof q, Raw>(
    `SELECT b.id, b.loan_name, b.funding_source, b.start_date, b.end_date, b.status, b.currency, b.amount_minor, b.status_since, b.last_seen_at
     ${WHERE} ORDER BY b.currency, b.start_date, b.id`,
  );
  return {
    count,
    lines: {
      *[Symbol.iterator]() {
        for (const [id, loanName, fundingSource, startDate, endDate, status, currency, amountMinor, statusSince, lastSeenAt] of statement.raw().iterate(q)) {
          yield { id, loanName, fundingSource, startDate, endDate, status, currency, amountMinor, statusSince, lastSeenAt };
        }
      },
    },
  };
}
