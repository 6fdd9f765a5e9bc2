import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Restatement } from '../../api/types.ts';
import { formatInstant } from '../../format/dates.ts';
import { fieldName, restatedFigure } from '../../format/figures.ts';
import { itemLabel } from '../../format/items.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useItemNames } from '../../state/item-names.tsx';
import { TABLE_CAP, TablePanel } from './capped.tsx';

/** Figures the upstream changed after they were first synced: whose, which, before and after. */
export const RestatementsPanel = memo(function RestatementsPanel({ restatements, currency, idPrefix }: { restatements: Restatement[]; currency: string | null; idPrefix: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shown = restatements.slice(0, TABLE_CAP);
  const nameOf = useItemNames();
  return (
    <TablePanel id={`${idPrefix}-restatements`} title={t('restatements.title')} total={restatements.length} emptyText={t('restatements.none')} testId="restatements-panel">
      <table className="plain" data-testid="restatements-table">
        <caption className="sr-only">{t('restatements.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('restatements.item')}</th>
            <th scope="col">{t('restatements.field')}</th>
            <th scope="col" className="num">
              {t('restatements.old')}
            </th>
            <th scope="col" className="num">
              {t('restatements.new')}
            </th>
            <th scope="col">{t('restatements.detected')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((x, i) => {
            const name = x.entity === 'portal_grand_total' ? undefined : nameOf(x.key);
            // A billing period carries its own currency; portal figures are the connection's.
            const inCurrency = name?.currency ?? currency;
            return (
              <tr key={`${x.id}|${i}`}>
                <td>{x.entity === 'portal_grand_total' ? t('restatements.grandTotal') : itemLabel(name, t, locale)}</td>
                <td>{fieldName(x.field, t)}</td>
                <td className="num">{restatedFigure(x.field, x.oldDisplay, x.oldValue, inCurrency, t, locale)}</td>
                <td className="num">{restatedFigure(x.field, x.newDisplay, x.newValue, inCurrency, t, locale)}</td>
                <td>{formatInstant(x.detectedAt, locale)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TablePanel>
  );
});
