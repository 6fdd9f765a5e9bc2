import { explainSqliteError, isPersistentWriteTrouble } from '../cache/index.ts';
import { getConnection } from '../connections/index.ts';
import { isoInstant } from '../deps.ts';
import { isCancelled, UpstreamError } from '../http/errors.ts';
import { revalidateSignoffs } from '../signoff/index.ts';
import { isCalendarDate } from '../upstream/dates.ts';
import { PORTAL_MAX_DAYS, PORTAL_MAX_PROVIDERS } from '../upstream/portal/client.ts';
import type { CallOptions } from '../upstream/portal/client.ts';
import { writingCache } from './cache-writes.ts';
import { paygClientFor, portalClientFor } from './clients.ts';
import { syncPaygWindow } from './payg-window.ts';
import { planWindows, type PlannedWindow } from './periods.ts';
import { syncPortalWindow, type WindowOutcome } from './portal-window.ts';
import { createRedactor, secretsOf } from './redaction.ts';
import { closeAbandonedRuns, finishRun, startRun } from './run-log.ts';
import { SyncError, type SyncDeps, type SyncParams, type SyncProgress, type SyncResult } from './types.ts';
import { markWindowFailed } from './windows.ts';
import { reopenRestatedByRun } from './reopen.ts';

/** Run a bookkeeping write; false when the cache cannot take it at all (full, read-only, damaged). */
function attempt(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (isPersistentWriteTrouble(error)) return false;
    throw error;
  }
}

/** Errors that the next window would hit too: stop rather than repeat them. */
const FATAL_KINDS = new Set(['auth', 'permission', 'bad_request', 'validation', 'not_found', 'blocked', 'redirect', 'retry_later', 'rejected']);
const MAX_FAILURES_IN_A_ROW = 3;

function checkParams(params: SyncParams): void {
  for (const [flag, value] of [
    ['from', params.from],
    ['to', params.to],
  ] as const) {
    if (!isCalendarDate(value)) throw new SyncError(`The "${flag}" date must be a calendar date as YYYY-MM-DD, not "${String(value).slice(0, 20)}".`);
  }
  if (params.from > params.to) throw new SyncError(`The range ${params.from} to ${params.to} ends before it starts.`);
  if (!['month', 'week', 'range'].includes(params.period)) throw new SyncError('The period is month, week or range.');
}

/**
 * Sync one connection over a date range: plan the windows, fetch each (paced, retried), and
 * store each in one transaction. Failures are per window; cancel stops between windows.
 */
