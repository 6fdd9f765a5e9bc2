/**
 * Expected answers, computed independently of the server's code paths, for tests that check a client
 * (or the sandbox itself) to the minor unit:
 * - portal: by summing the day figures one day at a time (the server uses prefix sums);
 * - PAYG: by materialising every record and filtering/sorting them naively (the server uses index
 *   ranges, loan masks, rank arrays and a query cache).
 * Meant for test-sized data; the PAYG functions are O(records).
 */

import { formatIsoDate, parseIsoDate, requireIsoDate } from './calendar.ts';
import type { DayFigures, PortalInconsistencyKind } from './generator.ts';
import { paygRecordCount, paygRecordView, portalDayFigures, getPortalTenant } from './generator.ts';
import type { Dataset } from './generator.ts';
import { mulDivRound, parseDecimalMinor, percentHundredths } from './money.ts';
import type { OrderingKey, PaygFilters } from './payg-filters.ts';
import { DEFAULT_PAYG_ORDERING, parseOrdering, searchTerms } from './payg-filters.ts';

// ---------------------------------------------------------------------------------------------------
// Portal
// ---------------------------------------------------------------------------------------------------

export interface PortalReportQuery {
  tenant: string;
  /** startdate / enddate, inclusive. */
  from: string;
  to: string;
  /** Restrict to these provider ids (unknown ids yield nothing). */
  providers?: readonly string[];
}

export interface PortalTotals {
  taskCount: number;
  invoicedMinor: number;
  providerMinor: number;
  paidMinor: number;
  pendingMinor: number;
}

export interface ExpectedPortalRow extends DayFigures {
  providerId: string;
  providerName: string;
  /** approval_rate as served, in hundredths (8810 = 88.10). */
  approvalRateHundredths: number;
  /** approved / task_count × 100 to 2 decimals, in hundredths — differs from the served one only where planted. */
  correctApprovalRateHundredths: number;
  /** The provider's planted inconsistency, if any. */
  planted: PortalInconsistencyKind | null;
}

export interface ExpectedPortalReport {
  tenant: string;
  currency: string;
  from: string;
  to: string;
  /** One row per provider with any activity in the range, sorted by provider id (the server shuffles). */
  rows: ExpectedPortalRow[];
  /** grand_total as served. */
  grandTotal: PortalTotals;
  /** The true sums of the rows (equal to grandTotal unless the grand-total mismatch is switched on). */
  sumOfRows: PortalTotals;
}

/** What `GET /apidev/v1/reports/portal/billing` answers for this query, in integers. */
export function expectedPortalReport(dataset: Dataset, query: PortalReportQuery): ExpectedPortalReport {
  const tenant = getPortalTenant(dataset, query.tenant);
  if (!tenant) throw new RangeError(`unknown tenant ${query.tenant}`);
  const from = requireIsoDate(query.from, 'from');
  const to = requireIsoDate(query.to, 'to');
  const wanted = query.providers ? new Set(query.providers) : null;
  const rows: ExpectedPortalRow[] = [];
  for (const provider of tenant.providers) {
    if (wanted && !wanted.has(provider.id)) continue;
    const sum: DayFigures = {
      taskCount: 0,
      invoicedMinor: 0,
      providerMinor: 0,
      paidMinor: 0,
      pendingMinor: 0,
      approvedCount: 0,
      rejectedCount: 0,
      reviewCount: 0,
    };
    for (let day = from; day <= to; day++) {
      const f = portalDayFigures(dataset, tenant.id, provider.id, formatIsoDate(day));
      sum.taskCount += f.taskCount;
      sum.invoicedMinor += f.invoicedMinor;
      sum.providerMinor += f.providerMinor;
      sum.paidMinor += f.paidMinor;
      sum.pendingMinor += f.pendingMinor;
      sum.approvedCount += f.approvedCount;
      sum.rejectedCount += f.rejectedCount;
      sum.reviewCount += f.reviewCount;
    }
    const active = Object.values(sum).some((v) => v !== 0);
    if (!active) continue;
    const correct = percentHundredths(sum.approvedCount, sum.taskCount);
    const served =
      provider.inconsistency === 'approval-rate' && sum.taskCount > 0
        ? mulDivRound(sum.approvedCount, 100, sum.taskCount)
        : correct;
    rows.push({
      ...sum,
      providerId: provider.id,
      providerName: provider.name,
      approvalRateHundredths: served,
      correctApprovalRateHundredths: correct,
      planted: provider.inconsistency,
    });
  }
  rows.sort((a, b) => (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0));
  const sumOfRows: PortalTotals = { taskCount: 0, invoicedMinor: 0, providerMinor: 0, paidMinor: 0, pendingMinor: 0 };
  for (const r of rows) {
    sumOfRows.taskCount += r.taskCount;
    sumOfRows.invoicedMinor += r.invoicedMinor;
    sumOfRows.providerMinor += r.providerMinor;
    sumOfRows.paidMinor += r.paidMinor;
    sumOfRows.pendingMinor += r.pendingMinor;
  }
  const grandTotal = { ...sumOfRows };
  if (dataset.portal.grandTotalMismatch && rows.length > 0) grandTotal.invoicedMinor += 1;
  return { tenant: tenant.id, currency: tenant.currency, from: query.from, to: query.to, rows, grandTotal, sumOfRows };
}

