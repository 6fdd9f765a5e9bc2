import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcile, reconcilePortal, reconciliationJson, ReconcileError } from '../../../electron/core/reconcile/index.ts';
import type { PortalReconciliation } from '../../../electron/core/reconcile/index.ts';
import { describeFinding } from '../../../electron/core/language/index.ts';
import { setReview } from '../../../electron/core/review/index.ts';
import { addConnection, addGrandTotal, addPortalRow, addQuarantine, addRestatement, addWindow, NOW, tempCache, withStore, type TempCache } from './fixtures.ts';

let cache: TempCache;
let conn: number;

beforeEach(() => {
  cache = tempCache();
  conn = addConnection(cache.db, { name: 'acme', kind: 'portal', currency: 'COP' });
});
afterEach(() => cache.cleanup());

/** Jan and Feb 2026 by month, every upstream figure consistent. */
function seedTwoMonths(): { jan: number; feb: number } {
  const { db } = cache;
  const jan = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(db, jan, { providerId: '1', invoiced: 100_000, provider: 100_000 });
  addPortalRow(db, jan, { providerId: '2', invoiced: 200_000, provider: 250_000, paid: 150_000 });
  addPortalRow(db, jan, { providerId: '3', invoiced: 300_000, provider: 299_000, taskCount: 3, approved: 2, rejected: 1 });
  addPortalRow(db, jan, { providerId: '4', invoiced: 0, provider: 5_000, taskCount: 0 });
  addGrandTotal(db, jan);
  const feb = addWindow(db, conn, { kind: 'month', periodStart: '2026-02-01', periodEnd: '2026-02-28' });
  addPortalRow(db, feb, { providerId: '1', invoiced: 150_000, provider: 150_100 });
  addPortalRow(db, feb, { providerId: '2', invoiced: 50_000, provider: 50_000 });
  addGrandTotal(db, feb);
  return { jan, feb };
}

function run(extra: Partial<Parameters<typeof reconcilePortal>[1]> = {}): PortalReconciliation {
  return reconcilePortal(cache, { connection: 'acme', from: '2026-01-01', to: '2026-02-28', period: 'month', now: NOW, ...extra });
}

