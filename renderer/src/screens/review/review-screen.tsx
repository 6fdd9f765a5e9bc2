import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import type { AuditEntryView, AuditVerification, ChannelOutput, SignoffView } from '../../api/types.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { formatDate } from '../../format/dates.ts';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useWorkspace } from '../../state/workspace.tsx';
import { AuditLogPanel } from './audit-log-panel.tsx';
import { IdentityCard } from './identity-card.tsx';
import { SignCard } from './sign-card.tsx';
import { SignoffHistory } from './signoff-history.tsx';
import { PageHeader } from '../../components/page-header.tsx';

type Readiness = ChannelOutput<'review:readiness'>;

/**
 * Review & sign-off of the range, in panels: where the review stands, the two sign-offs, their
 * history, who the window signs as, and the audit log that proves each step. Where the review
 * stands is read from the back end under the saved tolerance (never a what-if of the
 * reconciliation screen): it is what a sign-off now would sign.
 */
export function ReviewScreen({ onShowOpenItems }: { onShowOpenItems: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  // Where the range stands is a read: a range not synced yet says so in place, not in an alert.
  const quietCall = useCall({ quiet: true });
  const ws = useWorkspace();
  const connection = ws.selected;
  const name = connection?.name ?? '';
  const [signoffs, setSignoffs] = useState<SignoffView[] | null>(null);
  const [log, setLog] = useState<AuditEntryView[] | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const { from, to } = ws.range;
  const period = connection?.kind === 'payg' && ws.range.period === 'range' ? 'week' : ws.range.period;
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!name) return;
    let live = true;
    void Promise.all([
      call('review:signoffs', { connection: name, from, to }),
      call('review:log', { connection: name }),
      call('review:verify'),
      quietCall('review:readiness', { connection: name, from, to, period }),
    ]).then(([s, l, v, ready]) => {
      if (!live) return;
      if (s) setSignoffs(s);
      if (l) setLog(l);
      if (v) setVerification(v);
      setReadiness(ready);
    });
    return () => {
      live = false;
    };
    // A new reconciliation may have voided sign-offs its figures no longer match: read them again.
  }, [call, quietCall, name, from, to, period, version, ws.reconciliation?.generatedAt, ws.viewVersion]);

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
        {readiness ? (
          <p data-testid="review-progress">
            {t('signoff.itemsState', {
              total: formatCount(totalOf(readiness), locale),
              open: formatCount(openOf(readiness), locale),
              explained: formatCount(settledOf(readiness, 'explained'), locale),
              resolved: formatCount(settledOf(readiness, 'resolved'), locale),
              carried: formatCount(settledOf(readiness, 'carried_forward'), locale),
            })}
          </p>
        ) : (
          <p className="muted">{t('signoff.runFirst')}</p>
        )}
      </div>
      <div className="grid-2 section">
        <SignCard role="preparer" live={livePreparer} disabled={false} onSigned={refresh} period={period} open={readiness ? openOf(readiness) : 0} onShowOpenItems={onShowOpenItems} />
        <SignCard role="reviewer" live={liveReviewer} disabled={!livePreparer} onSigned={refresh} period={period} preparer={livePreparer?.author} open={0} onShowOpenItems={onShowOpenItems} />
      </div>
      <SignoffHistory signoffs={signoffs} />
      <IdentityCard onRenamed={refresh} />
      <AuditLogPanel log={log} verification={verification} onVerify={refresh} />
    </section>
  );
}

/** Items of the range that needed a review, in every state. */
function totalOf(r: Readiness): number {
  return Object.values(r.tally).reduce((n, byState) => n + Object.values(byState).reduce((a, b) => a + b, 0), 0);
}

/** Items still open: any one refuses a preparer sign-off. */
function openOf(r: Readiness): number {
  return r.open.discrepancies + r.open.findings + r.open.exceptions;
}

function settledOf(r: Readiness, state: 'explained' | 'resolved' | 'carried_forward'): number {
  return Object.values(r.tally).reduce((n, byState) => n + (byState[state] ?? 0), 0);
}
