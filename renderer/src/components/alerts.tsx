import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type AlertTone = 'error' | 'info' | 'ok';

export interface AlertItem {
  id: number;
  tone: AlertTone;
  title: string;
  message: string;
  /** What it is about (a channel, a connection's sync): a later success there clears it. */
  source: string | null;
}

interface AlertsApi {
  push: (tone: AlertTone, title: string, message: string, source?: string) => void;
  dismiss: (id: number) => void;
  /** The thing went right since: its old failures are no longer true, so they go. */
  resolve: (source: string) => void;
}

const AlertsContext = createContext<AlertsApi | null>(null);

let nextId = 1;

/** Every failed request ends up here: a dismissible message that says what happened and what to do. */
export function AlertsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<AlertItem[]>([]);
  const { t } = useTranslation();

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((a) => a.id !== id)), []);
  const push = useCallback((tone: AlertTone, title: string, message: string, source?: string) => {
    setItems((list) => {
      // The same message twice in a row (a retry loop, a double click) is one alert, not a stack.
      const last = list[list.length - 1];
      if (last && last.title === title && last.message === message) return list;
      return [...list.slice(-4), { id: nextId++, tone, title, message, source: source ?? null }];
    });
  }, []);
  const resolve = useCallback((source: string) => {
    setItems((list) => (list.some((a) => a.source === source) ? list.filter((a) => a.source !== source) : list));
  }, []);
  const api = useMemo(() => ({ push, dismiss, resolve }), [push, dismiss, resolve]);

  return (
    <AlertsContext.Provider value={api}>
      {children}
      <div className="alerts" aria-live="polite">
        {items.map((a) => (
          <div key={a.id} className={`alert ${a.tone === 'error' ? '' : `alert-${a.tone}`}`} role={a.tone === 'error' ? 'alert' : 'status'} data-testid="alert">
            <div className="alert-body">
              <p className="alert-title">{a.title}</p>
              <p>{a.message}</p>
            </div>
            <button type="button" className="btn btn-quiet btn-small" onClick={() => dismiss(a.id)} aria-label={t('common.dismiss')}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </AlertsContext.Provider>
  );
}

export function useAlerts(): AlertsApi {
  const api = useContext(AlertsContext);
  if (!api) throw new Error('useAlerts outside AlertsProvider');
  return api;
}
