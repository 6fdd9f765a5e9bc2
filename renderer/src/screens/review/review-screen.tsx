import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import type { AuditEntryView, AuditVerification, SignoffView } from '../../api/types.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { formatDate } from '../../format/dates.ts';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useReviewCounts } from '../../state/review-counts.ts';
import { useReconciliation, useWorkspace } from '../../state/workspace.tsx';
import { AuditLogPanel } from './audit-log-panel.tsx';
import { SignCard } from './sign-card.tsx';
import { SignoffHistory } from './signoff-history.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/**
 * Review & sign-off of the range, in panels: where the review stands, the two sign-offs, their
 * history, and the audit log that proves each step.
 */
export function ReviewScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const connection = ws.selected;
  const name = connection?.name ?? '';
  const [signoffs, setSignoffs] = useState<SignoffView[] | null>(null);
  const [log, setLog] = useState<AuditEntryView[] | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const { from, to } = ws.range;
  const period = connection?.kind === 'payg' && ws.range.period === 'range' ? 'week' : ws.range.period;
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!name) return;
    let live = true;
    void Promise.all([call('review:signoffs', { connection: name, from, to }), call('review:log', { connection: name }), call('review:verify')]).then(([s, l, v]) => {
      if (!live) return;
      if (s) setSignoffs(s);
      if (l) setLog(l);
      if (v) setVerification(v);
    });
    return () => {
      live = false;
    };
    // A new reconciliation may have voided sign-offs its figures no longer match: read them again.
  }, [call, name, from, to, version, ws.reconciliation?.generatedAt]);

  // The review's progress is counted over this range's reconciliation.
  const r = useReconciliation();
  const counts = useReviewCounts(r, ws.viewVersion);

  if (!connection) return null;
  const mine = (signoffs ?? []).filter((s) => s.from === from && s.to === to && s.period === period);
  const livePreparer = mine.find((s) => s.role === 'preparer' && s.status === 'live');
  const liveReviewer = mine.find((s) => s.role === 'reviewer' && s.status === 'live');

  return (
    <section aria-labelledby="review-title">
      <PageHeader
        id="review-title"
        title={t('signoff.title')}
        subtitle={t('signoff.subtitle', { name, from: formatDate(from, locale), to: formatDate(to, locale), period: t(`period.${period}`) })}
        actions={<ExportButton />}
      />
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={ws.setRange} periods={connection.kind === 'payg' ? ['month', 'week'] : undefined} applyLabel={t('signoff.show')} />
        {r ? (
          <p data-testid="review-progress">
            {t('signoff.itemsState', {
              total: formatCount(counts.total, locale),
              open: formatCount(counts.open, locale),
              explained: formatCount(counts.explained, locale),
              resolved: formatCount(counts.resolved, locale),
            })}
          </p>
        ) : (
          <p className="muted">{t('signoff.runFirst')}</p>
        )}
      </div>
      <div className="grid-2 section">
        <SignCard role="preparer" live={livePreparer} disabled={false} onSigned={refresh} period={period} />
        <SignCard role="reviewer" live={liveReviewer} disabled={!livePreparer} onSigned={refresh} period={period} preparer={livePreparer?.author} />
      </div>
      <SignoffHistory signoffs={signoffs} />
      <AuditLogPanel log={log} verification={verification} onVerify={refresh} />
    </section>
  );
}
