/**
 * The sandbox HTTP server: both upstream APIs on one loopback port, plus admin routes for tests and
 * the demo (`/__sandbox/…`). Never listens on anything but a loopback address.
 *
 * Loopback alone does not keep a web page out: a page in the user's browser can send requests to
 * 127.0.0.1, and a DNS-rebinding page can even read the answers under its own host name. So every
 * route answers only requests whose Host header names this loopback port (421 otherwise), and the
 * admin routes also need this run's random token (`Authorization: Bearer <adminToken>`, 401
 * otherwise), which a page cannot attach without a CORS preflight the sandbox never grants.
 *
 * Admin routes (token required):
 *   GET  /__sandbox/stats          live counters (see SandboxStats)
 *   POST /__sandbox/stats/reset    zero them
 *   GET  /__sandbox/faults         current faults
 *   POST /__sandbox/faults         JSON subset of Faults to change, e.g. {"error5xxRate":0.2}; {"reset":true} clears all
 *   GET  /__sandbox/credentials    the demo credentials (as printed by the CLI)
 */

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
  Faults,
  PortalCredential,
  PortalLogEntry,
  RateLimit,
  SandboxContext,
  SandboxCredentials,
  SandboxResponse,
  SandboxStats,
} from './context.ts';
import { NO_FAULTS, emptyStats, json, validateFaults } from './context.ts';
import type { Dataset, DatasetOptions } from './generator.ts';
import { DEFAULT_SEED, generateDataset } from './generator.ts';
import { signJwt } from './jwt.ts';
import type { PortalRequestInfo } from './portal-api.ts';
import { PORTAL_REPORT_PERMISSION, handlePortal, portalError } from './portal-api.ts';
import { handlePayg } from './payg-api.ts';
import { createRng } from './random.ts';
import type { Rng } from './random.ts';

export interface SandboxOptions {
  /** TCP port (default 0 = a random free port). */
  port?: number;
  /** Loopback address to bind (default 127.0.0.1; "::1" and "localhost" are accepted, nothing else). */
  host?: string;
  /** Seed of the dataset (when generated here), of the credentials and of fault decisions (default 42). */
  seed?: number;
  /** A dataset to serve (it is mutated by createWhilePaging and by your own mutations). */
  dataset?: Dataset;
  /** Options for a dataset generated here (ignored when `dataset` is given). */
  datasetOptions?: DatasetOptions;
  /** Clock in ms for JWT expiry, rate limiting, cache TTL and created records (default Date.now). */
  clock?: () => number;
  /** Portal rate limit per API key (default 10 per 60,000 ms, sliding window). */
  rateLimit?: RateLimit;
  /** Portal response cache TTL in ms (default 300,000; 0 disables the cache). */
  cacheTtlMs?: number;
  /** Largest PAYG page size served (default 100). */
  paygLimitCap?: number;
  /** Initial faults (default none). */
  faults?: Partial<Faults>;
}

export interface IssueTokenOptions {
  tenant: string;
  /** Default: the report permission. */
  permissions?: string[];
  /** Expiry in ms since the epoch (sandbox clock); may be in the past to get an expired token. */
  expiresAtMs: number;
  subject?: string;
}

