import { describe, expect, it } from 'vitest';
import type { Reconciliation } from '../../../electron/core/reconcile/index.ts';
import { compareDecimalText, foldText } from '../../../electron/handlers/view-query.ts';
import { ReconciliationViews } from '../../../electron/handlers/views.ts';

describe('view queries', () => {
  it('compares decimal text exactly, whatever its length', () => {
    const sorted = ['10', '-0.5', '2.50', '-12', '0', '2.499999999999999999', '0.00', '-0.05'].sort(compareDecimalText);
    expect(sorted).toEqual(['-12', '-0.5', '-0.05', '0', '0.00', '2.499999999999999999', '2.50', '10']);
    expect(compareDecimalText('9007199254740993.01', '9007199254740993.1')).toBeLessThan(0);
  });

  it('folds case and accents for the text filter', () => {
    expect(foldText('Peñalosa Ángel')).toBe('penalosa angel');
    expect(foldText('ÉCOLE')).toContain('ecole');
  });
});

describe('a PAYG view', () => {
  // Only the fields the exceptions list reads; the rest of a reconciliation plays no part here.
  const exception = (id: number, kind: string, amount: string, loanName: string) => ({
    key: `B|${id}`,
    kind,
    id,
    loanName,
    fundingSource: null,
    startDate: '2026-01-05',
    endDate: '2026-01-11',
    status: 'PAYMENT_FAILED',
    currency: 'USD',
    amount,
    amountMinor: 0,
    daysPastEnd: id,
    daysInStatus: 1,
    statusSince: '2026-01-12T00:00:00.000Z',
    review: null,
  });
  const result = {
    kind: 'payg',
    connection: 'loans',
    openItems: [],
    exceptions: [
      exception(1, 'failed', '10.50', 'Préstamo Núñez'),
      exception(2, 'outstanding_overdue', '-3', 'Loan B'),
      exception(1, 'stuck_in_status', '10.50', 'Préstamo Núñez'),
      exception(3, 'failed', '100', 'Loan C'),
    ],
  } as unknown as Reconciliation;

  it('sorts amounts as exact decimals, filters by kind and by accent-free text, and gives each key once', () => {
    const views = new ReconciliationViews();
    const id = views.add(result);
    const byAmount = views.rows(id, { list: 'exceptions', sort: { column: 'amount', direction: 'desc' } }, 0, 10);
    expect(byAmount.rows.map((r) => r.key)).toEqual(['B|3', 'B|1', 'B|1', 'B|2']);
    expect(views.rows(id, { list: 'exceptions', filter: { kinds: ['failed'] } }, 0, 10).total).toBe(2);
    expect(views.rows(id, { list: 'exceptions', filter: { text: 'prestamo nunez' } }, 0, 10).total).toBe(2);
    expect(views.keys(id, { list: 'exceptions' }, 0, 10).keys).toEqual(['B|1', 'B|2', 'B|3']);
    expect(views.rows(id, { list: 'rows' }, 0, 10).total).toBe(0);
  });

  it('puts a saved review on every row of its key, and the review filter follows', () => {
    const views = new ReconciliationViews();
    const id = views.add(result);
    expect(views.rows(id, { list: 'exceptions', filter: { review: ['open'] } }, 0, 10).total).toBe(4);
    views.applyReviews('loans', [{ itemKey: 'B|1', state: 'resolved', reason: null, note: null, author: 'Ana', accountId: 'test:ana', updatedAt: '2026-02-01T00:00:00.000Z', reopened: null }]);
    expect(views.rows(id, { list: 'exceptions', filter: { review: ['resolved'] } }, 0, 10).rows.map((r) => r.key)).toEqual(['B|1', 'B|1']);
    // Another connection's reviews leave this view alone.
    views.applyReviews('other', [{ itemKey: 'B|2', state: 'resolved', reason: null, note: null, author: 'Ana', accountId: 'test:ana', updatedAt: '2026-02-01T00:00:00.000Z', reopened: null }]);
    expect(views.rows(id, { list: 'exceptions', filter: { review: ['resolved'] } }, 0, 10).total).toBe(2);
  });
});
