import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportButton } from '../../components/export-button.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { useLocale } from '../../i18n/use-locale.ts';
import { useWorkspace, type Tolerance } from '../../state/workspace.tsx';
import { PortalResult } from './portal-result.tsx';
import { ToleranceForm } from './tolerance-form.tsx';

/** Invoiced against provider-reported for the range: the run's settings, then its result. */
export function ReconciliationScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const ws = useWorkspace();
  const connection = ws.selected;
  const r = ws.reconciliation?.kind === 'portal' && ws.reconciliation.connection === connection?.name ? ws.reconciliation : null;
  const [tolerance, setTolerance] = useState<Tolerance | null>(null);
  const { runReconcile, reconciling } = ws;
  const needsRun = !r && !reconciling && connection !== null;

  useEffect(() => {
    if (needsRun) void runReconcile({ tolerance });
    // Run once per selection/range; tolerance changes re-run explicitly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection?.name, ws.range]);

  if (!connection) return null;
  return (
    <section aria-labelledby="recon-title">
      <div className="page-header">
        <div>
          <h1 id="recon-title" className="page-title">
            {t('portal.title')}
          </h1>
          <p className="page-subtitle">{t('portal.subtitle', { name: connection.name, currency: connection.currency ?? '' })}</p>
        </div>
        <div className="page-actions">
          <ExportButton tolerance={tolerance} />
        </div>
      </div>
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={ws.setRange} applyLabel={t('portal.run')} busy={reconciling} />
        <ToleranceForm
          key={`${connection.name}|${r?.tolerance.abs ?? ''}|${r?.tolerance.pct ?? ''}|${locale}`}
          initial={tolerance ?? { abs: r?.tolerance.abs ?? connection.toleranceAbs, pct: r?.tolerance.pct ?? connection.tolerancePct }}
          currency={connection.currency ?? ''}
          onApply={(tol) => {
            setTolerance(tol);
            void runReconcile({ tolerance: tol });
          }}
          busy={reconciling}
        />
      </div>
      {reconciling && !r ? (
        <p className="spinner-text" role="status">
          {t('portal.running')}
        </p>
      ) : null}
      {r ? <PortalResult r={r} /> : null}
    </section>
  );
}
