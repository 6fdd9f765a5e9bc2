import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ageingBucket, reconcile, reconcilePayg, type PaygReconciliation } from '../../../electron/core/reconcile/index.ts';
import { setReview } from '../../../electron/core/review/index.ts';
import { addBillingPeriod, addConnection, addQuarantine, addRestatement, addWindow, NOW, tempCache, withStore, type TempCache } from './fixtures.ts';

let cache: TempCache;
let conn: number;
let weekWindows: number[];

beforeEach(() => {
  cache = tempCache();
  conn = addConnection(cache.db, { name: 'lms', kind: 'payg' });
  weekWindows = ['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'].map((start) => {
    const end = new Date(Date.parse(`${start}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    return addWindow(cache.db, conn, { kind: 'week', periodStart: start, periodEnd: end });
  });
  seed();
});
afterEach(() => cache.cleanup());

// Today is 2026-03-15 (NOW).
function seed(): void {
  const { db } = cache;
  const b = (x: Parameters<typeof addBillingPeriod>[2]): void => addBillingPeriod(db, conn, x);
  b({ id: 1, start: '2026-02-02', end: '2026-02-08', status: 'PAYMENT_COMPLETE', currency: 'NGN', amount: 100_000 });
  b({ id: 2, start: '2026-02-02', end: '2026-02-08', status: 'SENT_TO_PAYMENT_SERVICE', currency: 'NGN', amount: 50_000, statusSince: '2026-02-09T00:00:00.000Z' });
  b({ id: 3, start: '2026-02-02', end: '2026-02-08', status: 'PAYMENT_FAILED', currency: 'NGN', amount: 20_000 });
  b({ id: 4, start: '2026-02-02', end: '2026-02-08', status: 'DRAFT', currency: 'NGN', amount: 7_000 });
  b({ id: 5, start: '2026-02-09', end: '2026-02-15', status: 'PENDING', currency: 'USD', amount: 1_000, fundingSource: 'FUND-B' });
  b({ id: 6, start: '2026-02-09', end: '2026-02-15', status: 'PAYMENT_COMPLETE', currency: 'USD', amount: 3_000, fundingSource: 'FUND-B' });
  b({ id: 7, start: '2026-02-23', end: '2026-03-01', status: 'SENT_TO_PAYMENT_SERVICE', currency: 'NGN', amount: 40_000, statusSince: '2026-02-22T12:00:00.000Z', fundingSource: null });
  b({ id: 8, start: '2026-02-23', end: '2026-03-01', status: 'DRAFT', currency: 'NGN', amount: 1_000 });
  b({ id: 9, start: '2026-02-23', end: '2026-03-01', status: 'PENDING', currency: 'NGN', amount: 9_000, statusSince: '2026-02-23T12:00:00.001Z' });
  // Outside the range: before it (carried forward when open) and after it.
  b({ id: 10, start: '2026-01-26', end: '2026-02-01', status: 'PAYMENT_FAILED', currency: 'NGN', amount: 5_000 });
  b({ id: 11, start: '2026-03-02', end: '2026-03-08', status: 'PAYMENT_COMPLETE', currency: 'NGN', amount: 999_999 });
}

function run(extra: Partial<Parameters<typeof reconcilePayg>[1]> = {}): PaygReconciliation {
  return reconcilePayg(cache, { connection: 'lms', from: '2026-02-02', to: '2026-03-01', period: 'week', now: NOW, ...extra });
}

describe('reconcilePayg: billed vs collected', () => {
  it('computes per currency and ISO week, never mixing currencies', () => {
    const r = run();
    expect(r.rows.map((x) => [x.currency, x.periodStart, x.periodEnd, x.count, x.billed, x.collected, x.outstanding, x.failed, x.draft, x.collectionRate])).toEqual([
      ['NGN', '2026-02-02', '2026-02-08', 4, '1700.00', '1000.00', '500.00', '200.00', '70.00', '58.82'],
      ['NGN', '2026-02-23', '2026-03-01', 3, '490.00', '0.00', '490.00', '0.00', '10.00', '0.00'],
      ['USD', '2026-02-09', '2026-02-15', 2, '40.00', '30.00', '10.00', '0.00', '0.00', '75.00'],
    ]);
    expect(r.totals.map((t) => [t.currency, t.count, t.billed, t.collected, t.outstanding, t.failed, t.draft, t.collectionRate])).toEqual([
      ['NGN', 7, '2190.00', '1000.00', '990.00', '200.00', '80.00', '45.66'],
      ['USD', 2, '40.00', '30.00', '10.00', '0.00', '0.00', '75.00'],
    ]);
    for (const t of [...r.totals, ...r.rows]) expect(t.billedMinor).toBe(t.collectedMinor + t.outstandingMinor + t.failedMinor);
    expect(r.complete).toBe(true);
    expect(r.coverageGaps).toEqual([]);
  });

  it('groups by calendar month, clipped to the range', () => {
    const r = reconcilePayg(cache, { connection: 'lms', from: '2026-01-26', to: '2026-03-08', period: 'month', now: NOW });
    expect(r.rows.map((x) => [x.currency, x.periodStart, x.periodEnd, x.billed, x.collected, x.failed])).toEqual([
      ['NGN', '2026-01-26', '2026-01-31', '50.00', '0.00', '50.00'],
      ['NGN', '2026-02-01', '2026-02-28', '2190.00', '1000.00', '200.00'],
      ['NGN', '2026-03-01', '2026-03-08', '9999.99', '9999.99', '0.00'],
      ['USD', '2026-02-01', '2026-02-28', '40.00', '30.00', '0.00'],
    ]);
  });

  it('splits by funding source or loan when asked, with group totals', () => {
    const r = run({ groupBy: 'funding_source' });
    expect(r.groupBy).toBe('funding_source');
    expect(r.rows.map((x) => [x.currency, x.periodStart, x.group, x.billed])).toEqual([
      ['NGN', '2026-02-02', 'FUND-A', '1700.00'],
      ['NGN', '2026-02-23', '', '400.00'],
      ['NGN', '2026-02-23', 'FUND-A', '90.00'],
      ['USD', '2026-02-09', 'FUND-B', '40.00'],
    ]);
    expect(r.groups.map((g) => [g.currency, g.group, g.billed, g.collectionRate])).toEqual([
      ['NGN', '', '400.00', '0.00'],
      ['NGN', 'FUND-A', '1790.00', '55.87'],
      ['USD', 'FUND-B', '40.00', '75.00'],
    ]);
    const byLoan = run({ groupBy: 'loan' });
    expect(byLoan.rows.filter((x) => x.currency === 'USD').map((x) => [x.group, x.billed])).toEqual([
      ['Loan 5', '10.00'],
      ['Loan 6', '30.00'],
    ]);
    // Grouping never changes the figures a sign-off covers.
    expect(byLoan.dataHash).toBe(run().dataHash);
  });

  it('ages what is not collected by days past the period end, every bucket of every currency', () => {
    const r = run();
    expect(r.ageing.map((a) => [a.currency, a.bucket, a.count, a.amount])).toEqual([
      ['NGN', '0-7', 0, '0.00'],
      ['NGN', '8-30', 2, '490.00'],
      ['NGN', '31-60', 2, '700.00'],
      ['NGN', '61-90', 0, '0.00'],
      ['NGN', '90+', 0, '0.00'],
      ['USD', '0-7', 0, '0.00'],
      ['USD', '8-30', 1, '10.00'],
      ['USD', '31-60', 0, '0.00'],
      ['USD', '61-90', 0, '0.00'],
      ['USD', '90+', 0, '0.00'],
    ]);
    expect([-3, 0, 7, 8, 30, 31, 60, 61, 90, 91].map(ageingBucket)).toEqual(['0-7', '0-7', '0-7', '8-30', '8-30', '31-60', '31-60', '61-90', '61-90', '90+']);
  });
});

describe('reconcilePayg: exceptions', () => {
  it('flags failed, overdue, unsent drafts and stuck periods, each with its record', () => {
    const r = run();
    expect(r.exceptions.map((e) => [e.key, e.kind, e.status, e.amount, e.daysPastEnd, e.daysInStatus])).toEqual([
      ['B|2', 'outstanding_overdue', 'SENT_TO_PAYMENT_SERVICE', '500.00', 35, 34],
      ['B|2', 'stuck_in_status', 'SENT_TO_PAYMENT_SERVICE', '500.00', 35, 34],
      ['B|3', 'failed', 'PAYMENT_FAILED', '200.00', 35, 14],
      ['B|4', 'draft_unsent', 'DRAFT', '70.00', 35, 14],
      ['B|5', 'outstanding_overdue', 'PENDING', '10.00', 28, 14],
      // 21 days in SENT_TO_PAYMENT_SERVICE is three weeks: stuck, however small; 14 days past end is not yet overdue.
      ['B|7', 'stuck_in_status', 'SENT_TO_PAYMENT_SERVICE', '400.00', 14, 21],
      ['B|8', 'draft_unsent', 'DRAFT', '10.00', 14, 14],
    ]);
    expect(r.exceptions[0]).toMatchObject({ id: 2, loanName: 'Loan 2', startDate: '2026-02-02', endDate: '2026-02-08', currency: 'NGN', amountMinor: 50_000 });
  });

  it('honours thresholds given for the run or kept on the connection', () => {
    const r = run({ outstandingDays: 30, draftDays: 20, stuckDays: 35 });
    expect(r.exceptions.map((e) => `${e.key}:${e.kind}`)).toEqual(['B|2:outstanding_overdue', 'B|3:failed', 'B|4:draft_unsent']);
    expect(r.thresholds).toEqual({ outstandingDays: 30, draftDays: 20, stuckDays: 35 });
    cache.db.prepare('UPDATE connection SET payg_outstanding_days = 27, payg_draft_days = 40, payg_stuck_days = 100 WHERE id = ?').run(conn);
    expect(run().exceptions.map((e) => `${e.key}:${e.kind}`)).toEqual(['B|2:outstanding_overdue', 'B|3:failed', 'B|5:outstanding_overdue']);
    expect(() => run({ draftDays: -1 })).toThrow(/whole number of days/);
  });

  it('lists quarantined records and coverage gaps, and the range is then incomplete', () => {
    addQuarantine(cache.db, conn, weekWindows[1] ?? 0, '123', 'totalAmountIncMaintenanceFee is not a decimal');
    cache.db.prepare("UPDATE sync_window SET status = 'failed', error = 'HTTP 500' WHERE id = ?").run(weekWindows[2]);
    const r = run();
    expect(r.quarantined.map((q) => [q.key, q.recordKey, q.reason])).toEqual([['F|quarantined|123|2026-02-09', '123', 'totalAmountIncMaintenanceFee is not a decimal']]);
    expect(r.coverageGaps).toEqual([{ periodStart: '2026-02-16', periodEnd: '2026-02-22', status: 'failed', error: 'HTTP 500' }]);
    expect(r.complete).toBe(false);
    const wider = run({ to: '2026-03-08' });
    expect(wider.coverageGaps.map((g) => [g.periodStart, g.status])).toEqual([
      ['2026-02-16', 'failed'],
      ['2026-03-02', 'missing'],
    ]);
  });

  it('carries unresolved exceptions of earlier periods forward until resolved', () => {
    const r = run();
    expect(r.openItems.map((o) => [o.key, o.carriedForward, o.ageDays, o.amount, o.description])).toEqual([
      ['B|10', true, 42, '50.00', 'failed'],
      ['B|2', false, 35, '500.00', 'outstanding_overdue,stuck_in_status'],
      ['B|3', false, 35, '200.00', 'failed'],
      ['B|4', false, 35, '70.00', 'draft_unsent'],
      ['B|5', false, 28, '10.00', 'outstanding_overdue'],
      ['B|7', false, 14, '400.00', 'stuck_in_status'],
      ['B|8', false, 14, '10.00', 'draft_unsent'],
    ]);
    setReview(withStore(cache.db, () => NOW), { connection: 'lms', itemKeys: ['B|10', 'B|3'], state: 'resolved', reason: 'duplicate', note: 'billed twice upstream' });
    const after = run();
    expect(after.openItems.map((o) => o.key)).toEqual(['B|2', 'B|4', 'B|5', 'B|7', 'B|8']);
    expect(after.exceptions.find((e) => e.key === 'B|3')?.review).toMatchObject({ state: 'resolved', reason: 'duplicate' });
  });

  it('shows restatements of billing periods of the range', () => {
    addRestatement(cache.db, conn, { entity: 'billing_period', key: 'B|2', periodStart: '2026-02-02', field: 'amount', oldValue: '450.00', newValue: '500.00' });
    addRestatement(cache.db, conn, { entity: 'billing_period', key: 'B|7', periodStart: null, field: 'status', oldValue: 'DRAFT', newValue: 'SENT_TO_PAYMENT_SERVICE' });
    addRestatement(cache.db, conn, { entity: 'billing_period', key: 'B|11', periodStart: '2026-03-02', field: 'amount', oldValue: '1.00', newValue: '2.00' });
    expect(run().restatements.map((x) => [x.key, x.periodStart, x.field, x.oldDisplay, x.newDisplay])).toEqual([
      ['B|2', '2026-02-02', 'amount', '450.00', '500.00'],
      ['B|7', '2026-02-23', 'status', 'DRAFT', 'SENT_TO_PAYMENT_SERVICE'],
    ]);
  });

  it('dispatches PAYG through reconcile() with ISO weeks by default', () => {
    const r = reconcile(cache, { connection: 'lms', from: '2026-02-02', to: '2026-03-01', now: NOW });
    expect(r.kind).toBe('payg');
    expect(r.period).toBe('week');
    expect(() => reconcile(cache, { connection: 'lms', from: '2026-02-02', to: '2026-03-01', period: 'range', now: NOW })).toThrow(/week or month/);
    expect(() => reconcile(cache, { connection: 'lms', from: '2026-02-02', to: '2026-03-01', toleranceAbs: '1', now: NOW })).toThrow(/portal connections only/);
  });
});
