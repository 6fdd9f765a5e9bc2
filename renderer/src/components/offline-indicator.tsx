import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHealth } from '../api/api-context.tsx';
import { useWorkspace } from '../state/workspace.tsx';

/**
 * Online, offline or "the upstream answered badly": from the browser's own signal, the app's
 * last request outcome and app:info. Offline is not an error: the cache keeps working.
 */
export function OfflineIndicator() {
  const { t } = useTranslation();
  const health = useHealth();
  const { info } = useWorkspace();
  const [online, setOnline] = useState(() => navigator.onLine);

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);

  let state: 'online' | 'offline' | 'degraded' = 'online';
  if (!online || health.lastOutcome === 'offline' || info?.offline) state = 'offline';
  else if (health.lastOutcome === 'error') state = 'degraded';

  const title = state === 'online' ? t('status.onlineHint') : (health.message ?? t('status.offlineHint'));
  return (
    <span className={`status-chip ${state}`} role="status" title={title} data-testid="offline-indicator" data-state={state}>
      <span className="dot" aria-hidden="true" />
      {t(`status.${state}`)}
    </span>
  );
}
