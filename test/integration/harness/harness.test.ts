import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { createClient, harnessTransport } from '../../../electron/contract/index.ts';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress, startHarness, tokenMatches, type Harness } from '../../../electron/harness/index.ts';

let harness: Harness;
let sandbox: Sandbox;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'concilia-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Concilia</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(tmpdir(), 'concilia-outside.txt'), 'outside');
  harness = await startHarness({ rendererDir });
  sandbox = await startSandbox({ seed: 3 });
});

afterAll(async () => {
  await harness.close();
  await sandbox.close();
  rmSync(rendererDir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'concilia-outside.txt'), { force: true });
});

/** A raw request, so tests can set any Host header (fetch would not let them). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: harness.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpc = (channel: string, input: unknown, token?: string, headers: Record<string, string> = {}) =>
  raw(`/rpc/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { 'X-Concilia-Token': token }), ...headers },
    body: JSON.stringify({ input }),
  });

describe('the browser harness', () => {
  it('prints a loopback URL carrying its token', () => {
    expect(harness.url).toBe(`http://127.0.0.1:${harness.port}/?token=${encodeURIComponent(harness.token)}`);
    expect(harness.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves index.html with the Content-Security-Policy header', async () => {
    const page = await raw(`/?token=${harness.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Concilia</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await raw('/assets/app.js');
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses an RPC without the token (401), or with a wrong one', async () => {
    const none = await rpc('app:info', {});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { kind: 'untrusted_sender' } });
    const wrong = await rpc('app:info', {}, `${harness.token}x`);
    expect(wrong.status).toBe(401);
    const events = await raw('/events?token=nope');
    expect(events.status).toBe(401);
  });

  it('refuses Host names other than 127.0.0.1 / localhost with its port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${harness.port}`, `127.0.0.1:${harness.port + 1}`, '127.0.0.1']) {
      const answer = await rpc('app:info', {}, harness.token, { Host: host });
      expect(answer.status, host).toBe(403);
      const page = await raw('/', { headers: { Host: host } });
      expect(page.status, host).toBe(403);
    }
    expect((await rpc('app:info', {}, harness.token, { Host: `localhost:${harness.port}` })).status).toBe(200);
  });

  it('refuses requests from another site (Origin)', async () => {
    const answer = await rpc('app:info', {}, harness.token, { Origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
  });

  it('knows loopback peers from the rest (the check behind the 403 for remote addresses)', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['::ffff:10.0.0.5', '10.0.0.5', '192.168.1.20', '0.0.0.0', '::', 'fe80::1', '127.0.0.1.evil', '128.0.0.1', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4000', 4000)).toBe(true);
    expect(isAllowedHost('127.0.0.1.nip.io:4000', 4000)).toBe(false);
    expect(isAllowedOrigin(undefined, 4000)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4001', 4000)).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../concilia-outside.txt', '/%2e%2e/concilia-outside.txt', '/assets/..%2f..%2fconcilia-outside.txt']) {
      const answer = await raw(path);
      expect(answer.body, path).not.toContain('outside');
    }
  });

  it('answers the contract round trip through the same validation as main', async () => {
    const api = createClient(harnessTransport({ baseUrl: harness.origin, token: harness.token }));
    const info = await api['app:info']();
    expect(info).toMatchObject({ ok: true, value: { runtime: 'harness', secretProtection: 'memory', offline: false } });
    const bad = await api['connections:add']({ kind: 'payg', name: 'has space', baseUrl: sandbox.url });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    const unknown = await rpc('connections:steal', {}, harness.token);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { kind: 'unknown_channel' } });
    const added = await api['connections:add']({ kind: 'payg', name: 'loans', baseUrl: sandbox.url });
    expect(added).toMatchObject({ ok: true, value: { name: 'loans', credentials: { hasApiKey: false } } });
  });

  it('streams progress events over /events with the token', async () => {
    const api = createClient(harnessTransport({ baseUrl: harness.origin, token: harness.token }));
    expect((await api['connections:setCredentials']({ name: 'loans', apiKey: sandbox.credentials.payg.apiKey })).ok).toBe(true);
    const controller = new AbortController();
    const response = await fetch(`${harness.origin}/events?token=${encodeURIComponent(harness.token)}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no event stream body');
    const started = await api['sync:start']({ connection: 'loans', from: '2026-01-05', to: '2026-01-18', period: 'week' });
    expect(started.ok).toBe(true);
    let text = '';
    const decoder = new TextDecoder();
    while (!/"state":"(done|failed|cancelled)"/.test(text)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value as Uint8Array, { stream: true });
    }
    controller.abort();
    expect(text).toContain('event: sync:onDidProgress');
    expect(text).toMatch(/"state":"done"/);
    expect(text).not.toContain(sandbox.credentials.payg.apiKey);
  });

  it('reports offline when the upstream cannot be reached, and still reconciles from the cache', async () => {
    const api = createClient(harnessTransport({ baseUrl: harness.origin, token: harness.token }));
    const gone = await startSandbox({ seed: 5 });
    const url = gone.url;
    await gone.close();
    expect((await api['connections:add']({ kind: 'payg', name: 'unreachable', baseUrl: url })).ok).toBe(true);
    expect((await api['connections:setCredentials']({ name: 'unreachable', apiKey: 'an-api-key-for-nowhere' })).ok).toBe(true);
    const tested = await api['connections:test']({ name: 'unreachable' });
    expect(tested).toMatchObject({ ok: true, value: { ok: false } });
    expect(await api['app:info']()).toMatchObject({ ok: true, value: { offline: true } });
    const rec = await api['reconcile:run']({ connection: 'loans', from: '2026-01-05', to: '2026-01-18', period: 'week' });
    expect(rec.ok).toBe(true);
    // The next answer from any upstream clears the flag.
    expect((await api['connections:test']({ name: 'loans' })).ok).toBe(true);
    expect(await api['app:info']()).toMatchObject({ ok: true, value: { offline: false } });
  });
});
