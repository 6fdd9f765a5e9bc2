import { useTranslation } from 'react-i18next';

/** Said above any figures of a range the cache does not hold completely: they must not pass for whole. */
export function IncompleteNote() {
  const { t } = useTranslation();
  return (
    <div className="alert alert-warn inline-alert" role="note" data-testid="incomplete-range">
      <div className="alert-body">
        <p className="alert-title">{t('portal.incompleteTitle')}</p>
        <p>{t('portal.incompleteBody')}</p>
      </div>
    </div>
  );
}
