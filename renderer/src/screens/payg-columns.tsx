import type { TFunction } from 'i18next';
import type { PaygException } from '../api/types.ts';
import { ReviewBadge } from '../components/badges.tsx';
import type { GridColumn } from '../components/data-grid.tsx';
import { formatPeriod } from '../format/dates.ts';
import { formatAmount, formatCount } from '../format/money.ts';

const STATUS_TONE: Record<string, string> = {
  PAYMENT_FAILED: 'badge-bad',
  DRAFT: 'badge-neutral',
  PAYMENT_COMPLETE: 'badge-ok',
  SENT_TO_PAYMENT_SERVICE: 'badge-warn',
  PENDING: 'badge-warn',
};

/** The exceptions grid's columns; ids are the back end's sort columns (amounts compared as exact decimals). */
export function exceptionColumns(t: TFunction, locale: string): GridColumn<PaygException>[] {
  return [
    { id: 'kind', header: t('payg.kind'), size: 170, cell: (r) => t(`exception.${r.kind}`, { defaultValue: r.kind }) },
    {
      id: 'loanName',
      header: t('payg.loan'),
      size: 200,
      flex: true,
      cell: (r) => (
        <span>
          {r.loanName} <span className="muted mono">#{r.id}</span>
        </span>
      ),
    },
    { id: 'startDate', header: t('portal.period'), size: 200, cell: (r) => formatPeriod(r.startDate, r.endDate, locale) },
    {
      id: 'status',
      header: t('payg.status'),
      size: 190,
      cell: (r) => <span className={`badge ${STATUS_TONE[r.status] ?? 'badge-neutral'}`}>{t(`billing.${r.status}`, { defaultValue: r.status })}</span>,
    },
    { id: 'amount', header: t('openItems.amount'), size: 140, numeric: true, sortDescFirst: true, cell: (r) => formatAmount(r.amount, r.currency, locale) },
    { id: 'daysPastEnd', header: t('payg.daysPastEnd'), size: 130, numeric: true, sortDescFirst: true, cell: (r) => formatCount(r.daysPastEnd, locale) },
    { id: 'daysInStatus', header: t('payg.daysInStatus'), size: 130, numeric: true, sortDescFirst: true, cell: (r) => formatCount(r.daysInStatus, locale) },
    { id: 'review', header: t('portal.review'), size: 120, cell: (r) => <ReviewBadge value={r.review?.state} /> },
  ];
}
