import type { Clock, FetchLike, Sleep } from '../../deps.ts';
import { UpstreamError } from '../../http/errors.ts';
import type { RateLedger, SlidingWindowLimiter } from '../../http/limiter.ts';
import { credentialKey, PORTAL_RATE_LIMIT, sharedLimiters, type RateLimit } from '../../http/limiter.ts';
import { requestWithRetry, type RawHttpResponse } from '../../http/request.ts';
import type { RetryPolicy } from '../../http/retry.ts';
import { canonicalKey, joinUrl, pathAndQuery } from '../base-url.ts';
import { callSpec } from '../call-spec.ts';
import { daysInclusive, isCalendarDate } from '../dates.ts';
import { mapPortalError } from './errors.ts';
import { parsePortalReport, type PortalReport } from './schema.ts';

export const PORTAL_REPORT_PATH = '/apidev/v1/reports/portal/billing';
export const PORTAL_MAX_DAYS = 93;
export const PORTAL_MAX_PROVIDERS = 100;

export interface PortalClientOptions {
  baseUrl: string;
  tenant: string;
  /** The tenant's currency: the report carries none. */
  currency: string;
  token: string;
  apiKey: string;
  /** The origin the token and key were entered for: a request anywhere else is refused unsent. */
  credentialOrigin: string;
  fetch: FetchLike;
  clock: Clock;
  sleep: Sleep;
  /** Defaults to the documented 10 requests per 60 s. */
  rateLimit?: RateLimit;
  /** A ready limiter (tests); otherwise one shared per credential hash. */
  limiter?: SlidingWindowLimiter;
  /** Where the rate limit's window is shared with other processes (the cache's ledger). */
  ledger?: RateLedger;
  timeoutMs?: number;
  /** Largest reply read (bytes); default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy>;
}

export interface PortalQuery {
  startDate: string;
  endDate: string;
  /** Provider ids; empty or absent = all providers. */
  providers?: readonly string[];
}

export interface CallOptions {
  signal?: AbortSignal;
  onWait?: (remainingMs: number) => void;
  onRequest?: () => void;
}

export interface FetchedResponse<T> {
  value: T;
  raw: RawHttpResponse;
  /** Path and query, no secrets. */
  requestUrl: string;
  requestKey: string;
  attempts: number;
}

export interface PortalClient {
  readonly limiter: SlidingWindowLimiter;
  requestKey(query: PortalQuery): string;
  fetchReport(query: PortalQuery, options?: CallOptions): Promise<FetchedResponse<PortalReport>>;
  /** Re-read a stored body (the 300 s rule, tests). */
  parseReport(bodyText: string): PortalReport;
}

export function createPortalClient(options: PortalClientOptions): PortalClient {
  const limiter =
    options.limiter ??
    sharedLimiters.get(credentialKey('portal', new URL(options.baseUrl).origin, options.apiKey), options.rateLimit ?? PORTAL_RATE_LIMIT, options.clock, options.sleep, options.ledger);
  const secrets = [options.token, options.apiKey];

  function params(query: PortalQuery): Record<string, string | undefined> {
    const providers = [...(query.providers ?? [])].sort();
    return { startdate: query.startDate, enddate: query.endDate, providers: providers.length > 0 ? providers.join(',') : undefined };
  }

  function check(query: PortalQuery): { rangeDays: number; providerCount: number } {
    if (!isCalendarDate(query.startDate) || !isCalendarDate(query.endDate)) {
      throw new UpstreamError('bad_request', `The report dates must be YYYY-MM-DD (got ${query.startDate} to ${query.endDate}).`);
    }
    const rangeDays = daysInclusive(query.startDate, query.endDate);
    const providerCount = query.providers?.length ?? 0;
    // Never send what the portal would refuse: the limits are documented.
    if (rangeDays < 1) throw new UpstreamError('validation', `The report range ${query.startDate} to ${query.endDate} ends before it starts.`);
    if (rangeDays > PORTAL_MAX_DAYS) {
      throw new UpstreamError('validation', `The report range ${query.startDate} to ${query.endDate} is ${rangeDays} days; the portal allows at most ${PORTAL_MAX_DAYS}.`);
    }
    if (providerCount > PORTAL_MAX_PROVIDERS) {
      throw new UpstreamError('validation', `The request names ${providerCount} providers; the portal allows at most ${PORTAL_MAX_PROVIDERS} per request.`);
    }
    return { rangeDays, providerCount };
  }

  const requestKey = (query: PortalQuery): string => `${canonicalKey(PORTAL_REPORT_PATH, params(query))}#tenant=${options.tenant}`;

  return {
    limiter,
    requestKey,
    parseReport(bodyText) {
      return parsePortalReport(bodyText, options.currency);
    },
    async fetchReport(query, call = {}) {
      const facts = check(query);
      const url = joinUrl(options.baseUrl, PORTAL_REPORT_PATH, new URLSearchParams(Object.entries(params(query)).filter((e): e is [string, string] => e[1] !== undefined)));
      const result = await requestWithRetry(
        { fetch: options.fetch, clock: options.clock, sleep: options.sleep },
        {
          url,
          headers: { Authorization: `Bearer ${options.token}`, 'X-API-Key': options.apiKey, tenant: options.tenant, Accept: 'application/json' },
          credentialOrigin: options.credentialOrigin,
          target: 'the portal',
          ...callSpec(options, limiter, call),
          interpret: (response) => {
            if (response.status !== 200) throw mapPortalError(response, facts, { secrets, nowMs: options.clock() });
            return parsePortalReport(response.bodyText, options.currency, response.status, { invalidUtf8: response.invalidUtf8, secrets });
          },
        },
      );
      return { value: result.value, raw: result.response, requestUrl: pathAndQuery(url), requestKey: requestKey(query), attempts: result.attempts };
    },
  };
}
