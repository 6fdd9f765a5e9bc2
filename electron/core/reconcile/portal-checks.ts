/**
 * Checks of the portal's own figures. Each disagreement becomes a finding holding both numbers; a
 * check firing in several windows of one period (a range over 93 days) is one finding, summed.
 */
import { formatMinor, parseDecimalToMinor, percentOf } from '../money/index.ts';
import { findingKey, type ItemKey } from '../review/keys.ts';
import type { Review } from '../review/types.ts';
import type { CoverageGap, PortalCheck, PortalFinding } from './types.ts';

interface WindowLike {
  id: number;
  period_start: string;
  period_end: string;
  window_start: string;
  window_end: string;
  status: string;
}

export interface WindowSums {
  rows: number;
  taskCount: number;
  invoiced: number;
  provider: number;
  paid: number;
  pending: number;
}

interface Pending {
  check: PortalCheck;
  providerId: string | null;
  periodStart: string;
  periodEnd: string;
  unit: 'amount' | 'count' | 'text';
  expected: number | string;
  actual: number | string;
  occurrences: number;
  detail: string | null;
}

export class FindingSet {
  readonly #exponent: number;
  readonly #items = new Map<ItemKey, Pending>();

  constructor(exponent: number) {
    this.#exponent = exponent;
  }

  add(item: Omit<Pending, 'occurrences'>): void {
    const key = findingKey(item.check, item.providerId, item.periodStart);
    const existing = this.#items.get(key);
    if (!existing) {
      this.#items.set(key, { ...item, occurrences: 1 });
      return;
    }
    existing.occurrences += 1;
    if (typeof existing.expected === 'number' && typeof item.expected === 'number' && typeof existing.actual === 'number' && typeof item.actual === 'number') {
      existing.expected += item.expected;
      existing.actual += item.actual;
    }
  }

  quarantined(w: WindowLike, record: { id: number; record_key: string | null; reason: string }): void {
    const recordKey = record.record_key === null || record.record_key === '' ? `q${record.id}` : record.record_key.replaceAll('|', '/');
    this.add({
      check: 'quarantined',
      providerId: recordKey,
      periodStart: w.period_start,
      periodEnd: w.period_end,
      unit: 'text',
      expected: 'a valid record',
      actual: record.reason,
      detail: null,
    });
  }

  coverageGap(gap: CoverageGap): void {
    this.add({
      check: 'coverage_gap',
      providerId: null,
      periodStart: gap.periodStart,
      periodEnd: gap.periodEnd,
      unit: 'text',
      expected: 'ok',
      actual: gap.status,
      detail: gap.error,
    });
  }

  list(reviews: ReadonlyMap<ItemKey, Review>): PortalFinding[] {
    const out: PortalFinding[] = [];
    for (const [key, p] of this.#items) {
      const expected = this.#show(p.unit, p.expected);
      const actual = this.#show(p.unit, p.actual);
      out.push({
        key,
        check: p.check,
        providerId: p.providerId,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        expected,
        actual,
        message: describe(p, expected, actual),
        review: reviews.get(key) ?? null,
      });
    }
    return out.sort(
      (a, b) =>
        cmp(a.periodStart, b.periodStart) || cmp(a.check, b.check) || cmp(a.providerId ?? '', b.providerId ?? ''),
    );
  }

