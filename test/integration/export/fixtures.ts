/**
 * Caches for the export tests, written with plain SQL as a sync would leave them (the
 * reconciliation tests' helpers). The portal scenario carries every awkward case an export must
 * survive: names that look like formulas, a negative difference, a zero invoice, a broken
 * upstream invariant, a month never synced, a review note that starts with '='.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { setReview } from '../../../electron/core/review/reviews.ts';
import { reconcile } from '../../../electron/core/reconcile/index.ts';
import { rangeItems, signOff } from '../../../electron/core/signoff/index.ts';
import { addBillingPeriod, addConnection, addGrandTotal, addPortalRow, addWindow, NOW } from '../../unit/reconcile/fixtures.ts';
import { withStore } from '../../support/review-store.ts';

export { NOW };

export const PORTAL = 'acme-cop';
export const PAYG = 'lms-payg';
export const HYPERLINK_NAME = '=HYPERLINK("http://x","y")';
export const PLUS_NAME = '+Carga';
export const FORMULA_NOTE = '=1+2 is not a formula here';

export interface TempDir {
  dir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'concilia-export-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempCache(dir: string): CacheDatabase {
  return openCache(join(dir, 'cache.sqlite'));
}

/** Portal, COP, tolerance 10.00 COP: January and February synced (and signed off by the preparer), March never. */
export async function seedPortal(db: CacheDatabase, name = PORTAL): Promise<void> {
  const c = addConnection(db, { name, kind: 'portal', currency: 'COP', toleranceAbsMinor: 1000, tolerancePct: '0' });
  db.prepare("UPDATE connection SET base_url = 'https://user:pass@acme.example.com/?token=abc' WHERE id = ?").run(c);
  const jan = addWindow(db, c, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(db, jan, { providerId: '1', providerName: 'Acme Ltd', invoiced: 24_580_000, provider: 24_580_000 });
  addPortalRow(db, jan, { providerId: '2', providerName: HYPERLINK_NAME, invoiced: 100_000, provider: 101_250 });
  addPortalRow(db, jan, { providerId: '3', providerName: PLUS_NAME, invoiced: 500_000_000, provider: 376_543_211 });
  addPortalRow(db, jan, { providerId: '4', providerName: 'Within tolerance SA', invoiced: 70_000, provider: 70_500 });
  addPortalRow(db, jan, { providerId: '5', providerName: '-Menos, "quoted"\nline', invoiced: 0, provider: 10_000, taskCount: 0 });
  addGrandTotal(db, jan);
  const feb = addWindow(db, c, { kind: 'month', periodStart: '2026-02-01', periodEnd: '2026-02-28', syncedAt: '2026-03-02T08:30:00.000Z' });
  addPortalRow(db, feb, { providerId: '1', providerName: 'Acme Ltd', invoiced: 12_345_678, provider: 12_300_000 });
  // paid + pending ≠ invoiced: the upstream's own figures disagree, a finding.
  addPortalRow(db, feb, { providerId: '6', providerName: '@Arroba', invoiced: 99_999, provider: 99_999, paid: 50_000, pending: 1 });
  addPortalRow(db, feb, { providerId: '10', providerName: 'Diez', invoiced: 1, provider: 5_000_001 });
  addGrandTotal(db, feb);
  setReview(withStore(db, () => NOW - 86_400_000), {
    connection: name,
    itemKeys: ['P|3|2026-01-01'],
    state: 'explained',
    reason: 'timing',
    note: FORMULA_NOTE,
  });
  // Every other item of January and February that needs a review is carried forward, so the
  // preparer can sign (a sign-off is refused while one is open).
  const range = { connection: name, from: '2026-01-01', to: '2026-02-28', period: 'month' as const };
  const open = [...rangeItems(reconcile(withStore(db, () => NOW - 7_200_000), { ...range, now: NOW - 7_200_000 }))].filter((i) => i.kind !== null && (i.review?.state ?? 'open') === 'open');
  setReview(withStore(db, () => NOW - 7_200_000), { connection: name, itemKeys: open.map((i) => i.key), state: 'carried_forward', reason: 'timing', note: 'to be settled in March' });
  await signOff(withStore(db, () => NOW - 3_600_000), { ...range, role: 'preparer' });
}

/** PAYG with two currencies, weekly billing in January 2026. */
export function seedPayg(db: CacheDatabase, name = PAYG): void {
  const c = addConnection(db, { name, kind: 'payg' });
  db.prepare("UPDATE connection SET base_url = 'https://lms.example.com/' WHERE id = ?").run(c);
  const w = addWindow(db, c, { kind: 'week', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  const periods: [number, string, string, 'DRAFT' | 'SENT_TO_PAYMENT_SERVICE' | 'PAYMENT_COMPLETE' | 'PAYMENT_FAILED' | 'PENDING', string, number, string][] = [
    [101, '2026-01-05', '2026-01-11', 'PAYMENT_COMPLETE', 'NGN', 12_500_000, 'Loan =SUM(A1:A9)'],
    [102, '2026-01-05', '2026-01-11', 'PAYMENT_FAILED', 'NGN', 7_500_050, '+Loan plus'],
    [103, '2026-01-12', '2026-01-18', 'SENT_TO_PAYMENT_SERVICE', 'NGN', 3_333_333, 'Loan three'],
    [104, '2026-01-12', '2026-01-18', 'DRAFT', 'NGN', 1_000_000, 'Loan four'],
    [105, '2026-01-19', '2026-01-25', 'PAYMENT_COMPLETE', 'KES', 450_000, 'Loan five'],
    [106, '2026-01-19', '2026-01-25', 'PENDING', 'KES', 125_075, 'Loan six'],
    [107, '2026-01-26', '2026-02-01', 'PAYMENT_FAILED', 'JPY', 98_765, '@Loan seven'],
  ];
  for (const [id, start, end, status, currency, amount, loanName] of periods) {
    addBillingPeriod(db, c, { id, start, end, status, currency, amount, loanName, windowId: w });
  }
}
