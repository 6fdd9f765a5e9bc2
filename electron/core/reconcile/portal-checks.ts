/**
 * Checks of the portal's own figures. Each disagreement becomes a finding holding both numbers; a
 * check firing in several windows of one period (a range over 93 days) is one finding, summed.
 */
import type { ReadableDB } from '../cache/index.ts';
import { formatMinor, parseDecimalToMinor, percentOf } from '../money/index.ts';
import { findingKey, type ItemKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import { ReconcileError } from './connection.ts';
import type { RangeQuery } from './portal-sql.ts';
import { exact } from './sql-functions.ts';
import type { CoverageGap, PortalCheck, PortalFinding } from './types.ts';

const RANGE_RAW_ROWS = `FROM sync_window w JOIN portal_row r ON r.window_id = w.id
  WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to`;

/**
 * A raw row that needs a closer look: another currency than @currency, paid + pending not the
 * invoiced amount, counts that do not add up, or an approval rate that is not exactly the text
 * approved / tasks × 100 gives (computed in integers as approvalText does; when the integers
 * could leave 2^53 the row is always looked at, and the exact check in JavaScript decides).
 */
const ODD_ROW = `(r.currency != @currency OR r.paid_minor + r.pending_minor != r.invoiced_minor
  OR r.approved_count + r.rejected_count + r.review_count != r.task_count
  OR (r.task_count > 0 AND NOT (r.approved_count >= 0 AND r.approved_count <= 450000000000 AND r.approved_count * 20000 + r.task_count <= 9007199254740991
    AND r.approval_rate = printf('%d.%02d', (r.approved_count * 20000 + r.task_count) / (2 * r.task_count) / 100,
                                            (r.approved_count * 20000 + r.task_count) / (2 * r.task_count) % 100))))`;

/**
 * Every raw row of the windows of a range, once, set-based: each window's sums (for its grand
 * total) and how many of its rows need a closer look. Driven by sync_window's index, then
 * portal_row's primary key.
 */
export const PORTAL_ROWS_SQL = `SELECT r.window_id, COUNT(*), SUM(r.task_count), SUM(r.invoiced_minor), SUM(r.provider_minor),
    SUM(r.paid_minor), SUM(r.pending_minor), SUM(${ODD_ROW})
  ${RANGE_RAW_ROWS} GROUP BY r.window_id`;

type WindowSumsRow = [windowId: number, rows: number, taskCount: number, invoiced: number, provider: number, paid: number, pending: number, odd: number];

type OddRow = [windowId: number, providerId: string, currency: string, taskCount: number, invoiced: number, paid: number, pending: number, approved: number, rejected: number, review: number, approvalRate: string];

/**
 * The checks of a range's raw rows (each row's own invariants) and each window's sums, read by
 * SQL; only the rows that fail a check are read one by one. Throws when a row is in another
 * currency than the connection's.
 */
export function checkPortalRows(
  db: ReadableDB,
  q: RangeQuery,
  input: { connectionName: string; currency: string; windows: ReadonlyMap<number, WindowLike>; findings: FindingSet },
): Map<number, WindowSums> {
  const params = { ...q, currency: input.currency };
  const sums = new Map<number, WindowSums>();
  let odd = 0;
  for (const [windowId, rows, taskCount, invoiced, provider, paid, pending, oddRows] of db.prepare<typeof params, WindowSumsRow>(PORTAL_ROWS_SQL).raw().iterate(params)) {
    sums.set(windowId, { rows, taskCount, invoiced: exact(invoiced), provider: exact(provider), paid: exact(paid), pending: exact(pending) });
    odd += oddRows;
  }
  if (odd === 0) return sums;
  const rows = db
    .prepare<typeof params, OddRow>(
      `SELECT r.window_id, r.provider_id, r.currency, r.task_count, r.invoiced_minor, r.paid_minor, r.pending_minor, r.approved_count,
         r.rejected_count, r.review_count, r.approval_rate ${RANGE_RAW_ROWS} AND ${ODD_ROW}`,
    )
    .raw()
    .all(params);
  for (const [windowId, providerId, currency, taskCount, invoiced, paid, pending, approved, rejected, review, approvalRate] of rows) {
    if (currency !== input.currency) {
      throw new ReconcileError(
        `The cache holds ${currency} rows for ${input.connectionName}, whose currency is ${input.currency}. Check the connection's currency, then sync again.`,
      );
    }
    const w = input.windows.get(windowId);
    if (w) checkRow(input.findings, w, { providerId, taskCount, invoiced, paid, pending, approved, rejected, review, approvalRate });
  }
  return sums;
}

export interface WindowLike {
  id: number;
  period_start: string;
  period_end: string;
  window_start: string;
  window_end: string;
  status: string;
}

export interface WindowSums {
  rows: number;
  taskCount: number;
  invoiced: number;
  provider: number;
  paid: number;
  pending: number;
}

interface Pending {
  check: PortalCheck;
  providerId: string | null;
  periodStart: string;
  periodEnd: string;
  unit: 'amount' | 'count' | 'text';
  expected: number | string;
  actual: number | string;
  occurrences: number;
  detail: string | null;
}

export class FindingSet {
  readonly #exponent: number;
  readonly #items = new Map<ItemKey, Pending>();

  constructor(exponent: number) {
    this.#exponent = exponent;
  }

  add(item: Omit<Pending, 'occurrences'>): void {
    const key = findingKey(item.check, item.providerId, item.periodStart);
    const existing = this.#items.get(key);
    if (!existing) {
      this.#items.set(key, { ...item, occurrences: 1 });
      return;
    }
    existing.occurrences += 1;
    if (typeof existing.expected === 'number' && typeof item.expected === 'number' && typeof existing.actual === 'number' && typeof item.actual === 'number') {
      existing.expected += item.expected;
      existing.actual += item.actual;
    }
  }

  quarantined(w: WindowLike, record: { id: number; record_key: string | null; reason: string }): void {
    const recordKey = record.record_key === null || record.record_key === '' ? `q${record.id}` : record.record_key.replaceAll('|', '/');
    this.add({
      check: 'quarantined',
      providerId: recordKey,
      periodStart: w.period_start,
      periodEnd: w.period_end,
      unit: 'text',
      expected: 'a valid record',
      actual: record.reason,
      detail: null,
    });
  }

  coverageGap(gap: CoverageGap): void {
    this.add({
      check: 'coverage_gap',
      providerId: null,
      periodStart: gap.periodStart,
      periodEnd: gap.periodEnd,
      unit: 'text',
      expected: 'ok',
      actual: gap.status,
      detail: gap.error,
    });
  }

  /** The keys of the findings so far (to look their reviews up). */
  keys(): IterableIterator<ItemKey> {
    return this.#items.keys();
  }

  list(reviews: ReadonlyMap<ItemKey, Review>): PortalFinding[] {
    const out: PortalFinding[] = [];
    for (const [key, p] of this.#items) {
      const expected = this.#show(p.unit, p.expected);
      const actual = this.#show(p.unit, p.actual);
      out.push({
        key,
        check: p.check,
        providerId: p.providerId,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        expected,
        actual,
        occurrences: p.occurrences,
        detail: p.detail,
        review: reviews.get(key) ?? null,
      });
    }
    return out.sort(
      (a, b) =>
        cmp(a.periodStart, b.periodStart) || cmp(a.check, b.check) || cmp(a.providerId ?? '', b.providerId ?? ''),
    );
  }

  #show(unit: Pending['unit'], value: number | string): string {
    if (typeof value === 'string') return value;
    return unit === 'amount' ? formatMinor(value, this.#exponent) : String(value);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface RowFigures {
  providerId: string;
  taskCount: number;
  invoiced: number;
  paid: number;
  pending: number;
  approvalRate: string;
  approved: number;
  rejected: number;
  review: number;
}

/** The invariants of one report row, as the upstream documents them. */
export function checkRow(findings: FindingSet, w: WindowLike, r: RowFigures): void {
  const at = { providerId: r.providerId, periodStart: w.period_start, periodEnd: w.period_end, detail: null };
  if (r.paid + r.pending !== r.invoiced) {
    findings.add({ ...at, check: 'paid_plus_pending', unit: 'amount', expected: r.invoiced, actual: r.paid + r.pending });
  }
  if (r.approved + r.rejected + r.review !== r.taskCount) {
    findings.add({ ...at, check: 'status_counts', unit: 'count', expected: r.taskCount, actual: r.approved + r.rejected + r.review });
  }
  if (r.taskCount > 0) {
    const expected = approvalHundredths(r.approved, r.taskCount);
    let actual: number | null;
    try {
      actual = parseDecimalToMinor(r.approvalRate, 2).minor;
    } catch {
      actual = null;
    }
    if (actual !== expected) {
      findings.add({ ...at, check: 'approval_rate', unit: 'text', expected: percentOf(r.approved, r.taskCount) ?? '', actual: r.approvalRate });
    }
  }
}

/** The approval rate as the portal should write it ("66.67"); a different text is checked exactly. */
export function approvalText(approved: number, tasks: number): string {
  const h = approvalHundredths(approved, tasks);
  const cents = h % 100;
  return `${(h - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** approved / tasks × 100 in hundredths, rounded half away from zero, without floats. */
function approvalHundredths(approved: number, tasks: number): number {
  if (approved >= 0 && approved * 20_000 + tasks <= Number.MAX_SAFE_INTEGER) {
    return Math.floor((approved * 20_000 + tasks) / (2 * tasks));
  }
  return parseDecimalToMinor(percentOf(approved, tasks) ?? '0', 2).minor;
}

const GRAND_FIELDS = [
  ['grand_total_task_count', 'taskCount', 'task_count', 'count'],
  ['grand_total_invoiced', 'invoiced', 'invoiced_minor', 'amount'],
  ['grand_total_provider', 'provider', 'provider_minor', 'amount'],
  ['grand_total_paid', 'paid', 'paid_minor', 'amount'],
  ['grand_total_pending', 'pending', 'pending_minor', 'amount'],
] as const;

export interface GrandTotalRow {
  window_id: number;
  task_count: number;
  invoiced_minor: number;
  provider_minor: number;
  paid_minor: number;
  pending_minor: number;
}

/** Each window's grand total against the sum of that window's rows. */
export function checkGrandTotals(
  findings: FindingSet,
  windows: readonly WindowLike[],
  sums: ReadonlyMap<number, WindowSums>,
  grandTotals: readonly GrandTotalRow[],
): void {
  const byWindow = new Map(grandTotals.map((g) => [g.window_id, g]));
  const empty: WindowSums = { rows: 0, taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0 };
  for (const w of windows) {
    const s = sums.get(w.id) ?? empty;
    const g = byWindow.get(w.id);
    const at = { providerId: null, periodStart: w.period_start, periodEnd: w.period_end, detail: null };
    if (!g) {
      if (s.rows > 0) findings.add({ ...at, check: 'grand_total_missing', unit: 'text', expected: 'a grand total', actual: 'none' });
      continue;
    }
    for (const [check, sumField, totalField, unit] of GRAND_FIELDS) {
      if (s[sumField] !== g[totalField]) findings.add({ ...at, check, unit, expected: s[sumField], actual: g[totalField] });
    }
  }
}
