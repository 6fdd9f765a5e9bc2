/**
 * Portal reconciliation: invoiced vs provider-reported, per provider and period, with the checks
 * of the upstream's own figures. One set-based read per table for the range, one pass in memory.
 */
import type { CacheDatabase } from '../cache/index.ts';
import { isoInstant } from '../deps.ts';
import { currencyExponent, formatMinor, parseDecimalToMinor } from '../money/index.ts';
import { minorFormatter, percent2 as percentOf, withinPercentOf } from './fast-math.ts';
import { portalRowKey } from '../review/keys.ts';
import { reviewMap } from '../review/reviews.ts';
import { signoffsOf, voidStaleSignoffs } from '../review/signoff-store.ts';
import { findConnection, ReconcileError, type ConnectionRecord } from './connection.ts';
import { findCoverageGaps } from './coverage.ts';
import { parseDay, periodsOf } from './dates.ts';
import { portalFiguresHash, portalFiguresText } from './figures.ts';
import { portalOpenItems } from './open-items.ts';
import { approvalText, checkGrandTotals, checkRow, FindingSet, type WindowSums } from './portal-checks.ts';
import { restatementsOf } from './restatements.ts';
import { compareIds, requireRange } from './params.ts';
import type { PortalClass, PortalParams, PortalPeriodTotals, PortalReconciliation, PortalRow, PortalTotals } from './types.ts';

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

/** Raw portal_row columns, in this order (read with .raw() for speed). */
type RawRow = [
  windowId: number,
  providerId: string,
  providerName: string,
  currency: string,
  taskCount: number,
  invoiced: number,
  provider: number,
  paid: number,
  pending: number,
  approvalRate: string,
  approved: number,
  rejected: number,
  review: number,
];

export interface Tolerance {
  absMinor: number;
  pct: string;
  /** |difference| ≤ pct% of |invoiced|, exact. */
  withinPct: (difference: number, invoiced: number) => boolean;
}

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
 */
function mergePart(row: PortalRow, parts: Map<string, Part>, part: Part): void {
  const same = parts.get(part.dates);
  if (same && same.syncedAt >= part.syncedAt) return;
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
}

const WINDOWS_SQL = `SELECT id, period_start, period_end, window_start, window_end, provider_filter, status, error, synced_at
  FROM sync_window WHERE connection_id = @c AND period_kind = @kind AND period_start >= @from AND period_end <= @to
  ORDER BY period_start, window_start, provider_filter`;

/** Rows of the windows of the range: driven by sync_window's index, then portal_row's primary key. */
export const PORTAL_ROWS_SQL = `SELECT r.window_id, r.provider_id, r.provider_name, r.currency, r.task_count, r.invoiced_minor,
    r.provider_minor, r.paid_minor, r.pending_minor, r.approval_rate, r.approved_count, r.rejected_count, r.review_count
  FROM sync_window w JOIN portal_row r ON r.window_id = w.id
  WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to`;

