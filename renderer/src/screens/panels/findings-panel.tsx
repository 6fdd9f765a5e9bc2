import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../api/types.ts';
import { ReviewBadge } from '../../components/badges.tsx';
import { ReviewForm } from '../../components/review-form.tsx';
import { formatCount } from '../../format/money.ts';
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
  // Each open finding holds up a preparer sign-off: they may be reviewed together, from here.
  const open = findings.filter((f) => (f.review?.state ?? 'open') === 'open').map((f) => f.key);
  return (
    <TablePanel
      id="findings"
      title={t('findings.title')}
      total={findings.length}
      emptyText={t('findings.none')}
      testId="findings-panel"
      actions={
        // Above the table, not inside its scroll region: the form stays in view as the list scrolls.
        open.length > 0 ? (
          <>
            <p className="muted">{t('findings.reviewOpen', { count: open.length, n: formatCount(open.length, locale) })}</p>
            <ReviewForm keys={open} compact idPrefix="findings" />
          </>
        ) : null
      }
    >
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
                <ReviewBadge review={f.review} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TablePanel>
  );
});
