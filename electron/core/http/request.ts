import { isUtf8 } from 'node:buffer';
import type { Clock, FetchLike, Sleep } from '../deps.ts';
import { assertCredentialOrigin } from '../secrets.ts';
import { describeConnectionTrouble } from './connection-trouble.ts';
import { CancelledError, UpstreamError } from './errors.ts';
import type { SlidingWindowLimiter } from './limiter.ts';
import { DEFAULT_RETRY, decideRetry, type RetryPolicy } from './retry.ts';

export interface HttpDeps {
  fetch: FetchLike;
  clock: Clock;
  sleep: Sleep;
}

/** What came back, before interpretation. */
export interface RawHttpResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  /**
   * The body's bytes, when they are exactly the UTF-8 of bodyText (valid UTF-8, no byte order
   * mark): whoever stores or hashes the body can skip encoding the text again.
   */
  bodyBytes?: Uint8Array;
  /** Clock reading when the body had fully arrived. */
  fetchedAt: number;
}

export interface RequestSpec<T> {
  url: string;
  headers: Record<string, string>;
  /**
   * The origin the credentials in `headers` were entered for (null: the headers carry none).
   * A request whose final URL is on any other origin is refused before anything is sent.
   */
  credentialOrigin: string | null;
  /** "the portal", "the PAYG service": used in network and timeout messages. */
  target: string;
  /** Turn a response into a value, or throw an UpstreamError (its kind decides on retrying). */
  interpret: (response: RawHttpResponse) => T;
  limiter?: SlidingWindowLimiter;
  timeoutMs?: number;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Milliseconds still to wait for the rate limit (0 when the wait is over). */
  onWait?: (remainingMs: number) => void;
  /** Each HTTP request actually sent (retries included). */
  onRequest?: () => void;
}

export interface RequestResult<T> {
  value: T;
  response: RawHttpResponse;
  attempts: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const utf8 = new TextDecoder('utf-8');

/**
 * One logical request: paced by the limiter, bounded by a timeout, cancelled by the signal, and
 * retried with backoff for what may pass (network, timeout, unreadable body, 5xx, 429).
 */
export async function requestWithRetry<T>(deps: HttpDeps, spec: RequestSpec<T>): Promise<RequestResult<T>> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...spec.retry };
  for (let attempt = 1; ; attempt++) {
    if (spec.signal?.aborted) throw new CancelledError();
    let error: UpstreamError;
    try {
      const response = await sendOnce(deps, spec);
      return { value: spec.interpret(response), response, attempts: attempt };
    } catch (caught) {
      if (caught instanceof CancelledError || spec.signal?.aborted) throw new CancelledError();
      if (!(caught instanceof UpstreamError)) throw caught;
      error = caught;
    }
    const decision = decideRetry(error, attempt, policy);
    if (!decision.retry) throw attempt > 1 && error.retryable ? gaveUp(error, attempt) : error;
    if (decision.viaRateLimit && spec.limiter) {
      // Everyone sharing this credential pauses, and the wait shows as rate-limit waiting.
      spec.limiter.blockUntil(deps.clock() + decision.delayMs);
    } else {
      try {
        await deps.sleep(decision.delayMs, spec.signal);
      } catch {
        throw new CancelledError();
      }
    }
  }
}

async function sendOnce<T>(deps: HttpDeps, spec: RequestSpec<T>): Promise<RawHttpResponse> {
  if (spec.credentialOrigin !== null) assertCredentialOrigin(spec.url, spec.credentialOrigin);
  const release = spec.limiter ? await spec.limiter.acquire({ signal: spec.signal, onWait: spec.onWait }) : () => undefined;
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = spec.signal ? AbortSignal.any([timeout, spec.signal]) : timeout;
  try {
    spec.onRequest?.();
    const response = await deps.fetch(spec.url, { method: 'GET', headers: spec.headers, signal, redirect: 'error' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Decoded as response.text() decodes: UTF-8, a leading byte order mark dropped, bad bytes replaced.
    const bodyText = utf8.decode(bytes);
    const exact = isUtf8(bytes) && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf);
    return { status: response.status, headers: response.headers, bodyText, ...(exact ? { bodyBytes: bytes } : {}), fetchedAt: deps.clock() };
  } catch (error) {
    if (spec.signal?.aborted) throw new CancelledError();
    if (timeout.aborted) {
      throw new UpstreamError('timeout', `${capitalise(spec.target)} did not answer within ${Math.round(timeoutMs / 1000)} s. It may be overloaded; try again later.`, {
        cause: error,
      });
    }
    const trouble = describeConnectionTrouble(error, hostOf(spec.url));
    if (trouble) {
      throw new UpstreamError(trouble.retryable ? 'network' : 'blocked', `Could not reach ${spec.target} at ${hostOf(spec.url)}: ${trouble.reason}. ${trouble.advice}`, { cause: error });
    }
    throw new UpstreamError('network', `Could not reach ${spec.target} at ${hostOf(spec.url)} (${networkReason(error)}). Check the internet connection and the connection's base URL.`, {
      cause: error,
    });
  } finally {
    release();
  }
}

function gaveUp(error: UpstreamError, attempts: number): UpstreamError {
  return new UpstreamError(error.kind, `${error.message} (gave up after ${attempts} attempts)`, {
    status: error.status,
    code: error.code,
    retryAfterMs: error.retryAfterMs,
    cause: error,
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was cut',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection was cut',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return NETWORK_REASONS[code] ?? `network error ${code}`;
    current = current.cause;
  }
  if (error instanceof Error && /redirect/i.test(error.message)) return 'it answered with a redirect, which is not followed';
  return 'network error';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