export async function syncConnection(deps: SyncDeps, params: SyncParams): Promise<SyncResult> {
  checkParams(params);
  const connection = getConnection(deps.db, params.connection);
  if (connection.kind === 'payg' && params.providers && params.providers.length > 0) {
    throw new SyncError('A provider filter applies to portal connections only.');
  }
  const overrides = { limiter: params.limiter, http: params.http };
  const secretValues = await secretsOf(deps, connection.name);
  // Whatever the upstream echoes, no credential is written to the cache (redaction.ts).
  const redactor = createRedactor(secretValues);
  const portal = connection.kind === 'portal' ? await portalClientFor(deps, connection, overrides) : null;
  const payg = connection.kind === 'payg' ? await paygClientFor(deps, connection, overrides) : null;
  const plan = planWindows(params.from, params.to, params.period, { maxDays: PORTAL_MAX_DAYS, providers: params.providers, chunkSize: PORTAL_MAX_PROVIDERS });

  const force = params.force ?? false;
  const signal = params.signal;
  const syncRunId = writingCache(() => {
    closeAbandonedRuns(deps.db, connection.id, isoInstant(deps.clock()));
    return startRun(deps.db, connection.id, isoInstant(deps.clock()), {
      from: params.from,
      to: params.to,
      period: params.period,
      force,
      providers: params.providers?.length ?? 0,
    });
  });

  const result: SyncResult = {
    outcome: 'ok',
    windows: { ok: 0, incomplete: 0, failed: 0, skippedFresh: 0 },
    rows: 0,
    quarantined: 0,
    restatements: 0,
    removals: 0,
    requests: 0,
    errors: [],
    credentialsRejected: false,
    syncRunId,
    voidedSignoffs: 0,
    reopenedReviews: 0,
  };
  let done = 0;
  let current: PlannedWindow | undefined;
  const report = (message: string, waitSeconds = 0): void => {
    const progress: SyncProgress = {
      windowsDone: done,
      windowsTotal: plan.length,
      rows: result.rows,
      quarantined: result.quarantined,
      waitSeconds,
      message,
      ...(current ? { currentWindow: { start: current.window.start, end: current.window.end } } : {}),
    };
    params.onProgress?.(progress);
  };
  const call: CallOptions = {
    signal,
    onRequest: () => {
      result.requests++;
    },
    onWait: (ms) => {
      const seconds = Math.ceil(ms / 1000);
      report(seconds > 0 ? `Waiting ${seconds} s for the rate limit` : 'Requesting', seconds);
    },
  };

  let cancelled = false;
  let failuresInARow = 0;
  let stoppedEarly: string | null = null;
  report(`Syncing ${connection.name}: ${plan.length} window(s) from ${params.from} to ${params.to}`);
  for (const planned of plan) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    current = planned;
    report(`Window ${planned.window.start} to ${planned.window.end}${planned.providerFilter ? ` (${planned.providers.length} providers)` : ''}`);
    try {
      const outcome: WindowOutcome = portal
        ? await syncPortalWindow(deps, portal, connection.id, planned, { force, syncRunId, call, redactor })
        : await syncPaygWindow(deps, payg as NonNullable<typeof payg>, connection.id, planned, { force, syncRunId, call, redactor });
      if (outcome.kind === 'skipped') {
        result.windows.skippedFresh++;
      } else {
        const s = outcome.summary;
        result.windows[s.status]++;
        result.rows += s.rows;
        result.quarantined += s.quarantined;
        result.restatements += s.restatements;
        result.removals += s.removals;
        if (s.status === 'incomplete') result.errors.push(`${planned.window.start} to ${planned.window.end}: ${s.reason ?? 'the window is incomplete; sync again to complete it.'}`);
      }
      failuresInARow = 0;
    } catch (error) {
      if (isCancelled(error, signal)) {
        cancelled = true;
        break;
      }
      // SQLite's own words ("database disk image is malformed") become what to do; our own errors already say it.
      const raw = error instanceof Error && error.name === 'SqliteError' ? explainSqliteError(error) : null;
      const message = redactor.text(raw ?? (error instanceof Error ? error.message : String(error)));
      // On a full or read-only cache this note cannot be written either; the window keeps what it had.
      const noted = attempt(() => markWindowFailed(deps.db, connection.id, planned, isoInstant(deps.clock()), message, syncRunId));
      result.windows.failed++;
      result.errors.push(`${planned.window.start} to ${planned.window.end}: ${message}`);
      if (error instanceof UpstreamError && error.kind === 'auth') result.credentialsRejected = true;
      failuresInARow++;
      if (error instanceof UpstreamError && FATAL_KINDS.has(error.kind)) {
        stoppedEarly = 'Stopped: the remaining windows would fail the same way.';
      } else if (isPersistentWriteTrouble(error) || !noted) {
        stoppedEarly = 'Stopped: the cache cannot be written, so the remaining windows were not fetched.';
      } else if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        stoppedEarly = `Stopped after ${MAX_FAILURES_IN_A_ROW} windows failed in a row; sync again later to complete it.`;
      }
    }
    done++;
    report(`Done ${done} of ${plan.length}`);
    if (stoppedEarly) break;
  }
  current = undefined;

  const stored = result.windows.ok + result.windows.incomplete + result.windows.skippedFresh;
  const notAttempted = plan.length - done;
  if (cancelled) result.outcome = 'cancelled';
  else if (result.windows.failed === 0 && result.windows.incomplete === 0 && notAttempted === 0) result.outcome = 'ok';
  else if (stored === 0) result.outcome = 'failed';
  else result.outcome = 'partial';
  if (stoppedEarly && notAttempted > 0) result.errors.push(`${stoppedEarly} ${notAttempted} window(s) were not attempted.`);
  const message = cancelled
    ? `Cancelled after ${done} of ${plan.length} window(s); what was stored is complete, the rest is untouched.`
    : result.errors.length > 0
      ? result.errors.slice(0, 3).join(' | ')
      : null;
  // If even this cannot be written, the run stays 'running' and the next sync marks it stopped.
  attempt(() => finishRun(deps.db, syncRunId, isoInstant(deps.clock()), result.outcome, message));
  // A changed figure reopens the reviews of its items and voids every sign-off that covered it,
  // whichever range it was signed for.
  if (result.restatements > 0) {
    result.reopenedReviews = reopenRestatedByRun(deps.db, deps.reviews, connection, syncRunId);
    result.voidedSignoffs = revalidateSignoffs({ db: deps.db, reviews: deps.reviews, clock: deps.clock }, connection.name).length;
  }
  report(cancelled ? 'Cancelled' : 'Finished');
  return result;
}
