import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useCall, useReportHealth } from '../../api/api-context.tsx';
import type { EventPayload, PeriodKind } from '../../api/types.ts';
import { useAlerts } from '../../components/alerts.tsx';

export type SyncEvent = EventPayload<'sync:onDidProgress'>;

/** Silence this long while a job runs, and the window asks for the job's last event. */
const CATCH_UP_AFTER_MS = 2000;

/** The words of a finished job: ok, partial, failed or cancelled. */
export function finalState(job: SyncEvent): 'ok' | 'partial' | 'failed' | 'cancelled' {
  if (job.state === 'done') return job.result?.outcome ?? 'ok';
  return job.state === 'running' ? 'ok' : job.state;
}

/**
 * One connection's sync job as the window sees it: started here (or found running), followed by
 * its progress events, with one countdown for the rate limit's wait. When it ends, its failures
 * become alerts — and a success clears the alerts of earlier failures, which are no longer true.
 */
export function useSyncJob(connection: string, activeJobId: string | null, onEnd: () => void) {
  const { t } = useTranslation();
  const api = useApi();
  const call = useCall();
  const reportHealth = useReportHealth();
  const { push, resolve } = useAlerts();
  const [jobId, setJobId] = useState<string | null>(null);
  const [job, setJob] = useState<SyncEvent | null>(null);
  const [countdown, setCountdown] = useState(0);
  const jobRef = useRef<string | null>(null);
  // The last event of every job, kept because a job that fails at once can finish before
  // sync:start has even answered with its id.
  const seen = useRef(new Map<string, SyncEvent>());
  const source = `sync|${connection}`;

  const handle = useCallback(
    (event: SyncEvent) => {
      setJob(event);
      setCountdown(Math.ceil(event.progress.waitSeconds));
      if (event.state === 'running') return;
      jobRef.current = null;
      setJobId(null);
      const outcome = finalState(event);
      if (outcome === 'ok') {
        resolve(source);
        resolve('sync:start');
        reportHealth({ lastOutcome: 'ok', lastAt: Date.now(), message: null });
      } else if (outcome === 'partial' || (outcome === 'failed' && event.result)) {
        const errors = event.result?.errors ?? [];
        reportHealth({ lastOutcome: 'error', lastAt: Date.now(), message: errors[0] ?? null });
        push('error', t('sync.partialTitle'), errors.join(' ') || t('sync.partialBody'), source);
      } else if (outcome === 'failed') {
        reportHealth({ lastOutcome: 'error', lastAt: Date.now(), message: event.error });
        push('error', t('sync.failedTitle'), event.error ?? t('errors.generic'), source);
      }
      onEnd();
    },
    [push, resolve, reportHealth, t, onEnd, source],
  );

  // A job started before this screen was opened (or by the menu) is picked up from sync:status.
  useEffect(() => {
    if (activeJobId && !jobRef.current) {
      jobRef.current = activeJobId;
      setJobId(activeJobId);
    }
  }, [activeJobId]);

  useEffect(
    () =>
      api.on('sync:onDidProgress', (event) => {
        seen.current.set(event.jobId, event);
        if (event.jobId === jobRef.current) handle(event);
      }),
    [api, handle],
  );

  // Events can be missed (a reloaded window, an event stream still connecting). While a job runs
  // and nothing has arrived for a while, ask for its last event, so a finished job never looks
  // like one that runs forever. A stale answer is ignored: handle() only takes the current job.
  useEffect(() => {
    if (!jobId) return;
    const timer = setTimeout(() => {
      void call('sync:job', { jobId }).then((last) => {
        if (last && last.jobId === jobRef.current) handle(last);
      });
    }, CATCH_UP_AFTER_MS);
    return () => clearTimeout(timer);
  }, [jobId, job, call, handle]);

  // The rate limit's wait counts down between progress events: one countdown, this one.
  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((s) => Math.max(0, s - 1)), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const start = async (range: { from: string; to: string; period: PeriodKind }, force: boolean) => {
    setJob(null);
    const started = await call('sync:start', { connection, from: range.from, to: range.to, period: range.period, force });
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

  return { job, running: jobId !== null, countdown, start, cancel };
}
