import { describe, expect, it } from 'vitest';

import {
  createPaygRecords,
  expectedPaygRecords,
  expectedPortalReport,
  generateDataset,
  restatePaygRecord,
  restatePortalFigures,
  startSandbox,
} from '../../../electron/core/sandbox/index.ts';
import type { ExpectedPortalReport, Sandbox } from '../../../electron/core/sandbox/index.ts';
import { demoCredential, get, intOf, list, minorOf, paygAll, parseExact, portalHeaders, record, reportUrl } from './helpers.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Fetches a report and checks it, row by row and in minor units parsed from the raw JSON text. */
async function expectReportEquals(sandbox: Sandbox, tenant: string, from: string, to: string, providers?: string[]): Promise<ExpectedPortalReport> {
  const query: Record<string, string> = { startdate: from, enddate: to };
  if (providers) query['providers'] = providers.join(',');
  const r = await get(reportUrl(sandbox, query), portalHeaders(demoCredential(sandbox, tenant)));
  expect(r.status).toBe(200);
  const data = record(record(parseExact(r.text))['data']);
  const served = list(data['rows'])
    .map(record)
    .map((row) => ({
      providerId: String(row['provider_id']),
      invoicedMinor: minorOf(row['total_invoiced']),
      providerMinor: minorOf(row['total_provider']),
      paidMinor: minorOf(row['total_paid']),
      pendingMinor: minorOf(row['pending_payment']),
      taskCount: intOf(row['task_count']),
      approvedCount: intOf(row['approved_count']),
      rejectedCount: intOf(row['rejected_count']),
      reviewCount: intOf(row['review_count']),
      approvalRateHundredths: minorOf(row['approval_rate']),
    }))
    .sort((a, b) => (a.providerId < b.providerId ? -1 : 1));
  const expected = expectedPortalReport(sandbox.dataset, { tenant, from, to, ...(providers ? { providers } : {}) });
  expect(served).toEqual(
    expected.rows.map((e) => ({
      providerId: e.providerId,
      invoicedMinor: e.invoicedMinor,
      providerMinor: e.providerMinor,
      paidMinor: e.paidMinor,
      pendingMinor: e.pendingMinor,
      taskCount: e.taskCount,
      approvedCount: e.approvedCount,
      rejectedCount: e.rejectedCount,
      reviewCount: e.reviewCount,
      approvalRateHundredths: e.approvalRateHundredths,
    })),
  );
  const gt = record(data['grand_total']);
  expect({
    taskCount: intOf(gt['task_count']),
    invoicedMinor: minorOf(gt['total_invoiced']),
    providerMinor: minorOf(gt['total_provider']),
    paidMinor: minorOf(gt['total_paid']),
    pendingMinor: minorOf(gt['pending_payment']),
  }).toEqual(expected.grandTotal);
  return expected;
}

