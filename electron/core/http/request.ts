import { isUtf8 } from 'node:buffer';
import type { Clock, FetchLike, Sleep } from '../deps.ts';
import { assertCredentialOrigin } from '../secrets.ts';
import { CancelledError, UpstreamError } from './errors.ts';
import type { SlidingWindowLimiter } from './limiter.ts';
import { describeNetworkFailure } from './network-errors.ts';
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
  /** True when the body was not valid UTF-8: bodyText holds U+FFFD where the bad bytes were. */
  invalidUtf8?: boolean;
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
  /** One deadline per attempt, covering the headers AND the whole body. */
  timeoutMs?: number;
  /** Largest reply read, in bytes (after decompression); larger ones stop with their own message. */
  maxResponseBytes?: number;
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
/** 64 MB: a page of a hundred billing periods is ~30 kB, a year's portal report well under 1 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/**
 * One logical request: paced by the limiter, bounded by one deadline per attempt (headers and
 * body), capped in size, cancelled by the signal at once, and retried with backoff for what may
 * pass (network, timeout, damaged or unreadable body, 5xx, 429).
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
    if (!decision.retry) {
      if (decision.waitTooLongMs !== undefined) throw retryLater(spec.target, error, decision.waitTooLongMs, deps.clock(), policy.maxRetryAfterMs);
      throw attempt > 1 && error.retryable ? gaveUp(error, attempt) : error;
    }
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

/**
 * The one place a request leaves Concilia. Its URL and headers are final here: redirects are
 * never followed (a 3xx, or the opaque redirect Chromium's fetch gives, comes back as a response
 * and is refused by the caller), so nothing after this line changes where the credentials in
 * `headers` are sent. The destination was checked against the credentials' origin at the top
 * of sendOnce, on this same URL, before a rate-limit slot was taken.
 */
function dispatch(deps: HttpDeps, url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  return deps.fetch(url, { method: 'GET', headers, signal, redirect: 'manual' });
}

/** Where an attempt was when it stopped: the words for a deadline differ. */
type Stage = 'connecting' | 'reading';

async function sendOnce<T>(deps: HttpDeps, spec: RequestSpec<T>): Promise<RawHttpResponse> {
  if (spec.credentialOrigin !== null) assertCredentialOrigin(spec.url, spec.credentialOrigin);
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Other processes count this slot as ending at the deadline until the answer is in (plus a margin).
  const release = spec.limiter ? await spec.limiter.acquire({ signal: spec.signal, onWait: spec.onWait, holdMs: timeoutMs + 5_000 }) : () => undefined;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), timeoutMs);
  const signal = spec.signal ? AbortSignal.any([deadline.signal, spec.signal]) : deadline.signal;
  let stage: Stage = 'connecting';
  try {
    spec.onRequest?.();
    const response = await untilAborted(dispatch(deps, spec.url, spec.headers, signal), signal);
    stage = 'reading';
    if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
      await response.body?.cancel().catch(() => undefined);
      throw redirected(spec.target, spec.url, response);
    }
    const bytes = await readCapped(response, spec, signal);
    // Decoded as response.text() decodes: UTF-8, a leading byte order mark dropped, bad bytes replaced.
    const bodyText = utf8.decode(bytes);
    const valid = isUtf8(bytes);
    const exact = valid && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf);
    return { status: response.status, headers: response.headers, bodyText, ...(exact ? { bodyBytes: bytes } : {}), ...(valid ? {} : { invalidUtf8: true }), fetchedAt: deps.clock() };
  } catch (error) {
    if (spec.signal?.aborted) throw new CancelledError();
    if (error instanceof UpstreamError) throw error;
    if (deadline.signal.aborted) throw deadlinePassed(spec.target, timeoutMs, stage, error);
    throw describeNetworkFailure(error, { target: spec.target, url: spec.url });
  } finally {
    clearTimeout(timer);
    release();
  }
}

/**
 * The body, chunk by chunk, stopped at the size cap. Every wait is raced against the signal, so
 * a body that stalls after its headers ends at the deadline (or on cancel) whatever the fetch
 * implementation does with its own signal.
 */
async function readCapped(response: Response, spec: RequestSpec<unknown>, signal: AbortSignal): Promise<Uint8Array> {
  const cap = spec.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const declared = Number(response.headers.get('content-length') ?? '');
  // A compressed body only grows when decompressed: its declared length is enough to refuse it.
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(spec.target, cap, response.status);
  }
  if (!response.body) return new Uint8Array(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const chunk = await untilAborted(reader.read(), signal);
      if (chunk.done) break;
      const value: Uint8Array = chunk.value;
      size += value.byteLength;
      if (size > cap) throw tooLarge(spec.target, cap, response.status);
      chunks.push(value);
    }
  } catch (error) {
    // Stop the transfer: a 600 MB body must not keep arriving after we gave up on it.
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** `promise`, or a rejection as soon as `signal` aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function deadlinePassed(target: string, timeoutMs: number, stage: Stage, cause: unknown): UpstreamError {
  const seconds = formatSeconds(timeoutMs);
  const message =
    stage === 'connecting'
      ? `${capitalise(target)} did not answer within ${seconds}. It may be overloaded; try again later.`
      : `${capitalise(target)} started to answer but did not finish its reply within ${seconds} (it stalled). It may be overloaded; try again later.`;
  return new UpstreamError('timeout', message, { cause });
}

function redirected(target: string, url: string, response: Response): UpstreamError {
  let where = '';
  try {
    const location = response.headers.get('location');
    const to = location ? new URL(location, url) : null;
    // Only the origin: a redirect's path or query may carry anything, a token included.
    if (to) where = to.origin === new URL(url).origin ? ' (another path on the same server)' : ` (${to.origin})`;
  } catch {
    where = '';
  }
  return new UpstreamError(
    'redirect',
    `${capitalise(target)} sent us to another address${where}${response.status > 0 ? `, status ${response.status}` : ''}. Concilia does not follow redirects, so credentials only go where they were entered: check the connection's base URL.`,
    { status: response.status },
  );
}

function tooLarge(target: string, cap: number, status: number): UpstreamError {
  return new UpstreamError(
    'too_large',
    `${capitalise(target)} sent a reply larger than ${Math.round(cap / (1024 * 1024))} MB; Concilia stopped reading it. A billing reply is far smaller: check the connection's base URL, or raise the limit (CONCILIA_MAX_RESPONSE_MB on the command line).`,
    { status },
  );
}

function retryLater(target: string, error: UpstreamError, waitMs: number, nowMs: number, maxWaitMs: number): UpstreamError {
  return new UpstreamError(
    'retry_later',
    `${capitalise(target)} refused the request for its rate limit and asks us to wait ${formatDuration(waitMs)}, longer than Concilia waits (${formatDuration(maxWaitMs)}). Try again after ${localClockTime(nowMs + waitMs, nowMs)} (local time); what was already synced is kept.`,
    { status: error.status, code: error.code, retryAfterMs: waitMs, cause: error },
  );
}

function gaveUp(error: UpstreamError, attempts: number): UpstreamError {
  return new UpstreamError(error.kind, `${error.message} (gave up after ${attempts} attempts)`, {
    status: error.status,
    code: error.code,
    retryAfterMs: error.retryAfterMs,
    cause: error,
  });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** "2 h 5 min", "3 min", "45 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "16:40", or "2026-11-23 09:15" when it is not today: the computer's local time. */
export function localClockTime(atMs: number, nowMs: number): string {
  const at = new Date(atMs);
  const now = new Date(nowMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? time : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
