import type { UpstreamError } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Longest Retry-After we wait out. A longer one stops the request: waiting hours inside a sync
   * helps nobody, and cutting the wait short would only draw another refusal.
   */
  maxRetryAfterMs: number;
  /** Jitter source in [0, 1); tests pass a fixed one. */
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
};

/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept, half is random, so
 * clients that failed together do not retry together, yet each still backs off.
 * `failures` counts failed attempts so far (1 after the first failure).
 */
export function backoffDelayMs(failures: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const half = exponential / 2;
  return Math.round(half + policy.random() * half);
}

/**
 * Retry-After is either delta-seconds or an HTTP date. Returns milliseconds from `nowMs`, or
 * undefined when absent or unreadable (the caller then backs off on its own).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (text === '' || /^[-+]?\d/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** `waitTooLongMs`: the upstream asked for a wait longer than maxRetryAfterMs (we stop). */
export type RetryDecision = { retry: false; waitTooLongMs?: number } | { retry: true; delayMs: number; viaRateLimit: boolean };

/** Given the error of attempt number `attempt` (1-based), should we try again, and when? */
export function decideRetry(error: UpstreamError, attempt: number, policy: RetryPolicy): RetryDecision {
  const asked = error.retryAfterMs;
  // Checked before the attempt count: "try after 16:40" says more than "gave up after 5 attempts".
  if (error.kind === 'rate_limited' && asked !== undefined && asked > policy.maxRetryAfterMs) return { retry: false, waitTooLongMs: asked };
  if (!error.retryable || attempt >= policy.maxAttempts) return { retry: false };
  if (error.kind === 'rate_limited') {
    const delayMs = asked === undefined ? Math.max(backoffDelayMs(attempt, policy), policy.baseDelayMs) : asked;
    return { retry: true, delayMs, viaRateLimit: true };
  }
  return { retry: true, delayMs: backoffDelayMs(attempt, policy), viaRateLimit: false };
}
