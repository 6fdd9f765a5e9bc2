import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportButton } from '../../components/export-button.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { useLocale } from '../../i18n/use-locale.ts';
import { useReconciliation, useWorkspace, type Tolerance } from '../../state/workspace.tsx';
import { PortalResult } from './portal-result.tsx';
import { ToleranceForm } from './tolerance-form.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/** Invoiced against provider-reported for the range: the run's settings, then its result. */
export function ReconciliationScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const ws = useWorkspace();
  const connection = ws.selected;
  const [tolerance, setTolerance] = useState<Tolerance | null>(null);
  // Tolerance changes re-run explicitly (Apply tolerance).
  const current = useReconciliation({ tolerance });
  const r = current?.kind === 'portal' ? current : null;
  const { runReconcile, reconciling } = ws;

  if (!connection) return null;
  return (
    <section aria-labelledby="recon-title">
      <PageHeader
        id="recon-title"
        title={t('portal.title')}
        subtitle={t('portal.subtitle', { name: connection.name, currency: connection.currency ?? '' })}
        actions={<ExportButton tolerance={tolerance} />}
      />
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
