import { createColumnHelper, type ColumnDef, type FilterFn } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { PortalRow } from '../api/types.ts';
import { ClassBadge, ReviewBadge } from '../components/badges.tsx';
import type { ColumnMeta } from '../components/data-grid.tsx';
import { formatDate, formatMonth } from '../format/dates.ts';
import { decimalSign, decimalSortKey } from '../format/decimal.ts';
import { formatAmount, formatCount, formatPercent } from '../format/money.ts';

const col = createColumnHelper<PortalRow>();

const inSet: FilterFn<PortalRow> = (row, id, value: string[]) => value.length === 0 || value.includes(String(row.getValue(id)));

export const providerFilter: FilterFn<PortalRow> = (row, _id, value: string) => {
  const q = value.trim().toLowerCase();
  if (!q) return true;
  const r = row.original;
  return r.providerName.toLowerCase().includes(q) || r.providerId.toLowerCase().includes(q);
};

export function differenceClass(row: PortalRow): string {
  if (row.status === 'MATCHED') return '';
  if (row.status === 'WITHIN_TOLERANCE') return 'amount-within';
  return decimalSign(row.difference) > 0 ? 'amount-up' : 'amount-down';
}

const num: ColumnMeta = { numeric: true };

export function portalColumns(t: TFunction, locale: string, currency: string, period: string): ColumnDef<PortalRow, never>[] {
  const money = (v: string, signed = false) => formatAmount(v, currency, locale, { bare: true, signed });
  // Sorting reads the exact minor units; cells show the exact decimal text.
  const amountColumn = (key: 'invoiced' | 'providerReported' | 'paid' | 'pending', header: string, size: number) =>
    col.accessor((r) => r[`${key}Minor`], {
      id: key,
      header,
      size,
      meta: num,
      sortDescFirst: true,
      cell: (info) => money(info.row.original[key]),
    });
  return [
    col.display({ id: 'select', size: 44, enableSorting: false, header: () => t('grid.select') }),
    col.accessor('providerName', {
      header: t('portal.provider'),
      size: 200,
      meta: { flex: true },
      cell: (info) => (
        <span title={`${info.row.original.providerName} #${info.row.original.providerId}`}>
          {info.row.original.providerName} <span className="muted mono">#{info.row.original.providerId}</span>
        </span>
      ),
    }),
    col.accessor('periodStart', {
      header: t('portal.period'),
      size: 100,
      cell: (info) => (period === 'month' ? formatMonth(info.getValue(), locale) : formatDate(info.getValue(), locale)),
    }),
    col.accessor('taskCount', { header: t('portal.tasks'), size: 70, meta: num, sortDescFirst: true, cell: (info) => formatCount(info.getValue(), locale) }),
    amountColumn('invoiced', t('portal.invoiced'), 130),
    amountColumn('providerReported', t('portal.providerReported'), 150),
    col.accessor('differenceMinor', {
      id: 'difference',
      header: t('portal.difference'),
      size: 130,
      meta: num,
      sortDescFirst: true,
      cell: (info) => <span className={differenceClass(info.row.original)}>{money(info.row.original.difference, true)}</span>,
    }),
    col.accessor((r) => decimalSortKey(r.differencePct) ?? undefined, {
      id: 'differencePct',
      header: t('portal.differencePct'),
      size: 80,
      meta: num,
      sortDescFirst: true,
      sortUndefined: 'last',
      cell: (info) => formatPercent(info.row.original.differencePct, locale, true),
    }),
    amountColumn('paid', t('portal.paid'), 130),
    amountColumn('pending', t('portal.pending'), 130),
    col.accessor('status', { header: t('portal.class'), size: 160, filterFn: inSet, cell: (info) => <ClassBadge value={info.getValue()} /> }),
    col.accessor((r) => r.review?.state ?? 'open', {
      id: 'review',
      header: t('portal.review'),
      size: 110,
      filterFn: inSet,
      cell: (info) => (
        <span title={info.row.original.review?.note ?? undefined}>
          <ReviewBadge value={info.row.original.review?.state} />
        </span>
      ),
    }),
  ] as ColumnDef<PortalRow, never>[];
}
