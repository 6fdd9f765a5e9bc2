import type { Clock, FetchLike, Sleep } from '../../deps.ts';
import type { SlidingWindowLimiter } from '../../http/limiter.ts';
import { credentialKey, PAYG_RATE_LIMIT, sharedLimiters, type RateLimit } from '../../http/limiter.ts';
import { requestWithRetry } from '../../http/request.ts';
import type { RetryPolicy } from '../../http/retry.ts';
import { canonicalKey, joinUrl, pathAndQuery } from '../base-url.ts';
import type { CallOptions, FetchedResponse } from '../portal/client.ts';
import { mapPaygError } from './errors.ts';
import { parsePaygPage, parsePaygRecord, type PaygPage, type RecordOutcome } from './schema.ts';

export const PAYG_LIST_PATH = '/payg/lms/payment-requests';
export const PAYG_PAGE_SIZE = 100;

export interface PaygClientOptions {
  baseUrl: string;
  apiKey: string;
  /** The origin the key was entered for: a request anywhere else is refused unsent. */
  credentialOrigin: string;
  fetch: FetchLike;
  clock: Clock;
  sleep: Sleep;
  rateLimit?: RateLimit;
  limiter?: SlidingWindowLimiter;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface PaygListQuery {
  page: number;
  limit?: number;
  startDateGte?: string;
  startDateLte?: string;
  status?: string;
  currency?: string;
}

/** A page, or the DRF "Invalid page." 404 that means we are past the end. */
export type PaygPageResult = { kind: 'page'; page: PaygPage } | { kind: 'past_end' };

export interface PaygClient {
  readonly limiter: SlidingWindowLimiter;
  listPage(query: PaygListQuery, options?: CallOptions): Promise<FetchedResponse<PaygPageResult>>;
  getRecord(id: number, options?: CallOptions): Promise<FetchedResponse<RecordOutcome>>;
}

export function createPaygClient(options: PaygClientOptions): PaygClient {
  const limiter =
    options.limiter ??
    sharedLimiters.get(credentialKey('payg', new URL(options.baseUrl).origin, options.apiKey), options.rateLimit ?? PAYG_RATE_LIMIT, options.clock, options.sleep);
  const secrets = [options.apiKey];
  const deps = { fetch: options.fetch, clock: options.clock, sleep: options.sleep };
  const headers = { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' };

  return {
    limiter,
    async listPage(query, call = {}) {
      const params: Record<string, string | undefined> = {
        // A stable order: records created while we page land at the end instead of shifting pages.
        ordering: 'id',
        page: String(query.page),
        limit: String(query.limit ?? PAYG_PAGE_SIZE),
        start_date_gte: query.startDateGte,
        start_date_lte: query.startDateLte,
        status: query.status,
        currency: query.currency,
      };
      const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
      const url = joinUrl(options.baseUrl, PAYG_LIST_PATH, search);
      const result = await requestWithRetry<PaygPageResult>(deps, {
        url,
        headers,
        credentialOrigin: options.credentialOrigin,
        target: 'the PAYG service',
        limiter,
        timeoutMs: options.timeoutMs,
        retry: options.retry,
        signal: call.signal,
        onWait: call.onWait,
        onRequest: call.onRequest,
        interpret: (response) => {
          if (response.status === 404 && query.page > 1) return { kind: 'past_end' };
          if (response.status !== 200) throw mapPaygError(response, 'list of billing periods at this address; check the base URL', { secrets, nowMs: options.clock() });
          return { kind: 'page', page: parsePaygPage(response.bodyText, response.status) };
        },
      });
      return { value: result.value, raw: result.response, requestUrl: pathAndQuery(url), requestKey: canonicalKey(PAYG_LIST_PATH, params), attempts: result.attempts };
    },
    async getRecord(id, call = {}) {
      if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`A billing period id is a positive whole number, not ${id}.`);
      const path = `${PAYG_LIST_PATH}/${id}`;
      const url = joinUrl(options.baseUrl, path, new URLSearchParams());
      const result = await requestWithRetry(deps, {
        url,
        headers,
        credentialOrigin: options.credentialOrigin,
        target: 'the PAYG service',
        limiter,
        timeoutMs: options.timeoutMs,
        retry: options.retry,
        signal: call.signal,
        onWait: call.onWait,
        onRequest: call.onRequest,
        interpret: (response) => {
          if (response.status !== 200) throw mapPaygError(response, `billing period ${id}`, { secrets, nowMs: options.clock() });
          return parsePaygRecord(response.bodyText, response.status);
        },
      });
      return { value: result.value, raw: result.response, requestUrl: pathAndQuery(url), requestKey: canonicalKey(path, {}), attempts: result.attempts };
    },
  };
}
