import { useTranslation } from 'react-i18next';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { finalState, type SyncEvent } from './use-sync-job.ts';

interface Props {
  job: SyncEvent | null;
  running: boolean;
  countdown: number;
  onCancel: () => void;
  /** After a job that got its data: go and read it. */
  next: { label: string; go: () => void } | null;
}

const BADGE = { ok: 'badge-ok', partial: 'badge-bad', failed: 'badge-bad', cancelled: 'badge-neutral' } as const;

/** A sync as it runs and as it ended: windows done, rows received, the wait, then the outcome in words and colour. */
export function SyncProgress({ job, running, countdown, onCancel, next }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const p = job?.progress;
  const outcome = job && !running ? finalState(job) : null;
  const windows = p ? t('sync.windows', { done: formatCount(p.windowsDone, locale), total: formatCount(p.windowsTotal, locale) }) : undefined;
  return (
    <div className="stack" data-testid="sync-progress">
      <ProgressBar
        label={t('sync.progressLabel')}
        value={p && p.windowsTotal > 0 ? p.windowsDone : null}
        max={p?.windowsTotal ?? 0}
        valueText={outcome ? `${t(`sync.final.${outcome}`)} — ${windows ?? ''}` : windows}
        tone={outcome === null ? 'running' : outcome === 'ok' ? 'done' : outcome === 'cancelled' ? 'stopped' : 'failed'}
      />
      <div className="progress-meta" aria-live="polite">
        <span>
          {t('sync.windowsLabel')}: <strong data-testid="sync-windows">{windows ?? '—'}</strong>
        </span>
        <span>
          {t('sync.rowsReceived')}: <strong data-testid="sync-rows">{formatCount(p?.rows ?? 0, locale)}</strong>
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
      </div>
      <div className="row">
        {running ? (
          <button type="button" className="btn btn-danger" onClick={onCancel} data-testid="sync-cancel">
            {t('sync.cancel')}
          </button>
        ) : null}
        {outcome && job ? (
          <p role="status" className="row" data-testid="sync-outcome" data-outcome={outcome}>
            <span className={`badge ${BADGE[outcome]}`}>{t(`sync.final.${outcome}`)}</span>
            {job.result
              ? t('sync.summary', {
                  rows: formatCount(job.result.rows, locale),
                  requests: formatCount(job.result.requests, locale),
                  restatements: formatCount(job.result.restatements, locale),
                  fresh: formatCount(job.result.windows.skippedFresh, locale),
                  count: job.result.windows.skippedFresh,
                })
              : null}
          </p>
        ) : null}
        {next ? (
          <button type="button" className="btn btn-primary" onClick={next.go} data-testid="go-reconcile">
            {next.label}
          </button>
        ) : null}
      </div>
    </div>
  );
}
