import { describe, expect, it } from 'vitest';

import {
  advancePaygClock,
  allExpectedPaygRecords,
  createPaygRecords,
  expectedPaygRecords,
  expectedPortalReport,
  generateDataset,
  getPaygRecord,
  paygRecordCount,
  paygTotalsByCurrency,
  portalDayFigures,
  portalInconsistencies,
  restatePaygRecord,
  restatePortalFigures,
  setGrandTotalMismatch,
} from '../../../electron/core/sandbox/index.ts';
import type { Dataset } from '../../../electron/core/sandbox/index.ts';

const Q1 = { tenant: 'acme-logistics', from: '2026-01-01', to: '2026-03-31' };

function fingerprint(dataset: Dataset): unknown {
  const all = allExpectedPaygRecords(dataset);
  return {
    providers: dataset.portal.tenants.map((t) => t.providers.map((p) => [p.id, p.name, p.bias, p.rateMinor])),
    report: expectedPortalReport(dataset, Q1),
    payg: [...all.slice(0, 30), ...all.slice(-30)],
  };
}

describe('generator: determinism', () => {
  it('is identical for the same seed and different for another seed', () => {
    const a = generateDataset({ seed: 11 });
    const b = generateDataset({ seed: 11 });
    const c = generateDataset({ seed: 12 });
    expect(fingerprint(b)).toEqual(fingerprint(a));
    expect(fingerprint(c)).not.toEqual(fingerprint(a));
    // Names and ids of the curated demo providers do not depend on the seed; their figures do.
    expect(c.portal.tenants[0]?.providers[0]?.name).toBe(a.portal.tenants[0]?.providers[0]?.name);
    expect(expectedPortalReport(c, Q1).grandTotal).not.toEqual(expectedPortalReport(a, Q1).grandTotal);
  });
});