export interface Sandbox {
  /** Base URL, e.g. "http://127.0.0.1:4010" (no trailing slash). */
  url: string;
  port: number;
  credentials: SandboxCredentials;
  /** This run's token for the admin routes (`Authorization: Bearer <adminToken>`). */
  adminToken: string;
  dataset: Dataset;
  /** Live counters. */
  stats: SandboxStats;
  /** The faults now in force (read-only view; change them with setFaults). */
  readonly faults: Readonly<Faults>;
  setFaults(faults: Partial<Faults>): void;
  resetStats(): void;
  /** Signs a portal JWT with the sandbox's secret (e.g. an already expired one). */
  issuePortalToken(options: IssueTokenOptions): string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
/** Demo tokens: issued 2025-01-01, valid until 2036-01-01, so a demo set up once keeps working. */
const DEMO_TOKEN_IAT = 1_735_689_600;
const DEMO_TOKEN_EXP = 2_082_758_400;
const PORTAL_LOG_LIMIT = 10_000;

function keyFrom(secret: Buffer, label: string, length: number): string {
  return createHmac('sha256', secret).update(label).digest('hex').slice(0, length);
}

function buildCredentials(dataset: Dataset, secret: Buffer): SandboxCredentials {
  const portal: PortalCredential[] = [];
  const token = (tenant: string, subject: string, permissions: string[]): string =>
    signJwt({ iss: 'concilia-sandbox', sub: subject, tenant, permissions, iat: DEMO_TOKEN_IAT, exp: DEMO_TOKEN_EXP }, secret);
  for (const t of dataset.portal.tenants) {
    const permissions = [PORTAL_REPORT_PERMISSION, 'APICLI_RPTPORTAL_CONSULTA'];
    portal.push({
      name: t.id,
      tenant: t.id,
      currency: t.currency,
      token: token(t.id, `svc-concilia@${t.id}`, permissions),
      apiKey: `sbx_${keyFrom(secret, `portal-key:${t.id}`, 28)}`,
      permissions,
      hasReportPermission: true,
    });
  }
  const first = dataset.portal.tenants[0];
  if (first) {
    const permissions = ['APICLI_RPTPORTAL_CONSULTA'];
    portal.push({
      name: `${first.id} (no report permission)`,
      tenant: first.id,
      currency: first.currency,
      token: token(first.id, `readonly@${first.id}`, permissions),
      apiKey: `sbx_${keyFrom(secret, `portal-key-noperm:${first.id}`, 28)}`,
      permissions,
      hasReportPermission: false,
    });
  }
  return { portal, payg: { apiKey: `sbx_payg_${keyFrom(secret, 'payg-key', 32)}` } };
}

function resetStatsInPlace(stats: SandboxStats): void {
  const fresh = emptyStats();
  stats.requests = fresh.requests;
  stats.responses = fresh.responses;
  stats.served429 = 0;
  stats.rateLimited = 0;
  stats.cacheHits = 0;
  stats.cacheMisses = 0;
  stats.faults = fresh.faults;
  stats.portalLog = fresh.portalLog;
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTML_503 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n' +
  '<h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service your request due to maintenance downtime ' +
  'or capacity problems. Please try again later.</p>\n</body></html>\n';
const HTML_LOGIN =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>' +
  '<form method="post" action="/login"><h1>Sign in to continue</h1><input name="username"><input name="password" ' +
  'type="password"><button>Sign in</button></form></body></html>';

type Api = 'portal' | 'payg' | 'admin' | 'other';

function apiOf(pathname: string): Api {
  if (pathname.startsWith('/apidev/')) return 'portal';
  if (pathname.startsWith('/payg/')) return 'payg';
  if (pathname.startsWith('/__sandbox/')) return 'admin';
  return 'other';
}

/** Host headers that name this sandbox: a loopback name and its port, nothing else. */
function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const host = hostHeader.trim().toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

function bearerMatches(header: string | undefined, token: Buffer): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1] ?? '', 'utf8');
  return given.length === token.length && timingSafeEqual(given, token);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new RangeError('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function bodyText(response: SandboxResponse): string {
  return typeof response.body === 'string' ? response.body : [...response.body()].join('');
}

/** Writes a response, streaming lazily produced bodies with backpressure. */
async function write(res: ServerResponse, response: SandboxResponse): Promise<void> {
  if (typeof response.body === 'string') {
    const buf = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(buf.length) });
    res.end(buf);
    return;
  }
  res.writeHead(response.status, response.headers);
  for (const chunk of response.body()) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
      if (res.destroyed) return;
    }
  }
  res.end();
}

