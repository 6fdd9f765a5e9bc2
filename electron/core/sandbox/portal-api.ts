/**
 * `GET /apidev/v1/reports/portal/billing` — the portal billing report, as documented in
 * the portal billing report documentation (shared/seeds/003_*.txt), with our decisions where the docs are silent.
 *
 * Processing order (each step answers and stops on failure):
 *  1. `Authorization`, `X-API-Key`, `tenant` all present and non-empty → else 400 BAD_REQUEST.
 *  2. (fault `expiredToken`) → 401 UNAUTHORIZED "Token expired".
 *  3. Authentication: known API key for that tenant, `Bearer <JWT>` with a valid HS256 signature, an `exp`
 *     in the future (sandbox clock) and the same tenant → else 401 UNAUTHORIZED.
 *  4. Rate limit, per API key, sliding window (`rateLimit.max` per `rateLimit.windowMs`): the limiter
 *     records every authenticated request it admits — whatever happens next (200 fresh or from cache,
 *     400, 403). Requests it refuses with 429 are not recorded, so `Retry-After` (whole seconds, rounded
 *     up) is exact: after waiting it, the next request is admitted. Unauthenticated requests (400/401
 *     above) are not counted: they cannot be attributed to a valid key.
 *  5. Permission `APICLI_RPTPORTAL_FACTURACION` in the token → else 403 FORBIDDEN.
 *  6. `startdate`/`enddate` present and strict `YYYY-MM-DD` → else 400 BAD_REQUEST; enddate ≥ startdate,
 *     at most 93 days counting both ends, at most 100 provider ids (non-empty items of `providers`)
 *     → else 400 VALIDATION_ERROR.
 *  7. Cache: identical requests (tenant, API key, dates, provider set) within `cacheTtlMs` get the same
 *     body with `X-Cache: HIT` (a restatement shows only after the TTL); otherwise `X-Cache: MISS`.
 *
 * Rows are in a deterministic pseudo-random order (the docs promise none). Amounts are written into the
 * JSON text with exactly two decimals (`245800.00`), built by hand so the `.00` is kept.
 */

import { inclusiveDays, parseIsoDate } from './calendar.ts';
import type { PortalCredential, SandboxContext, SandboxResponse } from './context.ts';
import { json } from './context.ts';
import { aggregatePortal, getPortalTenant } from './generator.ts';
import type { PortalAggregate } from './generator.ts';
import { verifyJwt } from './jwt.ts';
import { formatMinor, mulDivRound, percentHundredths } from './money.ts';
import { hash32 } from './random.ts';

export const PORTAL_REPORT_PATH = '/apidev/v1/reports/portal/billing';
export const PORTAL_REPORT_PERMISSION = 'APICLI_RPTPORTAL_FACTURACION';
export const PORTAL_MAX_RANGE_DAYS = 93;
export const PORTAL_MAX_PROVIDERS = 100;

export type PortalErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR';

export function portalError(status: number, code: PortalErrorCode, message: string,
  headers: Record<string, string> = {}): SandboxResponse {
  return json(status, { success: false, error: { code, message } }, headers);
}

function header(req: { headers: Record<string, string | string[] | undefined> }, name: string): string | null {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? null : text.trim();
}

/** Sliding-window check; records the request when admitted. Returns seconds to wait when refused. */
function rateLimited(ctx: SandboxContext, apiKey: string, now: number): number | null {
  const { max, windowMs } = ctx.rateLimit;
  let times = ctx.rateWindows.get(apiKey);
  if (!times) {
    times = [];
    ctx.rateWindows.set(apiKey, times);
  }
  while (times.length > 0 && (times[0] ?? 0) <= now - windowMs) times.shift();
  if (times.length >= max) {
    const oldest = times[0] ?? now;
    return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  }
  times.push(now);
  return null;
}

