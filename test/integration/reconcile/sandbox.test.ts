/**
 * End to end: the sandbox over real HTTP, the real sync into a real cache, then reconciliation,
 * compared with the sandbox generator's own expected answers to the minor unit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { realSleep } from '../../../electron/core/deps.ts';
import { reconcilePayg, reconcilePortal, type PortalReconciliation } from '../../../electron/core/reconcile/index.ts';
import { formatMinor } from '../../../electron/core/money/index.ts';
import { getReviews, listSignoffs, reviewHistory, setReview, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { rangeItems, revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { expectedPaygRecords, expectedPortalReport, restatePortalFigures, setGrandTotalMismatch, startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { cutPeriods, syncConnection, type SyncDeps } from '../../../electron/core/sync/index.ts';
import { testIdentity } from '../../support/identity.ts';
import { withStore } from '../../support/review-store.ts';

const LIMIT = { max: 50, windowMs: 200 };
const RETRY = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 6 };

let dir: string;
let db: CacheDatabase;
let sandbox: Sandbox;
let deps: SyncDeps;
let tenant: string;

beforeAll(async () => {
  dir = mkdtempSync(join(os.tmpdir(), 'concilia-reconcile-e2e-'));
  sandbox = await startSandbox({ rateLimit: LIMIT, cacheTtlMs: 0, datasetOptions: { payg: { badRecords: true } } });
  db = openCache(join(dir, 'cache.sqlite'));
  const secrets = new MemorySecretStore();
  const portal = sandbox.credentials.portal[0];
  if (!portal) throw new Error('the sandbox has no portal tenant');
  tenant = portal.tenant;
  addConnection(db, { name: 'acme', kind: 'portal', baseUrl: sandbox.url, tenant: portal.tenant, currency: portal.currency }, Date.now);
  addConnection(db, { name: 'lms', kind: 'payg', baseUrl: sandbox.url }, Date.now);
  await secrets.set('acme', 'token', portal.token, sandbox.url);
  await secrets.set('acme', 'apiKey', portal.apiKey, sandbox.url);
  await secrets.set('lms', 'apiKey', sandbox.credentials.payg.apiKey, sandbox.url);
  deps = { db, reviews: withStore(db, Date.now).reviews, fetch: (input, init) => fetch(input, init), clock: Date.now, sleep: realSleep, secrets };
});
afterAll(async () => {
  db.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function syncPortal(from: string, to: string, force = false): ReturnType<typeof syncConnection> {
  return syncConnection(deps, { connection: 'acme', from, to, period: 'month', force, limiter: LIMIT, http: { retry: RETRY } });
}

/** Every check the generator's figures should trip, derived from the expected report itself. */
function expectedFindingKeys(from: string, to: string): string[] {
  const keys: string[] = [];
  for (const period of cutPeriods(from, to, 'month')) {
    const report = expectedPortalReport(sandbox.dataset, { tenant, from: period.start, to: period.end });
    for (const row of report.rows) {
      if (row.paidMinor + row.pendingMinor !== row.invoicedMinor) keys.push(`F|paid_plus_pending|${row.providerId}|${period.start}`);
      if (row.approvedCount + row.rejectedCount + row.reviewCount !== row.taskCount) keys.push(`F|status_counts|${row.providerId}|${period.start}`);
      if (row.approvalRateHundredths !== row.correctApprovalRateHundredths) keys.push(`F|approval_rate|${row.providerId}|${period.start}`);
    }
    for (const field of ['taskCount', 'invoicedMinor', 'providerMinor', 'paidMinor', 'pendingMinor'] as const) {
      if (report.grandTotal[field] !== report.sumOfRows[field]) {
        const check = { taskCount: 'task_count', invoicedMinor: 'invoiced', providerMinor: 'provider', paidMinor: 'paid', pendingMinor: 'pending' }[field];
        keys.push(`F|grand_total_${check}|-|${period.start}`);
      }
    }
  }
  return keys.sort();
}

