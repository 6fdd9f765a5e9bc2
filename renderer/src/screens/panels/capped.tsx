import { useTranslation } from 'react-i18next';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';

// Plain tables stay small; a longer list is in the exported workbook, and the message says so.
export const TABLE_CAP = 500;

export function Capped({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <p className="muted" role="note">
      {t('common.capped', { shown: formatCount(shown, locale), total: formatCount(total, locale) })}
    </p>
  );
}
