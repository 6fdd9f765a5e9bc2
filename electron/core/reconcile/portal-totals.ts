/**
 * Totals of a portal reconciliation: the range's and each period's. Rows are added while they are
 * built (the hot pass), so no second walk over a hundred thousand rows is needed.
 */
import { formatMinor, percentOf } from '../money/index.ts';
import { formatDay } from './dates.ts';
import { ReconcileError } from './connection.ts';
import type { PortalPeriodTotals, PortalRow, PortalTotals } from './types.ts';

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

  /** The totals of the period a window belongs to (the constructor made one for each). */
  periodOf(w: WindowLike): PortalPeriodTotals {
    return this.#open(this.totals.currency, w.period_start, w.period_end);
  }

  /** Count a finished row in the range's totals and in its period's. */
  add(row: PortalRow, period: PortalPeriodTotals): void {
    addRow(this.totals, row);
    addRow(period, row);
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

function addRow(t: PortalTotals, r: PortalRow): void {
  t.rowCount += 1;
  t.taskCount += r.taskCount;
  t.invoicedMinor = safe(t.invoicedMinor + r.invoicedMinor);
  t.providerReportedMinor = safe(t.providerReportedMinor + r.providerReportedMinor);
  t.paidMinor = safe(t.paidMinor + r.paidMinor);
  t.pendingMinor = safe(t.pendingMinor + r.pendingMinor);
  if (r.outOfTolerance) t.outOfTolerance += 1;
  // A switch, not classes[r.status]: a keyed store per row is what made this loop slow.
  const c = t.classes;
  switch (r.status) {
    case 'MATCHED':
      c.MATCHED += 1;
      break;
    case 'WITHIN_TOLERANCE':
      c.WITHIN_TOLERANCE += 1;
      break;
    case 'PROVIDER_HIGHER':
      c.PROVIDER_HIGHER += 1;
      break;
    case 'PROVIDER_LOWER':
      c.PROVIDER_LOWER += 1;
      break;
  }
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

function safe(value: number): number {
  if (!Number.isSafeInteger(value)) throw new ReconcileError('An amount in this range is too large to add up exactly.');
  return value;
}
