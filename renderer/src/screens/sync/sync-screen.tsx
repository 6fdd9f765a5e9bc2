import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import type { ConnectionStatus, CoverageWindow } from '../../api/types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { formatInstant, formatRelative } from '../../format/dates.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useNow } from '../../state/use-now.ts';
import { useWorkspace } from '../../state/workspace.tsx';
import { CoverageMap } from './coverage-map.tsx';
import { SyncProgress } from './sync-progress.tsx';
import { useSyncJob } from './use-sync-job.ts';

/** Coverage is read again at most this often while windows land. */
const COVERAGE_EVERY_MS = 750;

/** Download a range from the upstream: the range, the job's progress, and what the cache covers. */
export function SyncScreen({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const connection = ws.selected;
  const { refreshInfo, forgetReconciliation } = ws;
  const name = connection?.name ?? '';
  const [force, setForce] = useState(false);
  const [coverage, setCoverage] = useState<CoverageWindow[] | null>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const now = useNow();
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!name) return;
    let live = true;
    void Promise.all([call('sync:coverage', { connection: name }), call('sync:status', { connection: name })]).then(([cov, st]) => {
      if (!live) return;
      if (cov) setCoverage(cov);
      if (st) setStatus(st.find((s) => s.connection === name) ?? null);
    });
    return () => {
      live = false;
    };
  }, [call, name, version]);

  const onEnd = useCallback(() => {
    refresh();
    // What was reconciled before the sync may no longer be what the cache holds.
    forgetReconciliation();
    void refreshInfo();
  }, [refresh, refreshInfo, forgetReconciliation]);
  const sync = useSyncJob(name, status?.activeJobId ?? null, onEnd);

  // Tiles fill in as windows land, not only when the whole job ends.
  const lastCoverage = useRef(0);
  const windowsDone = sync.job?.progress.windowsDone ?? 0;
  useEffect(() => {
    if (windowsDone === 0) return;
    const wait = Math.max(0, lastCoverage.current + COVERAGE_EVERY_MS - Date.now());
    const timer = setTimeout(() => {
      lastCoverage.current = Date.now();
      refresh();
    }, wait);
    return () => clearTimeout(timer);
  }, [windowsDone, refresh]);

  if (!connection) return null;
  const periods = connection.kind === 'payg' ? (['month', 'week'] as const) : (['month', 'week', 'range'] as const);
  const last = status?.lastSync;
  const start = (range = ws.range) => {
    if (range !== ws.range) ws.setRange(range);
    const period = connection.kind === 'payg' && range.period === 'range' ? 'week' : range.period;
    void sync.start({ ...range, period }, force);
  };
  const finishedWithData = !sync.running && sync.job?.state === 'done' && sync.job.result?.outcome !== 'failed';

  return (
    <section aria-labelledby="sync-title">
      <PageHeader
        id="sync-title"
        title={t('sync.title', { name: connection.name })}
        subtitleTestId="last-synced"
        subtitle={
          last?.finishedAt
            ? t('sync.lastSynced', {
                when: formatRelative(last.finishedAt, now, locale),
                at: formatInstant(last.finishedAt, locale),
                outcome: t(`sync.outcome.${last.outcome}`),
              })
            : t('sync.neverSynced')
        }
      />
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={start} periods={periods} applyLabel={t('sync.start')} busy={sync.running}>
          <label className="checkbox-field">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            <span>{t('sync.force')}</span>
          </label>
        </RangeBar>
        {sync.running || sync.job ? (
          <SyncProgress
            job={sync.job}
            running={sync.running}
            countdown={sync.countdown}
            onCancel={() => void sync.cancel()}
            next={finishedWithData ? { label: connection.kind === 'payg' ? t('sync.toCollections') : t('sync.toReconciliation'), go: onDone } : null}
          />
        ) : (
          <p className="muted">{t('sync.hint')}</p>
        )}
      </div>
      <div className="card">
        <h2 className="card-title">{t('coverage.title')}</h2>
        <CoverageMap windows={coverage} range={ws.range} kind={connection.kind} current={sync.running ? (sync.job?.progress.currentWindow ?? null) : null} />
      </div>
    </section>
  );
}