function checkAgainstGenerator(r: PortalReconciliation): void {
  let invoiced = 0;
  let provider = 0;
  for (const period of cutPeriods(r.from, r.to, 'month')) {
    const report = expectedPortalReport(sandbox.dataset, { tenant, from: period.start, to: period.end });
    const got = r.rows.filter((x) => x.periodStart === period.start);
    expect(got.length, period.start).toBe(report.rows.length);
    const byId = new Map(got.map((x) => [x.providerId, x]));
    for (const row of report.rows) {
      const x = byId.get(row.providerId);
      expect(x, `${row.providerId} ${period.start}`).toBeDefined();
      expect({
        taskCount: x?.taskCount,
        invoicedMinor: x?.invoicedMinor,
        providerReportedMinor: x?.providerReportedMinor,
        differenceMinor: x?.differenceMinor,
        paidMinor: x?.paidMinor,
        pendingMinor: x?.pendingMinor,
      }).toEqual({
        taskCount: row.taskCount,
        invoicedMinor: row.invoicedMinor,
        providerReportedMinor: row.providerMinor,
        differenceMinor: row.providerMinor - row.invoicedMinor,
        paidMinor: row.paidMinor,
        pendingMinor: row.pendingMinor,
      });
      const d = row.providerMinor - row.invoicedMinor;
      expect(x?.status).toBe(d === 0 ? 'MATCHED' : d > 0 ? 'PROVIDER_HIGHER' : 'PROVIDER_LOWER');
    }
    const p = r.periods.find((x) => x.periodStart === period.start);
    expect(p?.invoicedMinor).toBe(report.sumOfRows.invoicedMinor);
    expect(p?.providerReportedMinor).toBe(report.sumOfRows.providerMinor);
    invoiced += report.sumOfRows.invoicedMinor;
    provider += report.sumOfRows.providerMinor;
  }
  expect(r.totals.invoicedMinor).toBe(invoiced);
  expect(r.totals.providerReportedMinor).toBe(provider);
  expect(r.totals.differenceMinor).toBe(provider - invoiced);
}

