import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcile, reconcilePortal } from '../../../electron/core/reconcile/index.ts';
import { listAuditLog, listSignoffs, setReview, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { addBillingPeriod, addConnection, addGrandTotal, addPortalRow, addRestatement, addWindow, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let conn: number;
let t = NOW;
const clock = (): number => t;
const range = { connection: 'acme', from: '2026-01-01', to: '2026-02-28', period: 'month' as const };

beforeEach(() => {
  cache = tempCache();
  t = NOW;
  conn = addConnection(cache.db, { name: 'acme', kind: 'portal' });
  const jan = addWindow(cache.db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(cache.db, jan, { providerId: '1', invoiced: 100_000, provider: 100_000 });
  addPortalRow(cache.db, jan, { providerId: '2', invoiced: 200_000, provider: 250_000 });
  addGrandTotal(cache.db, jan);
  const feb = addWindow(cache.db, conn, { kind: 'month', periodStart: '2026-02-01', periodEnd: '2026-02-28' });
  addPortalRow(cache.db, feb, { providerId: '1', invoiced: 150_000, provider: 150_100 });
  addGrandTotal(cache.db, feb);
});
afterEach(() => cache.cleanup());

/** What sync does when the upstream restates a figure. */
function restate(providerId: string, periodStart: string, newProviderMinor: number): void {
  cache.db.prepare('UPDATE portal_row SET provider_minor = ? WHERE connection_id = ? AND provider_id = ? AND period_start = ?').run(newProviderMinor, conn, providerId, periodStart);
  addRestatement(cache.db, conn, { entity: 'portal_row', key: `P|${providerId}|${periodStart}`, periodStart, field: 'provider_reported', oldValue: 'x', newValue: 'y' });
}

describe('sign-off', () => {
  it('a preparer, then a different reviewer, each recording the hash of the figures', async () => {
    const p = await signOff(withStore(cache.db, clock), { ...range, role: 'preparer', author: 'ana' });
    const hash = reconcilePortal(withStore(cache.db, clock), { ...range, now: NOW }).dataHash;
    expect(p).toMatchObject({ role: 'preparer', author: 'ana', status: 'live', dataHash: hash, from: '2026-01-01', to: '2026-02-28', period: 'month' });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(signOff(withStore(cache.db, clock), { ...range, role: 'reviewer', author: ' ANA ' })).rejects.toThrow(/someone else must review/);
    await expect(signOff(withStore(cache.db, clock), { ...range, role: 'preparer', author: 'carl' })).rejects.toThrow(/already signed off by ana as preparer/);
    t += 3_600_000;
    const r = await signOff(withStore(cache.db, clock), { ...range, role: 'reviewer', author: 'ben' });
    expect(r).toMatchObject({ role: 'reviewer', author: 'ben', status: 'live', dataHash: hash, signedAt: '2026-03-15T13:00:00.000Z' });
    const shown = reconcilePortal(withStore(cache.db, clock), { ...range, now: t }).signoffs;
    expect(shown.map((s) => [s.role, s.author, s.status])).toEqual([
      ['preparer', 'ana', 'live'],
      ['reviewer', 'ben', 'live'],
    ]);
    expect(listAuditLog(cache.db).map((e) => [e.action, e.actor])).toEqual([
      ['signoff.sign', 'ana'],
      ['signoff.sign', 'ben'],
    ]);
  });

  it('a reviewer needs a live preparer sign-off first', async () => {
    await expect(signOff(withStore(cache.db, clock), { ...range, role: 'reviewer', author: 'ben' })).rejects.toThrow(/no live preparer sign-off/);
  });

  it('refuses a range that is not fully synced', async () => {
    await expect(signOff(withStore(cache.db, clock), { ...range, to: '2026-03-31', role: 'preparer', author: 'ana' })).rejects.toThrow(/not fully synced \(first: 2026-03-01 to 2026-03-31, missing\)/);
  });

  it('a restatement voids both sign-offs, names what changed, and the range can be signed again', async () => {
    await signOff(withStore(cache.db, clock), { ...range, role: 'preparer', author: 'ana' });
    await signOff(withStore(cache.db, clock), { ...range, role: 'reviewer', author: 'ben' });
    restate('2', '2026-01-01', 260_000);
    t += 86_400_000;
    // Reconciling only reads: the sign-offs stay live until the write step sync runs after storing.
    expect(reconcilePortal(withStore(cache.db, clock), { ...range, now: t }).signoffs.map((s) => s.status)).toEqual(['live', 'live']);
    expect(revalidateSignoffs(withStore(cache.db, clock), 'acme')).toHaveLength(2);
    const r = reconcilePortal(withStore(cache.db, clock), { ...range, now: t });
    expect(r.signoffs.map((s) => [s.role, s.status, s.voidedAt])).toEqual([
      ['preparer', 'voided', '2026-03-16T12:00:00.000Z'],
      ['reviewer', 'voided', '2026-03-16T12:00:00.000Z'],
    ]);
    expect(r.signoffs[0]?.voidReason).toContain('P|2|2026-01-01 providerReported 2500.00 -> 2600.00');
    expect(r.signoffs[0]?.voidReason).toContain('total providerReported 5001.00 -> 5101.00');
    expect(r.restatements.map((x) => x.key)).toEqual(['P|2|2026-01-01']);
    const log = listAuditLog(cache.db);
    expect(log.slice(-2).map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['signoff.void', 'concilia', 'signoff:1'],
      ['signoff.void', 'concilia', 'signoff:2'],
    ]);
    expect(verifyAuditChain(cache.db).ok).toBe(true);
    // Reopened: the preparer can sign the new figures.
    const again = await signOff(withStore(cache.db, clock), { ...range, role: 'preparer', author: 'ana' });
    expect(again.dataHash).toBe(r.dataHash);
    expect(listSignoffs(cache, 'acme').map((s) => [s.id, s.status])).toEqual([
      [1, 'voided'],
      [2, 'voided'],
      [3, 'live'],
    ]);
  });

  it('reviews and another tolerance do not touch a sign-off; revalidateSignoffs voids other ranges for sync', async () => {
    await signOff(withStore(cache.db, clock), { ...range, role: 'preparer', author: 'ana' });
    const jan = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
    await signOff(withStore(cache.db, clock), { ...jan, role: 'preparer', author: 'ana' });
    setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'explained', reason: 'pricing', author: 'ana' });
    reconcilePortal(withStore(cache.db, clock), { ...range, now: t, toleranceAbs: '1000', tolerancePct: '5' });
    expect(revalidateSignoffs(withStore(cache.db, clock), 'acme')).toEqual([]);
    restate('1', '2026-01-01', 100_001);
    const voided = revalidateSignoffs(withStore(cache.db, clock), 'acme');
    expect(voided.map((s) => [s.from, s.to, s.status])).toEqual([
      ['2026-01-01', '2026-02-28', 'voided'],
      ['2026-01-01', '2026-01-31', 'voided'],
    ]);
    expect(voided[1]?.voidReason).toMatch(/P\|1\|2026-01-01 providerReported 1000\.00 -> 1000\.01/);
  });

  it('a PAYG status change voids the sign-off of its range', async () => {
    const lms = addConnection(cache.db, { name: 'lms', kind: 'payg' });
    addWindow(cache.db, lms, { kind: 'week', periodStart: '2026-02-02', periodEnd: '2026-02-08' });
    addBillingPeriod(cache.db, lms, { id: 1, start: '2026-02-02', end: '2026-02-08', status: 'SENT_TO_PAYMENT_SERVICE', currency: 'NGN', amount: 50_000 });
    const week = { connection: 'lms', from: '2026-02-02', to: '2026-02-08', period: 'week' as const };
    await signOff(withStore(cache.db, clock), { ...week, role: 'preparer', author: 'ana' });
    cache.db.prepare("UPDATE billing_period SET status = 'PAYMENT_COMPLETE' WHERE connection_id = ? AND id = 1").run(lms);
    expect(revalidateSignoffs(withStore(cache.db, clock), 'lms')).toHaveLength(1);
    const r = reconcile(withStore(cache.db, clock), { ...week, now: t });
    expect(r.signoffs[0]?.status).toBe('voided');
    expect(r.signoffs[0]?.voidReason).toContain('NGN|2026-02-02 collected 0.00 -> 500.00');
  });
});
