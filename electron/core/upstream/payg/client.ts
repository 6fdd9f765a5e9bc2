import type { Clock, FetchLike, Sleep } from '../../deps.ts';
import type { RateLedger, SlidingWindowLimiter } from '../../http/limiter.ts';
import { credentialKey, PAYG_RATE_LIMIT, sharedLimiters, type RateLimit } from '../../http/limiter.ts';
import { requestWithRetry } from '../../http/request.ts';
import type { RetryPolicy } from '../../http/retry.ts';
import { canonicalKey, joinUrl, pathAndQuery } from '../base-url.ts';
import type { CallOptions, FetchedResponse } from '../portal/client.ts';
import { callSpec } from '../call-spec.ts';
import { readErrorBody } from '../errors.ts';
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
  /** Where the rate limit's window is shared with other processes (the cache's ledger). */
  ledger?: RateLedger;
  timeoutMs?: number;
  /** Largest reply read (bytes); default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
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

/** One record by id: its outcome, or `gone` (404: the service no longer has it). */
export type PaygRecordResult = { kind: 'found'; outcome: RecordOutcome } | { kind: 'gone' };

export interface PaygClient {
  readonly limiter: SlidingWindowLimiter;
  listPage(query: PaygListQuery, options?: CallOptions): Promise<FetchedResponse<PaygPageResult>>;
  /** The record by id; a 404 throws (not_found). */
  getRecord(id: number, options?: CallOptions): Promise<FetchedResponse<RecordOutcome>>;
  /** The record by id, or `gone` on a 404, with the answer kept as evidence either way. */
  retrieve(id: number, options?: CallOptions): Promise<FetchedResponse<PaygRecordResult>>;
}

export function createPaygClient(options: PaygClientOptions): PaygClient {
  const limiter =
    options.limiter ??
    sharedLimiters.get(credentialKey('payg', new URL(options.baseUrl).origin, options.apiKey), options.rateLimit ?? PAYG_RATE_LIMIT, options.clock, options.sleep, options.ledger);
  const secrets = [options.apiKey];
  const deps = { fetch: options.fetch, clock: options.clock, sleep: options.sleep };
  const headers = { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' };

  /** GET …/payment-requests/{id}: the record, or `gone` for a 404 that is not a web page. */
  async function fetchRecord(id: number, call: CallOptions): Promise<FetchedResponse<PaygRecordResult>> {
    if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`A billing period id is a positive whole number, not ${id}.`);
    const path = `${PAYG_LIST_PATH}/${id}`;
    const url = joinUrl(options.baseUrl, path, new URLSearchParams());
    const result = await requestWithRetry<PaygRecordResult>(deps, {
      url,
      headers,
      credentialOrigin: options.credentialOrigin,
      target: 'the PAYG service',
      ...callSpec(options, limiter, call),
      interpret: (response) => {
        // A web page saying "not found" is a proxy or a wrong address, not the service's answer.
        if (response.status === 404 && !readErrorBody(response.bodyText).html) return { kind: 'gone' };
        if (response.status !== 200) throw mapPaygError(response, `billing period ${id}`, { secrets, nowMs: options.clock() });
        return { kind: 'found', outcome: parsePaygRecord(response.bodyText, response.status, { invalidUtf8: response.invalidUtf8 }) };
      },
    });
    return { value: result.value, raw: result.response, requestUrl: pathAndQuery(url), requestKey: canonicalKey(path, {}), attempts: result.attempts };
  }

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
        ...callSpec(options, limiter, call),
        interpret: (response) => {
          if (response.status === 404 && query.page > 1) return { kind: 'past_end' };
          if (response.status !== 200) throw mapPaygError(response, 'list of billing periods at this address; check the base URL', { secrets, nowMs: options.clock() });
          return { kind: 'page', page: parsePaygPage(response.bodyText, response.status, { invalidUtf8: response.invalidUtf8 }) };
        },
      });
      return { value: result.value, raw: result.response, requestUrl: pathAndQuery(url), requestKey: canonicalKey(PAYG_LIST_PATH, params), attempts: result.attempts };
    },
    async getRecord(id, call = {}) {
      const fetched = await fetchRecord(id, call);
      if (fetched.value.kind === 'gone') throw mapPaygError(fetched.raw, `billing period ${id}`, { secrets, nowMs: options.clock() });
      return { ...fetched, value: fetched.value.outcome };
    },
    retrieve: (id, call = {}) => fetchRecord(id, call),
  };
}
