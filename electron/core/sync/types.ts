import type { CacheDatabase } from '../cache/index.ts';
import type { Clock, FetchLike, Sleep } from '../deps.ts';
import type { RateLimit, SlidingWindowLimiter } from '../http/limiter.ts';
import type { ReviewStore } from '../review/store.ts';
import type { SecretStore } from '../secrets.ts';
import type { HttpOverrides } from './clients.ts';
import type { PeriodKind } from './periods.ts';

/** What talking to an upstream needs: the cache, the network, time and the credentials. */
export interface UpstreamDeps {
  db: CacheDatabase;
  fetch: FetchLike;
  clock: Clock;
  sleep: Sleep;
  secrets: SecretStore;
}

export interface SyncDeps extends UpstreamDeps {
  /** Where reviews reopened and sign-offs voided by restated figures are recorded (signed by its identity). */
  reviews: ReviewStore;
}

export interface SyncProgress {
  windowsDone: number;
  windowsTotal: number;
  rows: number;
  quarantined: number;
  /** Seconds left waiting for the rate limit; 0 when not waiting. */
  waitSeconds: number;
  currentWindow?: { start: string; end: string };
  message: string;
}

export interface SyncParams {
  connection: string;
  from: string;
  to: string;
  period: PeriodKind;
  /** Re-fetch even what is fresh (the 300 s rule) or final (settled PAYG periods). */
  force?: boolean;
  /** Portal only: restrict to these provider ids (sent in chunks of at most 100). */
  providers?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** Override the rate limit (tests pair it with a sandbox on the same fast window), or pass a limiter. */
  limiter?: RateLimit | SlidingWindowLimiter;
  /** Override HTTP timing and the response size cap (tests, CONCILIA_MAX_RESPONSE_MB). */
  http?: HttpOverrides;
}

export interface SyncResult {
  /**
   * ok: every window stored complete (or up to date). partial: something was stored, but a
   * window is incomplete or failed, or was not attempted. failed: nothing could be stored.
   */
  outcome: 'ok' | 'partial' | 'failed' | 'cancelled';
  windows: { ok: number; incomplete: number; failed: number; skippedFresh: number };
  rows: number;
  quarantined: number;
  restatements: number;
  /** PAYG billing periods the upstream confirmed gone (404 by id), moved to the removal history. */
  removals: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  errors: string[];
  /** The upstream refused the connection's credentials (expired or wrong): the fix is new ones. */
  credentialsRejected: boolean;
  syncRunId: number;
  /** Sign-offs voided because this sync restated a figure they covered. */
  voidedSignoffs: number;
  /** Reviewed items returned to open because their figures changed. */
  reopenedReviews: number;
}

export class SyncError extends Error {
  override name = 'SyncError';
}
