import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../electron/core/http/errors.ts';
import { backoffDelayMs, decideRetry, DEFAULT_RETRY, parseRetryAfter } from '../../../electron/core/http/retry.ts';

const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 4, random: () => 0.5 };

describe('retry decisions', () => {
  it('retries what may pass and nothing else', () => {
    for (const kind of ['network', 'timeout', 'malformed', 'server', 'rate_limited'] as const) {
      expect(decideRetry(new UpstreamError(kind, 'x'), 1, policy).retry).toBe(true);
    }
    for (const kind of ['auth', 'permission', 'validation', 'not_found', 'bad_request'] as const) {
      expect(decideRetry(new UpstreamError(kind, 'x'), 1, policy).retry).toBe(false);
    }
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(new UpstreamError('server', 'x'), 3, policy).retry).toBe(true);
    expect(decideRetry(new UpstreamError('server', 'x'), 4, policy).retry).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    const low = { ...policy, random: () => 0 };
    const high = { ...policy, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, low))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, high))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('waits as long as Retry-After says; a longer wait than it allows stops and says how long', () => {
    const withHeader = decideRetry(new UpstreamError('rate_limited', 'x', { retryAfterMs: 7000 }), 1, policy);
    expect(withHeader).toEqual({ retry: true, delayMs: 7000, viaRateLimit: true });
    // Cutting a long wait short would only draw another refusal: the request stops instead.
    const tooLong = decideRetry(new UpstreamError('rate_limited', 'x', { retryAfterMs: 10 * 60_000 }), 1, policy);
    expect(tooLong).toEqual({ retry: false, waitTooLongMs: 10 * 60_000 });
    expect(decideRetry(new UpstreamError('rate_limited', 'x', { retryAfterMs: 10 * 60_000 }), policy.maxAttempts, policy)).toEqual({ retry: false, waitTooLongMs: 10 * 60_000 });
    expect(decideRetry(new UpstreamError('rate_limited', 'x', { retryAfterMs: DEFAULT_RETRY.maxRetryAfterMs }), 1, policy)).toEqual({ retry: true, delayMs: DEFAULT_RETRY.maxRetryAfterMs, viaRateLimit: true });
    const without = decideRetry(new UpstreamError('rate_limited', 'x'), 2, policy);
    expect(without.retry && without.delayMs).toBeGreaterThanOrEqual(100);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
