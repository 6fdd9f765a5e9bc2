/**
 * PAYG billing periods the upstream confirmed gone (a 404 from the retrieve endpoint): they left
 * billing_period, so no figure counts them, and are kept in billing_period_removal with the answer
 * that proved it. Reconciliation shows them beside restatements: what was there, and when and how
 * it was found gone.
 */
import type { ReadableDB } from '../cache/index.ts';
import { currencyExponent, formatMinor, isCurrencyCode } from '../money/index.ts';
import { billingPeriodKey } from '../review/keys.ts';
import type { Removal } from './schemas.ts';

export type { Removal };


interface RemovalRow {
  id: number;
  loan_name: string;
  start_date: string;
  end_date: string;
  status: string;
  currency: string;
  amount_minor: number;
  removed_at: string;
  reappeared_at: string | null;
  request_url: string;
  http_status: number;
  fetched_at: string;
}

/** Removals of a connection whose billing period starts in [from, to], oldest removal first. */
export function removalsOf(db: ReadableDB, connectionId: number, from: string, to: string): Removal[] {
  const rows = db
    .prepare<[number, string, string], RemovalRow>(
      `SELECT r.billing_period_id AS id, r.loan_name, r.start_date, r.end_date, r.status, r.currency, r.amount_minor, r.removed_at, r.reappeared_at,
              e.request_url, e.http_status, e.fetched_at
         FROM billing_period_removal r JOIN raw_response e ON e.id = r.evidence_raw_response_id
        WHERE r.connection_id = ? AND r.start_date BETWEEN ? AND ?
        ORDER BY r.removed_at, r.billing_period_id`,
    )
    .all(connectionId, from, to);
  return rows.map((r) => ({
    id: r.id,
    key: billingPeriodKey(r.id),
    loanName: r.loan_name,
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status,
    currency: r.currency,
    amount: isCurrencyCode(r.currency) ? formatMinor(r.amount_minor, currencyExponent(r.currency)) : String(r.amount_minor),
    amountMinor: r.amount_minor,
    removedAt: r.removed_at,
    reappearedAt: r.reappeared_at,
    evidence: { requestUrl: r.request_url, httpStatus: r.http_status, fetchedAt: r.fetched_at },
  }));
}