export function reconcilePortal(db: CacheDatabase, params: PortalParams): PortalReconciliation {
  const connection = findConnection(db, params.connection);
  if (connection.kind !== 'portal') {
    throw new ReconcileError(`${connection.name} is a PAYG connection: reconcile it as billed vs collected (period week or month).`);
  }
  const { fromDay, toDay } = requireRange(params.from, params.to);
  if (!['month', 'week', 'range'].includes(params.period)) {
    throw new ReconcileError(`The period must be month, week or range, not "${String(params.period)}".`);
  }
  const currency = connection.currency ?? '';
  const exponent = currencyExponent(currency);
  const tolerance = resolveTolerance(connection, exponent, params);
  const q = { c: connection.id, kind: params.period, from: params.from, to: params.to };

  const windows = db.prepare<typeof q, WindowRecord>(WINDOWS_SQL).all(q);
  const windowById = new Map(windows.map((w) => [w.id, w]));
  const rawRows = db.prepare<typeof q, RawRow>(PORTAL_ROWS_SQL).raw().all(q);

  const findings = new FindingSet(exponent);
  const windowSums = new Map<number, WindowSums>();
  const windowInfo = new Map(windows.map((w) => [w.id, { w, dates: `${w.window_start}|${w.window_end}`, syncedAt: w.synced_at ?? '' }]));
  // Rows are built in place: the first window seen for a provider and period creates the row,
  // any other window is merged (see mergePart); amounts are rendered once, at the end.
  const rows: PortalRow[] = [];
  const indexOf = new Map<string, number>();
  const firstPart: { dates: string; syncedAt: string }[] = [];
  const parts = new Map<number, Map<string, Part>>();
  for (const raw of rawRows) {
    const [windowId, providerId, providerName, rowCurrency, taskCount, invoiced, provider, paid, pending, approvalRate, approved, rejected, review] = raw;
    const info = windowInfo.get(windowId);
    if (!info) continue;
    const w = info.w;
    if (rowCurrency !== currency) {
      throw new ReconcileError(
        `The cache holds ${rowCurrency} rows for ${connection.name}, whose currency is ${currency}. Check the connection's currency, then sync again.`,
      );
    }
    let sums = windowSums.get(windowId);
    if (!sums) windowSums.set(windowId, (sums = { rows: 0, taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0 }));
    sums.rows += 1;
    sums.taskCount += taskCount;
    sums.invoiced += invoiced;
    sums.provider += provider;
    sums.paid += paid;
    sums.pending += pending;
    // Most rows pass every check: test cheaply first, describe only what fails.
    if (paid + pending !== invoiced || approved + rejected + review !== taskCount || (taskCount > 0 && approvalRate !== approvalText(approved, taskCount))) {
      checkRow(findings, w, { providerId, taskCount, invoiced, paid, pending, approvalRate, approved, rejected, review });
    }

    const key = portalRowKey(providerId, w.period_start);
    const at = indexOf.get(key);
    if (at === undefined) {
      indexOf.set(key, rows.length);
      firstPart.push({ dates: info.dates, syncedAt: info.syncedAt });
      rows.push({
        key,
        providerId,
        providerName,
        periodStart: w.period_start,
        periodEnd: w.period_end,
        currency,
        taskCount,
        invoiced: '',
        invoicedMinor: invoiced,
        providerReported: '',
        providerReportedMinor: provider,
        difference: '',
        differenceMinor: 0,
        differencePct: null,
        paid: '',
        paidMinor: paid,
        pending: '',
        pendingMinor: pending,
        approvedCount: approved,
        rejectedCount: rejected,
        reviewCount: review,
        status: 'MATCHED',
        outOfTolerance: false,
        review: null,
      });
    } else {
      const row = rows[at];
      const first = firstPart[at];
      if (!row || !first) continue;
      let known = parts.get(at);
      if (!known) parts.set(at, (known = new Map([[first.dates, partOf(row, first.dates, first.syncedAt)]])));
      const part: Part = { dates: info.dates, syncedAt: info.syncedAt, providerName, taskCount, invoiced, provider, paid, pending, approved, rejected, review };
      mergePart(row, known, part);
    }
  }

  const reviews = reviewMap(db, connection.id);
  const money = minorFormatter(exponent);
  for (const row of rows) {
    const differenceMinor = safe(row.providerReportedMinor - row.invoicedMinor);
    const status = classify(differenceMinor, row.invoicedMinor, tolerance);
    row.invoiced = money(row.invoicedMinor);
    row.providerReported = money(row.providerReportedMinor);
    row.difference = money(differenceMinor);
    row.differenceMinor = differenceMinor;
    row.differencePct = percentOf(differenceMinor, row.invoicedMinor);
    row.paid = money(row.paidMinor);
    row.pending = money(row.pendingMinor);
    row.status = status;
    row.outOfTolerance = status === 'PROVIDER_HIGHER' || status === 'PROVIDER_LOWER';
    if (reviews.size > 0) row.review = reviews.get(row.key) ?? null;
  }
  rows.sort(
    (x, y) =>
      Math.abs(y.differenceMinor) - Math.abs(x.differenceMinor) || compareIds(x.providerId, y.providerId) || (x.periodStart < y.periodStart ? -1 : x.periodStart > y.periodStart ? 1 : 0),
  );

  // Checks of the figures as a whole: grand totals per window, quarantine, coverage.
  const grandTotals = db
    .prepare<typeof q, { window_id: number; task_count: number; invoiced_minor: number; provider_minor: number; paid_minor: number; pending_minor: number }>(
      `SELECT g.window_id, g.task_count, g.invoiced_minor, g.provider_minor, g.paid_minor, g.pending_minor
       FROM sync_window w JOIN portal_grand_total g ON g.window_id = w.id
       WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to`,
    )
    .all(q);
  checkGrandTotals(findings, windows, windowSums, grandTotals);

  const quarantined = db
    .prepare<typeof q, { id: number; window_id: number; record_key: string | null; reason: string }>(
      `SELECT q.id, q.window_id, q.record_key, q.reason FROM sync_window w JOIN quarantine q ON q.window_id = w.id
       WHERE w.connection_id = @c AND w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to ORDER BY q.id`,
    )
    .all(q);
  for (const record of quarantined) {
    const w = windowById.get(record.window_id);
    if (w) findings.quarantined(w, record);
  }

  const periodsExpected = periodsOf(fromDay, toDay, params.period);
  const coverageGaps = findCoverageGaps(
    periodsExpected,
    windows.map((w) => ({ start: dayOf(w.window_start), end: dayOf(w.window_end), status: w.status, error: w.error })),
  );
  for (const gap of coverageGaps) findings.coverageGap(gap);

  const totals = totalsOf(currency, exponent, rows);
  const periods = periodTotals(currency, exponent, rows, windows, periodsExpected, coverageGaps);
  const findingList = findings.list(reviews);
  const complete = coverageGaps.length === 0 && quarantined.length === 0;

  const head = { connection: connection.name, from: params.from, to: params.to, period: params.period };
  const dataHash = portalFiguresHash(head, rows, totals);
  voidStaleSignoffs(db, () => params.now, { connectionId: connection.id, ...head, figuresText: () => portalFiguresText(head, rows, totals), hash: dataHash });

  return {
    connection: connection.name,
    kind: 'portal',
    currency,
    from: params.from,
    to: params.to,
    period: params.period,
    complete,
    tolerance: { abs: formatMinor(tolerance.absMinor, exponent), absMinor: tolerance.absMinor, pct: tolerance.pct },
    rows,
    totals,
    periods,
    findings: findingList,
    coverageGaps,
    restatements: restatementsOf(db, connection.id, params.from, params.to, currency),
    openItems: portalOpenItems(db, {
      connection,
      currency,
      exponent,
      period: params.period,
      from: params.from,
      now: params.now,
      rows,
      reviews,
      classify: (difference, invoiced) => {
        const c = classify(difference, invoiced, tolerance);
        return c === 'PROVIDER_HIGHER' || c === 'PROVIDER_LOWER';
      },
    }),
    signoffs: signoffsOf(db, connection.id, connection.name, { from: params.from, to: params.to, period: params.period }),
    dataHash,
    generatedAt: isoInstant(params.now),
  };
}