/** Starts the sandbox on a loopback port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new RangeError(`the sandbox only listens on loopback (127.0.0.1, ::1, localhost), not ${host}`);
  const seed = options.seed ?? options.dataset?.seed ?? options.datasetOptions?.seed ?? DEFAULT_SEED;
  const dataset = options.dataset ?? generateDataset({ ...options.datasetOptions, seed: options.datasetOptions?.seed ?? seed });
  const rateLimit = options.rateLimit ?? { max: 10, windowMs: 60_000 };
  if (!(rateLimit.max >= 1 && rateLimit.windowMs > 0)) throw new RangeError('rateLimit needs max >= 1 and windowMs > 0');
  const initialFaults = validateFaults(options.faults ?? {});
  if ('error' in initialFaults) throw new RangeError(initialFaults.error);
  const secret = createHash('sha256').update(`concilia-sandbox:${seed}`).digest();
  const credentials = buildCredentials(dataset, secret);
  const adminToken = randomBytes(24).toString('hex');
  const adminTokenBytes = Buffer.from(adminToken, 'utf8');
  const stats = emptyStats();
  const faults: Faults = { ...NO_FAULTS, ...initialFaults };
  const ctx: SandboxContext = {
    dataset,
    clock: options.clock ?? Date.now,
    rateLimit,
    cacheTtlMs: options.cacheTtlMs ?? 300_000,
    paygLimitCap: options.paygLimitCap ?? 100,
    faults,
    stats,
    jwtSecret: secret,
    portalKeys: new Map(credentials.portal.map((c) => [c.apiKey, c])),
    paygApiKey: credentials.payg.apiKey,
    portalCache: new Map(),
    rateWindows: new Map(),
    paygQueryCache: new Map(),
  };
  const faultRng: Rng = createRng(`faults:${seed}`);
  let burstServed = 0;

  const setFaults = (partial: Partial<Faults>): void => {
    const checked = validateFaults(partial);
    if ('error' in checked) throw new RangeError(checked.error);
    Object.assign(faults, checked);
  };

  const count = (status: number): void => {
    const key = String(status);
    stats.responses[key] = (stats.responses[key] ?? 0) + 1;
    if (status === 429) stats.served429 += 1;
  };

  async function handleAdmin(req: IncomingMessage, url: URL): Promise<SandboxResponse> {
    const method = req.method ?? 'GET';
    switch (`${method} ${url.pathname}`) {
      case 'GET /__sandbox/stats':
        return json(200, stats);
      case 'POST /__sandbox/stats/reset':
        resetStatsInPlace(stats);
        return json(200, stats);
      case 'GET /__sandbox/faults':
        return json(200, faults);
      case 'POST /__sandbox/faults': {
        let input: unknown;
        try {
          input = JSON.parse((await readBody(req)) || '{}');
        } catch {
          return json(400, { error: 'body must be JSON' });
        }
        if (typeof input === 'object' && input !== null && (input as Record<string, unknown>)['reset'] === true) {
          const rest: Record<string, unknown> = { ...(input as Record<string, unknown>) };
          delete rest['reset'];
          Object.assign(faults, NO_FAULTS);
          input = rest;
        }
        const checked = validateFaults(input);
        if ('error' in checked) return json(400, { error: checked.error });
        Object.assign(faults, checked);
        return json(200, faults);
      }
      case 'GET /__sandbox/credentials':
        return json(200, credentials);
      default:
        return json(404, { error: `no admin route ${method} ${url.pathname}` });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const api = apiOf(url.pathname);
    // Before anything is counted or answered: a request under another host name (DNS rebinding)
    // or without the admin token gets no data and changes nothing.
    if (!isOwnHost(req.headers.host, port)) {
      req.resume();
      await write(res, json(421, { error: 'This sandbox answers only to requests addressed to its loopback address.' }));
      return;
    }
    if (api === 'admin' && !bearerMatches(req.headers.authorization, adminTokenBytes)) {
      req.resume();
      await write(res, json(401, { error: "The sandbox's admin routes need this run's token: Authorization: Bearer <adminToken>." }));
      return;
    }
    stats.requests[api] += 1;
    if (api === 'admin' || api === 'other') {
      const response = api === 'admin' ? await handleAdmin(req, url) : json(404, { detail: 'Not found.' });
      count(response.status);
      await write(res, response);
      return;
    }
    // Drain any request body (the APIs are GET-only).
    req.resume();

    const logEntry: PortalLogEntry | null =
      api === 'portal'
        ? {
            atMs: ctx.clock(),
            tenant: null,
            startdate: url.searchParams.get('startdate'),
            enddate: url.searchParams.get('enddate'),
            providers: (url.searchParams.get('providers') ?? '').split(',').filter((p) => p.trim() !== '').length,
            status: 0,
            cache: null,
          }
        : null;
    if (logEntry) {
      const t = req.headers['tenant'];
      logEntry.tenant = (Array.isArray(t) ? t[0] : t) ?? null;
      stats.portalLog.push(logEntry);
      if (stats.portalLog.length > PORTAL_LOG_LIMIT) stats.portalLog.shift();
    }

    // Decide transport faults now (arrival order), with a fixed number of draws per request.
    const draws = [faultRng.next(), faultRng.next(), faultRng.next(), faultRng.next(), faultRng.next(), faultRng.next(), faultRng.next()];
    const [dDrop, d5xx, d5xxKind, dTruncate, dMalformed, dMalformedKind] = draws as [number, number, number, number, number, number, number];
    const applies = faults.scope === 'both' || faults.scope === api;

    if (faults.latencyMs > 0) await sleep(faults.latencyMs);

    if (applies && dDrop < faults.dropConnectionRate) {
      stats.faults.dropped += 1;
      req.socket.destroy();
      return;
    }

    let response: SandboxResponse;
    if (applies && faults.burst429 > 0) {
      faults.burst429 -= 1;
      stats.faults.burst429 += 1;
      const withRetryAfter = burstServed % 2 === 0;
      burstServed += 1;
      const headers: Record<string, string> = withRetryAfter ? { 'Retry-After': '1' } : {};
      response =
        api === 'portal'
          ? portalError(429, 'RATE_LIMITED', 'Too many requests', headers)
          : json(429, { detail: 'Request was throttled.' }, headers);
    } else if (applies && d5xx < faults.error5xxRate) {
      stats.faults.error5xx += 1;
      if (d5xxKind < 0.5) {
        const html502 = d5xxKind < 0.25;
        response = {
          status: html502 ? 502 : 503,
          headers: { 'Content-Type': 'text/html', ...(html502 ? {} : { 'Retry-After': '5' }) },
          body: html502 ? HTML_502 : HTML_503,
        };
      } else {
        response =
          api === 'portal'
            ? portalError(500, 'INTERNAL_ERROR', 'Unexpected server error')
            : json(500, { detail: 'A server error occurred.' });
      }
    } else {
      try {
        if (api === 'portal') {
          const info: PortalRequestInfo = { tenant: null, cache: null };
          response = handlePortal(ctx, req.method ?? 'GET', req, url, info);
          if (logEntry) logEntry.cache = info.cache;
        } else {
          const hostHeader = req.headers.host ?? `127.0.0.1:${port}`; // checked above: one of ours
          response = handlePayg(ctx, { method: req.method ?? 'GET', headers: req.headers }, url, `http://${hostHeader}`);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        response =
          api === 'portal'
            ? portalError(500, 'INTERNAL_ERROR', `Unexpected server error: ${message}`)
            : json(500, { detail: `A server error occurred: ${message}` });
      }

      if (applies && dMalformed < faults.malformedRate) {
        stats.faults.malformed += 1;
        response =
          dMalformedKind < 0.5
            ? { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: HTML_LOGIN }
            : // Python-repr style text under a JSON content type: not JSON.
              { status: response.status, headers: response.headers, body: bodyText(response).replace(/"/g, "'").replace(/\btrue\b/g, 'True') };
      } else if (applies && dTruncate < faults.truncateRate) {
        stats.faults.truncated += 1;
        const full = Buffer.from(bodyText(response), 'utf8');
        const cut = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
        // The exact bytes (possibly mid-character), a Content-Length that matches them, then close.
        count(response.status);
        if (logEntry) logEntry.status = response.status;
        res.writeHead(response.status, { ...response.headers, 'Content-Length': String(cut.length), Connection: 'close' });
        res.end(cut);
        return;
      }
    }
    count(response.status);
    if (logEntry) logEntry.status = response.status;
    await write(res, response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port ?? 0, host);
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    credentials,
    adminToken,
    dataset,
    stats,
    faults,
    setFaults,
    resetStats: () => resetStatsInPlace(stats),
    issuePortalToken: (o: IssueTokenOptions): string =>
      signJwt(
        {
          iss: 'concilia-sandbox',
          sub: o.subject ?? `test@${o.tenant}`,
          tenant: o.tenant,
          permissions: o.permissions ?? [PORTAL_REPORT_PERMISSION],
          iat: Math.floor(ctx.clock() / 1000),
          exp: Math.floor(o.expiresAtMs / 1000),
        },
        secret,
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
