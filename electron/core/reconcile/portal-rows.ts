/**
 * The hot part of a portal reconciliation: read the rows of a range in one pass, check each one,
 * build its result row, and rank them. A range holds up to a few hundred thousand rows, so the
 * pass allocates little: rows are streamed (never all held raw), SQLite filters the two checks
 * that would otherwise cost a string per row, provider ids and names are shared between a
 * provider's rows, and equal amounts share their text.
 */
import type { ReadableDB } from '../cache/index.ts';
import { portalRowKey, type ItemKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import { ReconcileError } from './connection.ts';
import { minorFormatter, percent2 } from './fast-math.ts';
import { compareIds } from './params.ts';
import { approvalText, checkRow, type FindingSet, type WindowSums } from './portal-checks.ts';
import type { PortalTotalsBuilder } from './portal-totals.ts';
import type { PortalClass, PortalPeriodTotals, PortalRow } from './types.ts';

export interface WindowRecord {
  id: number;
  period_start: string;
  period_end: string;
  window_start: string;
  window_end: string;
  provider_filter: string;
  status: 'ok' | 'incomplete' | 'failed';
  error: string | null;
  synced_at: string | null;
}

export interface Tolerance {
  absMinor: number;
  pct: string;
  /** |difference| ≤ pct% of |invoiced|, exact. */
  withinPct: (difference: number, invoiced: number) => boolean;
}

export interface RangeQuery {
  c: number;
  kind: string;
  from: string;
  to: string;
}

/**
 * Rows of the windows of the range: driven by sync_window's index, then portal_row's primary key.
 * The last two columns are NULL for a sound row: a currency other than @currency, and the
 * approval rate when it is not exactly the text approved / tasks × 100 gives (computed in integers
 * as approvalText does, and always returned when the integers could leave 2^53 so the exact check
 * in JavaScript decides).
 */
export const PORTAL_ROWS_SQL = `SELECT r.window_id, r.provider_id, r.provider_name, r.task_count, r.invoiced_minor, r.provider_minor,
    r.paid_minor, r.pending_minor, r.approved_count, r.rejected_count, r.review_count,
    NULLIF(r.currency, @currency),
    CASE WHEN r.task_count <= 0 THEN NULL
      WHEN r.approved_count >= 0 AND r.approved_count <= 450000000000 AND r.approved_count * 20000 + r.task_count <= 9007199254740991
        AND r.approval_rate = printf('%d.%02d', (r.approved_count * 20000 + r.task_count) / (2 * r.task_count) / 100,
                                                (r.approved_count * 20000 + r.task_count) / (2 * r.task_count) % 100)
      THEN NULL ELSE r.approval_rate END
  FROM sync_window w JOIN portal_row r ON r.window_id = w.id
  WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to`;

/** PORTAL_ROWS_SQL's columns, in order (read with .raw()). */
type RawRow = [
  windowId: number,
  providerId: string,
  providerName: string,
  taskCount: number,
  invoiced: number,
  provider: number,
  paid: number,
  pending: number,
  approved: number,
  rejected: number,
  review: number,
  otherCurrency: string | null,
  oddApprovalRate: string | null,
];

/** One window's figures for one provider. */
interface Part {
  /** window_start|window_end */
  dates: string;
  syncedAt: string;
  providerName: string;
  taskCount: number;
  invoiced: number;
  provider: number;
  paid: number;
  pending: number;
  approved: number;
  rejected: number;
  review: number;
}

interface WindowInfo {
  w: WindowRecord;
  dates: string;
  syncedAt: string;
  /** Rank of the window's period among the periods of the range (periods sort by their start). */
  period: number;
  /** The period is made of several windows (provider chunks, a range over 93 days): rows merge. */
  merges: boolean;
  sums: WindowSums;
  totals: PortalPeriodTotals;
}

interface Provider {
  id: string;
  name: string;
  index: number;
}

export interface PortalRowsInput {
  connectionName: string;
  currency: string;
  exponent: number;
  tolerance: Tolerance;
  /** Ordered by period_start (WINDOWS_SQL's order). */
  windows: readonly WindowRecord[];
  reviews: ReadonlyMap<ItemKey, Review>;
  findings: FindingSet;
  /** Each finished row is counted here as it is built. */
  totals: PortalTotalsBuilder;
}

export interface PortalRows {
  /** Ranked by |difference| desc, then provider id, then period. */
  rows: PortalRow[];
  /** The same rows in the order they were built (their order in memory: a faster walk). */
  built: readonly PortalRow[];
  /** Sums of each window's rows, for the grand-total checks. */
  windowSums: Map<number, WindowSums>;
}

export function classify(differenceMinor: number, invoicedMinor: number, tolerance: Tolerance): PortalClass {
  if (differenceMinor === 0) return 'MATCHED';
  if (Math.abs(differenceMinor) <= tolerance.absMinor || tolerance.withinPct(differenceMinor, invoicedMinor)) return 'WITHIN_TOLERANCE';
  return differenceMinor > 0 ? 'PROVIDER_HIGHER' : 'PROVIDER_LOWER';
}

/** Amounts and percents as text, equal values sharing one string (most pending amounts are 0). */
class RowText {
  readonly #money: (minor: number) => string;
  readonly #zero: string;
  readonly #zeroPct: string | null;

  constructor(exponent: number) {
    this.#money = minorFormatter(exponent);
    this.#zero = this.#money(0);
    this.#zeroPct = percent2(0, 1);
  }

  amount(minor: number): string {
    return minor === 0 ? this.#zero : this.#money(minor);
  }

  pct(difference: number, invoiced: number): string | null {
    return difference === 0 && invoiced !== 0 ? this.#zeroPct : percent2(difference, invoiced);
  }
}

/** One row's figures as read (a scratch object reused for every row). */
interface Figures {
  taskCount: number;
  invoiced: number;
  provider: number;
  paid: number;
  pending: number;
  approved: number;
  rejected: number;
  review: number;
}

/** The one place a result row is built (see primeRowLayout). */
function makeRow(key: ItemKey, providerId: string, providerName: string, w: WindowRecord, currency: string, f: Figures, text: RowText, tolerance: Tolerance, review: Review | null): PortalRow {
  const differenceMinor = safe(f.provider - f.invoiced);
  const status = classify(differenceMinor, f.invoiced, tolerance);
  const invoiced = text.amount(f.invoiced);
  return {
    key,
    providerId,
    providerName,
    periodStart: w.period_start,
    periodEnd: w.period_end,
    currency,
    taskCount: f.taskCount,
    invoiced,
    invoicedMinor: f.invoiced,
    providerReported: f.provider === f.invoiced ? invoiced : text.amount(f.provider),
    providerReportedMinor: f.provider,
    difference: text.amount(differenceMinor),
    differenceMinor,
    differencePct: text.pct(differenceMinor, f.invoiced),
    paid: f.paid === f.invoiced ? invoiced : text.amount(f.paid),
    paidMinor: f.paid,
    pending: f.pending === f.invoiced ? invoiced : text.amount(f.pending),
    pendingMinor: f.pending,
    approvedCount: f.approved,
    rejectedCount: f.rejected,
    reviewCount: f.review,
    status,
    outOfTolerance: status === 'PROVIDER_HIGHER' || status === 'PROVIDER_LOWER',
    review,
  };
}

/**
 * V8 lays out the rows' amount fields for what the first rows hold: small integers, stored in
 * place. The first amount beyond ±2^31 minor units (21 million COP) would change that layout to
 * boxed numbers, for every row: each row built before it would be converted on its next read
 * (about a microsecond, a hundred thousand times) and every row would carry five boxes. Storing
 * a non-number in those fields of a throwaway row first settles a layout that keeps small amounts
 * in place and boxes only the large ones. Nothing else ever sees that row.
 */
function primeRowLayout(w: WindowRecord, text: RowText, tolerance: Tolerance): void {
  const row = makeRow('', '', '', w, '', { taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0, approved: 0, rejected: 0, review: 0 }, text, tolerance, null);
  const loose = row as unknown as Record<string, unknown>;
  for (const field of ['invoicedMinor', 'providerReportedMinor', 'differenceMinor', 'paidMinor', 'pendingMinor']) loose[field] = null;
}

/** The derived figures of a row whose amounts changed (a merged row). */
function refresh(row: PortalRow, text: RowText, tolerance: Tolerance): void {
  const differenceMinor = safe(row.providerReportedMinor - row.invoicedMinor);
  const status = classify(differenceMinor, row.invoicedMinor, tolerance);
  row.invoiced = text.amount(row.invoicedMinor);
  row.providerReported = text.amount(row.providerReportedMinor);
  row.difference = text.amount(differenceMinor);
  row.differenceMinor = differenceMinor;
  row.differencePct = text.pct(differenceMinor, row.invoicedMinor);
  row.paid = text.amount(row.paidMinor);
  row.pending = text.amount(row.pendingMinor);
  row.status = status;
  row.outOfTolerance = status === 'PROVIDER_HIGHER' || status === 'PROVIDER_LOWER';
}

export function readPortalRows(db: ReadableDB, query: RangeQuery, input: PortalRowsInput): PortalRows {
  const { currency, tolerance, reviews, findings } = input;
  const windowInfo = windowInfos(input.windows, input.totals);
  const text = new RowText(input.exponent);
  const withReviews = reviews.size > 0;
  const first = input.windows[0];
  if (first) primeRowLayout(first, text, tolerance);

  const rows: PortalRow[] = [];
  // Beside each row (never on it: the row's shape is the contract's): its provider, its period
  // and the size of its difference, the ranking's keys.
  const providerOf: number[] = [];
  const periodOf: number[] = [];
  const sizeOf: number[] = [];
  const providers = new Map<string, Provider>();
  const providerList: Provider[] = [];
  // Only rows of periods made of several windows can meet again; the others skip the lookup.
  const indexOf = new Map<ItemKey, number>();
  const parts = new Map<number, Map<string, Part>>();
  const firstPart = new Map<number, WindowInfo>();
  const merged = new Set<number>();
  const f: Figures = { taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0, approved: 0, rejected: 0, review: 0 };

  const statement = db.prepare<RangeQuery & { currency: string }, RawRow>(PORTAL_ROWS_SQL).raw();
  for (const raw of statement.iterate({ ...query, currency })) {
    const info = windowInfo.get(raw[0]);
    if (info === undefined) continue;
    if (raw[11] !== null) {
      throw new ReconcileError(
        `The cache holds ${raw[11]} rows for ${input.connectionName}, whose currency is ${currency}. Check the connection's currency, then sync again.`,
      );
    }
    f.taskCount = raw[3];
    f.invoiced = raw[4];
    f.provider = raw[5];
    f.paid = raw[6];
    f.pending = raw[7];
    f.approved = raw[8];
    f.rejected = raw[9];
    f.review = raw[10];
    const sums = info.sums;
    sums.rows += 1;
    sums.taskCount += f.taskCount;
    sums.invoiced += f.invoiced;
    sums.provider += f.provider;
    sums.paid += f.paid;
    sums.pending += f.pending;
    const w = info.w;
    // Most rows pass every check: test cheaply first, describe only what fails.
    if (f.paid + f.pending !== f.invoiced || f.approved + f.rejected + f.review !== f.taskCount || raw[12] !== null) {
      const approvalRate = raw[12] ?? (f.taskCount > 0 ? approvalText(f.approved, f.taskCount) : '');
      checkRow(findings, w, { providerId: raw[1], ...f, approvalRate });
    }

    let p = providers.get(raw[1]);
    if (p === undefined) {
      p = { id: raw[1], name: raw[2], index: providerList.length };
      providers.set(p.id, p);
      providerList.push(p);
    } else if (p.name !== raw[2]) {
      p.name = raw[2];
    }
    const key = portalRowKey(p.id, w.period_start);
    if (info.merges) {
      const at = indexOf.get(key);
      if (at !== undefined) {
        const row = rows[at];
        const firstOf = firstPart.get(at);
        if (!row || !firstOf) continue;
        let known = parts.get(at);
        if (!known) parts.set(at, (known = new Map([[firstOf.dates, partOf(row, firstOf.dates, firstOf.syncedAt)]])));
        if (mergePart(row, known, { dates: info.dates, syncedAt: info.syncedAt, providerName: p.name, ...f })) merged.add(at);
        continue;
      }
      indexOf.set(key, rows.length);
      firstPart.set(rows.length, info);
    }
    const row = makeRow(key, p.id, p.name, w, currency, f, text, tolerance, withReviews ? (reviews.get(key) ?? null) : null);
    rows.push(row);
    // A row that may still merge is counted once it is final, below.
    if (!info.merges) input.totals.add(row, info.totals);
    providerOf.push(p.index);
    periodOf.push(info.period);
    sizeOf.push(Math.abs(row.differenceMinor));
  }
  for (const at of merged) {
    const row = rows[at];
    if (!row) continue;
    refresh(row, text, tolerance);
    sizeOf[at] = Math.abs(row.differenceMinor);
  }
  for (const at of indexOf.values()) {
    const row = rows[at];
    const info = firstPart.get(at);
    if (row && info) input.totals.add(row, info.totals);
  }

  const windowSums = new Map<number, WindowSums>();
  for (const [id, info] of windowInfo) if (info.sums.rows > 0) windowSums.set(id, info.sums);
  return { rows: rank(rows, providerList, providerOf, periodOf, sizeOf), built: rows, windowSums };
}

function windowInfos(windows: readonly WindowRecord[], totals: PortalTotalsBuilder): Map<number, WindowInfo> {
  const periods = new Map<string, { rank: number; windows: number }>();
  for (const w of windows) {
    const p = periods.get(w.period_start);
    if (p) p.windows += 1;
    else periods.set(w.period_start, { rank: 0, windows: 1 });
  }
  [...periods.keys()].sort().forEach((start, rank) => {
    const p = periods.get(start);
    if (p) p.rank = rank;
  });
  const out = new Map<number, WindowInfo>();
  for (const w of windows) {
    const p = periods.get(w.period_start) ?? { rank: 0, windows: 2 };
    out.set(w.id, {
      w,
      dates: `${w.window_start}|${w.window_end}`,
      syncedAt: w.synced_at ?? '',
      period: p.rank,
      merges: p.windows > 1,
      sums: { rows: 0, taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0 },
      totals: totals.periodOf(w),
    });
  }
  return out;
}

function partOf(row: PortalRow, dates: string, syncedAt: string): Part {
  return {
    dates,
    syncedAt,
    providerName: row.providerName,
    taskCount: row.taskCount,
    invoiced: row.invoicedMinor,
    provider: row.providerReportedMinor,
    paid: row.paidMinor,
    pending: row.pendingMinor,
    approved: row.approvedCount,
    rejected: row.rejectedCount,
    review: row.reviewCount,
  };
}

const sum = (parts: Map<string, Part>, pick: (p: Part) => number): number => {
  let total = 0;
  for (const p of parts.values()) total = safe(total + pick(p));
  return total;
};

/**
 * Provider chunks of the same dates are a union (a provider counted once, from the latest
 * snapshot); windows of different dates within one period (a range over 93 days) add up.
 * Returns whether the row changed.
 */
function mergePart(row: PortalRow, parts: Map<string, Part>, part: Part): boolean {
  const same = parts.get(part.dates);
  if (same && same.syncedAt >= part.syncedAt) return false;
  parts.set(part.dates, part);
  row.providerName = part.providerName;
  row.taskCount = sum(parts, (p) => p.taskCount);
  row.invoicedMinor = sum(parts, (p) => p.invoiced);
  row.providerReportedMinor = sum(parts, (p) => p.provider);
  row.paidMinor = sum(parts, (p) => p.paid);
  row.pendingMinor = sum(parts, (p) => p.pending);
  row.approvedCount = sum(parts, (p) => p.approved);
  row.rejectedCount = sum(parts, (p) => p.rejected);
  row.reviewCount = sum(parts, (p) => p.review);
  return true;
}

const DIGITS = /^\d+$/;

/**
 * Rank by |difference| desc, then provider id (compareIds), then period. When the ids are all
 * numeric or all not, compareIds is a total order, and so is the ranking: any way of sorting
 * gives the very same rows in the very same order. Then the rows are first put in provider and
 * period order (two counting passes), and one number per row, -|difference| × n + that place,
 * is sorted natively; a comparator sort of 100,000 rows takes several times as long. A mix of
 * id kinds, or differences too large for that number to stay exact, are compared as before.
 */
function rank(rows: PortalRow[], providers: readonly Provider[], providerOf: readonly number[], periodOf: readonly number[], sizeOf: readonly number[]): PortalRow[] {
  const n = rows.length;
  const numeric = providers.filter((p) => DIGITS.test(p.id)).length;
  let largest = 0;
  for (const size of sizeOf) if (size > largest) largest = size;
  if ((numeric !== 0 && numeric !== providers.length) || largest * n + n > Number.MAX_SAFE_INTEGER) {
    return [...rows].sort(
      (x, y) =>
        Math.abs(y.differenceMinor) - Math.abs(x.differenceMinor) ||
        compareIds(x.providerId, y.providerId) ||
        (x.periodStart < y.periodStart ? -1 : x.periodStart > y.periodStart ? 1 : 0),
    );
  }
  const providerRank = new Int32Array(providers.length);
  const byId = [...providers].sort((a, b) => compareIds(a.id, b.id));
  for (let i = 0; i < byId.length; i++) providerRank[byId[i]?.index ?? 0] = i;
  let periods = 0;
  for (const period of periodOf) if (period >= periods) periods = period + 1;
  // Provider and period order: by period, then (stable) by provider.
  const byPeriod = countingOrder(n, periods, (i) => periodOf[i] ?? 0, null);
  const byProvider = countingOrder(n, providers.length, (i) => providerRank[providerOf[i] ?? 0] ?? 0, byPeriod);
  const keys = new Float64Array(n);
  for (let place = 0; place < n; place++) {
    const i = byProvider[place] ?? 0;
    keys[place] = place - (sizeOf[i] ?? 0) * n;
  }
  keys.sort();
  const out: PortalRow[] = [];
  for (const key of keys) {
    const place = ((key % n) + n) % n;
    out.push(rows[byProvider[place] ?? 0]!);
  }
  return out;
}

/** A stable counting sort of row indices by a small integer key; `within` is the order to keep. */
function countingOrder(n: number, buckets: number, keyOf: (i: number) => number, within: Int32Array | null): Int32Array {
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[keyOf(i) + 1]! += 1;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const out = new Int32Array(n);
  for (let place = 0; place < n; place++) {
    const i = within ? (within[place] ?? 0) : place;
    out[starts[keyOf(i)]!++] = i;
  }
  return out;
}

function safe(value: number): number {
  if (!Number.isSafeInteger(value)) throw new ReconcileError('An amount in this range is too large to add up exactly.');
  return value;
}