// ---------------------------------------------------------------------------------------------------
// PAYG
// ---------------------------------------------------------------------------------------------------

export interface ExpectedPaygRecord {
  id: number;
  loanName: string;
  startDate: string;
  endDate: string;
  statusCode: number;
  statusLabel: string;
  currency: string;
  fundingSource: string;
  createdAt: string;
  /** The served amount text. */
  amountText: string;
  /** The served amount in minor units, or null when the text is unreadable (a bad record). */
  amountMinor: number | null;
  /** The stored amount (what ordering by amount uses, even for an unreadable text). */
  storedAmountMinor: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBy(a: ExpectedPaygRecord, b: ExpectedPaygRecord, key: OrderingKey): number {
  let c: number;
  switch (key.field) {
    case 'id':
      c = a.id - b.id;
      break;
    case 'loanName':
      c = compareText(a.loanName, b.loanName);
      break;
    case 'start_date':
      c = compareText(a.startDate, b.startDate);
      break;
    case 'end_date':
      c = compareText(a.endDate, b.endDate);
      break;
    case 'status':
      c = compareText(a.statusLabel, b.statusLabel);
      break;
    case 'currency':
      c = compareText(a.currency, b.currency);
      break;
    case 'totalAmountIncMaintenanceFee':
      c = a.storedAmountMinor - b.storedAmountMinor;
      break;
    case 'funding_source':
      c = compareText(a.fundingSource, b.fundingSource);
      break;
    case 'created_at':
      c = compareText(a.createdAt, b.createdAt);
      break;
  }
  return key.descending ? -c : c;
}

/** Every record (in id order), as served. */
export function allExpectedPaygRecords(dataset: Dataset): ExpectedPaygRecord[] {
  const out: ExpectedPaygRecord[] = [];
  const n = paygRecordCount(dataset);
  for (let index = 0; index < n; index++) {
    const v = paygRecordView(dataset, index);
    if (!v) continue;
    out.push({
      id: v.id,
      loanName: v.loan.name,
      startDate: formatIsoDate(v.startDay),
      endDate: formatIsoDate(v.endDay),
      statusCode: v.statusCode,
      statusLabel: v.statusLabel,
      currency: v.loan.currency,
      fundingSource: v.loan.fundingSource,
      createdAt: new Date(v.createdAtMs).toISOString(),
      amountText: v.amountText,
      amountMinor: parseDecimalMinor(v.amountText),
      storedAmountMinor: v.amountMinor,
    });
  }
  return out;
}

/**
 * All records matching the filters, in the order the list serves them (pages are consecutive slices).
 * Throws on filters the server would reject with a 400.
 */
export function expectedPaygRecords(dataset: Dataset, filters: PaygFilters = {}): ExpectedPaygRecord[] {
  const ordering = parseOrdering(filters.ordering ?? DEFAULT_PAYG_ORDERING);
  if ('error' in ordering) throw new RangeError(ordering.error);
  const terms = searchTerms(filters.search);
  const date = (text: string | undefined): string | undefined => {
    if (text === undefined || text === '') return undefined;
    if (parseIsoDate(text) === null) throw new RangeError(`invalid date ${text}`);
    return text;
  };
  const sGte = date(filters.start_date_gte);
  const sLte = date(filters.start_date_lte);
  const eGte = date(filters.end_date_gte);
  const eLte = date(filters.end_date_lte);
  const matches = allExpectedPaygRecords(dataset).filter((r) => {
    if (filters.currency && r.currency !== filters.currency) return false;
    if (filters.status && r.statusLabel !== filters.status) return false;
    if (filters.funding_source && r.fundingSource !== filters.funding_source) return false;
    if (sGte !== undefined && r.startDate < sGte) return false;
    if (sLte !== undefined && r.startDate > sLte) return false;
    if (eGte !== undefined && r.endDate < eGte) return false;
    if (eLte !== undefined && r.endDate > eLte) return false;
    const name = r.loanName.toLowerCase();
    return terms.every((t) => name.includes(t));
  });
  matches.sort((a, b) => {
    for (const key of ordering) {
      const c = compareBy(a, b, key);
      if (c !== 0) return c;
    }
    return a.id - b.id;
  });
  return matches;
}

export interface PaygCurrencyTotals {
  currency: string;
  count: number;
  /** Sum of the readable amounts. */
  totalMinor: number;
  /** Ids whose amount text is unreadable (not in totalMinor). */
  unreadableIds: number[];
  byStatus: Record<string, { count: number; totalMinor: number }>;
}

/** Per-currency (and per-status) sums of records, in minor units. Never mixes currencies. */
export function paygTotalsByCurrency(records: readonly ExpectedPaygRecord[]): Record<string, PaygCurrencyTotals> {
  const out: Record<string, PaygCurrencyTotals> = {};
  for (const r of records) {
    const t = (out[r.currency] ??= { currency: r.currency, count: 0, totalMinor: 0, unreadableIds: [], byStatus: {} });
    t.count += 1;
    const s = (t.byStatus[r.statusLabel] ??= { count: 0, totalMinor: 0 });
    s.count += 1;
    if (r.amountMinor === null) {
      t.unreadableIds.push(r.id);
    } else {
      t.totalMinor += r.amountMinor;
      s.totalMinor += r.amountMinor;
    }
  }
  return out;
}
