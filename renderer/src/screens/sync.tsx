import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useCall, useReportHealth } from '../api/api-context.tsx';
import type { ConnectionStatus, CoverageWindow, EventPayload } from '../api/types.ts';
import { useAlerts } from '../components/alerts.tsx';
import { ProgressBar } from '../components/progress-bar.tsx';
import { RangeBar, rangeKey } from '../components/range-bar.tsx';
import { CoverageMap } from './coverage-map.tsx';
import { formatInstant, formatRelative } from '../format/dates.ts';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useWorkspace } from '../state/workspace.tsx';
import { useNow } from '../state/use-now.ts';

type Job = EventPayload<'sync:onDidProgress'>;

export function SyncScreen({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const call = useCall();
  const reportHealth = useReportHealth();
  const { push } = useAlerts();
  const ws = useWorkspace();
  const connection = ws.selected;
  const { refreshInfo } = ws;
  const [jobId, setJobId] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [force, setForce] = useState(false);
  const [coverage, setCoverage] = useState<CoverageWindow[] | null>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [countdown, setCountdown] = useState(0);
  const jobRef = useRef<string | null>(null);

  const name = connection?.name ?? '';
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

  // A job started before this screen was opened (or by the menu) is picked up from sync:status.
  useEffect(() => {
    if (status?.activeJobId && !jobRef.current) {
      jobRef.current = status.activeJobId;
      setJobId(status.activeJobId);
    }
  }, [status]);

  // The last event of every job, kept because a job that fails at once can finish before
  // sync:start has even answered with its id.
  const seen = useRef(new Map<string, Job>());

  const handle = useCallback(
    (event: Job) => {
      setJob(event);
      setCountdown(Math.ceil(event.progress.waitSeconds));
      if (event.state === 'running') return;
      jobRef.current = null;
      setJobId(null);
      if (event.state === 'done' && event.result) {
        const failed = event.result.outcome === 'failed' || event.result.outcome === 'partial';
        reportHealth({
          lastOutcome: failed ? 'error' : 'ok',
          lastAt: Date.now(),
          message: failed ? (event.result.errors[0] ?? null) : null,
        });
        if (failed) push('error', t('sync.partialTitle'), event.result.errors.join(' ') || t('sync.partialBody'));
      } else if (event.state === 'failed') {
        reportHealth({
          lastOutcome: 'error',
          lastAt: Date.now(),
          message: event.error,
        });
        push('error', t('sync.failedTitle'), event.error ?? t('errors.generic'));
      }
      refresh();
      void refreshInfo();
    },
    [push, refresh, reportHealth, t, refreshInfo],
  );

  useEffect(
    () =>
      api.on('sync:onDidProgress', (event) => {
        seen.current.set(event.jobId, event);
        if (event.jobId === jobRef.current) handle(event);
      }),
    [api, handle],
  );

  // The rate limit's wait counts down between progress events.
  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((s) => Math.max(0, s - 1)), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  if (!connection) return null;

  const start = async (range = ws.range) => {
    if (range !== ws.range) ws.setRange(range);
    const period = connection.kind === 'payg' && range.period === 'range' ? 'week' : range.period;
    setJob(null);
    const started = await call('sync:start', {
      connection: connection.name,
      from: range.from,
      to: range.to,
      period,
      force,
    });
    if (started) {
      jobRef.current = started.jobId;
      setJobId(started.jobId);
      const early = seen.current.get(started.jobId);
      if (early) handle(early);
    }
  };

  const cancel = async () => {
    if (jobId) await call('sync:cancel', { jobId });
  };

  const running = jobId !== null;
  const p = job?.progress;
  const last = status?.lastSync;
  const periods = connection.kind === 'payg' ? (['week', 'month'] as const) : (['month', 'week', 'range'] as const);

  return (
    <section aria-labelledby="sync-title">
      <div className="page-header">
        <div>
          <h1 id="sync-title" className="page-title">
            {t('sync.title', { name: connection.name })}
          </h1>
          <p className="page-subtitle" data-testid="last-synced">
            {last?.finishedAt
              ? t('sync.lastSynced', {
                  when: formatRelative(last.finishedAt, now, locale),
                  at: formatInstant(last.finishedAt, locale),
                  outcome: t(`sync.outcome.${last.outcome}`),
                })
              : t('sync.neverSynced')}
          </p>
        </div>
      </div>
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={(r) => void start(r)} periods={periods} applyLabel={t('sync.start')} busy={running}>
          <label className="checkbox-field">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            <span>{t('sync.force')}</span>
          </label>
        </RangeBar>
        {running || job ? (
          <div className="stack" data-testid="sync-progress">
            <ProgressBar
              label={t('sync.progressLabel')}
              value={p && p.windowsTotal > 0 ? p.windowsDone : null}
              max={p?.windowsTotal ?? 0}
              valueText={
                p
                  ? t('sync.windows', {
                      done: p.windowsDone,
                      total: p.windowsTotal,
                    })
                  : undefined
              }
            />
            <div className="progress-meta" aria-live="polite">
              <span>
                {t('sync.windowsLabel')}:{' '}
                <strong data-testid="sync-windows">
                  {p
                    ? t('sync.windows', {
                        done: p.windowsDone,
                        total: p.windowsTotal,
                      })
                    : '—'}
                </strong>
              </span>
              <span>
                {t('sync.rows')}: <strong data-testid="sync-rows">{formatCount(p?.rows ?? 0, locale)}</strong>
              </span>
              {p && p.quarantined > 0 ? (
                <span>
                  {t('sync.quarantined')}: <strong>{formatCount(p.quarantined, locale)}</strong>
                </span>
              ) : null}
              {running && countdown > 0 ? (
                <span data-testid="sync-wait">
                  <strong>{t('sync.waiting', { seconds: countdown })}</strong>
                </span>
              ) : null}
              {p?.message ? <span>{p.message}</span> : null}
            </div>
            <div className="row">
              {running ? (
                <button type="button" className="btn btn-danger" onClick={() => void cancel()} data-testid="sync-cancel">
                  {t('sync.cancel')}
                </button>
              ) : null}
              {!running && job ? (
                <p role="status" className="row" data-testid="sync-outcome">
                  <span
                    className={`badge ${job.state === 'done' && job.result?.outcome === 'ok' ? 'badge-ok' : job.state === 'cancelled' ? 'badge-neutral' : 'badge-bad'}`}
                  >
                    {t(`sync.final.${job.state === 'done' ? (job.result?.outcome ?? 'ok') : job.state}`)}
                  </span>
                  {job.result
                    ? t('sync.summary', {
                        rows: formatCount(job.result.rows, locale),
                        requests: job.result.requests,
                        restatements: job.result.restatements,
                      })
                    : null}
                </p>
              ) : null}
              {!running && job?.state === 'done' ? (
                <button type="button" className="btn btn-primary" onClick={onDone} data-testid="go-reconcile">
                  {connection.kind === 'payg' ? t('sync.toCollections') : t('sync.toReconciliation')}
                </button>
              ) : null}
            </div>
          </div>
        ) : (
          <p className="muted">{t('sync.hint')}</p>
        )}
      </div>
      <div className="card">
        <h2 className="card-title">{t('coverage.title')}</h2>
        <CoverageMap windows={coverage} range={ws.range} kind={connection.kind} />
      </div>
    </section>
  );
}
