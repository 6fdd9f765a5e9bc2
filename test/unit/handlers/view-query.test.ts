/**
 * The views the window pages through: a reconciliation kept in temporary tables, sorted and
 * filtered by SQLite, with each item's review read along with it (the one place reviews meet rows).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReconciliation, type PaygException } from '../../../electron/core/reconcile/index.ts';
import type { ViewPage } from '../../../electron/core/reconcile/schemas.ts';
import { foldText } from '../../../electron/core/reconcile/sql-functions.ts';
import { setReview } from '../../../electron/core/review/index.ts';
import { ReconciliationViews } from '../../../electron/handlers/views.ts';
import { addBillingPeriod, addConnection, addWindow, NOW, tempCache, type TempCache } from '../reconcile/fixtures.ts';
import { withStore } from '../../support/review-store.ts';

let cache: TempCache;
beforeEach(() => {
  cache = tempCache();
});
afterEach(() => cache.cleanup());

const range = { from: '2026-01-05', to: '2026-01-11', period: 'week' as const, now: NOW };

function seedLoans(name = 'loans'): void {
  const c = addConnection(cache.db, { name, kind: 'payg' });
  addWindow(cache.db, c, { kind: 'week', periodStart: range.from, periodEnd: range.to });
  const failed = (id: number, currency: string, amount: number, loanName: string): void =>
    addBillingPeriod(cache.db, c, { id, start: range.from, end: range.to, status: 'PAYMENT_FAILED', currency, amount, loanName, statusSince: '2025-11-01T00:00:00.000Z' });
  // Billing period 1 is overdue and has sat in its status for months: two exceptions, one key.
  addBillingPeriod(cache.db, c, { id: 1, start: range.from, end: range.to, status: 'PENDING', currency: 'USD', amount: 1_050, loanName: 'Préstamo Núñez', statusSince: '2025-11-01T00:00:00.000Z' });
  addBillingPeriod(cache.db, c, { id: 2, start: range.from, end: range.to, status: 'PENDING', currency: 'USD', amount: -300, loanName: 'Loan B', statusSince: '2026-03-01T00:00:00.000Z' });
  failed(3, 'USD', 10_000, 'Loan C');
}

/** The exceptions of a page (the list asked for is the list answered). */
function exceptionsOf(page: ViewPage): PaygException[] {
  if (page.list !== 'exceptions') throw new Error(`expected exceptions, got ${page.list}`);
  return page.rows;
}

function view(views: ReconciliationViews, connection = 'loans'): string {
  return views.add(openReconciliation(withStore(cache.db), { connection, ...range }));
}

describe('view queries', () => {
  it('folds case and accents for the text filter', () => {
    expect(foldText('Peñalosa Ángel')).toBe('penalosa angel');
    expect(foldText('ÉCOLE')).toContain('ecole');
  });

  it('sorts amounts of several currencies as the exact decimals they are', () => {
    const c = addConnection(cache.db, { name: 'mixed', kind: 'payg' });
    addWindow(cache.db, c, { kind: 'week', periodStart: range.from, periodEnd: range.to });
    // 2 JPY, 1.50 USD, 1.505 KWD, 1.499 KWD, -0.05 USD, 0 JPY: in minor units the order would be wrong.
    const amounts: [number, string, number][] = [
      [1, 'JPY', 2],
      [2, 'USD', 150],
      [3, 'KWD', 1_505],
      [4, 'KWD', 1_499],
      [5, 'USD', -5],
      [6, 'JPY', 0],
    ];
    for (const [id, currency, amount] of amounts) addBillingPeriod(cache.db, c, { id, start: range.from, end: range.to, status: 'PAYMENT_FAILED', currency, amount });
    const views = new ReconciliationViews();
    const id = view(views, 'mixed');
    const page = views.page(id, { list: 'exceptions', sort: { column: 'amount', direction: 'asc' } }, 0, 10);
    expect(exceptionsOf(page).map((r) => `${r.amount} ${r.currency}`)).toEqual(['-0.05 USD', '0 JPY', '1.499 KWD', '1.50 USD', '1.505 KWD', '2 JPY']);
    views.clear();
  });
});

describe('a PAYG view', () => {
  it('sorts amounts as exact decimals, filters by kind and by accent-free text, and gives each key once', () => {
    seedLoans();
    const views = new ReconciliationViews();
    const id = view(views);
    const byAmount = views.page(id, { list: 'exceptions', sort: { column: 'amount', direction: 'desc' } }, 0, 10);
    expect(byAmount.rows.map((r) => r.key)).toEqual(['B|3', 'B|1', 'B|1', 'B|2']);
    expect(views.page(id, { list: 'exceptions', filter: { kinds: ['outstanding_overdue'] } }, 0, 10).total).toBe(2);
    expect(views.page(id, { list: 'exceptions', filter: { kinds: ['failed'] } }, 0, 10).total).toBe(1);
    expect(views.page(id, { list: 'exceptions', filter: { text: 'prestamo nunez' } }, 0, 10).total).toBe(2);
    expect(views.keys(id, { list: 'exceptions' }, 0, 10).keys).toEqual(['B|1', 'B|2', 'B|3']);
    expect(views.page(id, { list: 'rows' }, 0, 10).total).toBe(0);
    views.clear();
  });

  it('puts a saved review on every row of its key, and the review filter follows', () => {
    seedLoans();
    seedLoans('other');
    const views = new ReconciliationViews();
    const id = view(views);
    expect(views.page(id, { list: 'exceptions', filter: { review: ['open'] } }, 0, 10).total).toBe(4);
    setReview(withStore(cache.db, () => NOW), { connection: 'loans', itemKeys: ['B|1'], state: 'resolved', reason: 'timing', note: 'paid late' });
    views.reviewsChanged('loans');
    expect(views.page(id, { list: 'exceptions', filter: { review: ['resolved'] } }, 0, 10).rows.map((r) => r.key)).toEqual(['B|1', 'B|1']);
    // Another connection's reviews leave this view alone.
    setReview(withStore(cache.db, () => NOW), { connection: 'other', itemKeys: ['B|2'], state: 'resolved', reason: 'timing', note: 'paid late' });
    views.reviewsChanged('other');
    expect(views.page(id, { list: 'exceptions', filter: { review: ['resolved'] } }, 0, 10).total).toBe(2);
    views.clear();
  });

  it('closing a view drops its temporary tables', () => {
    seedLoans();
    const temporary = (): number => cache.db.prepare<[], number>("SELECT count(*) FROM sqlite_temp_master WHERE type = 'table'").pluck().get() ?? 0;
    const before = temporary();
    const views = new ReconciliationViews({ max: 1 });
    view(views);
    expect(temporary()).toBeGreaterThan(before);
    view(views);
    const one = temporary();
    views.clear();
    expect(temporary()).toBe(before);
    expect(one).toBeGreaterThan(before);
  });
});
