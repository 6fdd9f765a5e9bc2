import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeVoid } from '../../../electron/core/language/index.ts';
import { reconcile, reconcilePortal } from '../../../electron/core/reconcile/index.ts';
import { listAuditLog, listSignoffs, saveTolerance, setReview, verifyAuditChain, type ReviewError } from '../../../electron/core/review/index.ts';
import { readiness, revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { testIdentity } from '../../support/identity.ts';
import { addBillingPeriod, addConnection, addGrandTotal, addPortalRow, addRestatement, addWindow, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let conn: number;
let t = NOW;
const clock = (): number => t;
const ana = testIdentity('ana');
const ben = testIdentity('ben');
const as = (identity = ana) => withStore(cache.db, clock, identity);
const range = { connection: 'acme', from: '2026-01-01', to: '2026-02-28', period: 'month' as const };
const explain = (keys: string[], state: 'explained' | 'resolved' | 'carried_forward' = 'explained', identity = ana) =>
  setReview(as(identity), { connection: 'acme', itemKeys: keys, state, reason: 'timing', note: `${state} by test` });

beforeEach(() => {
  cache = tempCache();
  t = NOW;
  conn = addConnection(cache.db, { name: 'acme', kind: 'portal' });
  const jan = addWindow(cache.db, conn, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(cache.db, jan, { providerId: '1', providerName: 'Rutas Andinas', invoiced: 100_000, provider: 100_000 });
  addPortalRow(cache.db, jan, { providerId: '2', providerName: 'Transportes Beta', invoiced: 200_000, provider: 250_000 });
  addGrandTotal(cache.db, jan);
  const feb = addWindow(cache.db, conn, { kind: 'month', periodStart: '2026-02-01', periodEnd: '2026-02-28' });
  addPortalRow(cache.db, feb, { providerId: '1', providerName: 'Rutas Andinas', invoiced: 150_000, provider: 150_100 });
  addGrandTotal(cache.db, feb);
});
afterEach(() => cache.cleanup());

/** What sync does when the upstream restates a figure (the report's grand total follows). */
function restate(providerId: string, periodStart: string, newProviderMinor: number): void {
  const old = cache.db.prepare<[number, string, string], { provider_minor: number; window_id: number }>('SELECT provider_minor, window_id FROM portal_row WHERE connection_id = ? AND provider_id = ? AND period_start = ?').get(conn, providerId, periodStart);
  cache.db.prepare('UPDATE portal_row SET provider_minor = ? WHERE connection_id = ? AND provider_id = ? AND period_start = ?').run(newProviderMinor, conn, providerId, periodStart);
  cache.db.prepare('UPDATE portal_grand_total SET provider_minor = provider_minor + ? WHERE window_id = ?').run(newProviderMinor - (old?.provider_minor ?? 0), old?.window_id ?? 0);
  addRestatement(cache.db, conn, { entity: 'portal_row', key: `P|${providerId}|${periodStart}`, periodStart, field: 'provider_reported', oldValue: 'x', newValue: 'y' });
}

function refusal(f: () => unknown): ReviewError {
  try {
    f();
  } catch (error) {
    return error as ReviewError;
  }
  throw new Error('expected a refusal');
}

describe('strict sign-off', () => {
  it('refuses a preparer while discrepancies are open, naming how many; accepts once each is settled, recording counts and tolerance', () => {
    const refused = refusal(() => signOff(as(), { ...range, role: 'preparer' }));
    expect(refused).toMatchObject({ kind: 'rejected', problem: { code: 'open_items', open: { discrepancies: 2, findings: 0, exceptions: 0 } } });
    expect(refused.message).toBe(
      'acme, January 1, 2026 to February 28, 2026 cannot be signed off yet: 2 out-of-tolerance discrepancies still open. Explain, resolve or carry forward each one, then sign off.',
    );
    explain(['P|2|2026-01-01']);
    expect(refusal(() => signOff(as(), { ...range, role: 'preparer' })).problem).toMatchObject({ open: { discrepancies: 1 } });
    explain(['P|1|2026-02-01'], 'carried_forward');
    const p = signOff(as(), { ...range, role: 'preparer' });
    expect(p).toMatchObject({ role: 'preparer', author: 'ana', accountId: 'test:ana', signed: true, status: 'live' });
    expect(p.attested).toEqual({
      tolerance: { abs: '0.00', pct: '0', currency: 'COP' },
      thresholds: null,
      tally: {
        discrepancies: { open: 0, explained: 1, resolved: 0, carried_forward: 1 },
        findings: { open: 0, explained: 0, resolved: 0, carried_forward: 0 },
        exceptions: { open: 0, explained: 0, resolved: 0, carried_forward: 0 },
      },
    });
    expect(p.dataHash).toBe(readiness(as(), range).statement.hash);
    expect(p.figuresHash).toBe(reconcilePortal(as(), { ...range, now: t }).dataHash);
    expect(p.dataHash).not.toBe(p.figuresHash);
    // The signed statement binds the tolerance and the reviews, one line each.
    const statement = as().reviews.signedFigures(p.id) ?? '';
    expect(statement.split('\n')[0]).toContain('"tolerance":{"abs":"0.00","pct":"0"}');
    expect(statement).toContain('"item":"P|1|2026-02-01"');
    expect(statement).toContain('"state":"carried_forward"');
  });

  it('a reviewer of another account countersigns the same statement; never the preparer account', () => {
    explain(['P|2|2026-01-01', 'P|1|2026-02-01']);
    const p = signOff(as(ana), { ...range, role: 'preparer' });
    const same = refusal(() => signOff(as(ana), { ...range, role: 'reviewer' }));
    expect(same).toMatchObject({ kind: 'rejected', problem: { code: 'same_account', name: 'ana' } });
    expect(refusal(() => signOff(as(ana), { ...range, role: 'preparer' }))).toMatchObject({ kind: 'conflict', problem: { code: 'already_signed' } });
    t += 3_600_000;
    const r = signOff(as(ben), { ...range, role: 'reviewer' });
    expect(r).toMatchObject({ role: 'reviewer', author: 'ben', accountId: 'test:ben', dataHash: p.dataHash, signedAt: '2026-03-15T13:00:00.000Z' });
    expect(reconcilePortal(as(), { ...range, now: t }).signoffs.map((s) => [s.role, s.author, s.status])).toEqual([
      ['preparer', 'ana', 'live'],
      ['reviewer', 'ben', 'live'],
    ]);
    const signs = listAuditLog(cache.db).filter((e) => e.action === 'signoff.sign');
    expect(signs.map((e) => [e.actor, e.signed, (e.payload as { dataHash: string }).dataHash])).toEqual([
      ['test:ana', true, p.dataHash],
      ['test:ben', true, p.dataHash],
    ]);
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: true });
  });

  it('a reviewer signs only the statement the preparer signed: a review changed since sends it back to the preparer', () => {
    explain(['P|2|2026-01-01', 'P|1|2026-02-01']);
    const p = signOff(as(ana), { ...range, role: 'preparer' });
    // Someone resolves an item after the preparer signed.
    explain(['P|2|2026-01-01'], 'resolved', ben);
    expect(refusal(() => signOff(as(ben), { ...range, role: 'reviewer' }))).toMatchObject({ kind: 'rejected', problem: { code: 'statement_changed', preparer: 'ana' } });
    // The preparer signs again; the first preparer sign-off is replaced, and then the reviewer can sign.
    const again = signOff(as(ana), { ...range, role: 'preparer' });
    expect(again.dataHash).not.toBe(p.dataHash);
    const r = signOff(as(ben), { ...range, role: 'reviewer' });
    expect(r.dataHash).toBe(again.dataHash);
    const first = listSignoffs(cache, 'acme').find((s) => s.id === p.id);
    expect(first).toMatchObject({ status: 'voided', voidDetail: { kind: 'replaced', role: 'preparer', author: 'ana' } });
  });

  it('a reviewer needs a live preparer sign-off first', () => {
    expect(refusal(() => signOff(as(ben), { ...range, role: 'reviewer' }))).toMatchObject({ problem: { code: 'needs_preparer' } });
  });

  it('refuses a range that is not fully synced', () => {
    const refused = refusal(() => signOff(as(), { ...range, to: '2026-03-31', role: 'preparer' }));
    expect(refused.problem).toEqual({ code: 'not_synced', connection: 'acme', from: '2026-01-01', to: '2026-03-31', periods: 1, first: { periodStart: '2026-03-01', periodEnd: '2026-03-31' } });
  });

  it('counts findings too: an upstream inconsistency must be reviewed before sign-off', () => {
    const mar = addWindow(cache.db, conn, { kind: 'month', periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    addPortalRow(cache.db, mar, { providerId: '1', invoiced: 100_000, provider: 100_000, paid: 60_000, pending: 30_000 });
    addGrandTotal(cache.db, mar);
    const march = { connection: 'acme', from: '2026-03-01', to: '2026-03-31', period: 'month' as const };
    const refused = refusal(() => signOff(as(), { ...march, role: 'preparer' }));
    expect(refused.problem).toMatchObject({ open: { discrepancies: 0, findings: 1, exceptions: 0 } });
    expect(refused.message).toMatch(/1 finding still open/);
    setReview(as(), { connection: 'acme', itemKeys: ['F|paid_plus_pending|1|2026-03-01'], state: 'explained', reason: 'upstream_error', note: 'portal rounds pending' });
    expect(signOff(as(), { ...march, role: 'preparer' }).attested?.tally.findings.explained).toBe(1);
  });

  it('signs with the saved tolerance, never a what-if; a saved change is audited and recorded by the next sign-off', () => {
    // A what-if tolerance makes every row fit; sign-off still counts with the saved one (0).
    const whatIf = reconcilePortal(as(), { ...range, now: t, toleranceAbs: '1000', tolerancePct: '50' });
    expect(whatIf.totals.outOfTolerance).toBe(0);
    expect(readiness(as(), range).open.discrepancies).toBe(2);
    expect(refusal(() => signOff(as(), { ...range, role: 'preparer' })).problem).toMatchObject({ open: { discrepancies: 2 } });
    // Saving a tolerance of 1.00 (100 minor) puts February's +1.00 within it.
    saveTolerance(as(), 'acme', { absMinor: 100 });
    expect(listAuditLog(cache.db).filter((e) => e.action === 'tolerance.set').map((e) => e.payload)).toEqual([
      { currency: 'COP', from: { abs: '0.00', pct: '0' }, to: { abs: '1.00', pct: '0' } },
    ]);
    explain(['P|2|2026-01-01']);
    const p = signOff(as(), { ...range, role: 'preparer' });
    expect(p.attested?.tolerance).toEqual({ abs: '1.00', pct: '0', currency: 'COP' });
    expect(p.attested?.tally.discrepancies).toMatchObject({ open: 0, explained: 1 });
  });

  it('a restatement voids both sign-offs and says what changed; the range can be signed again', () => {
    explain(['P|2|2026-01-01', 'P|1|2026-02-01']);
    signOff(as(ana), { ...range, role: 'preparer' });
    signOff(as(ben), { ...range, role: 'reviewer' });
    restate('2', '2026-01-01', 260_000);
    t += 86_400_000;
    // Reconciling only reads: the sign-offs stay live until the write step sync runs after storing.
    expect(reconcilePortal(as(), { ...range, now: t }).signoffs.map((s) => s.status)).toEqual(['live', 'live']);
    expect(revalidateSignoffs(as(), 'acme')).toHaveLength(2);
    const r = reconcilePortal(as(), { ...range, now: t });
    expect(r.signoffs.map((s) => [s.role, s.status, s.voidedAt])).toEqual([
      ['preparer', 'voided', '2026-03-16T12:00:00.000Z'],
      ['reviewer', 'voided', '2026-03-16T12:00:00.000Z'],
    ]);
    const detail = r.signoffs[0]?.voidDetail;
    expect(detail).toMatchObject({ kind: 'figures_changed', role: 'preparer', author: 'ana' });
    expect(detail && describeVoid(detail, 'en')).toBe(
      'The figures changed after the preparer sign-off by ana: Provider-reported for Transportes Beta, January 2026 changed from 2,500.00 to 2,600.00; Provider-reported for the total changed from 5,001.00 to 5,101.00.',
    );
    expect(detail && describeVoid(detail, 'es')).toBe(
      'Las cifras cambiaron después de la aprobación de preparador de ana: Informado por el proveedor de Transportes Beta, enero de 2026 cambió de 2.500,00 a 2.600,00; Informado por el proveedor del total cambió de 5.001,00 a 5.101,00.',
    );
    expect(r.signoffs[0]?.voidReason).toBe(detail && describeVoid(detail, 'en'));
    expect(verifyAuditChain(cache.db).ok).toBe(true);
    const again = signOff(as(ana), { ...range, role: 'preparer' });
    expect(again.figuresHash).toBe(r.dataHash);
    expect(listSignoffs(cache, 'acme').map((s) => [s.id, s.status])).toEqual([
      [1, 'voided'],
      [2, 'voided'],
      [3, 'live'],
    ]);
  });

  it('reviews and tolerances changed after a sign-off do not void it; revalidateSignoffs voids other ranges for sync', () => {
    explain(['P|2|2026-01-01', 'P|1|2026-02-01'], 'carried_forward');
    signOff(as(), { ...range, role: 'preparer' });
    const jan = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
    signOff(as(), { ...jan, role: 'preparer' });
    // In March the carried item is resolved and the tolerance raised: the sign-offs stay what they attested.
    explain(['P|2|2026-01-01'], 'resolved');
    saveTolerance(as(), 'acme', { pct: '5' });
    reconcilePortal(as(), { ...range, now: t, toleranceAbs: '1000', tolerancePct: '5' });
    expect(revalidateSignoffs(as(), 'acme')).toEqual([]);
    restate('1', '2026-01-01', 100_001);
    const voided = revalidateSignoffs(as(), 'acme');
    expect(voided.map((s) => [s.from, s.to, s.status])).toEqual([
      ['2026-01-01', '2026-02-28', 'voided'],
      ['2026-01-01', '2026-01-31', 'voided'],
    ]);
    expect(voided[1]?.voidReason).toMatch(/Provider-reported for Rutas Andinas, January 2026 changed from 1,000\.00 to 1,000\.01/);
  });

  it('an item carried forward comes back among the next period\'s open items; an explained one does not', () => {
    explain(['P|2|2026-01-01'], 'carried_forward');
    const feb = { connection: 'acme', from: '2026-02-01', to: '2026-02-28', period: 'month' as const, now: t };
    expect(reconcilePortal(as(), feb).openItems.map((o) => [o.key, o.carriedForward, o.review?.state])).toEqual([
      ['P|2|2026-01-01', true, 'carried_forward'],
      ['P|1|2026-02-01', false, undefined],
    ]);
    explain(['P|2|2026-01-01'], 'explained');
    expect(reconcilePortal(as(), feb).openItems.map((o) => o.key)).toEqual(['P|1|2026-02-01']);
  });

  it('PAYG: exceptions need a review, and a status change voids the sign-off of its range', () => {
    const lms = addConnection(cache.db, { name: 'lms', kind: 'payg' });
    addWindow(cache.db, lms, { kind: 'week', periodStart: '2026-02-02', periodEnd: '2026-02-08' });
    addBillingPeriod(cache.db, lms, { id: 1, start: '2026-02-02', end: '2026-02-08', status: 'SENT_TO_PAYMENT_SERVICE', currency: 'NGN', amount: 50_000 });
    addBillingPeriod(cache.db, lms, { id: 2, start: '2026-02-02', end: '2026-02-08', status: 'PAYMENT_FAILED', currency: 'NGN', amount: 20_000 });
    const week = { connection: 'lms', from: '2026-02-02', to: '2026-02-08', period: 'week' as const };
    expect(refusal(() => signOff(as(), { ...week, role: 'preparer' })).problem).toMatchObject({ open: { discrepancies: 0, findings: 0, exceptions: 2 } });
    setReview(as(), { connection: 'lms', itemKeys: ['B|1', 'B|2'], state: 'carried_forward', reason: 'timing', note: 'collection retried next week' });
    const p = signOff(as(), { ...week, role: 'preparer' });
    expect(p.attested).toMatchObject({ tolerance: null, thresholds: { outstandingDays: 14, draftDays: 7, stuckDays: 21 }, tally: { exceptions: { carried_forward: 2 } } });
    cache.db.prepare("UPDATE billing_period SET status = 'PAYMENT_COMPLETE' WHERE connection_id = ? AND id = 1").run(lms);
    expect(revalidateSignoffs(as(), 'lms')).toHaveLength(1);
    const r = reconcile(as(), { ...week, now: t });
    expect(r.signoffs[0]?.status).toBe('voided');
    expect(r.signoffs[0]?.voidReason).toContain('Collected for NGN, week of February 2, 2026 changed from 0.00 to 500.00');
  });
});
