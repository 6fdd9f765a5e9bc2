import type { UpstreamError } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we honour as given; longer ones are cut to this. */
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

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; viaRateLimit: boolean };

/** Given the error of attempt number `attempt` (1-based), should we try again, and when? */
export function decideRetry(error: UpstreamError, attempt: number, policy: RetryPolicy): RetryDecision {
  if (!error.retryable || attempt >= policy.maxAttempts) return { retry: false };
  if (error.kind === 'rate_limited') {
    const asked = error.retryAfterMs;
    const delayMs = asked === undefined ? Math.max(backoffDelayMs(attempt, policy), policy.baseDelayMs) : Math.min(asked, policy.maxRetryAfterMs);
    return { retry: true, delayMs, viaRateLimit: true };
  }
  return { retry: true, delayMs: backoffDelayMs(attempt, policy), viaRateLimit: false };
}
