/**
 * One error type for everything that can go wrong talking to an upstream. `kind` drives the retry
 * decision and the wording; `message` is written for an accountant (what happened, what to do)
 * and never holds a credential.
 */
export type UpstreamErrorKind =
  | 'auth'
  | 'permission'
  | 'validation'
  | 'rate_limited'
  | 'server'
  | 'network'
  /** A proxy refused the connection or the certificate failed: retrying will not help. */
  | 'blocked'
  | 'malformed'
  | 'timeout'
  | 'not_found'
  | 'bad_request'
  /** The server answered with a redirect: never followed, so credentials only go where they were entered. */
  | 'redirect'
  /** The reply was larger than the response size cap. */
  | 'too_large'
  /** The reply nests arrays and objects deeper than any billing report does. */
  | 'too_deep'
  /** A compressed (gzip, deflate, br) reply that does not decompress. */
  | 'compression'
  /** The upstream answered, but said it did not do it (`success: false`). */
  | 'rejected'
  /** The upstream asked us to wait longer than we wait (Retry-After): stop and say when to try again. */
  | 'retry_later';

export interface UpstreamErrorOptions {
  status?: number;
  /** The upstream's own error code (UNAUTHORIZED, VALIDATION_ERROR, …) when it sent one. */
  code?: string;
  /** Milliseconds the upstream asked us to wait (Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<UpstreamErrorKind> = new Set(['rate_limited', 'server', 'network', 'malformed', 'timeout', 'compression']);

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly kind: UpstreamErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(kind: UpstreamErrorKind, message: string, options: UpstreamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Worth another attempt: the same request may succeed later. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** The user (or the app closing) stopped the work; never retried, never reported as a failure. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'The sync was cancelled.') {
    super(message);
  }
}

export function isCancelled(error: unknown, signal?: AbortSignal): boolean {
  return error instanceof CancelledError || (signal?.aborted ?? false);
}
