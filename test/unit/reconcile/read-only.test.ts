/**
 * Reconciliation only reads: it runs on a connection SQLite opened read-only (any write would
 * fail there with SQLITE_READONLY), even when a sign-off of its range has gone stale. Voiding that
 * sign-off is the explicit write step sync and sign-off run. The figures a sign-off covers are read
 * by one streaming query, and they hash exactly as the reconciliation's own figures do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../electron/core/cache/index.ts';
import { reconcile, reconcilePortal } from '../../../electron/core/reconcile/index.ts';
import { rangeFiguresHash } from '../../../electron/core/reconcile/figures-read.ts';
import { listSignoffs, setReview, sqliteReviewReader } from '../../../electron/core/review/index.ts';
import { revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { withStore } from '../../support/review-store.ts';
import { addBillingPeriod, addConnection, addGrandTotal, addPortalRow, addWindow, NOW, tempCache, type TempCache } from './fixtures.ts';

let cache: TempCache;
const clock = (): number => NOW;

beforeEach(() => {
  cache = tempCache();
});
afterEach(() => cache.cleanup());

function seedPortal(): void {
  const { db } = cache;
  const conn = addConnection(db, { name: 'acme', kind: 'portal' });
  const jan = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(db, jan, { providerId: '1', invoiced: 100_000, provider: 100_000 });
  addPortalRow(db, jan, { providerId: '2', invoiced: 200_000, provider: 250_000 });
  addGrandTotal(db, jan);
}

function seedPayg(): number {
  const { db } = cache;
  const lms = addConnection(db, { name: 'lms', kind: 'payg' });
  addWindow(db, lms, { kind: 'week', periodStart: '2026-02-02', periodEnd: '2026-02-08' });
  addBillingPeriod(db, lms, { id: 1, start: '2026-02-02', end: '2026-02-08', status: 'PAYMENT_FAILED', currency: 'NGN', amount: 50_000 });
  addBillingPeriod(db, lms, { id: 2, start: '2026-02-03', end: '2026-02-09', status: 'SENT_TO_PAYMENT_SERVICE', currency: 'NGN', amount: 7_000 });
  return lms;
}

const portalRange = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
const paygRange = { connection: 'lms', from: '2026-02-02', to: '2026-02-08', period: 'week' as const };

describe('reconciliation only reads', () => {
  it('runs on a read-only connection while its sign-offs are stale, and leaves them for the write step', async () => {
    seedPortal();
    const lms = seedPayg();
    // Strict sign-off: the items that need a review are settled first.
    setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note in February' });
    setReview(withStore(cache.db, clock), { connection: 'lms', itemKeys: ['B|1', 'B|2'], state: 'carried_forward', reason: 'timing', note: 'collection retried' });
    await signOff(withStore(cache.db, clock), { ...portalRange, role: 'preparer' });
    await signOff(withStore(cache.db, clock), { ...paygRange, role: 'preparer' });
    // New figures arrive (as a sync stores them): both sign-offs are now stale.
    cache.db.prepare("UPDATE portal_row SET provider_minor = 260000 WHERE provider_id = '2'").run();
    cache.db.prepare("UPDATE billing_period SET status = 'PAYMENT_COMPLETE' WHERE connection_id = ? AND id = 2").run(lms);

    const readOnly = openCache(cache.path, { readonly: true });
    try {
      expect(() => readOnly.prepare("UPDATE signoff SET void_reason = 'x'").run()).toThrow(/readonly/i);
      // Its review reads go through the store's reader over the same read-only connection.
      const deps = { db: readOnly, reviews: sqliteReviewReader(readOnly) };
      const portal = reconcilePortal(deps, { ...portalRange, now: NOW });
      const payg = reconcile(deps, { ...paygRange, now: NOW });
      expect(portal.rows.map((r) => [r.key, r.providerReported])).toEqual([
        ['P|2|2026-01-01', '2600.00'],
        ['P|1|2026-01-01', '1000.00'],
      ]);
      expect(portal.signoffs.map((s) => s.status)).toEqual(['live']);
      expect(payg.signoffs.map((s) => s.status)).toEqual(['live']);
      // The figures are read (and hashed) on the same read-only connection.
      expect(rangeFiguresHash(readOnly, portalRange)).toBe(portal.dataHash);
      expect(rangeFiguresHash(readOnly, paygRange)).toBe(payg.dataHash);
      expect(portal.dataHash).not.toBe(portal.signoffs[0]?.figuresHash);
    } finally {
      readOnly.close();
    }

    // The write step voids them, naming what changed.
    const voided = revalidateSignoffs(withStore(cache.db, clock), 'acme');
    expect(voided.map((s) => s.status)).toEqual(['voided']);
    expect(voided[0]?.voidReason).toContain('Provider-reported for Provider 2, January 2026 changed from 2,500.00 to 2,600.00');
    expect(revalidateSignoffs(withStore(cache.db, clock), 'lms')[0]?.voidReason).toContain('Collected for NGN, week of February 2, 2026 changed from 0.00 to 70.00');
    expect(listSignoffs(withStore(cache.db), 'acme').map((s) => s.status)).toEqual(['voided']);
  });
});

describe('the figures of a range, read on their own', () => {
  it('hash as the reconciliation does when windows merge: provider chunks, a newer snapshot, a range over 93 days', () => {
    const { db } = cache;
    const conn = addConnection(db, { name: 'acme', kind: 'portal' });
    const old = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31', syncedAt: '2026-02-01T00:00:00.000Z' });
    addPortalRow(db, old, { providerId: 'A', invoiced: 1_000, provider: 1_000 });
    const c1 = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31', providerFilter: 'A,B', syncedAt: '2026-02-10T00:00:00.000Z' });
    addPortalRow(db, c1, { providerId: 'A', providerName: 'A renamed', invoiced: 1_000, provider: 1_200 });
    addPortalRow(db, c1, { providerId: 'B', invoiced: 2_000, provider: 2_000 });
    const c2 = addWindow(db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31', providerFilter: 'C' });
    addPortalRow(db, c2, { providerId: 'C', invoiced: 3_000, provider: 2_500 });
    const w1 = addWindow(db, conn, { kind: 'range', periodStart: '2026-01-01', periodEnd: '2026-06-30', windowStart: '2026-01-01', windowEnd: '2026-04-03' });
    addPortalRow(db, w1, { providerId: '1', invoiced: 10_000, provider: 10_500 });
    addPortalRow(db, w1, { providerId: '10', invoiced: 5, provider: 5 });
    const w2 = addWindow(db, conn, { kind: 'range', periodStart: '2026-01-01', periodEnd: '2026-06-30', windowStart: '2026-04-04', windowEnd: '2026-06-30' });
    addPortalRow(db, w2, { providerId: '1', invoiced: 20_000, provider: 19_000 });
    addPortalRow(db, w2, { providerId: '2', invoiced: 7, provider: 7 });
    for (const range of [
      { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const },
      { connection: 'acme', from: '2026-01-01', to: '2026-06-30', period: 'range' as const },
    ]) {
      const rec = reconcilePortal(withStore(db), { ...range, now: NOW });
      expect(rec.rows.length).toBeGreaterThan(1);
      expect(rangeFiguresHash(db, range)).toBe(rec.dataHash);
    }
  });

  it('refuses what a reconciliation refuses', () => {
    seedPayg();
    expect(() => rangeFiguresHash(cache.db, { ...paygRange, period: 'range' })).toThrow(/week or month/);
    expect(() => rangeFiguresHash(cache.db, { ...paygRange, connection: 'nope' })).toThrow(/no connection named "nope"/);
  });
});
