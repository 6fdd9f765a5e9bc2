import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../api/types.ts';
import { ReviewBadge } from '../../components/badges.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatCount } from '../../format/money.ts';
import { findingFigure } from '../../format/figures.ts';
import { formatSpan } from '../../format/dates.ts';
import { itemWho } from '../../format/items.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useItemNames } from '../../state/item-names.tsx';
import { Capped, TABLE_CAP } from './capped.tsx';

/** Where the upstream's own figures disagree with each other: which check, about whom, which figures. */
export const FindingsPanel = memo(function FindingsPanel({ findings, currency }: { findings: Finding[]; currency: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shown = findings.slice(0, TABLE_CAP);
  const nameOf = useItemNames();
  return (
    <section className="card section" aria-labelledby="findings-title" data-testid="findings-panel">
      <h2 id="findings-title" className="card-title">
        {t('findings.title')} <span className="badge badge-neutral">{formatCount(findings.length, locale)}</span>
      </h2>
      {findings.length === 0 ? (
        <p className="muted">{t('findings.none')}</p>
      ) : (
        <>
          {findings.length > TABLE_CAP ? <Capped shown={TABLE_CAP} total={findings.length} /> : null}
          <TableRegion labelledBy="findings-title">
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
                {shown.map((f) => {
                  const name = nameOf(f.key);
                  return (
                    <tr key={f.key}>
                      <td>{t(`check.${f.check}`, { defaultValue: t('items.check') })}</td>
                      <td>{itemWho(name, t)}</td>
                      <td className="nowrap">{formatSpan(f.periodStart, f.periodEnd, locale)}</td>
                      <td className="num">{findingFigure(f.check, f.expected, currency, t, locale)}</td>
                      <td className="num">{findingFigure(f.check, f.actual, currency, t, locale)}</td>
                      <td>
                        <ReviewBadge value={f.review?.state} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
});
