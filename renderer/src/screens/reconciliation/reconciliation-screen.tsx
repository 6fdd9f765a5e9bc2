import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { useLocale } from '../../i18n/use-locale.ts';
import { useReconciliation, useWorkspace, type Tolerance } from '../../state/workspace.tsx';
import { PortalResult } from './portal-result.tsx';
import { ToleranceForm } from './tolerance-form.tsx';
import { WhatIfNote } from './what-if-note.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/**
 * Invoiced against provider-reported for the range: the run's settings, then its result. A
 * tolerance applied here is a what-if: marked as unsaved until the user saves it as the
 * connection's (an audited change); sign-off and export only ever use the saved one.
 */
export function ReconciliationScreen({ openItemsOnly = false }: { openItemsOnly?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const connection = ws.selected;
  const [tolerance, setTolerance] = useState<Tolerance | null>(null);
  // Tolerance changes re-run explicitly (Apply tolerance).
  const current = useReconciliation({ tolerance });
  const r = current?.kind === 'portal' ? current : null;
  const { runReconcile, reconciling } = ws;

  if (!connection) return null;
  const saved: Tolerance = { abs: connection.toleranceAbs, pct: connection.tolerancePct };
  const whatIf = r !== null && (r.tolerance.abs !== saved.abs || r.tolerance.pct !== saved.pct) ? r.tolerance : null;
  const backToSaved = () => {
    setTolerance(null);
    void runReconcile({ tolerance: null });
  };
  const saveWhatIf = async (tol: Tolerance) => {
    const done = await call('settings:set', { tolerances: [{ connection: connection.name, abs: tol.abs, pct: tol.pct }] });
    if (!done) return;
    await ws.refreshConnections();
    setTolerance(null);
    void runReconcile({ tolerance: null });
  };
  return (
    <section aria-labelledby="recon-title">
      <PageHeader
        id="recon-title"
        title={t('portal.title')}
        subtitle={t('portal.subtitle', { name: connection.name, currency: connection.currency ?? '' })}
        actions={<ExportButton />}
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
        {whatIf ? <WhatIfNote whatIf={whatIf} saved={saved} currency={connection.currency ?? ''} onSave={(tol) => void saveWhatIf(tol)} onDiscard={backToSaved} busy={reconciling} /> : null}
      </div>
      {reconciling && !r ? (
        <p className="spinner-text" role="status">
          {t('portal.running')}
        </p>
      ) : null}
      {r ? <PortalResult r={r} openItemsOnly={openItemsOnly} /> : null}
    </section>
  );
}