export function classify(differenceMinor: number, invoicedMinor: number, tolerance: Tolerance): PortalClass {
  if (differenceMinor === 0) return 'MATCHED';
  if (Math.abs(differenceMinor) <= tolerance.absMinor || tolerance.withinPct(differenceMinor, invoicedMinor)) return 'WITHIN_TOLERANCE';
  return differenceMinor > 0 ? 'PROVIDER_HIGHER' : 'PROVIDER_LOWER';
}

function resolveTolerance(connection: ConnectionRecord, exponent: number, params: PortalParams): Tolerance {
  let absMinor = connection.toleranceAbsMinor;
  if (params.toleranceAbs !== undefined) {
    let parsed;
    try {
      parsed = parseDecimalToMinor(params.toleranceAbs, exponent);
    } catch {
      throw new ReconcileError(`The tolerance amount "${params.toleranceAbs}" is not a decimal amount (use digits and a point, such as 5000 or 12.50).`);
    }
    if (parsed.rounded) {
      throw new ReconcileError(`The tolerance amount "${params.toleranceAbs}" has more decimals than ${connection.currency ?? 'the currency'} allows.`);
    }
    absMinor = parsed.minor;
  }
  if (absMinor < 0) throw new ReconcileError('The tolerance amount cannot be negative.');
  const pct = params.tolerancePct ?? connection.tolerancePct;
  let pctScaled: number;
  try {
    pctScaled = parseDecimalToMinor(pct, 6).minor;
  } catch {
    throw new ReconcileError(`The tolerance percent "${pct}" is not a decimal number (such as 0.5 for half a percent).`);
  }
  if (pctScaled < 0) throw new ReconcileError('The tolerance percent cannot be negative.');
  return { absMinor, pct, withinPct: withinPercentOf(pct) };
}