describe('reconcilePortal: rows, classes and totals', () => {
  it('computes every row exactly, ranked by |difference|, with zero tolerance', () => {
    seedTwoMonths();
    const r = run();
    expect(r.rows.map((x) => [x.key, x.invoiced, x.providerReported, x.difference, x.differencePct, x.status])).toEqual([
      ['P|2|2026-01-01', '2000.00', '2500.00', '500.00', '25.00', 'PROVIDER_HIGHER'],
      ['P|4|2026-01-01', '0.00', '50.00', '50.00', null, 'PROVIDER_HIGHER'],
      ['P|3|2026-01-01', '3000.00', '2990.00', '-10.00', '-0.33', 'PROVIDER_LOWER'],
      ['P|1|2026-02-01', '1500.00', '1501.00', '1.00', '0.07', 'PROVIDER_HIGHER'],
      ['P|1|2026-01-01', '1000.00', '1000.00', '0.00', '0.00', 'MATCHED'],
      ['P|2|2026-02-01', '500.00', '500.00', '0.00', '0.00', 'MATCHED'],
    ]);
    const p2 = r.rows[0];
    expect(p2).toMatchObject({ invoicedMinor: 200_000, providerReportedMinor: 250_000, differenceMinor: 50_000, paid: '1500.00', pending: '500.00', taskCount: 10, periodEnd: '2026-01-31' });
    expect(r.totals).toMatchObject({
      currency: 'COP',
      rowCount: 6,
      invoiced: '8000.00',
      providerReported: '8541.00',
      difference: '541.00',
      differencePct: '6.76',
      outOfTolerance: 4,
      classes: { MATCHED: 2, WITHIN_TOLERANCE: 0, PROVIDER_HIGHER: 3, PROVIDER_LOWER: 1 },
    });
    expect(r.periods.map((p) => [p.periodStart, p.periodEnd, p.rowCount, p.invoiced, p.providerReported, p.difference, p.outOfTolerance, p.covered])).toEqual([
      ['2026-01-01', '2026-01-31', 4, '6000.00', '6540.00', '540.00', 3, true],
      ['2026-02-01', '2026-02-28', 2, '2000.00', '2001.00', '1.00', 1, true],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.tolerance).toEqual({ abs: '0.00', absMinor: 0, pct: '0' });
  });

  it('an absolute tolerance given for the run turns small differences into WITHIN_TOLERANCE', () => {
    seedTwoMonths();
    const r = run({ toleranceAbs: '10.00' });
    const byKey = new Map(r.rows.map((x) => [x.key, x.status]));
    expect(byKey.get('P|3|2026-01-01')).toBe('WITHIN_TOLERANCE'); // |-10.00| ≤ 10.00: the boundary is inside
    expect(byKey.get('P|1|2026-02-01')).toBe('WITHIN_TOLERANCE');
    expect(byKey.get('P|4|2026-01-01')).toBe('PROVIDER_HIGHER');
    expect(byKey.get('P|2|2026-01-01')).toBe('PROVIDER_HIGHER');
    expect(r.totals.outOfTolerance).toBe(2);
    expect(r.tolerance.abs).toBe('10.00');
  });

  it('a percent tolerance compares exactly with |invoiced|, and never excuses a difference on zero invoiced', () => {
    seedTwoMonths();
    const r = run({ tolerancePct: '0.33' });
    const byKey = new Map(r.rows.map((x) => [x.key, x.status]));
    // 10.00 of 3000.00 is 0.333…%: just over 0.33%.
    expect(byKey.get('P|3|2026-01-01')).toBe('PROVIDER_LOWER');
    expect(byKey.get('P|1|2026-02-01')).toBe('WITHIN_TOLERANCE');
    expect(byKey.get('P|4|2026-01-01')).toBe('PROVIDER_HIGHER');
    const r2 = run({ tolerancePct: '0.3334' });
    expect(r2.rows.find((x) => x.key === 'P|3|2026-01-01')?.status).toBe('WITHIN_TOLERANCE');
  });

  it("uses the connection's tolerance when the run gives none", () => {
    seedTwoMonths();
    cache.db.prepare("UPDATE connection SET tolerance_abs_minor = 5000, tolerance_pct = '0' WHERE id = ?").run(conn);
    const r = run();
    expect(r.tolerance.abs).toBe('50.00');
    expect(r.rows.filter((x) => x.status === 'WITHIN_TOLERANCE').map((x) => x.key).sort()).toEqual(['P|1|2026-02-01', 'P|3|2026-01-01', 'P|4|2026-01-01']);
  });

  it('rejects unreadable tolerances and ranges with a readable message', () => {
    seedTwoMonths();
    expect(() => run({ toleranceAbs: '1,000' })).toThrow(/not a decimal amount/);
    expect(() => run({ toleranceAbs: '1.005' })).toThrow(/more decimals than COP/);
    expect(() => run({ tolerancePct: '-1' })).toThrow(/cannot be negative/);
    expect(() => run({ from: '2026-03-01' })).toThrow(ReconcileError);
    expect(() => reconcilePortal(cache, { connection: 'nope', from: '2026-01-01', to: '2026-01-31', period: 'month', now: NOW })).toThrow(/no connection named "nope"/);
  });

  it('only reads windows of the requested period kind', () => {
    seedTwoMonths();
    const week = addWindow(cache.db, conn, { kind: 'week', periodStart: '2026-01-05', periodEnd: '2026-01-11' });
    addPortalRow(cache.db, week, { providerId: '9', invoiced: 1, provider: 999 });
    addGrandTotal(cache.db, week);
    expect(run().rows.some((x) => x.providerId === '9')).toBe(false);
    const weekly = reconcilePortal(cache, { connection: 'acme', from: '2026-01-05', to: '2026-01-11', period: 'week', now: NOW });
    expect(weekly.rows.map((x) => [x.key, x.difference])).toEqual([['P|9|2026-01-05', '9.98']]);
  });

  it('unions provider chunks of the same dates, the latest snapshot of a provider winning', () => {
    const { db } = cache;
    const old = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31', syncedAt: '2026-02-01T00:00:00.000Z' });
    addPortalRow(db, old, { providerId: 'A', invoiced: 1_000, provider: 1_000 });
    addGrandTotal(db, old);
    const c1 = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31', providerFilter: 'A,B', syncedAt: '2026-02-10T00:00:00.000Z' });
    addPortalRow(db, c1, { providerId: 'A', invoiced: 1_000, provider: 1_200 });
    addPortalRow(db, c1, { providerId: 'B', invoiced: 2_000, provider: 2_000 });
    addGrandTotal(db, c1);
    const c2 = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31', providerFilter: 'C' });
    addPortalRow(db, c2, { providerId: 'C', invoiced: 3_000, provider: 2_500 });
    addGrandTotal(db, c2);
    const r = reconcilePortal(withStore(db), { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month', now: NOW });
    expect(r.rows.map((x) => [x.providerId, x.invoiced, x.providerReported])).toEqual([
      ['C', '30.00', '25.00'],
      ['A', '10.00', '12.00'],
      ['B', '20.00', '20.00'],
    ]);
    expect(r.totals.invoiced).toBe('60.00');
    expect(r.periods[0]?.windows).toBe(3);
    expect(r.findings).toEqual([]);
  });

  it('sums the windows of a range longer than 93 days per provider', () => {
    const { db } = cache;
    const w1 = addWindow(db, conn, { kind: 'range', periodStart: '2026-01-01', periodEnd: '2026-06-30', windowStart: '2026-01-01', windowEnd: '2026-04-03' });
    addPortalRow(db, w1, { providerId: '1', invoiced: 10_000, provider: 10_500, taskCount: 4, approved: 3, rejected: 1 });
    addPortalRow(db, w1, { providerId: '2', invoiced: 7_000, provider: 7_000 });
    addGrandTotal(db, w1);
    const w2 = addWindow(db, conn, { kind: 'range', periodStart: '2026-01-01', periodEnd: '2026-06-30', windowStart: '2026-04-04', windowEnd: '2026-06-30' });
    addPortalRow(db, w2, { providerId: '1', invoiced: 20_000, provider: 19_000, taskCount: 6, approved: 6 });
    addGrandTotal(db, w2);
    const r = reconcilePortal(withStore(db), { connection: 'acme', from: '2026-01-01', to: '2026-06-30', period: 'range', now: NOW });
    expect(r.rows.map((x) => [x.key, x.taskCount, x.invoiced, x.providerReported, x.difference, x.approvedCount, x.status])).toEqual([
      ['P|1|2026-01-01', 10, '300.00', '295.00', '-5.00', 9, 'PROVIDER_LOWER'],
      ['P|2|2026-01-01', 10, '70.00', '70.00', '0.00', 10, 'MATCHED'],
    ]);
    expect(r.periods).toHaveLength(1);
    expect(r.periods[0]).toMatchObject({ periodStart: '2026-01-01', periodEnd: '2026-06-30', windows: 2, covered: true, invoiced: '370.00' });
    expect(r.complete).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('handles currencies without minor units and with three decimals', () => {
    const jpy = addConnection(cache.db, { name: 'tokyo', kind: 'portal', currency: 'JPY' });
    const w = addWindow(cache.db, jpy, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    addPortalRow(cache.db, w, { providerId: '1', invoiced: 12_345, provider: 12_346 });
    addGrandTotal(cache.db, w);
    const r = reconcilePortal(cache, { connection: 'tokyo', from: '2026-01-01', to: '2026-01-31', period: 'month', now: NOW, toleranceAbs: '1' });
    expect(r.rows[0]).toMatchObject({ invoiced: '12345', providerReported: '12346', difference: '1', status: 'WITHIN_TOLERANCE' });
    const kwd = addConnection(cache.db, { name: 'kuwait', kind: 'portal', currency: 'KWD' });
    const k = addWindow(cache.db, kwd, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    addPortalRow(cache.db, k, { providerId: '1', invoiced: 1_005, provider: 1_000 });
    addGrandTotal(cache.db, k);
    expect(reconcilePortal(cache, { connection: 'kuwait', from: '2026-01-01', to: '2026-01-31', period: 'month', now: NOW }).rows[0]?.difference).toBe('-0.005');
  });
});

describe('reconcilePortal: checks of the upstream figures', () => {
  it('each check fires where the figures disagree, with both numbers, and nowhere else', () => {
    const { db } = cache;
    const jan = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    addPortalRow(db, jan, { providerId: 'ok', invoiced: 10_000, provider: 10_000 });
    addPortalRow(db, jan, { providerId: 'pp', invoiced: 10_000, provider: 10_000, paid: 6_000, pending: 3_000 });
    addPortalRow(db, jan, { providerId: 'sc', invoiced: 10_000, provider: 10_000, taskCount: 10, approved: 5, rejected: 2, review: 2 });
    addPortalRow(db, jan, { providerId: 'ar', invoiced: 10_000, provider: 10_000, taskCount: 3, approved: 2, rejected: 1, approvalRate: '66.66' });
    addPortalRow(db, jan, { providerId: 'ar2', invoiced: 10_000, provider: 10_000, taskCount: 3, approved: 2, rejected: 1, approvalRate: '66.670' });
    addGrandTotal(db, jan, { invoiced_minor: 49_999, task_count: 35 });
    const feb = addWindow(db, conn, { kind: 'month', periodStart: '2026-02-01', periodEnd: '2026-02-28', status: 'incomplete', error: '1 record(s) could not be read' });
    addPortalRow(db, feb, { providerId: 'ok', invoiced: 1_000, provider: 1_000 });
    addQuarantine(db, conn, feb, '77', 'total_invoiced is not a number');
    const mar = addWindow(db, conn, { kind: 'month', periodStart: '2026-03-01', periodEnd: '2026-03-31', status: 'failed', error: 'The portal refused the key (401).' });
    void mar;

    const r = reconcilePortal(withStore(db), { connection: 'acme', from: '2026-01-01', to: '2026-04-30', period: 'month', now: NOW });
    expect(r.findings.map((f) => [f.key, f.expected, f.actual])).toEqual([
      ['F|approval_rate|ar|2026-01-01', '66.67', '66.66'],
      ['F|grand_total_invoiced|-|2026-01-01', '500.00', '499.99'],
      ['F|grand_total_task_count|-|2026-01-01', '36', '35'],
      ['F|paid_plus_pending|pp|2026-01-01', '100.00', '90.00'],
      ['F|status_counts|sc|2026-01-01', '10', '9'],
      ['F|coverage_gap|-|2026-02-01', 'ok', 'incomplete'],
      ['F|grand_total_missing|-|2026-02-01', 'a grand total', 'none'],
      ['F|quarantined|77|2026-02-01', 'a valid record', 'total_invoiced is not a number'],
      ['F|coverage_gap|-|2026-03-01', 'ok', 'failed'],
      ['F|coverage_gap|-|2026-04-01', 'ok', 'missing'],
    ]);
    // The sentence is built from what the finding holds, in the reader's language.
    const said = (key: string, language: 'en' | 'es'): string => {
      const finding = r.findings.find((f) => f.key === key);
      if (!finding) throw new Error(`no finding ${key}`);
      return describeFinding(finding, language);
    };
    expect(said('F|coverage_gap|-|2026-03-01', 'en')).toContain('The portal refused the key (401).');
    expect(said('F|paid_plus_pending|pp|2026-01-01', 'en')).toMatch(/paid \+ pending comes to 90\.00, but invoiced is 100\.00/);
    expect(said('F|paid_plus_pending|pp|2026-01-01', 'es')).toMatch(/lo pagado más lo pendiente suma 90,00, pero lo facturado es 100,00/);
    expect(said('F|quarantined|77|2026-02-01', 'es')).toMatch(/^Registro 77, del 1 de febrero de 2026 al 28 de febrero de 2026: no se pudo leer un registro y se apartó/);
    // concilia reconcile --json keeps each finding's sentence as `message`, in the language asked for.
    for (const language of ['en', 'es'] as const) {
      const doc = reconciliationJson(r, language) as { findings: { key: string; message: string }[] };
      expect(doc.findings.map((f) => [f.key, f.message])).toEqual(r.findings.map((f) => [f.key, said(f.key, language)]));
    }
    const byDefault = (reconciliationJson(r) as { findings: { key: string; message: string }[] }).findings.find((f) => f.key === 'F|coverage_gap|-|2026-02-01');
    expect(byDefault?.message).toBe(said('F|coverage_gap|-|2026-02-01', 'en'));
    expect(r.coverageGaps.map((g) => [g.periodStart, g.periodEnd, g.status])).toEqual([
      ['2026-02-01', '2026-02-28', 'incomplete'],
      ['2026-03-01', '2026-03-31', 'failed'],
      ['2026-04-01', '2026-04-30', 'missing'],
    ]);
    expect(r.periods.map((p) => [p.periodStart, p.covered])).toEqual([
      ['2026-01-01', true],
      ['2026-02-01', false],
      ['2026-03-01', false],
      ['2026-04-01', false],
    ]);
    expect(r.complete).toBe(false);
  });

  it('a partial month at the edge of the range is its own clipped period', () => {
    seedTwoMonths();
    const r = reconcilePortal(cache, { connection: 'acme', from: '2026-01-15', to: '2026-02-28', period: 'month', now: NOW });
    // The January window covers 1–31 January, not a period inside the range: 15–31 January is a gap.
    expect(r.coverageGaps.map((g) => [g.periodStart, g.periodEnd, g.status])).toEqual([['2026-01-15', '2026-01-31', 'missing']]);
    expect(r.rows.every((x) => x.periodStart === '2026-02-01')).toBe(true);
    expect(r.complete).toBe(false);
  });

  it('reads the cache only: no network call is made', () => {
    seedTwoMonths();
    const realFetch = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = () => {
      calls += 1;
      return Promise.reject(new Error('no network in reconcile'));
    };
    try {
      expect(reconcile(cache, { connection: 'acme', from: '2026-01-01', to: '2026-02-28', now: NOW }).kind).toBe('portal');
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(calls).toBe(0);
  });
});

describe('reconcilePortal: restatements, open items, review state', () => {
  it('lists restatements of the range with old and new values and when', () => {
    seedTwoMonths();
    addRestatement(cache.db, conn, { entity: 'portal_row', key: 'P|2|2026-01-01', periodStart: '2026-01-01', field: 'provider_reported', oldValue: '2400.00', newValue: '2500.00' });
    addRestatement(cache.db, conn, { entity: 'portal_row', key: 'P|2|2025-12-01', periodStart: '2025-12-01', field: 'invoiced', oldValue: '1.00', newValue: '2.00' });
    const r = run();
    expect(r.restatements.map((x) => [x.key, x.field, x.oldDisplay, x.newDisplay, x.detectedAt])).toEqual([
      ['P|2|2026-01-01', 'provider_reported', '2400.00', '2500.00', '2026-03-05T10:00:00.000Z'],
    ]);
  });

  it('carries unresolved out-of-tolerance rows of earlier periods forward, with their age, until resolved', () => {
    seedTwoMonths();
    const feb = reconcilePortal(cache, { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month', now: NOW });
    expect(feb.openItems.map((o) => [o.key, o.carriedForward, o.ageDays, o.amount, o.description])).toEqual([
      ['P|2|2026-01-01', true, 43, '500.00', 'PROVIDER_HIGHER'],
      ['P|3|2026-01-01', true, 43, '-10.00', 'PROVIDER_LOWER'],
      ['P|4|2026-01-01', true, 43, '50.00', 'PROVIDER_HIGHER'],
      ['P|1|2026-02-01', false, 15, '1.00', 'PROVIDER_HIGHER'],
    ]);
    setReview(withStore(cache.db, () => NOW), { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'resolved', reason: 'pricing', note: 'price fixed' });
    setReview(withStore(cache.db, () => NOW), { connection: 'acme', itemKeys: ['P|3|2026-01-01'], state: 'carried_forward', reason: 'timing', note: 'credit note in March' });
    const again = reconcilePortal(cache, { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month', now: NOW });
    expect(again.openItems.map((o) => o.key)).toEqual(['P|3|2026-01-01', 'P|4|2026-01-01', 'P|1|2026-02-01']);
    expect(again.openItems[0]?.review).toMatchObject({ state: 'carried_forward', reason: 'timing', note: 'credit note in March', author: 'ana' });
    // Explained in its own period, an earlier item no longer comes into later ones.
    setReview(withStore(cache.db, () => NOW), { connection: 'acme', itemKeys: ['P|4|2026-01-01'], state: 'explained', reason: 'pricing', note: 'agreed rate' });
    expect(reconcilePortal(cache, { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month', now: NOW }).openItems.map((o) => o.key)).toEqual([
      'P|3|2026-01-01',
      'P|1|2026-02-01',
    ]);
    // A wider tolerance for the run also closes what it now excuses.
    const tolerant = reconcilePortal(cache, { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month', now: NOW, toleranceAbs: '60' });
    expect(tolerant.openItems.map((o) => o.key)).toEqual([]);
  });

  it('attaches the review state to rows and findings', () => {
    seedTwoMonths();
    setReview(withStore(cache.db, () => NOW), { connection: 'acme', itemKeys: ['P|2|2026-01-01', 'P|4|2026-01-01'], state: 'explained', reason: 'rejected_work', note: 'tasks rejected by the client' });
    const r = run();
    expect(r.rows.filter((x) => x.review !== null).map((x) => [x.key, x.review?.state, x.review?.reason])).toEqual([
      ['P|2|2026-01-01', 'explained', 'rejected_work'],
      ['P|4|2026-01-01', 'explained', 'rejected_work'],
    ]);
  });

  it('the JSON document carries decimal strings and no minor-unit integers', () => {
    seedTwoMonths();
    const doc = reconciliationJson(run()) as { rows: Record<string, unknown>[]; totals: Record<string, unknown> };
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/Minor"/);
    expect(doc.rows[0]).toMatchObject({ key: 'P|2|2026-01-01', invoiced: '2000.00', providerReported: '2500.00', difference: '500.00', differencePct: '25.00', status: 'PROVIDER_HIGHER' });
    expect(doc.totals).toMatchObject({ invoiced: '8000.00', providerReported: '8541.00', difference: '541.00', outOfTolerance: 4 });
  });

  it('dispatches on the connection kind and refuses options of the other kind', () => {
    seedTwoMonths();
    expect(reconcile(cache, { connection: 'acme', from: '2026-01-01', to: '2026-02-28', now: NOW }).period).toBe('month');
    expect(() => reconcile(cache, { connection: 'acme', from: '2026-01-01', to: '2026-02-28', groupBy: 'loan', now: NOW })).toThrow(/PAYG connections only/);
  });
});
