import type { SlidingWindowLimiter } from '../http/limiter.ts';
import type { RequestSpec } from '../http/request.ts';
import type { RetryPolicy } from '../http/retry.ts';
import type { CallOptions } from './portal/client.ts';

/** What every request of a client shares: its pacing, deadline, size cap and retries, and the caller's signal and callbacks. */
export type CallSpec = Pick<RequestSpec<unknown>, 'limiter' | 'timeoutMs' | 'maxResponseBytes' | 'retry' | 'signal' | 'onWait' | 'onRequest'>;

export function callSpec(
  options: { timeoutMs?: number; maxResponseBytes?: number; retry?: Partial<RetryPolicy> },
  limiter: SlidingWindowLimiter,
  call: CallOptions,
): CallSpec {
  return {
    limiter,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    retry: options.retry,
    signal: call.signal,
    onWait: call.onWait,
    onRequest: call.onRequest,
  };
}