describe('reconciliation of synced sandbox data', () => {
  it('portal: every row and total equals the generator, and each planted inconsistency is found, nothing else', async () => {
    const sync = await syncPortal('2025-01-01', '2025-03-31');
    expect(sync.outcome).toBe('ok');
    const r = reconcilePortal(withStore(db), { connection: 'acme', from: '2025-01-01', to: '2025-03-31', period: 'month', now: Date.now() });
    checkAgainstGenerator(r);
    expect(r.rows.length).toBeGreaterThan(40);
    const expectedKeys = expectedFindingKeys('2025-01-01', '2025-03-31');
    expect(expectedKeys.length).toBeGreaterThan(0);
    expect(r.findings.map((f) => f.key).sort()).toEqual(expectedKeys);
    expect(r.complete).toBe(true);
    expect(r.rows.some((x) => x.status === 'PROVIDER_HIGHER') && r.rows.some((x) => x.status === 'PROVIDER_LOWER')).toBe(true);
  });

  it('portal: a grand total that is not the sum of its rows is a finding', async () => {
    setGrandTotalMismatch(sandbox.dataset, true);
    try {
      await syncPortal('2025-02-01', '2025-02-28', true);
    } finally {
      setGrandTotalMismatch(sandbox.dataset, false);
    }
    const r = reconcilePortal(withStore(db), { connection: 'acme', from: '2025-02-01', to: '2025-02-28', period: 'month', now: Date.now() });
    const report = expectedPortalReport(sandbox.dataset, { tenant, from: '2025-02-01', to: '2025-02-28' });
    const f = r.findings.find((x) => x.key === 'F|grand_total_invoiced|-|2025-02-01');
    expect(f).toBeDefined();
    expect(r.findings.filter((x) => x.check.startsWith('grand_total')).map((x) => x.key)).toEqual(['F|grand_total_invoiced|-|2025-02-01']);
    // Expected is the rows' sum, actual what the report said (one minor unit more).
    expect(f?.expected).toBe(r.periods[0]?.invoiced);
    expect(r.periods[0]?.invoicedMinor).toBe(report.sumOfRows.invoicedMinor);
    await syncPortal('2025-02-01', '2025-02-28', true);
  });

  it('portal: a restatement upstream, once synced, reopens the reviewed item, voids the sign-offs and names the change', async () => {
    const range = { connection: 'acme', from: '2025-01-01', to: '2025-03-31', period: 'month' as const };
    const before = reconcilePortal(withStore(db), { ...range, now: Date.now() });
    const target = before.rows.find((x) => x.periodStart === '2025-02-01' && x.taskCount > 0);
    // Every item of the quarter is settled (the target explained), then signed by two accounts.
    const open = [...rangeItems(before)].filter((i) => i.kind !== null && i.key !== target?.key);
    setReview(withStore(db, Date.now), { connection: 'acme', itemKeys: open.map((i) => i.key), state: 'carried_forward', reason: 'timing', note: 'looked at in April' });
    setReview(withStore(db, Date.now), { connection: 'acme', itemKeys: [target?.key ?? ''], state: 'explained', reason: 'pricing', note: 'rate card of February' });
    await signOff(withStore(db, Date.now, testIdentity('ana')), { ...range, role: 'preparer' });
    await signOff(withStore(db, Date.now, testIdentity('ben')), { ...range, role: 'reviewer' });
    expect(target).toBeDefined();
    const providerId = target?.providerId ?? '';
    // Raise one day's provider-reported figure by 1,000.00 in the upstream, then sync February again.
    const day = restatePortalFigures(sandbox.dataset, { tenant, providerId, date: '2025-02-10', set: {} });
    restatePortalFigures(sandbox.dataset, { tenant, providerId, date: '2025-02-10', set: { providerMinor: day.providerMinor + 100_000 } });
    const sync = await syncPortal('2025-02-01', '2025-02-28', true);
    expect(sync.restatements).toBeGreaterThan(0);
    // The sync itself reopens the review and voids the sign-offs whose figures it changed, before anyone reconciles.
    expect(sync.voidedSignoffs).toBe(2);
    expect(sync.reopenedReviews).toBe(1);
    const reopened = getReviews(withStore(db), 'acme').find((r) => r.itemKey === target?.key);
    expect(reopened).toMatchObject({ state: 'open', reopened: { previous: { state: 'explained', note: 'rate card of February' } } });
    const money = (minor: number) => formatMinor(minor, 2);
    expect(reopened?.reopened?.changes).toContainEqual({ field: 'provider_reported', from: money(target?.providerReportedMinor ?? 0), to: money((target?.providerReportedMinor ?? 0) + 100_000) });
    expect(reviewHistory(withStore(db), 'acme', target?.key ?? '').map((e) => e.action)).toEqual(['review.set', 'review.reopen']);
    const voided = listSignoffs(withStore(db), 'acme', range);
    expect(voided.map((s) => [s.role, s.status])).toEqual([
      ['preparer', 'voided'],
      ['reviewer', 'voided'],
    ]);
    expect(voided[0]?.voidReason).toContain(`Provider-reported for ${target?.providerName ?? ''}, February 2025 changed from `);
    expect(revalidateSignoffs(withStore(db), 'acme')).toEqual([]);
    const after = reconcilePortal(withStore(db), { ...range, now: Date.now() });
    expect(after.signoffs.every((s) => s.status === 'voided')).toBe(true);
    expect(after.restatements.some((x) => x.key === `P|${providerId}|2025-02-01` && x.field === 'provider_reported')).toBe(true);
    expect(after.rows.find((x) => x.key === target?.key)?.providerReportedMinor).toBe((target?.providerReportedMinor ?? 0) + 100_000);
    checkAgainstGenerator(after);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('PAYG: billed, collected, outstanding and failed per currency equal the generator; bad records are set aside', async () => {
    const sync = await syncConnection(deps, { connection: 'lms', from: '2025-01-01', to: '2025-03-31', period: 'month', limiter: { max: 1000, windowMs: 1000 } });
    expect(sync.windows.failed).toBe(0);
    const r = reconcilePayg(withStore(db), { connection: 'lms', from: '2025-01-01', to: '2025-03-31', period: 'week', now: Date.now() });
    const expected = expectedPaygRecords(sandbox.dataset, { start_date_gte: '2025-01-01', start_date_lte: '2025-03-31' });
    const known = new Set(['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING']);
    const good = expected.filter((x) => x.amountMinor !== null && known.has(x.statusLabel));
    const bad = expected.filter((x) => !good.includes(x));
    const sums = new Map<string, { billed: number; collected: number; outstanding: number; failed: number; draft: number; count: number }>();
    for (const x of good) {
      const s = sums.get(x.currency) ?? { billed: 0, collected: 0, outstanding: 0, failed: 0, draft: 0, count: 0 };
      const amount = x.amountMinor ?? 0;
      s.count += 1;
      if (x.statusLabel === 'DRAFT') s.draft += amount;
      else {
        s.billed += amount;
        if (x.statusLabel === 'PAYMENT_COMPLETE') s.collected += amount;
        else if (x.statusLabel === 'PAYMENT_FAILED') s.failed += amount;
        else s.outstanding += amount;
      }
      sums.set(x.currency, s);
    }
    expect(
      r.totals.map((t) => ({ currency: t.currency, billed: t.billedMinor, collected: t.collectedMinor, outstanding: t.outstandingMinor, failed: t.failedMinor, draft: t.draftMinor, count: t.count })),
    ).toEqual([...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, s]) => ({ currency, ...s })));
    expect(r.exceptions.filter((e) => e.kind === 'failed').map((e) => e.id).sort((a, b) => a - b)).toEqual(
      good.filter((x) => x.statusLabel === 'PAYMENT_FAILED').map((x) => x.id).sort((a, b) => a - b),
    );
    expect(r.quarantined.map((q) => Number(q.recordKey)).sort((a, b) => a - b)).toEqual(bad.map((x) => x.id).sort((a, b) => a - b));
    expect(r.complete).toBe(bad.length === 0);
    expect(good.length).toBeGreaterThan(100);
    expect(r.totals.length).toBeGreaterThan(1);
  });

  it('PAYG: a planted unreadable record is quarantined, listed, and makes the range incomplete', async () => {
    const badIds = new Set(sandbox.dataset.payg.badRecords.map((b) => b.id));
    const first = expectedPaygRecords(sandbox.dataset, { ordering: 'id' }).find((x) => badIds.has(x.id));
    expect(first).toBeDefined();
    const month = (first?.startDate ?? '').slice(0, 7);
    const from = `${month}-01`;
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    await syncConnection(deps, { connection: 'lms', from, to: last, period: 'month', limiter: { max: 1000, windowMs: 1000 } });
    const r = reconcilePayg(withStore(db), { connection: 'lms', from, to: last, period: 'week', now: Date.now() });
    const inRange = expectedPaygRecords(sandbox.dataset, { start_date_gte: from, start_date_lte: last }).filter((x) => badIds.has(x.id)).map((x) => x.id);
    expect(r.quarantined.map((q) => Number(q.recordKey)).sort((a, b) => a - b)).toEqual(inRange.sort((a, b) => a - b));
    expect(r.complete).toBe(false);
    expect(r.quarantined[0]?.key).toMatch(/^F\|quarantined\|\d+\|\d{4}-\d{2}-\d{2}$/);
  });
});
