/**
 * A portal reconciliation built in memory, of any size, consistent with itself (periods and
 * totals are the sums of the rows): for streaming tests and for feeding the writer directly.
 */
import { formatMinor, percentOf } from '../../../electron/core/money/index.ts';
import type { PortalClass, PortalPeriodTotals, PortalReconciliation, PortalRow, PortalTotals } from '../../../electron/core/reconcile/types.ts';
import type { WorkbookMeta } from '../../../electron/core/export/index.ts';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection, addGrandTotal, addRaw, addWindow } from '../../unit/reconcile/fixtures.ts';
import { workbookLanguage } from '../../../electron/core/language/workbook.ts';

export function syntheticPortal(rowCount: number): PortalReconciliation {
  const rows: PortalRow[] = [];
  for (let i = 0; i < rowCount; i++) {
    const month = (i % 12) + 1;
    const periodStart = `2025-${String(month).padStart(2, '0')}-01`;
    const periodEnd = new Date(Date.UTC(2025, month, 0)).toISOString().slice(0, 10);
    const invoiced = 1_000_000 + i * 37;
    const provider = invoiced + ((i % 7) - 3) * 1001;
    const difference = provider - invoiced;
    const status: PortalClass = difference === 0 ? 'MATCHED' : difference > 0 ? 'PROVIDER_HIGHER' : 'PROVIDER_LOWER';
    rows.push({
      key: `P|${i}|${periodStart}`,
      providerId: String(i),
      providerName: i % 1000 === 0 ? `=HYPERLINK("http://x","${i}")` : `Provider ${i}`,
      periodStart,
      periodEnd,
      currency: 'COP',
      taskCount: 1,
      invoiced: formatMinor(invoiced, 2),
      invoicedMinor: invoiced,
      providerReported: formatMinor(provider, 2),
      providerReportedMinor: provider,
      difference: formatMinor(difference, 2),
      differenceMinor: difference,
      differencePct: percentOf(difference, invoiced),
      paid: formatMinor(invoiced, 2),
      paidMinor: invoiced,
      pending: '0.00',
      pendingMinor: 0,
      approvedCount: 1,
      rejectedCount: 0,
      reviewCount: 0,
      status,
      outOfTolerance: difference !== 0,
      review: null,
    });
  }
  const totalsOf = (subset: readonly PortalRow[]): PortalTotals => {
    const t: PortalTotals = {
      currency: 'COP',
      rowCount: 0,
      taskCount: 0,
      invoiced: '',
      invoicedMinor: 0,
      providerReported: '',
      providerReportedMinor: 0,
      difference: '',
      differenceMinor: 0,
      differencePct: null,
      paid: '',
      paidMinor: 0,
      pending: '',
      pendingMinor: 0,
      outOfTolerance: 0,
      classes: { MATCHED: 0, WITHIN_TOLERANCE: 0, PROVIDER_HIGHER: 0, PROVIDER_LOWER: 0 },
    };
    for (const r of subset) {
      t.rowCount += 1;
      t.invoicedMinor += r.invoicedMinor;
      t.providerReportedMinor += r.providerReportedMinor;
      t.differenceMinor += r.differenceMinor;
      t.classes[r.status] += 1;
      if (r.outOfTolerance) t.outOfTolerance += 1;
    }
    return t;
  };
  const starts = [...new Set(rows.map((r) => r.periodStart))].sort();
  const periods: PortalPeriodTotals[] = starts.map((periodStart) => {
    const subset = rows.filter((r) => r.periodStart === periodStart);
    return { ...totalsOf(subset), periodStart, periodEnd: subset[0]?.periodEnd ?? periodStart, windows: 1, covered: true };
  });
  return {
    connection: 'synthetic',
    kind: 'portal',
    currency: 'COP',
    from: '2025-01-01',
    to: '2025-12-31',
    period: 'month',
    complete: true,
    tolerance: { abs: '0.00', absMinor: 0, pct: '0' },
    rows,
    totals: totalsOf(rows),
    periods,
    findings: [],
    coverageGaps: [],
    restatements: [],
    openItems: [],
    signoffs: [],
    dataHash: 'f'.repeat(64),
    generatedAt: '2026-01-15T00:00:00.000Z',
  };
}

export const SYNTHETIC_META: WorkbookMeta = {
  lang: workbookLanguage('en'),
  figuresHash: 'f'.repeat(64),
  range: '2025-01-01 to 2025-12-31 (monthly)',
  signer: (signoff) => ({ account: signoff.accountId, fingerprint: null }),
  evidence: { keys: [], signoffs: [], reviews: [] },
  labelOf: () => null,
  savedTolerance: { absMinor: 0, pct: '0' },
  appVersion: 'test',
  exportedAt: '2026-01-15T00:00:00.000Z',
  connection: { name: 'synthetic', kind: 'portal', baseUrl: 'https://portal.example.com', tenant: 'acme', currency: 'COP' },
  windows: [],
  auditEntries: [],
};

/**
 * The same rows as syntheticPortal, in a cache as a sync would leave them (one window per month
 * of 2025, a grand total each), under the connection `synthetic`, tolerance zero.
 */
export function seedSyntheticPortal(db: CacheDatabase, rowCount: number): void {
  const rec = syntheticPortal(rowCount);
  const c = addConnection(db, { name: rec.connection, kind: 'portal', currency: 'COP' });
  const raw = addRaw(db, c);
  const windows = new Map(rec.periods.map((p) => [p.periodStart, addWindow(db, c, { kind: 'month', periodStart: p.periodStart, periodEnd: p.periodEnd })]));
  const insert = db.prepare(
    `INSERT INTO portal_row (window_id, connection_id, period_start, period_end, provider_id, provider_name, currency, task_count,
       invoiced_minor, provider_minor, paid_minor, pending_minor, approval_rate, approved_count, rejected_count, review_count, raw_response_id)
     VALUES (?, ?, ?, ?, ?, ?, 'COP', 1, ?, ?, ?, 0, '100.00', 1, 0, 0, ?)`,
  );
  db.transaction(() => {
    for (const r of rec.rows) {
      insert.run(windows.get(r.periodStart), c, r.periodStart, r.periodEnd, r.providerId, r.providerName, r.invoicedMinor, r.providerReportedMinor, r.paidMinor, raw);
    }
  })();
  for (const w of windows.values()) addGrandTotal(db, w);
}