describe('expected answers equal the server, exactly', () => {
  it('portal: week by week, month by month, with a provider filter and after restatements (both tenants)', async () => {
    const sandbox = await startSandbox({ clock: () => NOW, rateLimit: { max: 10_000, windowMs: 60_000 }, cacheTtlMs: 0 });
    try {
      const start = Date.parse('2025-11-03T00:00:00Z');
      let rows = 0;
      for (let w = 0; w < 10; w++) {
        for (const tenant of ['acme-logistics', 'fletes-bajio']) {
          const e = await expectReportEquals(sandbox, tenant, iso(start + w * 7 * DAY), iso(start + (w * 7 + 6) * DAY));
          rows += e.rows.length;
        }
      }
      expect(rows).toBeGreaterThan(300);
      await expectReportEquals(sandbox, 'acme-logistics', '2026-01-01', '2026-01-31');
      await expectReportEquals(sandbox, 'acme-logistics', '2026-08-15', '2026-11-15'); // 93 days to the end
      await expectReportEquals(sandbox, 'acme-logistics', '2026-11-01', '2026-12-31'); // beyond the data
      const some = sandbox.dataset.portal.tenants[0]?.providers.filter((_, i) => i % 3 === 0).map((p) => p.id) ?? [];
      await expectReportEquals(sandbox, 'acme-logistics', '2026-03-01', '2026-05-31', some);

      const provider = sandbox.dataset.portal.tenants[0]?.providers[10];
      if (!provider) throw new Error('no provider');
      const before = await expectReportEquals(sandbox, 'acme-logistics', '2026-03-02', '2026-03-08', [provider.id]);
      restatePortalFigures(sandbox.dataset, {
        tenant: 'acme-logistics',
        providerId: provider.id,
        date: '2026-03-04',
        set: { invoicedMinor: 987_654_321, taskCount: 9, approvedCount: 9, rejectedCount: 0, reviewCount: 0 },
      });
      const after = await expectReportEquals(sandbox, 'acme-logistics', '2026-03-02', '2026-03-08', [provider.id]);
      expect(after.rows[0]?.invoicedMinor).not.toBe(before.rows[0]?.invoicedMinor);
      // Pending moved with invoiced, so the invariant still holds.
      expect((after.rows[0]?.paidMinor ?? 0) + (after.rows[0]?.pendingMinor ?? 0)).toBe(after.rows[0]?.invoicedMinor);
      await expectReportEquals(sandbox, 'acme-logistics', '2026-01-01', '2026-03-31');
    } finally {
      await sandbox.close();
    }
  });

  it('portal at benchmark scale: 2,000 providers × 52 weeks ≈ 100,000 provider×week rows', async () => {
    const dataset = generateDataset({
      portal: { tenants: [{ id: 'acme-logistics', currency: 'COP', providers: 2_000 }], from: '2025-11-17', to: '2026-11-15' },
      payg: { loans: 1 },
    });
    const sandbox = await startSandbox({ dataset, clock: () => NOW, rateLimit: { max: 10_000, windowMs: 60_000 } });
    try {
      let rows = 0;
      const start = Date.parse('2025-11-17T00:00:00Z');
      for (let w = 0; w < 52; w++) {
        const from = iso(start + w * 7 * DAY);
        const to = iso(start + (w * 7 + 6) * DAY);
        if (w % 13 === 0) rows += (await expectReportEquals(sandbox, 'acme-logistics', from, to)).rows.length;
        else {
          const r = await get(reportUrl(sandbox, { startdate: from, enddate: to }), portalHeaders(demoCredential(sandbox)));
          expect(r.status).toBe(200);
          rows += list(record(record(JSON.parse(r.text))['data'])['rows']).length;
        }
      }
      expect(rows).toBeGreaterThan(60_000);
      expect(rows).toBeLessThanOrEqual(104_000);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('PAYG: the whole list, filtered lists and restated / created records', async () => {
    const sandbox = await startSandbox({ clock: () => NOW, datasetOptions: { payg: { badRecords: true } } });
    try {
      const compare = async (query: Record<string, string>): Promise<void> => {
        const served = await paygAll(sandbox, query);
        const expected = expectedPaygRecords(sandbox.dataset, query);
        expect(served.map((r) => r['id'])).toEqual(expected.map((e) => e.id));
        expect(
          served.map((r) => [r['totalAmountIncMaintenanceFee'], record(r['status'])['label'], r['currency'], r['loanName']]),
        ).toEqual(expected.map((e) => [e.amountText, e.statusLabel, e.currency, e.loanName]));
      };
      await compare({ ordering: 'id' });
      await compare({ currency: 'NGN', ordering: '-totalAmountIncMaintenanceFee' });
      await compare({ start_date_gte: '2026-09-01', status: 'PENDING' });
      const victim = sandbox.dataset.payg.firstId + 100;
      restatePaygRecord(sandbox.dataset, victim, { status: 'PAYMENT_FAILED', amountMinor: 1 });
      createPaygRecords(sandbox.dataset, { count: 5, atMs: NOW });
      await compare({ ordering: '-created_at' });
      await compare({ status: 'PAYMENT_FAILED', ordering: 'totalAmountIncMaintenanceFee' });
    } finally {
      await sandbox.close();
    }
  });
});