function renderRow(a: PortalAggregate): string {
  const s = a.sums;
  const rate =
    a.provider.inconsistency === 'approval-rate' && s.taskCount > 0
      ? mulDivRound(s.approvedCount, 100, s.taskCount) // planted: a 0–1 fraction instead of a percentage
      : percentHundredths(s.approvedCount, s.taskCount);
  return (
    `{"provider_id":${JSON.stringify(a.provider.id)},"provider_name":${JSON.stringify(a.provider.name)},` +
    `"task_count":${s.taskCount},"total_invoiced":${formatMinor(s.invoicedMinor)},` +
    `"total_provider":${formatMinor(s.providerMinor)},"total_paid":${formatMinor(s.paidMinor)},` +
    `"pending_payment":${formatMinor(s.pendingMinor)},"approval_rate":${formatMinor(rate)},` +
    `"approved_count":${s.approvedCount},"rejected_count":${s.rejectedCount},"review_count":${s.reviewCount}}`
  );
}

/** Renders the success body for a report (rows shuffled deterministically). */
export function renderPortalReport(ctx: SandboxContext, tenant: string, startdate: string, enddate: string,
  aggregates: PortalAggregate[]): string {
  const order = aggregates
    .map((a) => ({ a, key: hash32(ctx.dataset.seed, 'row-order', tenant, startdate, enddate, a.provider.id) }))
    .sort((x, y) => x.key - y.key || (x.a.provider.index - y.a.provider.index));
  let task = 0;
  let inv = 0;
  let prov = 0;
  let paid = 0;
  let pend = 0;
  for (const { sums } of aggregates) {
    task += sums.taskCount;
    inv += sums.invoicedMinor;
    prov += sums.providerMinor;
    paid += sums.paidMinor;
    pend += sums.pendingMinor;
  }
  if (ctx.dataset.portal.grandTotalMismatch && aggregates.length > 0) inv += 1; // planted: off by 0.01
  return (
    `{"success":true,"data":{"rows":[${order.map((o) => renderRow(o.a)).join(',')}],` +
    `"grand_total":{"total_invoiced":${formatMinor(inv)},"total_provider":${formatMinor(prov)},` +
    `"total_paid":${formatMinor(paid)},"pending_payment":${formatMinor(pend)},"task_count":${task}}}}`
  );
}

export interface PortalRequestInfo {
  tenant: string | null;
  cache: 'HIT' | 'MISS' | null;
}

