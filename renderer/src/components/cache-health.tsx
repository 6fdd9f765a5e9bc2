import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../state/workspace.tsx';

/** How often app:info is asked again while the background check of the cache runs. */
const POLL_MS = 1000;

/**
 * SQLite's check of the cache file, run in the background at start (app:info's `cache`): a chip
 * in the header while it runs and once it passed; a banner when the file is damaged, because
 * export and sign-off are then refused and the accountant needs to know why, and what to do.
 */
export function CacheHealthChip() {
  const { t } = useTranslation();
  const { info, refreshInfo } = useWorkspace();
  const state = info?.cache.state ?? 'checking';

  useEffect(() => {
    if (state !== 'checking') return;
    const timer = setTimeout(() => void refreshInfo(), POLL_MS);
    return () => clearTimeout(timer);
  }, [state, info, refreshInfo]);

  return (
    <span className={`status-chip cache-${state}`} role="status" title={t(`cache.${state}Hint`)} data-testid="cache-health" data-state={state}>
      <span className="dot" aria-hidden="true" />
      {t(`cache.${state}`)}
    </span>
  );
}

export function CacheDamagedBanner() {
  const { t } = useTranslation();
  const { info } = useWorkspace();
  if (info?.cache.state !== 'damaged') return null;
  return (
    <div className="alert cache-banner" role="alert" data-testid="cache-damaged">
      <div className="alert-body">
        <p className="alert-title">{t('cache.damagedTitle')}</p>
        <p>{t('cache.damagedAdvice')}</p>
        {info.cache.detail ? (
          <p className="muted">
            {t('cache.damagedDetail')} <code>{info.cache.detail}</code>
          </p>
        ) : null}
        <p className="muted">
          {t('cache.location')} <code>{info.cachePath}</code>
        </p>
      </div>
    </div>
  );
}
