import type { Connection } from '../connections/index.ts';
import { SlidingWindowLimiter } from '../http/limiter.ts';
import type { RateLedger, RateLimit } from '../http/limiter.ts';
import { rateLedgerFor } from '../cache/index.ts';
import type { RetryPolicy } from '../http/retry.ts';
import { credentialFor, originOf } from '../secrets.ts';
import { createPaygClient, type PaygClient } from '../upstream/payg/client.ts';
import { createPortalClient, type PortalClient } from '../upstream/portal/client.ts';
import { SyncError, type UpstreamDeps } from './types.ts';

export interface ClientOverrides {
  limiter?: RateLimit | SlidingWindowLimiter;
  http?: HttpOverrides;
}

export interface HttpOverrides {
  /** One deadline per request, headers and body (default DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Largest reply read, in bytes (default DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy>;
}

async function secret(deps: UpstreamDeps, connection: Connection, field: 'token' | 'apiKey', what: string): Promise<string> {
  const value = await credentialFor(deps.secrets, connection.name, field, connection.baseUrl);
  if (!value) throw new SyncError(`Connection "${connection.name}" has no ${what}. Enter it in the connection's settings (the command line reads it from the environment) and try again.`);
  return value;
}

/**
 * A ready limiter as given; otherwise the credential's shared one, its window kept in the cache
 * so every process using this cache paces together (cache/rate-ledger.ts).
 */
function limiterOptions(deps: UpstreamDeps, overrides: ClientOverrides): { limiter?: SlidingWindowLimiter; rateLimit?: RateLimit; ledger?: RateLedger } {
  if (overrides.limiter instanceof SlidingWindowLimiter) return { limiter: overrides.limiter };
  return { ledger: rateLedgerFor(deps.db), ...(overrides.limiter ? { rateLimit: overrides.limiter } : {}) };
}

function httpOptions(overrides: ClientOverrides): HttpOverrides {
  return { timeoutMs: overrides.http?.timeoutMs, maxResponseBytes: overrides.http?.maxResponseBytes, retry: overrides.http?.retry };
}

/** Clients built with the connection's secrets, which stay inside the client's closure. */
export async function portalClientFor(deps: UpstreamDeps, connection: Connection, overrides: ClientOverrides = {}): Promise<PortalClient> {
  if (connection.kind !== 'portal' || !connection.tenant || !connection.currency) throw new SyncError(`Connection "${connection.name}" is not a portal connection.`);
  const token = await secret(deps, connection, 'token', 'token (JWT)');
  const apiKey = await secret(deps, connection, 'apiKey', 'API key');
  return createPortalClient({
    baseUrl: connection.baseUrl,
    tenant: connection.tenant,
    currency: connection.currency,
    token,
    apiKey,
    credentialOrigin: originOf(connection.baseUrl),
    fetch: deps.fetch,
    clock: deps.clock,
    sleep: deps.sleep,
    ...limiterOptions(deps, overrides),
    ...httpOptions(overrides),
  });
}

export async function paygClientFor(deps: UpstreamDeps, connection: Connection, overrides: ClientOverrides = {}): Promise<PaygClient> {
  if (connection.kind !== 'payg') throw new SyncError(`Connection "${connection.name}" is not a PAYG connection.`);
  const apiKey = await secret(deps, connection, 'apiKey', 'API key');
  return createPaygClient({
    baseUrl: connection.baseUrl,
    apiKey,
    credentialOrigin: originOf(connection.baseUrl),
    fetch: deps.fetch,
    clock: deps.clock,
    sleep: deps.sleep,
    ...limiterOptions(deps, overrides),
    ...httpOptions(overrides),
  });
}