/** Handles one portal request (after transport-level faults). */
export function handlePortal(ctx: SandboxContext, method: string,
  req: { headers: Record<string, string | string[] | undefined> }, url: URL, info: PortalRequestInfo): SandboxResponse {
  if (url.pathname !== PORTAL_REPORT_PATH) return portalError(404, 'NOT_FOUND', `No route for ${url.pathname}`);
  if (method !== 'GET') return portalError(405, 'METHOD_NOT_ALLOWED', `Method ${method} not allowed`, { Allow: 'GET' });

  const authorization = header(req, 'authorization');
  const apiKey = header(req, 'x-api-key');
  const tenant = header(req, 'tenant');
  info.tenant = tenant;
  const missing = [
    authorization === null ? 'Authorization' : null,
    apiKey === null ? 'X-API-Key' : null,
    tenant === null ? 'tenant' : null,
  ].filter((h): h is string => h !== null);
  if (authorization === null || apiKey === null || tenant === null) {
    return portalError(400, 'BAD_REQUEST', `Missing required header(s): ${missing.join(', ')}`);
  }

  if (ctx.faults.expiredToken && (ctx.faults.scope === 'both' || ctx.faults.scope === 'portal')) {
    return portalError(401, 'UNAUTHORIZED', 'Token expired');
  }
  const credential: PortalCredential | undefined = ctx.portalKeys.get(apiKey);
  if (!credential) return portalError(401, 'UNAUTHORIZED', 'Invalid API key');
  if (credential.tenant !== tenant || !getPortalTenant(ctx.dataset, tenant)) {
    return portalError(401, 'UNAUTHORIZED', 'API key is not valid for this tenant');
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!bearer) return portalError(401, 'UNAUTHORIZED', 'Authorization must be "Bearer <JWT>"');
  const now = ctx.clock();
  const check = verifyJwt(bearer[1] ?? '', ctx.jwtSecret, Math.floor(now / 1000));
  if (!check.ok) return portalError(401, 'UNAUTHORIZED', check.reason === 'expired' ? 'Token expired' : 'Invalid token');
  if (check.claims.tenant !== tenant) return portalError(401, 'UNAUTHORIZED', 'Token is not valid for this tenant');

  const wait = rateLimited(ctx, apiKey, now);
  if (wait !== null) {
    ctx.stats.rateLimited += 1;
    return portalError(429, 'RATE_LIMITED', `Exceeded ${ctx.rateLimit.max} requests per ${ctx.rateLimit.windowMs / 1000} s`, {
      'Retry-After': String(wait),
    });
  }

  if (!check.claims.permissions.includes(PORTAL_REPORT_PERMISSION)) {
    return portalError(403, 'FORBIDDEN', `Missing permission ${PORTAL_REPORT_PERMISSION}`);
  }

  const startdate = url.searchParams.get('startdate')?.trim() || null;
  const enddate = url.searchParams.get('enddate')?.trim() || null;
  if (startdate === null || enddate === null) {
    const which = [startdate === null ? 'startdate' : null, enddate === null ? 'enddate' : null].filter((x) => x !== null);
    return portalError(400, 'BAD_REQUEST', `Missing required parameter(s): ${which.join(', ')}`);
  }
  const from = parseIsoDate(startdate);
  const to = parseIsoDate(enddate);
  if (from === null) return portalError(400, 'BAD_REQUEST', 'startdate must be an ISO 8601 date (YYYY-MM-DD)');
  if (to === null) return portalError(400, 'BAD_REQUEST', 'enddate must be an ISO 8601 date (YYYY-MM-DD)');
  if (to < from) return portalError(400, 'VALIDATION_ERROR', 'enddate must be on or after startdate');
  const span = inclusiveDays(from, to);
  if (span > PORTAL_MAX_RANGE_DAYS) {
    return portalError(400, 'VALIDATION_ERROR',
      `Date range exceeds ${PORTAL_MAX_RANGE_DAYS} days (${span} days requested, counting both ends)`);
  }
  const providersParam = url.searchParams.get('providers');
  const providerIds = providersParam === null
    ? undefined
    : providersParam.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (providerIds && providerIds.length > PORTAL_MAX_PROVIDERS) {
    return portalError(400, 'VALIDATION_ERROR',
      `Too many providers: ${providerIds.length} (at most ${PORTAL_MAX_PROVIDERS} per request)`);
  }
  const providerSet = providerIds && providerIds.length > 0 ? [...new Set(providerIds)].sort() : undefined;

  const cacheKey = JSON.stringify([tenant, apiKey, startdate, enddate, providerSet ?? null]);
  const cached = ctx.portalCache.get(cacheKey);
  const headers = { 'Content-Type': 'application/json; charset=utf-8' };
  if (cached && cached.expiresAt > now) {
    ctx.stats.cacheHits += 1;
    info.cache = 'HIT';
    return { status: 200, headers: { ...headers, 'X-Cache': 'HIT' }, body: cached.body };
  }
  const body = renderPortalReport(ctx, tenant, startdate, enddate, aggregatePortal(ctx.dataset, tenant, from, to, providerSet));
  if (ctx.portalCache.size >= 1_000) {
    for (const [key, entry] of ctx.portalCache) if (entry.expiresAt <= now) ctx.portalCache.delete(key);
    if (ctx.portalCache.size >= 1_000) ctx.portalCache.clear();
  }
  if (ctx.cacheTtlMs > 0) ctx.portalCache.set(cacheKey, { body, expiresAt: now + ctx.cacheTtlMs });
  ctx.stats.cacheMisses += 1;
  info.cache = 'MISS';
  return { status: 200, headers: { ...headers, 'X-Cache': 'MISS' }, body };
}
