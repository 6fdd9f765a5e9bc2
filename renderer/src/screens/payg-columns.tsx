import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { PaygException } from '../api/types.ts';
import { ReviewBadge } from '../components/badges.tsx';
import type { ColumnMeta } from '../components/data-grid.tsx';
import { formatPeriod } from '../format/dates.ts';
import { decimalSortKey } from '../format/decimal.ts';
import { formatAmount, formatCount } from '../format/money.ts';

export type ExceptionRow = PaygException & { rowId: string };

const col = createColumnHelper<ExceptionRow>();
const num: ColumnMeta = { numeric: true };

const STATUS_TONE: Record<string, string> = {
  PAYMENT_FAILED: 'badge-bad',
  DRAFT: 'badge-neutral',
  PAYMENT_COMPLETE: 'badge-ok',
  SENT_TO_PAYMENT_SERVICE: 'badge-warn',
  PENDING: 'badge-warn',
};

export function exceptionColumns(t: TFunction, locale: string): ColumnDef<ExceptionRow, never>[] {
  return [
    col.display({ id: 'select', size: 44, enableSorting: false, header: () => t('grid.select') }),
    col.accessor('kind', {
      header: t('payg.kind'),
      size: 170,
      filterFn: 'equals',
      cell: (info) => {
        const kind: string = info.getValue();
        return t(`exception.${kind}`, { defaultValue: kind });
      },
    }),
    col.accessor('loanName', {
      header: t('payg.loan'),
      size: 200,
      meta: { flex: true },
      cell: (info) => (
        <span>
          {info.getValue()} <span className="muted mono">#{info.row.original.id}</span>
        </span>
      ),
    }),
    col.accessor('startDate', {
      header: t('portal.period'),
      size: 200,
      cell: (info) => formatPeriod(info.row.original.startDate, info.row.original.endDate, locale),
    }),
    col.accessor('status', {
      header: t('payg.status'),
      size: 190,
      cell: (info) => {
        const status: string = info.getValue();
        return <span className={`badge ${STATUS_TONE[status] ?? 'badge-neutral'}`}>{t(`billing.${status}`, { defaultValue: status })}</span>;
      },
    }),
    col.accessor((r) => decimalSortKey(r.amount), {
      id: 'amount',
      header: t('openItems.amount'),
      size: 140,
      meta: num,
      sortDescFirst: true,
      cell: (info) => formatAmount(info.row.original.amount, info.row.original.currency, locale),
    }),
    col.accessor('daysPastEnd', {
      header: t('payg.daysPastEnd'),
      size: 130,
      meta: num,
      sortDescFirst: true,
      cell: (info) => formatCount(info.getValue(), locale),
    }),
    col.accessor('daysInStatus', {
      header: t('payg.daysInStatus'),
      size: 130,
      meta: num,
      sortDescFirst: true,
      cell: (info) => formatCount(info.getValue(), locale),
    }),
    col.accessor((r) => r.review?.state ?? 'open', {
      id: 'review',
      header: t('portal.review'),
      size: 120,
      cell: (info) => <ReviewBadge value={info.row.original.review?.state} />,
    }),
  ] as ColumnDef<ExceptionRow, never>[];
}
