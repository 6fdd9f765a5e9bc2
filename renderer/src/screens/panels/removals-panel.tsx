import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Removal } from '../../api/types.ts';
import { formatInstant, formatSpan } from '../../format/dates.ts';
import { formatAmount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { TABLE_CAP, TablePanel } from './capped.tsx';

/**
 * Billing periods the PAYG service confirmed gone (404 by id): beside the restatements, because
 * they changed what the cache held; never in the figures, which leave them out. Named by loan and
 * period, never by key. Shown only when there are some.
 */
export const RemovalsPanel = memo(function RemovalsPanel({ removals, idPrefix }: { removals: Removal[]; idPrefix: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (removals.length === 0) return null;
  const shown = removals.slice(0, TABLE_CAP);
  return (
    <TablePanel id={`${idPrefix}-removals`} title={t('removals.heading')} total={removals.length} emptyText="" testId="removals-panel">
      <p className="muted">{t('removals.note')}</p>
      <table className="plain" data-testid="removals-table">
        <caption className="sr-only">{t('removals.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('removals.loan')}</th>
            <th scope="col">{t('portal.period')}</th>
            <th scope="col" className="num">
              {t('removals.amount')}
            </th>
            <th scope="col">{t('removals.removed')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((x) => (
            <tr key={`${x.id}|${x.removedAt}`}>
              <td>{x.loanName}</td>
              <td>{formatSpan(x.startDate, x.endDate, locale)}</td>
              <td className="num">{formatAmount(x.amount, x.currency, locale)}</td>
              <td>
                {formatInstant(x.removedAt, locale)}
                {x.reappearedAt ? ` · ${t('removals.reappeared', { when: formatInstant(x.reappearedAt, locale) })}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TablePanel>
  );
});