function emptyTotals(currency: string, exponent: number): PortalTotals {
  const zero = formatMinor(0, exponent);
  return {
    currency,
    rowCount: 0,
    taskCount: 0,
    invoiced: zero,
    invoicedMinor: 0,
    providerReported: zero,
    providerReportedMinor: 0,
    difference: zero,
    differenceMinor: 0,
    differencePct: null,
    paid: zero,
    paidMinor: 0,
    pending: zero,
    pendingMinor: 0,
    outOfTolerance: 0,
    classes: { MATCHED: 0, WITHIN_TOLERANCE: 0, PROVIDER_HIGHER: 0, PROVIDER_LOWER: 0 },
  };
}

function addRow(t: PortalTotals, r: PortalRow): void {
  t.rowCount += 1;
  t.taskCount += r.taskCount;
  t.invoicedMinor = safe(t.invoicedMinor + r.invoicedMinor);
  t.providerReportedMinor = safe(t.providerReportedMinor + r.providerReportedMinor);
  t.paidMinor = safe(t.paidMinor + r.paidMinor);
  t.pendingMinor = safe(t.pendingMinor + r.pendingMinor);
  if (r.outOfTolerance) t.outOfTolerance += 1;
  t.classes[r.status] += 1;
}

function finish(t: PortalTotals, exponent: number): void {
  t.differenceMinor = safe(t.providerReportedMinor - t.invoicedMinor);
  t.invoiced = formatMinor(t.invoicedMinor, exponent);
  t.providerReported = formatMinor(t.providerReportedMinor, exponent);
  t.difference = formatMinor(t.differenceMinor, exponent);
  t.differencePct = percentOf(t.differenceMinor, t.invoicedMinor);
  t.paid = formatMinor(t.paidMinor, exponent);
  t.pending = formatMinor(t.pendingMinor, exponent);
}

function totalsOf(currency: string, exponent: number, rows: readonly PortalRow[]): PortalTotals {
  const t = emptyTotals(currency, exponent);
  for (const r of rows) addRow(t, r);
  finish(t, exponent);
  return t;
}

function periodTotals(
  currency: string,
  exponent: number,
  rows: readonly PortalRow[],
  windows: readonly WindowRecord[],
  expected: readonly { start: number; end: number }[],
  gaps: readonly { periodStart: string }[],
): PortalPeriodTotals[] {
  const byPeriod = new Map<string, PortalPeriodTotals>();
  const open = (periodStart: string, periodEnd: string): PortalPeriodTotals => {
    let p = byPeriod.get(periodStart);
    if (!p) byPeriod.set(periodStart, (p = { ...emptyTotals(currency, exponent), periodStart, periodEnd, windows: 0, covered: true }));
    return p;
  };
  for (const period of expected) open(formatDayString(period.start), formatDayString(period.end));
  for (const w of windows) {
    const p = open(w.period_start, w.period_end);
    p.periodEnd = w.period_end;
    p.windows += 1;
  }
  for (const r of rows) addRow(open(r.periodStart, r.periodEnd), r);
  const gapStarts = new Set(gaps.map((g) => g.periodStart));
  const out = [...byPeriod.values()].sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
  for (const p of out) {
    finish(p, exponent);
    p.covered = p.windows > 0 && !gapStarts.has(p.periodStart);
  }
  return out;
}

function formatDayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function dayOf(date: string): number {
  const day = parseDay(date);
  if (day === null) throw new ReconcileError(`The cache holds an unreadable date "${date}": sync the range again.`);
  return day;
}

function safe(value: number): number {
  if (!Number.isSafeInteger(value)) throw new ReconcileError('An amount in this range is too large to add up exactly.');
  return value;
}
