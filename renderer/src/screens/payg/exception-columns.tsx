import type { TFunction } from 'i18next';
import type { PaygException } from '../../api/types.ts';
import { REVIEW_COLUMN_SIZE, ReviewBadge } from '../../components/badges.tsx';
import type { GridColumn } from '../../components/data-grid/index.ts';
import { formatDate, formatPeriod } from '../../format/dates.ts';
import { formatAmount, formatCount } from '../../format/money.ts';

export const STATUS_TONE: Record<string, string> = {
  PAYMENT_FAILED: 'badge-bad',
  DRAFT: 'badge-neutral',
  PAYMENT_COMPLETE: 'badge-ok',
  SENT_TO_PAYMENT_SERVICE: 'badge-warn',
  PENDING: 'badge-warn',
};

/**
 * Since when the billing period has been in its status, as far as Concilia knows: the sync that
 * saw the change, or — when it was already so at the first sync — "on or before" that day. Never
 * a count of days from a date nobody saw.
 */
export function inStatusSince(e: PaygException, t: TFunction, locale: string): string {
  const day = formatDate(e.statusSince.slice(0, 10), locale);
  return e.statusSince <= e.firstSeenAt ? t('payg.orEarlier', { date: day }) : day;
}

/**
 * The exceptions grid's columns; ids are the back end's sort columns (amounts compared as exact
 * decimals). Two lines where two facts belong together (the loan and its problem, the status and
 * since when), so everything fits the card without cutting a word.
 */
export function exceptionColumns(t: TFunction, locale: string): GridColumn<PaygException>[] {
  return [
    {
      id: 'loanName',
      header: t('payg.loan'),
      size: 200,
      flex: true,
      cell: (r) => (
        <span className="cell-two">
          <span>{r.loanName}</span>
          <span className="muted">{t(`exception.${r.kind}`)}</span>
        </span>
      ),
    },
    { id: 'startDate', header: t('portal.period'), size: 200, cell: (r) => formatPeriod(r.startDate, r.endDate, locale) },
    {
      id: 'status',
      header: t('payg.statusSince'),
      size: 220,
      cell: (r) => (
        <span className="cell-two">
          <span>
            <span className={`badge ${STATUS_TONE[r.status] ?? 'badge-neutral'}`}>{t(`billing.${r.status}`)}</span>
          </span>
          <span className="muted">{t('payg.since', { date: inStatusSince(r, t, locale) })}</span>
        </span>
      ),
    },
    { id: 'amount', header: t('openItems.amount'), size: 130, numeric: true, sortDescFirst: true, cell: (r) => formatAmount(r.amount, r.currency, locale) },
    { id: 'daysPastEnd', header: t('payg.daysPastEnd'), size: 90, numeric: true, sortDescFirst: true, cell: (r) => formatCount(r.daysPastEnd, locale) },
    { id: 'review', header: t('portal.review'), size: REVIEW_COLUMN_SIZE, cell: (r) => <ReviewBadge review={r.review} /> },
  ];
}
