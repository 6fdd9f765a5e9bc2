/**
 * Open items: discrepancies nobody has resolved yet. Those of earlier periods come into every
 * later range, with their age, while they are open or were carried forward; once explained or
 * resolved they stay in their own period. Kept, like the rows, in a temporary table (listed
 * oldest first, then by key as text); what is settled is left out as of the reconciliation, and
 * each item's review is read with it.
 */
import { formatMinor } from '../money/index.ts';
import { exponentOf } from './fast-math.ts';
import type { Review } from '../review/types.ts';
import { dayOfInstant, parseDay } from './dates.ts';
import { REVIEW_SORT, type ListSpec, type SortSpec } from './list-view.ts';
import { mergedRowsSql, type RangeQuery } from './portal-sql.ts';
import type { OPEN_ITEM_SORT_COLUMNS } from './schemas.ts';
import { classSql, exact, toleranceParams, type Tolerance } from './sql-functions.ts';
import type { TempTables } from './temp-tables.ts';
import type { OpenItem } from './types.ts';

export type OpenItemColumn = (typeof OPEN_ITEM_SORT_COLUMNS)[number];

export function ageInDays(periodEnd: string, now: number): number {
  const end = parseDay(periodEnd);
  return end === null ? 0 : Math.max(0, dayOfInstant(now) - end);
}

/**
 * SQL of ageInDays over a period-end column. julianday is exact on a calendar date (a whole day
 * and a half since its epoch); cache dates are dates sync checked, and anything else ages 0.
 */
export function ageSql(periodEnd: string): string {
  return `max(0, @today - COALESCE(CAST(julianday(${periodEnd}) - 2440587.5 AS INTEGER), @today))`;
}

/** The one table layout of portal and PAYG open items. */
export function createOpenItems(temp: TempTables): string {
  return temp.create(
    'open_items',
    `item_key TEXT NOT NULL, kind TEXT NOT NULL, carried INTEGER NOT NULL, period_start TEXT NOT NULL,
     period_end TEXT NOT NULL, age INTEGER NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL, description TEXT NOT NULL,
     provider_id TEXT, billing_period_id INTEGER, key_rank INTEGER`,
  );
}

/**
 * Leaves out what is resolved as of now (the review of an item of `keySql`), and an earlier
 * period's item (`carriedSql` = 1) that was explained: only open and carried-forward ones come along.
 */
export function unresolved(keySql: string, carriedSql: string): string {
  return `NOT EXISTS (SELECT 1 FROM review rv WHERE rv.connection_id = @c AND rv.item_key = ${keySql}
    AND (rv.state = 'resolved' OR (${carriedSql} = 1 AND rv.state = 'explained')))`;
}

/**
 * Portal open items: the range's rows out of tolerance, and every earlier period's merged rows
 * out of tolerance under the same tolerance (carried forward).
 */
export function fillPortalOpenItems(
  temp: TempTables,
  table: string,
  input: { q: RangeQuery; rows: string; ranks: string; currency: string; tolerance: Tolerance; now: number },
): void {
  const difference = '(m.provider_minor - m.invoiced_minor)';
  const key = "'P|' || x.provider_id || '|' || x.period_start";
  temp.db
    .prepare(
      `INSERT INTO ${table}
       SELECT ${key}, 'portal_row', x.carried, x.period_start, x.period_end, ${ageSql('x.period_end')}, @currency, x.difference, x.status,
         x.provider_id, NULL, x.key_rank
       FROM (
         SELECT provider_id, period_start, period_end, difference, status, 0 AS carried, key_rank
         FROM ${input.rows} WHERE status IN ('PROVIDER_HIGHER', 'PROVIDER_LOWER')
         UNION ALL
         SELECT c.provider_id, c.period_start, c.period_end, c.difference, c.status, 1, p.key_rank FROM (
           SELECT m.provider_id, m.period_start, m.period_end, ${difference} AS difference, ${classSql(difference, 'm.invoiced_minor')} AS status
           FROM (${mergedRowsSql('before')}) m) c JOIN ${input.ranks} p ON p.id = c.provider_id
         WHERE c.status IN ('PROVIDER_HIGHER', 'PROVIDER_LOWER')
       ) x
       WHERE ${unresolved(key, 'x.carried')}`,
    )
    .run({ ...input.q, currency: input.currency, ...toleranceParams(input.tolerance), today: BigInt(dayOfInstant(input.now)) });
}

const OPEN_ITEM_SORTS = new Map<OpenItemColumn, SortSpec>([
  ['description', { kind: 'collated', sql: 't.description' }],
  ['periodStart', { kind: 'value', sql: 't.period_start' }],
  ['ageDays', { kind: 'value', sql: 't.age' }],
  // Open items of one portal reconciliation share its currency; PAYG's are compared as decimals.
  ['amount', { kind: 'decimal', amountSql: 't.amount', currencySql: 't.currency' }],
  ['review', REVIEW_SORT],
]);

export const OPEN_ITEM_LIST: ListSpec<OpenItem, OpenItemColumn> = {
  keySql: 't.item_key',
  // Oldest first, then by key as text (portal keys by their provider's rank of "P|<id>|", then period).
  orderSql: 't.age DESC, t.key_rank, t.item_key',
  selectSql: 't.item_key, t.kind, t.carried, t.period_start, t.period_end, t.age, t.currency, t.amount, t.description, t.provider_id, t.billing_period_id',
  build: openItem,
  sorts: OPEN_ITEM_SORTS,
  searchSql: "concilia_fold(t.description || char(0) || COALESCE(t.provider_id, '') || char(0) || t.item_key)",
  classSql: null,
  outOfToleranceSql: null,
  providerIdSql: 't.provider_id',
  kindSql: null,
  currencySql: 't.currency',
};

function openItem(row: readonly unknown[], review: Review | null): OpenItem {
  const [key, kind, carried, periodStart, periodEnd, age, currency, amount, description, providerId, billingPeriodId] = row;
  const amountMinor = exact(amount);
  return {
    key: String(key),
    kind: kind === 'billing_period' ? 'billing_period' : 'portal_row',
    carriedForward: carried === 1,
    periodStart: String(periodStart),
    periodEnd: String(periodEnd),
    ageDays: exact(age),
    currency: String(currency),
    amount: formatMinor(amountMinor, exponentOf(String(currency))),
    amountMinor,
    description: String(description),
    providerId: typeof providerId === 'string' ? providerId : null,
    billingPeriodId: typeof billingPeriodId === 'number' ? billingPeriodId : null,
    review,
  };
}
