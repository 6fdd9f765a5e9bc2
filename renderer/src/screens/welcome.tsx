import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import type { Screen } from '../app.tsx';
import { useWorkspace } from '../state/workspace.tsx';
import { ConnectionDialog } from './connection-dialog.tsx';

/** First run: the demo (built-in sandbox on loopback) or a real connection. */
export function Welcome({ onDone }: { onDone: (screen: Screen) => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const ws = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);

  const openDemo = async () => {
    setBusy(true);
    try {
      const demo = await call('demo:open');
      if (!demo) return;
      await ws.refreshConnections();
      ws.select(demo.connections[0]?.name ?? null);
      // The demo's data covers a year of its own: its connections start on that year, not on last month.
      ws.presetRanges(
        demo.connections.map((c) => c.name),
        { from: demo.suggestedRange.from, to: demo.suggestedRange.to, period: 'month' },
      );
      onDone('sync');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('welcome.title')}</h1>
      <p className="lead">{t('welcome.lead')}</p>
      <div className="welcome-choices">
        <div className="card welcome-choice">
          <h2 className="card-title">{t('welcome.demoTitle')}</h2>
          <p>{t('welcome.demoBody')}</p>
          <button type="button" className="btn btn-primary btn-large" onClick={() => void openDemo()} disabled={busy} data-testid="open-demo">
            {busy ? t('welcome.demoOpening') : t('welcome.demoButton')}
          </button>
        </div>
        <div className="card welcome-choice">
          <h2 className="card-title">{t('welcome.addTitle')}</h2>
          <p>{t('welcome.addBody')}</p>
          <button type="button" className="btn btn-large" onClick={() => setAdding(true)} data-testid="add-connection-welcome">
            {t('connections.add')}
          </button>
        </div>
      </div>
      <ConnectionDialog
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={(name) => {
          setAdding(false);
          ws.select(name);
          onDone('connections');
        }}
      />
    </section>
  );
}
