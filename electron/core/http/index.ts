export { UpstreamError, CancelledError, isCancelled, type UpstreamErrorKind, type UpstreamErrorOptions } from './errors.ts';
export {
  SlidingWindowLimiter,
  LimiterRegistry,
  sharedLimiters,
  credentialKey,
  PORTAL_RATE_LIMIT,
  PAYG_RATE_LIMIT,
  type RateLimit,
  type Release,
  type AcquireOptions,
} from './limiter.ts';
export { backoffDelayMs, parseRetryAfter, decideRetry, DEFAULT_RETRY, type RetryPolicy, type RetryDecision } from './retry.ts';
export { requestWithRetry, DEFAULT_TIMEOUT_MS, type HttpDeps, type RawHttpResponse, type RequestSpec, type RequestResult } from './request.ts';
export { classifyConnectionTrouble, describeConnectionTrouble, type ConnectionTrouble, type CertificateProblem, type TroubleWords } from './connection-trouble.ts';
