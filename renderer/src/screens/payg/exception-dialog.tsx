import { useTranslation } from 'react-i18next';
import type { PaygException } from '../../api/types.ts';
import { ReviewBadge } from '../../components/badges.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ReviewForm } from '../../components/review-form.tsx';
import { formatPeriod } from '../../format/dates.ts';
import { formatAmount, formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { inStatusSince, STATUS_TONE } from './exception-columns.tsx';

/** One exception opened from the grid (Enter or a double click): its billing period and its review. */
export function ExceptionDialog({ exception: e, onClose }: { exception: PaygException; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const facts: [string, string][] = [
    [t('payg.kind'), t(`exception.${e.kind}`)],
    [t('portal.period'), formatPeriod(e.startDate, e.endDate, locale)],
    [t('openItems.amount'), formatAmount(e.amount, e.currency, locale)],
    [t('payg.daysPastEnd'), formatCount(e.daysPastEnd, locale)],
    [t('payg.inStatusSince'), inStatusSince(e, t, locale)],
    [t('payg.fundingSource'), e.fundingSource ?? '—'],
  ];
  return (
    <Dialog open wide title={e.loanName} onClose={onClose} testId="exception-dialog">
      <dl className="facts">
        <div>
          <dt>{t('payg.status')}</dt>
          <dd>
            <span className={`badge ${STATUS_TONE[e.status] ?? 'badge-neutral'}`}>{t(`billing.${e.status}`)}</span>
          </dd>
        </div>
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t('portal.review')}</dt>
          <dd>
            <ReviewBadge review={e.review} />
          </dd>
        </div>
      </dl>
      {/* Saved: back to the grid, on the same row, for the next one. */}
      <ReviewForm keys={[e.key]} current={e.review} idPrefix="exception" onApplied={onClose} />
    </Dialog>
  );
}