describe('generator: portal data', () => {
  const dataset = generateDataset();

  it('has the demo tenants, one currency each, and ~40 providers with messy names', () => {
    expect(dataset.portal.tenants.map((t) => [t.id, t.currency])).toEqual([
      ['acme-logistics', 'COP'],
      ['fletes-bajio', 'MXN'],
    ]);
    const acme = dataset.portal.tenants[0];
    expect(acme?.providers).toHaveLength(40);
    const names = acme?.providers.map((p) => p.name) ?? [];
    expect(names).toContain('=HYPERLINK("http://x","y")');
    expect(names).toContain('+Carga');
    expect(names).toContain('Transporte Rápido S.A.');
    expect(names.some((n) => n.startsWith('-'))).toBe(true);
    expect(names.some((n) => n.startsWith('@'))).toBe(true);
    expect(names.some((n) => n.includes(','))).toBe(true);
    expect(names.some((n) => /^[^=].*"/.test(n))).toBe(true);
    const ids = acme?.providers.map((p) => p.id) ?? [];
    expect(ids[0]).toBe('504210987600');
    expect(ids.every((id) => /^\d{12}$/.test(id))).toBe(true);
    expect(ids.some((id) => id.startsWith('0'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes most reported totals differ from invoiced: higher, lower, by cents, and some equal', () => {
    const rows = expectedPortalReport(dataset, Q1).rows;
    const diffs = rows.map((r) => r.providerMinor - r.invoicedMinor);
    expect(diffs.filter((d) => d !== 0).length).toBeGreaterThan(rows.length / 2);
    expect(diffs.some((d) => d >= 100)).toBe(true);
    expect(diffs.some((d) => d <= -100)).toBe(true);
    expect(diffs.some((d) => d !== 0 && Math.abs(d) < 100)).toBe(true);
    expect(diffs.some((d) => d === 0)).toBe(true);
  });

  it('has whole weeks without any activity, and providers absent from ranges where they were idle', () => {
    const quiet = dataset.portal.tenants[0]?.quietWeeks ?? [];
    expect(quiet.length).toBeGreaterThanOrEqual(2);
    for (const monday of quiet) {
      const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
      expect(expectedPortalReport(dataset, { tenant: 'acme-logistics', from: monday, to: sunday }).rows).toEqual([]);
    }
    const oneDay = expectedPortalReport(dataset, { tenant: 'acme-logistics', from: '2026-03-04', to: '2026-03-04' });
    expect(oneDay.rows.length).toBeGreaterThan(0);
    expect(oneDay.rows.length).toBeLessThan(40);
  });

  it('plants per-provider inconsistencies that show in any range where the provider is active', () => {
    const planted = portalInconsistencies(dataset, 'acme-logistics');
    expect(planted.map((p) => p.kind).sort()).toEqual(['approval-rate', 'paid-plus-pending', 'status-counts']);
    const ranges = [
      ['2025-01-06', '2025-01-12'],
      ['2025-06-01', '2025-06-30'],
      ['2026-01-01', '2026-03-31'],
      ['2026-11-09', '2026-11-15'],
    ] as const;
    for (const [from, to] of ranges) {
      for (const row of expectedPortalReport(dataset, { tenant: 'acme-logistics', from, to }).rows) {
        expect(row.paidMinor + row.pendingMinor === row.invoicedMinor).toBe(row.planted !== 'paid-plus-pending');
        expect(row.approvedCount + row.rejectedCount + row.reviewCount === row.taskCount).toBe(row.planted !== 'status-counts');
        expect(row.approvalRateHundredths === row.correctApprovalRateHundredths).toBe(row.planted !== 'approval-rate');
      }
    }
    expect(generateDataset({ portal: { inconsistencies: false } }).portal.tenants[0]?.inconsistencies).toEqual([]);
  });

  it('switches the grand_total inconsistency', () => {
    const d = generateDataset();
    expect(expectedPortalReport(d, Q1).grandTotal).toEqual(expectedPortalReport(d, Q1).sumOfRows);
    setGrandTotalMismatch(d, true);
    const r = expectedPortalReport(d, Q1);
    expect(r.grandTotal.invoicedMinor).toBe(r.sumOfRows.invoicedMinor + 1);
  });

  it('restates a day: the report follows, pending moves with invoiced, the version increases', () => {
    const d = generateDataset();
    const provider = d.portal.tenants[0]?.providers[1];
    if (!provider) throw new Error('no provider');
    const before = portalDayFigures(d, 'acme-logistics', provider.id, '2026-02-10');
    const version = d.version;
    const after = restatePortalFigures(d, {
      tenant: 'acme-logistics',
      providerId: provider.id,
      date: '2026-02-10',
      set: { invoicedMinor: before.invoicedMinor + 50_000, providerMinor: 7 },
    });
    expect(d.version).toBe(version + 1);
    expect(after.pendingMinor).toBe(before.pendingMinor + 50_000);
    expect(after.providerMinor).toBe(7);
    expect(portalDayFigures(d, 'acme-logistics', provider.id, '2026-02-10')).toEqual(after);
    expect(() =>
      restatePortalFigures(d, { tenant: 'acme-logistics', providerId: provider.id, date: '2030-01-01', set: { taskCount: 1 } }),
    ).toThrow(RangeError);
  });
});

describe('generator: PAYG data', () => {
  const dataset = generateDataset({ payg: { badRecords: true } });
  const all = allExpectedPaygRecords(dataset);

  it('has ~60 loans with weekly Monday–Sunday periods and increasing ids in creation order', () => {
    expect(dataset.payg.loans).toHaveLength(60);
    expect(all.length).toBe(paygRecordCount(dataset));
    expect(all.length).toBeGreaterThan(60 * 52);
    for (let i = 1; i < all.length; i++) {
      expect(all[i]?.id).toBe((all[i - 1]?.id ?? 0) + 1);
      expect((all[i]?.createdAt ?? '') > (all[i - 1]?.createdAt ?? '')).toBe(true);
    }
    expect(all.every((r) => new Date(`${r.startDate}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(new Set(all.map((r) => r.currency))).toEqual(new Set(['NGN', 'KES', 'GHS', 'USD']));
    expect(new Set(all.map((r) => r.fundingSource))).toEqual(new Set(['AFDB-2024', 'Own book', 'IFC-AgriFin', 'Mastercard-Fdn']));
    const names = dataset.payg.loans.map((l) => l.name);
    expect(names).toContain('Contract 0042 – Tractor MF 375');
    expect(names.some((n) => n.startsWith('='))).toBe(true);
    expect(names.some((n) => /[éè]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes(','))).toBe(true);
  });

  it('has statuses realistic by age', () => {
    const asOf = dataset.payg.asOfMs;
    const old = all.filter((r) => Date.parse(r.createdAt) < asOf - 90 * 86_400_000);
    const count = (rs: typeof all, label: string): number => rs.filter((r) => r.statusLabel === label).length;
    expect(count(old, 'PAYMENT_COMPLETE') / old.length).toBeGreaterThan(0.8);
    expect(count(old, 'PAYMENT_FAILED')).toBeGreaterThan(0);
    expect(count(old, 'DRAFT')).toBeGreaterThan(0); // drafts never sent
    expect(count(old, 'SENT_TO_PAYMENT_SERVICE')).toBeGreaterThan(0); // stuck for weeks
    expect(count(old, 'PENDING')).toBe(0);
    const lastWeek = all.filter((r) => r.endDate === dataset.payg.to);
    expect(lastWeek.length).toBeGreaterThan(0);
    expect(lastWeek.every((r) => r.statusLabel === 'DRAFT')).toBe(true);
    const recent = all.filter((r) => Date.parse(r.createdAt) > asOf - 14 * 86_400_000);
    expect(count(recent, 'SENT_TO_PAYMENT_SERVICE') + count(recent, 'PENDING')).toBeGreaterThan(0);
  });

  it('puts bad records at known ids', () => {
    const bad = dataset.payg.badRecords;
    expect(bad).toHaveLength(4);
    for (const b of bad) {
      const r = getPaygRecord(dataset, b.id);
      if (b.kind === 'unknown-status') expect(r?.status).toEqual({ code: 99, label: b.raw });
      else expect(r?.totalAmountIncMaintenanceFee).toBe(b.raw);
    }
    expect(generateDataset().payg.badRecords).toEqual([]);
    const totals = paygTotalsByCurrency(all);
    expect(Object.values(totals).flatMap((t) => t.unreadableIds).sort()).toEqual(
      bad.filter((b) => b.kind === 'unreadable-amount').map((b) => b.id).sort(),
    );
  });

  it('mutates: restate status and amount, advance time, create records with new ids', () => {
    const d = generateDataset();
    const id = d.payg.firstId + 10;
    expect(restatePaygRecord(d, id, { status: 'PAYMENT_FAILED', amountMinor: 12_345 })).toMatchObject({
      status: { label: 'PAYMENT_FAILED', code: 5 },
      totalAmountIncMaintenanceFee: '123.45',
    });
    const drafts = expectedPaygRecords(d, { status: 'DRAFT' }).length;
    advancePaygClock(d, d.payg.asOfMs + 30 * 86_400_000);
    expect(expectedPaygRecords(d, { status: 'DRAFT' }).length).toBeLessThan(drafts);
    const before = paygRecordCount(d);
    const created = createPaygRecords(d, { count: 2, atMs: Date.parse('2026-12-02T09:00:00Z') });
    expect(created.map((r) => r.id)).toEqual([d.payg.firstId + before, d.payg.firstId + before + 1]);
    expect(created[0]).toMatchObject({ start_date: '2026-11-23', end_date: '2026-11-29', created_at: '2026-12-02T09:00:00.000Z' });
    expect(expectedPaygRecords(d)[0]?.id).toBe(created[1]?.id);
  });

  it('sums per currency without mixing currencies', () => {
    const totals = paygTotalsByCurrency(all);
    for (const [currency, t] of Object.entries(totals)) {
      const own = all.filter((r) => r.currency === currency && r.amountMinor !== null);
      expect(t.totalMinor).toBe(own.reduce((acc, r) => acc + (r.amountMinor ?? 0), 0));
      expect(Object.values(t.byStatus).reduce((acc, s) => acc + s.count, 0)).toBe(t.count);
    }
  });
});

describe('generator: scale', () => {
  it('generates 1,000,000 PAYG billing periods lazily', () => {
    const d = generateDataset({ payg: { loans: 10_000, periods: 1_000_000 }, portal: { tenants: [] } });
    expect(paygRecordCount(d)).toBe(1_000_000);
    const last = getPaygRecord(d, d.payg.firstId + 999_999);
    expect(last?.end_date).toBe(d.payg.to);
    expect(getPaygRecord(d, d.payg.firstId + 1_000_000)).toBeUndefined();
    expect(getPaygRecord(d, d.payg.firstId)?.start_date).toBe(d.payg.from);
  });

  it('honours an exact period count for any loans/weeks combination', () => {
    for (const [loans, periods] of [[1, 1], [3, 100], [100, 100], [7, 7 * 104], [250, 12_345]] as const) {
      expect(paygRecordCount(generateDataset({ payg: { loans, periods } }))).toBe(periods);
    }
    expect(() => generateDataset({ payg: { loans: 2, periods: 1_000 } })).toThrow(RangeError);
  });

  it('scales the portal from a handful of providers to thousands', () => {
    const tiny = generateDataset({ portal: { tenants: [{ id: 't', currency: 'USD', providers: 2 }], from: '2026-01-01', to: '2026-01-14' } });
    expect(tiny.portal.tenants[0]?.providers).toHaveLength(2);
    expect(tiny.portal.days).toBe(14);
    const big = generateDataset({ portal: { tenants: [{ id: 'big', currency: 'COP', providers: 2_000 }] } });
    expect(big.portal.tenants[0]?.providers).toHaveLength(2_000);
  });
});
