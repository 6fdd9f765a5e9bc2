/**
 * PAYG exceptions: failed collections, outstanding or draft past their thresholds, and billing
 * periods stuck in one status. Only candidates are read (the partial index of uncollected periods);
 * SQLite expands each into its kinds and keeps them in a temporary table, listed in the engine's
 * order (start date, id, then kind). Days past the end are calendar arithmetic; days in status are
 * daysSinceInstant's, given to SQL (sql-functions.ts).
 */
import { isoInstant } from '../deps.ts';
import { formatMinor } from '../money/index.ts';
import { exponentOf } from './fast-math.ts';
import { billingPeriodKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import { ReconcileError } from './connection.ts';
import { DAY_MS, dayOfInstant, formatDay } from './dates.ts';
import { REVIEW_SORT, type ListSpec, type SortSpec } from './list-view.ts';
import { ageSql, unresolved } from './open-items.ts';
import { BillingStatus, PaygExceptionKind, type EXCEPTION_SORT_COLUMNS } from './schemas.ts';
import { exact } from './sql-functions.ts';
import type { TempTables } from './temp-tables.ts';
import type { PaygException } from './types.ts';

export type ExceptionColumn = (typeof EXCEPTION_SORT_COLUMNS)[number];

export interface Thresholds {
  outstandingDays: number;
  draftDays: number;
  stuckDays: number;
}

export function candidateSql(range: 'within' | 'before'): string {
  const dates = range === 'within' ? 'start_date BETWEEN @from AND @to' : 'start_date < @from';
  return `SELECT id, loan_name, funding_source, start_date, end_date, status, currency, amount_minor, status_since, first_seen_at
    FROM billing_period INDEXED BY billing_period_open
    WHERE connection_id = @c AND status != 'PAYMENT_COMPLETE'
      AND status IN ('DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PENDING', 'PAYMENT_FAILED') AND ${dates}
      AND (status = 'PAYMENT_FAILED'
        OR (status IN ('SENT_TO_PAYMENT_SERVICE', 'PENDING') AND end_date < @outstandingCut)
        OR (status = 'DRAFT' AND end_date < @draftCut)
        OR status_since <= @stuckCut)
    ORDER BY start_date, id`;
}

/**
 * The candidates of a range, one row per exception kind, in the order kindsOf listed them: a
 * billing period with two problems is two rows.
 */
function exceptionsSql(range: 'within' | 'before'): string {
  return `WITH kinds(code, kind) AS (VALUES (0, 'failed'), (1, 'outstanding_overdue'), (2, 'draft_unsent'), (3, 'stuck_in_status')),
    c AS (SELECT *, COALESCE(@today - CAST(julianday(end_date) - 2440587.5 AS INTEGER), 0) AS days_past_end, concilia_days_since(status_since, @now) AS days_in_status
          FROM (${candidateSql(range)}))
    SELECT c.*, k.code, k.kind FROM c JOIN kinds k ON CASE k.code
      WHEN 0 THEN c.status = 'PAYMENT_FAILED'
      WHEN 1 THEN c.status IN ('SENT_TO_PAYMENT_SERVICE', 'PENDING') AND c.days_past_end > @outstandingDays
      WHEN 2 THEN c.status = 'DRAFT' AND c.days_past_end > @draftDays
      ELSE c.status IN ('DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PENDING') AND c.days_in_status >= @stuckDays END`;
}

/** Integers as BigInt: better-sqlite3 binds a JavaScript number as a REAL, and day arithmetic stays whole. */
function parameters(input: { connectionId: number; from: string; to: string; now: number; thresholds: Thresholds }): Record<string, string | number | bigint> {
  const today = dayOfInstant(input.now);
  return {
    c: input.connectionId,
    from: input.from,
    to: input.to,
    now: input.now,
    today: BigInt(today),
    outstandingDays: BigInt(input.thresholds.outstandingDays),
    draftDays: BigInt(input.thresholds.draftDays),
    stuckDays: BigInt(input.thresholds.stuckDays),
    outstandingCut: formatDay(today - input.thresholds.outstandingDays),
    draftCut: formatDay(today - input.thresholds.draftDays),
    // A day of slack: instants written without milliseconds sort differently; the exact test is in the kinds.
    stuckCut: isoInstant(input.now - (input.thresholds.stuckDays - 1) * DAY_MS),
  };
}

/** The exceptions of a range, in a temporary table; returns its name. */
export function createPaygExceptions(temp: TempTables, input: { connectionId: number; from: string; to: string; now: number; thresholds: Thresholds }): string {
  const table = temp.create(
    'payg_exceptions',
    `id INTEGER NOT NULL, kind TEXT NOT NULL, kind_code INTEGER NOT NULL, loan_name TEXT NOT NULL, funding_source TEXT,
     start_date TEXT NOT NULL, end_date TEXT NOT NULL, status TEXT NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL,
     days_past_end INTEGER NOT NULL, days_in_status INTEGER NOT NULL, status_since TEXT NOT NULL, first_seen_at TEXT NOT NULL`,
  );
  temp.db
    .prepare(
      `INSERT INTO ${table}
       SELECT e.id, e.kind, e.code, e.loan_name, e.funding_source, e.start_date, e.end_date,
         e.status, e.currency, e.amount_minor, e.days_past_end, e.days_in_status, e.status_since, e.first_seen_at
       FROM (${exceptionsSql('within')}) e`,
    )
    .run(parameters(input));
  return table;
}

/**
 * PAYG open items: the range's exceptions and every earlier start date's, one item per billing
 * period (its kinds comma-joined), unresolved (an earlier one also not explained), oldest first, then by key as text.
 */
export function fillPaygOpenItems(
  temp: TempTables,
  table: string,
  input: { exceptions: string; connectionId: number; from: string; to: string; now: number; thresholds: Thresholds },
): void {
  const key = "'B|' || x.id";
  temp.db
    .prepare(
      `INSERT INTO ${table}
       SELECT ${key}, 'billing_period', x.carried, x.start_date, x.end_date, x.age,
         x.currency, x.amount, x.description, NULL, x.id, NULL
       FROM (
         SELECT id, start_date, end_date, currency, amount, group_concat(kind, ',' ORDER BY kind_code) AS description, 0 AS carried,
           ${ageSql('end_date')} AS age
         FROM ${input.exceptions} GROUP BY id
         UNION ALL
         SELECT id, start_date, end_date, currency, amount_minor, group_concat(kind, ',' ORDER BY code), 1, ${ageSql('end_date')}
         FROM (${exceptionsSql('before')}) GROUP BY id
       ) x
       WHERE ${unresolved(key, 'x.carried')}`,
    )
    .run(parameters(input));
}

const EXCEPTION_SORTS = new Map<ExceptionColumn, SortSpec>([
  ['kind', { kind: 'value', sql: 't.kind' }],
  ['loanName', { kind: 'collated', sql: 't.loan_name' }],
  ['startDate', { kind: 'value', sql: 't.start_date' }],
  ['status', { kind: 'value', sql: 't.status' }],
  // Amounts of several currencies, compared as the decimals they are.
  ['amount', { kind: 'decimal', amountSql: 't.amount', currencySql: 't.currency' }],
  ['daysPastEnd', { kind: 'value', sql: 't.days_past_end' }],
  ['daysInStatus', { kind: 'value', sql: 't.days_in_status' }],
  ['review', REVIEW_SORT],
]);

export const EXCEPTION_LIST: ListSpec<PaygException, ExceptionColumn> = {
  keySql: "'B|' || t.id",
  // Start date, id, then the kinds in the order kindsOf lists them.
  orderSql: 't.start_date, t.id, t.kind_code',
  selectSql: 't.id, t.kind, t.loan_name, t.funding_source, t.start_date, t.end_date, t.status, t.currency, t.amount, t.days_past_end, t.days_in_status, t.status_since, t.first_seen_at',
  build: paygException,
  sorts: EXCEPTION_SORTS,
  searchSql: "concilia_fold(t.loan_name || char(0) || COALESCE(t.funding_source, '') || char(0) || t.id)",
  classSql: null,
  outOfToleranceSql: null,
  providerIdSql: null,
  kindSql: 't.kind',
  currencySql: 't.currency',
};

/** An exception from the table's columns (selectSql's order). */
function paygException(row: readonly unknown[], review: Review | null): PaygException {
  const [id, kind, loanName, fundingSource, startDate, endDate, status, currency, amount, daysPastEnd, daysInStatus, statusSince, firstSeenAt] = row;
  const parsedKind = PaygExceptionKind.safeParse(kind);
  const parsedStatus = BillingStatus.safeParse(status);
  if (!parsedKind.success || !parsedStatus.success) throw new ReconcileError(`The cache holds a billing period in an unknown status "${String(status)}": sync again.`);
  const amountMinor = exact(amount);
  return {
    key: billingPeriodKey(exact(id)),
    kind: parsedKind.data,
    id: exact(id),
    loanName: String(loanName),
    fundingSource: typeof fundingSource === 'string' ? fundingSource : null,
    startDate: String(startDate),
    endDate: String(endDate),
    status: parsedStatus.data,
    currency: String(currency),
    amount: formatMinor(amountMinor, exponentOf(String(currency))),
    amountMinor,
    daysPastEnd: exact(daysPastEnd),
    daysInStatus: exact(daysInStatus),
    statusSince: String(statusSince),
    firstSeenAt: String(firstSeenAt),
    review,
  };
}
