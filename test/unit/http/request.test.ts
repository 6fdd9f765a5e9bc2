import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realSleep } from '../../../electron/core/deps.ts';
import { CancelledError, UpstreamError } from '../../../electron/core/http/errors.ts';
import { SlidingWindowLimiter } from '../../../electron/core/http/limiter.ts';
import { requestWithRetry, type RawHttpResponse } from '../../../electron/core/http/request.ts';

// A real local HTTP server whose answers are scripted per path.
let script: Record<string, ((req: IncomingMessage, res: ServerResponse) => void)[]> = {};
const hits: Record<string, number> = {};
const server = createServer((req, res) => {
  const path = req.url ?? '';
  hits[path] = (hits[path] ?? 0) + 1;
  const queue = script[path] ?? [];
  const handler = queue.length > 1 ? queue.shift() : queue[0];
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  handler(req, res);
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const deps = { fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), clock: Date.now, sleep: realSleep };
const fast = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, random: () => 0.5 };

function interpret(r: RawHttpResponse): string {
  if (r.status >= 500) throw new UpstreamError('server', `failed with ${r.status}`, { status: r.status });
  if (r.status === 429) throw new UpstreamError('rate_limited', 'slow down', { status: 429, retryAfterMs: Number(r.headers.get('retry-after') ?? '0') * 1000 });
  if (r.status === 401) throw new UpstreamError('auth', 'bad token', { status: 401 });
  try {
    return (JSON.parse(r.bodyText) as { v: string }).v;
  } catch {
    throw new UpstreamError('malformed', 'unreadable');
  }
}

describe('requestWithRetry against a real server', () => {
  it('retries 5xx (HTML) and truncated bodies, then succeeds', async () => {
    script = {
      '/flaky': [
        (_q, s) => s.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'),
        (_q, s) => s.writeHead(200).end('{"v": "ha'),
        (_q, s) => s.writeHead(200).end('{"v":"ok"}'),
      ],
    };
    let requests = 0;
    const result = await requestWithRetry(deps, { url: `${base}/flaky`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: fast, onRequest: () => requests++ });
    expect(result.value).toBe('ok');
    expect(result.attempts).toBe(3);
    expect(requests).toBe(3);
  });

  it('does not retry an auth failure', async () => {
    script = { '/auth': [(_q, s) => s.writeHead(401).end('{}')] };
    hits['/auth'] = 0;
    await expect(requestWithRetry(deps, { url: `${base}/auth`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: fast })).rejects.toMatchObject({ kind: 'auth' });
    expect(hits['/auth']).toBe(1);
  });

  it('gives up after maxAttempts and says so', async () => {
    script = { '/down': [(_q, s) => s.writeHead(503).end('<html>down</html>')] };
    const error = await requestWithRetry(deps, { url: `${base}/down`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toMatch(/gave up after 4 attempts/);
  });

  it('waits out a 429 through the limiter, reporting the wait', async () => {
    script = { '/limited': [(_q, s) => s.writeHead(429, { 'retry-after': '1' }).end('{}'), (_q, s) => s.writeHead(200).end('{"v":"after"}')] };
    const limiter = new SlidingWindowLimiter({ max: 100, windowMs: 1000 }, Date.now, realSleep);
    const waits: number[] = [];
    const result = await requestWithRetry(deps, { url: `${base}/limited`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: fast, limiter, onWait: (ms) => waits.push(ms) });
    expect(result.value).toBe('after');
    expect(Math.max(...waits)).toBeGreaterThan(0);
  });

  it('times out a silent server with a timeout error', async () => {
    script = { '/silent': [() => undefined] };
    const error = await requestWithRetry(deps, { url: `${base}/silent`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: { ...fast, maxAttempts: 1 }, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toMatch(/did not answer within/);
  });

  it('reports an unreachable host as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await requestWithRetry(deps, { url: `http://127.0.0.1:${port}/x`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: { ...fast, maxAttempts: 2 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toMatch(/refused/);
  });

  it('stops at once when cancelled mid-request', async () => {
    script = { '/slow': [() => undefined] };
    const controller = new AbortController();
    const pending = requestWithRetry(deps, { url: `${base}/slow`, headers: {}, credentialOrigin: null, target: 'the test server', interpret, retry: fast, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });
});
