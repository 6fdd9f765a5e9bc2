import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../api/types.ts';
import { ReviewBadge } from '../../components/badges.tsx';
import { findingFigure } from '../../format/figures.ts';
import { formatSpan } from '../../format/dates.ts';
import { itemWho } from '../../format/items.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useItemNames } from '../../state/item-names.tsx';
import { TABLE_CAP, TablePanel } from './capped.tsx';

/** Where the upstream's own figures disagree with each other: which check, about whom, which figures. */
export const FindingsPanel = memo(function FindingsPanel({ findings, currency }: { findings: Finding[]; currency: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shown = findings.slice(0, TABLE_CAP);
  const nameOf = useItemNames();
  return (
    <TablePanel id="findings" title={t('findings.title')} total={findings.length} emptyText={t('findings.none')} testId="findings-panel">
      <table className="plain" data-testid="findings-table">
        <caption className="sr-only">{t('findings.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('findings.check')}</th>
            <th scope="col">{t('portal.provider')}</th>
            <th scope="col">{t('portal.period')}</th>
            <th scope="col" className="num">
              {t('findings.expected')}
            </th>
            <th scope="col" className="num">
              {t('findings.actual')}
            </th>
            <th scope="col">{t('portal.review')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.key}>
              <td>{t(`check.${f.check}`, { defaultValue: t('items.check') })}</td>
              <td>{itemWho(nameOf(f.key), t)}</td>
              <td className="nowrap">{formatSpan(f.periodStart, f.periodEnd, locale)}</td>
              <td className="num">{findingFigure(f.check, f.expected, currency, t, locale)}</td>
              <td className="num">{findingFigure(f.check, f.actual, currency, t, locale)}</td>
              <td>
                <ReviewBadge value={f.review?.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TablePanel>
  );
});
