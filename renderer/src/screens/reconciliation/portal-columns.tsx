import type { TFunction } from 'i18next';
import type { PortalRow } from '../../api/types.ts';
import { ClassBadge, REVIEW_COLUMN_SIZE, ReviewBadge } from '../../components/badges.tsx';
import type { GridColumn } from '../../components/data-grid/index.ts';
import { formatDate, formatMonth } from '../../format/dates.ts';
import { decimalSign } from '../../format/decimal.ts';
import { formatAmount, formatCount, formatPercent } from '../../format/money.ts';

export function differenceClass(row: PortalRow): string {
  if (row.status === 'MATCHED') return '';
  if (row.status === 'WITHIN_TOLERANCE') return 'amount-within';
  return decimalSign(row.difference) > 0 ? 'amount-up' : 'amount-down';
}

/** The grid's columns; ids are the back end's sort columns (reconcile:rows sorts on exact minor units). */
export function portalColumns(t: TFunction, locale: string, currency: string, period: string, showPayments: boolean): GridColumn<PortalRow>[] {
  const money = (v: string, signed = false) => formatAmount(v, currency, locale, { bare: true, signed });
  const amountColumn = (key: 'invoiced' | 'providerReported' | 'paid' | 'pending', header: string, size: number): GridColumn<PortalRow> => ({
    id: key,
    header,
    size,
    numeric: true,
    sortDescFirst: true,
    cell: (r) => money(r[key]),
  });
  const columns: GridColumn<PortalRow>[] = [
    {
      id: 'providerName',
      header: t('portal.provider'),
      size: 160,
      flex: true,
      cell: (r) => (
        <span title={`${r.providerName} #${r.providerId}`}>
          {r.providerName} <span className="muted mono">#{r.providerId}</span>
        </span>
      ),
    },
    {
      id: 'periodStart',
      header: t('portal.period'),
      size: 100,
      cell: (r) => (period === 'month' ? formatMonth(r.periodStart, locale) : formatDate(r.periodStart, locale)),
    },
    { id: 'taskCount', header: t('portal.tasks'), size: 74, numeric: true, sortDescFirst: true, cell: (r) => formatCount(r.taskCount, locale) },
    amountColumn('invoiced', t('portal.invoiced'), 130),
    amountColumn('providerReported', t('portal.providerReported'), 130),
    {
      id: 'difference',
      header: t('portal.difference'),
      size: 130,
      numeric: true,
      sortDescFirst: true,
      cell: (r) => <span className={differenceClass(r)}>{money(r.difference, true)}</span>,
    },
    {
      id: 'differencePct',
      header: t('portal.differencePct'),
      size: 76,
      numeric: true,
      sortDescFirst: true,
      cell: (r) => formatPercent(r.differencePct, locale, true),
    },
    ...(showPayments ? [amountColumn('paid', t('portal.paid'), 130), amountColumn('pending', t('portal.pending'), 130)] : []),
    { id: 'status', header: t('portal.class'), size: 170, cell: (r) => <ClassBadge value={r.status} /> },
    {
      id: 'review',
      header: t('portal.review'),
      size: REVIEW_COLUMN_SIZE,
      cell: (r) => (
        <span title={r.review?.note ?? undefined}>
          <ReviewBadge review={r.review} />
        </span>
      ),
    },
  ];
  return columns;
}
