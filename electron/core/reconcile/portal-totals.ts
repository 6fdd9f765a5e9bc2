/**
 * Totals of a portal reconciliation: each period's, summed by SQLite over the table of the
 * range's rows (one GROUP BY), and the range's, the sum of its periods.
 */
import type { ReadableDB } from '../cache/index.ts';
import { formatMinor, percentOf } from '../money/index.ts';
import { formatDay } from './dates.ts';
import { exact } from './sql-functions.ts';
import type { WindowSums } from './portal-checks.ts';
import type { PortalPeriodTotals, PortalTotals } from './types.ts';

type PeriodSums = [periodStart: string, rows: number, taskCount: number, invoiced: number, provider: number, paid: number, pending: number, matched: number, within: number, higher: number, lower: number];

interface WindowLike {
  period_start: string;
  period_end: string;
}

export class PortalTotalsBuilder {
  readonly totals: PortalTotals;
  readonly #exponent: number;
  readonly #byPeriod = new Map<string, PortalPeriodTotals>();

  /** Every expected period of the range and every period a window belongs to, empty. */
  constructor(currency: string, exponent: number, windows: readonly WindowLike[], expected: readonly { start: number; end: number }[]) {
    this.#exponent = exponent;
    this.totals = emptyTotals(currency, exponent);
    for (const period of expected) this.#open(currency, formatDay(period.start), formatDay(period.end));
    for (const w of windows) {
      const p = this.#open(currency, w.period_start, w.period_end);
      p.periodEnd = w.period_end;
      p.windows += 1;
    }
  }

  /** Add up each period's rows of a table of portal rows (portal-rows.ts). */
  addRows(db: ReadableDB, table: string): void {
    const statement = db
      .prepare<[], PeriodSums>(
        `SELECT period_start, COUNT(*), SUM(task_count), SUM(invoiced), SUM(provider_reported), SUM(paid), SUM(pending),
           SUM(status = 'MATCHED'), SUM(status = 'WITHIN_TOLERANCE'), SUM(status = 'PROVIDER_HIGHER'), SUM(status = 'PROVIDER_LOWER')
         FROM ${table} GROUP BY period_start`,
      )
      .raw();
    for (const [periodStart, rows, taskCount, invoiced, provider, paid, pending, matched, within, higher, lower] of statement.iterate()) {
      const sums = { rows, taskCount, invoiced: exact(invoiced), provider: exact(provider), paid: exact(paid), pending: exact(pending), matched, within, higher, lower };
      const period = this.#byPeriod.get(periodStart);
      if (period) addSums(period, sums);
      addSums(this.totals, sums);
    }
  }

  /** The totals as text, and the periods in order with whether each is covered. */
  finish(gaps: readonly { periodStart: string }[]): { totals: PortalTotals; periods: PortalPeriodTotals[] } {
    finish(this.totals, this.#exponent);
    const gapStarts = new Set(gaps.map((g) => g.periodStart));
    const periods = [...this.#byPeriod.values()].sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
    for (const p of periods) {
      finish(p, this.#exponent);
      p.covered = p.windows > 0 && !gapStarts.has(p.periodStart);
    }
    return { totals: this.totals, periods };
  }

  #open(currency: string, periodStart: string, periodEnd: string): PortalPeriodTotals {
    let p = this.#byPeriod.get(periodStart);
    if (!p) this.#byPeriod.set(periodStart, (p = { ...emptyTotals(currency, this.#exponent), periodStart, periodEnd, windows: 0, covered: true }));
    return p;
  }
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

interface Sums extends WindowSums {
  matched: number;
  within: number;
  higher: number;
  lower: number;
}

function addSums(t: PortalTotals, s: Sums): void {
  t.rowCount += s.rows;
  t.taskCount += s.taskCount;
  t.invoicedMinor = exact(t.invoicedMinor + s.invoiced);
  t.providerReportedMinor = exact(t.providerReportedMinor + s.provider);
  t.paidMinor = exact(t.paidMinor + s.paid);
  t.pendingMinor = exact(t.pendingMinor + s.pending);
  t.outOfTolerance += s.higher + s.lower;
  t.classes.MATCHED += s.matched;
  t.classes.WITHIN_TOLERANCE += s.within;
  t.classes.PROVIDER_HIGHER += s.higher;
  t.classes.PROVIDER_LOWER += s.lower;
}

function finish(t: PortalTotals, exponent: number): void {
  t.differenceMinor = exact(t.providerReportedMinor - t.invoicedMinor);
  t.invoiced = formatMinor(t.invoicedMinor, exponent);
  t.providerReported = formatMinor(t.providerReportedMinor, exponent);
  t.difference = formatMinor(t.differenceMinor, exponent);
  t.differencePct = percentOf(t.differenceMinor, t.invoicedMinor);
  t.paid = formatMinor(t.paidMinor, exponent);
  t.pending = formatMinor(t.pendingMinor, exponent);
}
