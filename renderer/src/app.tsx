import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProvider } from './api/api-context.tsx';
import type { ConciliaApi } from './api/types.ts';
import { AlertsProvider } from './components/alerts.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { OfflineIndicator } from './components/offline-indicator.tsx';
import { CacheDamagedBanner, CacheHealthChip } from './components/cache-health.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { ThemeSwitch } from './components/theme-switch.tsx';
import { WorkspaceProvider, useWorkspace } from './state/workspace.tsx';
import { ItemNamesProvider } from './state/item-names.tsx';
import { Welcome } from './screens/welcome.tsx';
import { ConnectionsScreen } from './screens/connections.tsx';
import { CountersignDialogs } from './screens/countersign-dialogs.tsx';
import { SyncScreen } from './screens/sync/sync-screen.tsx';
import { ReconciliationScreen } from './screens/reconciliation/reconciliation-screen.tsx';
import { PaygScreen } from './screens/payg/payg-screen.tsx';
import { ReviewScreen } from './screens/review/review-screen.tsx';
import { CloseScreen } from './screens/close.tsx';

export type Screen = 'welcome' | 'connections' | 'sync' | 'reconcile' | 'review' | 'close';

export function App({ api }: { api: ConciliaApi }) {
  return (
    <AlertsProvider>
      <ApiProvider api={api}>
        <WorkspaceProvider>
          <ItemNamesProvider>
            <Shell />
          </ItemNamesProvider>
        </WorkspaceProvider>
      </ApiProvider>
    </AlertsProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [screen, setScreen] = useState<Screen | null>(null);
  // Set when a refused sign-off sends the user to its open items: the reconciliation opens filtered to them.
  const [openItemsOnly, setOpenItemsOnly] = useState(false);
  const mainRef = useRef<HTMLElement>(null);

  // First answer from connections:list decides where we start: nothing configured -> welcome.
  const firstScreen: Screen | null = ws.connections === null ? null : ws.connections.length === 0 ? 'welcome' : 'reconcile';
  const current: Screen | null = screen ?? firstScreen;

  const go = (next: Screen, options: { openItemsOnly?: boolean } = {}) => {
    setScreen(next);
    setOpenItemsOnly(options.openItemsOnly ?? false);
    // Move focus to the new content so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => mainRef.current?.focus());
  };

  useEffect(() => {
    const titles: Record<Screen, string> = {
      welcome: t('nav.welcome'),
      connections: t('nav.connections'),
      sync: t('nav.sync'),
      reconcile: ws.selected?.kind === 'payg' ? t('nav.collections') : t('nav.reconciliation'),
      review: t('nav.review'),
      close: t('nav.close'),
    };
    document.title = current ? `${titles[current]} · Concilia` : 'Concilia';
  }, [current, t, ws.selected?.kind]);

  const hasConnections = (ws.connections?.length ?? 0) > 0;
  const navItems: { id: Screen; label: string; icon: string; needsConnection: boolean }[] = [
    { id: 'welcome', label: t('nav.welcome'), icon: '⌂', needsConnection: false },
    { id: 'connections', label: t('nav.connections'), icon: '⚙', needsConnection: false },
    { id: 'sync', label: t('nav.sync'), icon: '⟳', needsConnection: true },
    { id: 'reconcile', label: ws.selected?.kind === 'payg' ? t('nav.collections') : t('nav.reconciliation'), icon: '≡', needsConnection: true },
    { id: 'review', label: t('nav.review'), icon: '✓', needsConnection: true },
    { id: 'close', label: t('nav.close'), icon: '▦', needsConnection: true },
  ];

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          Concilia
        </p>
        {hasConnections ? (
          <div className="field">
            <label htmlFor="connection-select" className="sr-only">
              {t('header.connection')}
            </label>
            <select id="connection-select" value={ws.selected?.name ?? ''} onChange={(e) => ws.select(e.target.value)} data-testid="connection-select">
              {ws.connections?.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} · {t(`kind.${c.kind}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <span className="header-spacer" />
        <div className="header-tools">
          <CacheHealthChip />
          <OfflineIndicator />
          <LanguageSwitch />
          <ThemeSwitch />
        </div>
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label={t('nav.label')}>
          {navItems.map((item) => (
            <button
              key={item.id}
              type="button"
              className="nav-link"
              aria-current={current === item.id ? 'page' : undefined}
              disabled={item.needsConnection && !hasConnections}
              onClick={() => go(item.id)}
              data-testid={`nav-${item.id}`}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              {item.label}
            </button>
          ))}
        </nav>
        <main id="main" ref={mainRef} className="app-main" tabIndex={-1}>
          <CacheDamagedBanner />
          <ErrorBoundary resetKey={current ?? ''}>
            {current === null ? <p className="spinner-text">{t('common.loading')}</p> : null}
            {current === 'welcome' ? <Welcome onDone={go} /> : null}
            {current === 'connections' ? <ConnectionsScreen /> : null}
            {current === 'sync' && ws.selected ? <SyncScreen onDone={() => go('reconcile')} /> : null}
            {current === 'reconcile' && ws.selected ? ws.selected.kind === 'payg' ? <PaygScreen /> : <ReconciliationScreen key={String(openItemsOnly)} openItemsOnly={openItemsOnly} /> : null}
            {current === 'review' && ws.selected ? <ReviewScreen onShowOpenItems={() => go('reconcile', { openItemsOnly: true })} /> : null}
            {current === 'close' && ws.selected ? <CloseScreen onOpen={() => go('reconcile')} /> : null}
            {current !== null && current !== 'welcome' && current !== 'connections' && !ws.selected ? <Welcome onDone={go} /> : null}
          </ErrorBoundary>
          <CountersignDialogs />
        </main>
      </div>
    </div>
  );
}
