/**
 * The portal's rows of a range, worked out by SQLite into a temporary table in one statement:
 * each provider and period merged from its windows (portal-sql.ts), its difference, its class
 * under the run's tolerance and its percent (sql-functions.ts), and its provider's ranks; the
 * ranking (|difference| desc, then provider by compareIds, then period) is the list's order.
 * Nothing of it is held in JavaScript: the window pages it, the export streams it, the figures
 * hash reads it in order.
 */
import type { ReadableDB } from '../cache/index.ts';
import { portalRowKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import { minorFormatter, percent2 } from './fast-math.ts';
import { REVIEW_SORT, type ListSpec, type SortSpec } from './list-view.ts';
import { mergedRowsSql, type RangeQuery } from './portal-sql.ts';
import type { ROW_SORT_COLUMNS } from './schemas.ts';
import { CLASS_CODES, classSql, exact, pct100Sql, toleranceParams, type Tolerance } from './sql-functions.ts';
import { ReconcileError } from './connection.ts';
import type { TempTables } from './temp-tables.ts';
import type { PortalRow } from './types.ts';

export type RowColumn = (typeof ROW_SORT_COLUMNS)[number];

/** The table's columns, in the order its SELECT lists them (rowid: the order rows came in). */
const COLUMNS = `provider_id TEXT NOT NULL, provider_name TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
  task_count INTEGER NOT NULL, invoiced INTEGER NOT NULL, provider_reported INTEGER NOT NULL, paid INTEGER NOT NULL,
  pending INTEGER NOT NULL, approved_count INTEGER NOT NULL, rejected_count INTEGER NOT NULL, review_count INTEGER NOT NULL,
  difference INTEGER NOT NULL, status TEXT NOT NULL, pct100 INTEGER, provider_rank INTEGER NOT NULL, key_rank INTEGER NOT NULL`;

/**
 * Fill the table of the range's rows; returns its name. `ranks` is the providers' ranking
 * (rankProviders). The class and the percent are classify's and percent2's (sql-functions.ts).
 */
export function createPortalRows(temp: TempTables, q: RangeQuery, tolerance: Tolerance, ranks: string): string {
  const table = temp.create('portal_rows', COLUMNS);
  const difference = '(m.provider_minor - m.invoiced_minor)';
  temp.db
    .prepare(
      `INSERT INTO ${table}
       SELECT m.provider_id, m.provider_name, m.period_start, m.period_end, m.task_count, m.invoiced_minor, m.provider_minor, m.paid_minor,
         m.pending_minor, m.approved_count, m.rejected_count, m.review_count, ${difference},
         ${classSql(difference, 'm.invoiced_minor')}, ${pct100Sql(difference, 'm.invoiced_minor')}, p.rank, p.key_rank
       FROM (${mergedRowsSql('range')}) m JOIN ${ranks} p ON p.id = m.provider_id`,
    )
    .run({ ...q, ...toleranceParams(tolerance) });
  return table;
}

/** The ranking: |difference| desc, then provider (compareIds), then period. */
export const RANK_ORDER = 'abs(t.difference) DESC, t.provider_rank, t.period_start';

/** SQL of a row's item key (portalRowKey). */
export const ROW_KEY_SQL = "'P|' || t.provider_id || '|' || t.period_start";

const OUT_OF_TOLERANCE_SQL = "t.status IN ('PROVIDER_HIGHER', 'PROVIDER_LOWER')";

const ROW_SORTS = new Map<RowColumn, SortSpec>([
  ['providerName', { kind: 'collated', sql: 't.provider_name' }],
  ['periodStart', { kind: 'value', sql: 't.period_start' }],
  ['taskCount', { kind: 'value', sql: 't.task_count' }],
  ['invoiced', { kind: 'value', sql: 't.invoiced' }],
  ['providerReported', { kind: 'value', sql: 't.provider_reported' }],
  ['difference', { kind: 'value', sql: 't.difference' }],
  // Hundredths as percent2 rounds them: the order of the percent text, exactly.
  ['differencePct', { kind: 'value', sql: 't.pct100', nullable: true }],
  ['paid', { kind: 'value', sql: 't.paid' }],
  ['pending', { kind: 'value', sql: 't.pending' }],
  ['status', { kind: 'value', sql: 't.status' }],
  ['review', REVIEW_SORT],
]);

/** The portal rows as a list of a view; `currency` and its exponent turn minor units into text. */
export function portalRowList(currency: string, exponent: number): ListSpec<PortalRow, RowColumn> {
  const money = minorFormatter(exponent);
  return {
    keySql: ROW_KEY_SQL,
    orderSql: RANK_ORDER,
    selectSql:
      't.provider_id, t.provider_name, t.period_start, t.period_end, t.task_count, t.invoiced, t.provider_reported, t.paid, t.pending, t.approved_count, t.rejected_count, t.review_count, t.status',
    build: (row, review) => portalRow(row, currency, money, review),
    sorts: ROW_SORTS,
    searchSql: 'concilia_fold(t.provider_name || char(0) || t.provider_id)',
    classSql: 't.status',
    outOfToleranceSql: OUT_OF_TOLERANCE_SQL,
    providerIdSql: 't.provider_id',
    kindSql: null,
    // Every row is in the connection's currency (a code checked when the connection was added).
    currencySql: `'${currency.replaceAll("'", "''")}'`,
  };
}

/** Only the rows out of tolerance (the Discrepancies sheet, the CSV). */
export const OUT_OF_TOLERANCE = OUT_OF_TOLERANCE_SQL;

/** A result row from the table's columns (selectSql's order): the one place a PortalRow is built. */
function portalRow(row: readonly unknown[], currency: string, money: (minor: number) => string, review: Review | null): PortalRow {
  const [providerId, providerName, periodStart, periodEnd, taskCount, invoiced, providerReported, paid, pending, approved, rejected, inReview, status] = row;
  const invoicedMinor = exact(invoiced);
  const providerReportedMinor = exact(providerReported);
  const differenceMinor = exact(providerReportedMinor - invoicedMinor);
  const cls = CLASS_CODES.find((c) => c === status);
  if (cls === undefined) throw new ReconcileError(`A row of this reconciliation has no class ("${String(status)}").`);
  return {
    key: portalRowKey(String(providerId), String(periodStart)),
    providerId: String(providerId),
    providerName: String(providerName),
    periodStart: String(periodStart),
    periodEnd: String(periodEnd),
    currency,
    taskCount: exact(taskCount),
    invoiced: money(invoicedMinor),
    invoicedMinor,
    providerReported: money(providerReportedMinor),
    providerReportedMinor,
    difference: money(differenceMinor),
    differenceMinor,
    differencePct: percent2(differenceMinor, invoicedMinor),
    paid: money(exact(paid)),
    paidMinor: exact(paid),
    pending: money(exact(pending)),
    pendingMinor: exact(pending),
    approvedCount: exact(approved),
    rejectedCount: exact(rejected),
    reviewCount: exact(inReview),
    status: cls,
    outOfTolerance: cls === 'PROVIDER_HIGHER' || cls === 'PROVIDER_LOWER',
    review,
  };
}

/** What one period's rows add up to, as a workbook's Summary line shows it. */
export interface PeriodRowSums {
  rows: number;
  invoiced: number;
  providerReported: number;
  difference: number;
  classes: Record<PortalRow['status'], number>;
  /** Out of tolerance and still open (no review, or reviewed as open). */
  open: number;
}

type PeriodSumsRow = [periodStart: string, rows: number, invoiced: number, provider: number, difference: number, matched: number, within: number, higher: number, lower: number, open: number];

/** Each period's sums over a table of portal rows, review states as they are now. */
export function rowSumsByPeriod(db: ReadableDB, table: string, connectionId: number): Map<string, PeriodRowSums> {
  const out = new Map<string, PeriodRowSums>();
  const statement = db
    .prepare<{ c: number }, PeriodSumsRow>(
      `SELECT t.period_start, COUNT(*), SUM(t.invoiced), SUM(t.provider_reported), SUM(t.difference),
         SUM(t.status = 'MATCHED'), SUM(t.status = 'WITHIN_TOLERANCE'), SUM(t.status = 'PROVIDER_HIGHER'), SUM(t.status = 'PROVIDER_LOWER'),
         SUM(${OUT_OF_TOLERANCE_SQL} AND COALESCE(rv.state, 'open') = 'open')
       FROM ${table} t LEFT JOIN review rv ON rv.connection_id = @c AND rv.item_key = ${ROW_KEY_SQL}
       GROUP BY t.period_start`,
    )
    .raw();
  for (const [periodStart, rows, invoiced, provider, difference, matched, within, higher, lower, open] of statement.iterate({ c: connectionId })) {
    out.set(periodStart, {
      rows,
      invoiced: exact(invoiced),
      providerReported: exact(provider),
      difference: exact(difference),
      classes: { MATCHED: matched, WITHIN_TOLERANCE: within, PROVIDER_HIGHER: higher, PROVIDER_LOWER: lower },
      open,
    });
  }
  return out;
}
