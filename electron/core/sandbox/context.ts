/**
 * Types shared by the sandbox server and its two API handlers: faults, statistics, credentials, the
 * per-server context and the response descriptor handlers return.
 */

import type { Dataset } from './generator.ts';

/**
 * Switchable faults. All are off by default; change them at runtime with `sandbox.setFaults()` or
 * `POST /__sandbox/faults` (JSON body with any subset of these fields). Decisions draw from a seeded RNG
 * in request-arrival order, so a sequential run is repeatable.
 *
 * Order per API request: latency → dropped connection → burst 429 → 5xx → (normal handling) →
 * malformed body → truncated body. Faulted requests before normal handling are not seen by the
 * rate limiter or the cache.
 */
export interface Faults {
  /** Delay before every API response, in ms. */
  latencyMs: number;
  /** Share (0–1) of API requests answered with a 5xx: half an HTML proxy page (502/503), half a JSON 500. */
  error5xxRate: number;
  /** The next N API requests get a 429 (alternately with `Retry-After: 1` and without). Counts down. */
  burst429: number;
  /** Share (0–1) of responses whose body is cut in half (valid HTTP, Content-Length of the cut body). */
  truncateRate: number;
  /** Share (0–1) of responses replaced by a 200 HTML login page or by invalid JSON. */
  malformedRate: number;
  /** Share (0–1) of API requests whose socket is destroyed without any response. */
  dropConnectionRate: number;
  /** Every portal request answers 401 UNAUTHORIZED "Token expired". */
  expiredToken: boolean;
  /** Each PAYG list request first creates this many new records (which sort first under `-created_at`). */
  createWhilePaging: number;
  /** Which API the faults apply to (default both). */
  scope: 'both' | 'portal' | 'payg';
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  latencyMs: 0,
  error5xxRate: 0,
  burst429: 0,
  truncateRate: 0,
  malformedRate: 0,
  dropConnectionRate: 0,
  expiredToken: false,
  createWhilePaging: 0,
  scope: 'both',
});

/** Validates a partial faults object (from code or JSON); returns the message of the first problem. */
export function validateFaults(input: unknown): Partial<Faults> | { error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { error: 'faults must be a JSON object' };
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'error5xxRate':
      case 'truncateRate':
      case 'malformedRate':
      case 'dropConnectionRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return { error: `${key} must be a number from 0 to 1` };
        out[key] = value;
        break;
      case 'latencyMs':
      case 'burst429':
      case 'createWhilePaging':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
          return { error: `${key} must be a non-negative integer` };
        }
        out[key] = value;
        break;
      case 'expiredToken':
        if (typeof value !== 'boolean') return { error: 'expiredToken must be true or false' };
        out.expiredToken = value;
        break;
      case 'scope':
        if (value !== 'both' && value !== 'portal' && value !== 'payg') return { error: 'scope must be "both", "portal" or "payg"' };
        out.scope = value;
        break;
      default:
        return { error: `unknown fault ${JSON.stringify(key)}` };
    }
  }
  return out;
}

export interface PortalLogEntry {
  /** Sandbox clock when the request arrived. */
  atMs: number;
  tenant: string | null;
  startdate: string | null;
  enddate: string | null;
  /** Number of provider ids in `providers` (0 when absent). */
  providers: number;
  /** Final HTTP status (0 for a dropped connection). */
  status: number;
  cache: 'HIT' | 'MISS' | null;
}

/** Live counters (the object is updated in place; `resetStats()` zeroes it in place). */
export interface SandboxStats {
  requests: { portal: number; payg: number; admin: number; other: number };
  /** Responses by HTTP status, e.g. { "200": 12, "429": 1 }. */
  responses: Record<string, number>;
  /** Every 429 served (rate limiter and burst fault). */
  served429: number;
  /** 429s from the portal's sliding-window limiter only. */
  rateLimited: number;
  cacheHits: number;
  cacheMisses: number;
  faults: {
    dropped: number;
    burst429: number;
    error5xx: number;
    truncated: number;
    malformed: number;
    createdWhilePaging: number;
  };
  /** One entry per portal request, oldest first (the last 10,000). */
  portalLog: PortalLogEntry[];
}

export function emptyStats(): SandboxStats {
  return {
    requests: { portal: 0, payg: 0, admin: 0, other: 0 },
    responses: {},
    served429: 0,
    rateLimited: 0,
    cacheHits: 0,
    cacheMisses: 0,
    faults: { dropped: 0, burst429: 0, error5xx: 0, truncated: 0, malformed: 0, createdWhilePaging: 0 },
    portalLog: [],
  };
}

export interface PortalCredential {
  /** Human-readable name, e.g. "acme-logistics" or "acme-logistics (no report permission)". */
  name: string;
  tenant: string;
  currency: string;
  /** HS256 JWT for `Authorization: Bearer …`. */
  token: string;
  /** For `X-API-Key`. */
  apiKey: string;
  permissions: string[];
  /** False for the credential that exists to test 403 FORBIDDEN. */
  hasReportPermission: boolean;
}

export interface SandboxCredentials {
  portal: PortalCredential[];
  payg: { apiKey: string };
}

/** What a handler returns; the server applies late faults and writes it. */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  /** A complete body, or chunks produced lazily (large PAYG pages are streamed). */
  body: string | (() => Iterable<string>);
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Everything a handler needs; one per running sandbox. */
export interface SandboxContext {
  dataset: Dataset;
  clock: () => number;
  rateLimit: RateLimit;
  cacheTtlMs: number;
  paygLimitCap: number;
  faults: Faults;
  stats: SandboxStats;
  jwtSecret: Buffer;
  /** apiKey → credential. */
  portalKeys: Map<string, PortalCredential>;
  paygApiKey: string;
  /** Portal response cache: key → body and expiry (sandbox clock). */
  portalCache: Map<string, { body: string; expiresAt: number }>;
  /** Sliding-window request times per portal API key. */
  rateWindows: Map<string, number[]>;
  /** PAYG list matches in serving order, per normalised query, valid for one dataset version. */
  paygQueryCache: Map<string, { version: number; indices: Int32Array }>;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