  #show(unit: Pending['unit'], value: number | string): string {
    if (typeof value === 'string') return value;
    return unit === 'amount' ? formatMinor(value, this.#exponent) : String(value);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(p: Pending, expected: string, actual: string): string {
  const who = p.providerId === null ? '' : `provider ${p.providerId}, `;
  const where = `${who}${p.periodStart} to ${p.periodEnd}`;
  const more = p.occurrences > 1 && p.unit === 'text' ? ` (and ${p.occurrences - 1} more like it)` : '';
  switch (p.check) {
    case 'paid_plus_pending':
      return `${where}: paid + pending comes to ${actual}, but invoiced is ${expected}.`;
    case 'status_counts':
      return `${where}: approved + rejected + in review comes to ${actual}, but the task count is ${expected}.`;
    case 'approval_rate':
      return `${where}: the approval rate sent is ${actual}%, but approved / tasks × 100 is ${expected}%${more}.`;
    case 'grand_total_missing':
      return `${where}: the report had rows but no grand total.`;
    case 'quarantined':
      return `${where}: a record could not be read and was set aside: ${actual}${more}.`;
    case 'coverage_gap':
      if (actual === 'missing') return `${where}: not synced; run concilia sync for this range.`;
      return `${where}: the last sync ${actual === 'failed' ? 'failed' : 'stopped before the end'}${p.detail ? ` (${p.detail})` : ''}; sync it again.`;
    default: {
      const field = p.check.replace('grand_total_', '').replace('_', ' ');
      return `${where}: the report's grand total ${field} is ${actual}, but its rows add up to ${expected}.`;
    }
  }
}

export interface RowFigures {
  providerId: string;
  taskCount: number;
  invoiced: number;
  paid: number;
  pending: number;
  approvalRate: string;
  approved: number;
  rejected: number;
  review: number;
}

/** The invariants of one report row, as the upstream documents them. */
export function checkRow(findings: FindingSet, w: WindowLike, r: RowFigures): void {
  const at = { providerId: r.providerId, periodStart: w.period_start, periodEnd: w.period_end, detail: null };
  if (r.paid + r.pending !== r.invoiced) {
    findings.add({ ...at, check: 'paid_plus_pending', unit: 'amount', expected: r.invoiced, actual: r.paid + r.pending });
  }
  if (r.approved + r.rejected + r.review !== r.taskCount) {
    findings.add({ ...at, check: 'status_counts', unit: 'count', expected: r.taskCount, actual: r.approved + r.rejected + r.review });
  }
  if (r.taskCount > 0) {
    const expected = approvalHundredths(r.approved, r.taskCount);
    let actual: number | null;
    try {
      actual = parseDecimalToMinor(r.approvalRate, 2).minor;
    } catch {
      actual = null;
    }
    if (actual !== expected) {
      findings.add({ ...at, check: 'approval_rate', unit: 'text', expected: percentOf(r.approved, r.taskCount) ?? '', actual: r.approvalRate });
    }
  }
}

/** The approval rate as the portal should write it ("66.67"); a different text is checked exactly. */
export function approvalText(approved: number, tasks: number): string {
  const h = approvalHundredths(approved, tasks);
  const cents = h % 100;
  return `${(h - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** approved / tasks × 100 in hundredths, rounded half away from zero, without floats. */
function approvalHundredths(approved: number, tasks: number): number {
  if (approved >= 0 && approved * 20_000 + tasks <= Number.MAX_SAFE_INTEGER) {
    return Math.floor((approved * 20_000 + tasks) / (2 * tasks));
  }
  return parseDecimalToMinor(percentOf(approved, tasks) ?? '0', 2).minor;
}

const GRAND_FIELDS = [
  ['grand_total_task_count', 'taskCount', 'task_count', 'count'],
  ['grand_total_invoiced', 'invoiced', 'invoiced_minor', 'amount'],
  ['grand_total_provider', 'provider', 'provider_minor', 'amount'],
  ['grand_total_paid', 'paid', 'paid_minor', 'amount'],
  ['grand_total_pending', 'pending', 'pending_minor', 'amount'],
] as const;

export interface GrandTotalRow {
  window_id: number;
  task_count: number;
  invoiced_minor: number;
  provider_minor: number;
  paid_minor: number;
  pending_minor: number;
}

/** Each window's grand total against the sum of that window's rows. */
export function checkGrandTotals(
  findings: FindingSet,
  windows: readonly WindowLike[],
  sums: ReadonlyMap<number, WindowSums>,
  grandTotals: readonly GrandTotalRow[],
): void {
  const byWindow = new Map(grandTotals.map((g) => [g.window_id, g]));
  const empty: WindowSums = { rows: 0, taskCount: 0, invoiced: 0, provider: 0, paid: 0, pending: 0 };
  for (const w of windows) {
    const s = sums.get(w.id) ?? empty;
    const g = byWindow.get(w.id);
    const at = { providerId: null, periodStart: w.period_start, periodEnd: w.period_end, detail: null };
    if (!g) {
      if (s.rows > 0) findings.add({ ...at, check: 'grand_total_missing', unit: 'text', expected: 'a grand total', actual: 'none' });
      continue;
    }
    for (const [check, sumField, totalField, unit] of GRAND_FIELDS) {
      if (s[sumField] !== g[totalField]) findings.add({ ...at, check, unit, expected: s[sumField], actual: g[totalField] });
    }
  }
}
