/**
 * Sorting and filtering of a reconciliation's big lists, in the back end, so the window only ever
 * receives the page it shows. Orders follow the grid's old client-side rules: exact comparisons
 * (minor units, decimal text), empty values last in both directions, ties in the engine's order.
 */
import type { OpenItem, PaygException, PortalRow, Reconciliation } from '../core/reconcile/index.ts';
import { ContractError, type ViewFilter, type ViewList, type ViewSort } from '../contract/index.ts';

export type ViewItem = PortalRow | OpenItem | PaygException;

type SortValue = number | string | null;
type Compare = (a: SortValue, b: SortValue) => number;

interface ColumnSpec<T> {
  value: (item: T) => SortValue;
  compare: Compare;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const byNumber: Compare = (a, b) => (a as number) - (b as number);
const byCode: Compare = (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
const byName: Compare = (a, b) => collator.compare(a as string, b as string);
const byDecimal: Compare = (a, b) => compareDecimalText(a as string, b as string);

/** Exact order of two decimal texts ("-12.5" < "3"), without going through floats. */
export function compareDecimalText(a: string, b: string): number {
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  const absA = magnitude(negA ? a.slice(1) : a);
  const absB = magnitude(negB ? b.slice(1) : b);
  const zeroA = absA.int === '' && absA.frac === '';
  const zeroB = absB.int === '' && absB.frac === '';
  const signA = zeroA ? 0 : negA ? -1 : 1;
  const signB = zeroB ? 0 : negB ? -1 : 1;
  if (signA !== signB) return signA - signB;
  if (signA === 0) return 0;
  let cmp = absA.int.length - absB.int.length;
  if (cmp === 0) cmp = absA.int < absB.int ? -1 : absA.int > absB.int ? 1 : 0;
  if (cmp === 0) cmp = absA.frac < absB.frac ? -1 : absA.frac > absB.frac ? 1 : 0;
  return signA * Math.sign(cmp);
}

function magnitude(text: string): { int: string; frac: string } {
  const dot = text.indexOf('.');
  const int = (dot < 0 ? text : text.slice(0, dot)).replace(/^0+/, '');
  const frac = dot < 0 ? '' : text.slice(dot + 1).replace(/0+$/, '');
  return { int, frac };
}

const reviewOf = (item: { review: { state: string } | null }): string => item.review?.state ?? 'open';

const ROW_COLUMNS: Record<string, ColumnSpec<PortalRow>> = {
  providerName: { value: (r) => r.providerName, compare: byName },
  periodStart: { value: (r) => r.periodStart, compare: byCode },
  taskCount: { value: (r) => r.taskCount, compare: byNumber },
  invoiced: { value: (r) => r.invoicedMinor, compare: byNumber },
  providerReported: { value: (r) => r.providerReportedMinor, compare: byNumber },
  difference: { value: (r) => r.differenceMinor, compare: byNumber },
  differencePct: { value: (r) => r.differencePct, compare: byDecimal },
  paid: { value: (r) => r.paidMinor, compare: byNumber },
  pending: { value: (r) => r.pendingMinor, compare: byNumber },
  status: { value: (r) => r.status, compare: byCode },
  review: { value: reviewOf, compare: byCode },
};

const OPEN_ITEM_COLUMNS: Record<string, ColumnSpec<OpenItem>> = {
  description: { value: (r) => r.description, compare: byName },
  periodStart: { value: (r) => r.periodStart, compare: byCode },
  ageDays: { value: (r) => r.ageDays, compare: byNumber },
  // Open items of one reconciliation share its currency (portal) or are compared as decimals (PAYG).
  amount: { value: (r) => r.amount, compare: byDecimal },
  review: { value: reviewOf, compare: byCode },
};

const EXCEPTION_COLUMNS: Record<string, ColumnSpec<PaygException>> = {
  kind: { value: (r) => r.kind, compare: byCode },
  loanName: { value: (r) => r.loanName, compare: byName },
  startDate: { value: (r) => r.startDate, compare: byCode },
  status: { value: (r) => r.status, compare: byCode },
  amount: { value: (r) => r.amount, compare: byDecimal },
  daysPastEnd: { value: (r) => r.daysPastEnd, compare: byNumber },
  daysInStatus: { value: (r) => r.daysInStatus, compare: byNumber },
  review: { value: reviewOf, compare: byCode },
};

const COLUMNS: Record<ViewList, Record<string, ColumnSpec<never>>> = {
  rows: ROW_COLUMNS,
  openItems: OPEN_ITEM_COLUMNS,
  exceptions: EXCEPTION_COLUMNS,
};

export function listOf(result: Reconciliation, list: ViewList): ViewItem[] {
  if (list === 'openItems') return result.openItems;
  if (list === 'rows') return result.kind === 'portal' ? result.rows : [];
  return result.kind === 'payg' ? result.exceptions : [];
}

/** Indexes of `items` sorted by one column: stable (ties keep the engine's order), empty values last either way. */
export function sortIndex(items: readonly ViewItem[], list: ViewList, sort: ViewSort): Uint32Array {
  const spec = COLUMNS[list][sort.column] as ColumnSpec<ViewItem> | undefined;
  if (!spec) throw new ContractError('invalid_input', `The list cannot be sorted by "${sort.column.slice(0, 40)}". Choose another column.`);
  const values = items.map(spec.value);
  const order = Array.from({ length: items.length }, (_v, i) => i);
  const sign = sort.direction === 'desc' ? -1 : 1;
  order.sort((i, j) => {
    const a = values[i] ?? null;
    const b = values[j] ?? null;
    if (a === null || b === null) {
      if (a === null && b !== null) return 1;
      if (b === null && a !== null) return -1;
      return i - j;
    }
    const cmp = spec.compare(a, b);
    return cmp !== 0 ? sign * cmp : i - j;
  });
  return Uint32Array.from(order);
}

/** Lower case without accents: "Peñalosa" and "penalosa" find each other. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The text a list's search looks in, folded once per view. */
export function searchTextOf(item: ViewItem, list: ViewList): string {
  if (list === 'rows') {
    const r = item as PortalRow;
    return foldText(`${r.providerName}\u0000${r.providerId}`);
  }
  if (list === 'openItems') {
    const r = item as OpenItem;
    return foldText(`${r.description}\u0000${r.providerId ?? ''}\u0000${r.key}`);
  }
  const r = item as PaygException;
  return foldText(`${r.loanName}\u0000${r.fundingSource ?? ''}\u0000${r.id}`);
}

export function isEmptyFilter(filter: ViewFilter | undefined): boolean {
  if (!filter) return true;
  return (
    (filter.text ?? '').trim() === '' &&
    (filter.classes ?? []).length === 0 &&
    (filter.review ?? []).length === 0 &&
    filter.outOfToleranceOnly !== true &&
    filter.providerId === undefined &&
    (filter.kinds ?? []).length === 0 &&
    filter.currency === undefined
  );
}

/** A predicate over item indexes; `search(i)` gives the folded search text of item i. */
export function filterPredicate(items: readonly ViewItem[], filter: ViewFilter, search: (i: number) => string): (i: number) => boolean {
  const text = foldText((filter.text ?? '').trim());
  const classes = filter.classes && filter.classes.length > 0 ? new Set<string>(filter.classes) : null;
  const review = filter.review && filter.review.length > 0 ? new Set<string>(filter.review) : null;
  const kinds = filter.kinds && filter.kinds.length > 0 ? new Set<string>(filter.kinds) : null;
  const outOnly = filter.outOfToleranceOnly === true;
  const providerId = filter.providerId;
  const currency = filter.currency;
  return (i) => {
    // Each field is read only where the list has it (status and outOfTolerance: rows; kind: exceptions).
    const item = items[i] as { key: string; review: { state: string } | null; status?: string; outOfTolerance?: boolean; kind?: string; providerId?: string | null; currency?: string };
    if (classes && !(item.status !== undefined && classes.has(item.status))) return false;
    if (outOnly && item.outOfTolerance !== true) return false;
    if (kinds && !(item.kind !== undefined && kinds.has(item.kind))) return false;
    if (providerId !== undefined && item.providerId !== providerId) return false;
    if (currency !== undefined && item.currency !== currency) return false;
    if (review && !review.has(reviewOf(item))) return false;
    if (text !== '' && !search(i).includes(text)) return false;
    return true;
  };
}
