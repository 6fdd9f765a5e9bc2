/**
 * Proxy and certificate failures, classified from the errors Node really produces: a TLS server
 * with a certificate from an authority nobody trusts, one for another name, and a proxy that
 * refuses the tunnel (407, 403) — each reached the way the command line reaches upstreams.
 * Chromium's errors (Electron's net.fetch) are strings "net::ERR_…" Electron puts in an Error.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realSleep } from '../../../electron/core/deps.ts';
import { classifyConnectionTrouble, describeConnectionTrouble } from '../../../electron/core/http/connection-trouble.ts';
import { UpstreamError } from '../../../electron/core/http/errors.ts';
import { requestWithRetry } from '../../../electron/core/http/request.ts';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy.ts';
import { makeTestCertificates, type TestCertificates } from '../../support/test-ca.ts';

const UNTRUSTED = 'the certificate was issued by an authority this computer does not trust';
let certificates: TestCertificates;
let server: Server;
let port = 0;
const proxies: ConnectProxy[] = [];

beforeAll(async () => {
  certificates = makeTestCertificates(['portal.concilia.test']);
  server = createServer({ cert: certificates.cert, key: certificates.key }, (_request, response) => response.end('{"ok":true}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  certificates.remove();
});

/** The error Node's https gives for this request (ca: the authorities to trust; Node's own when absent). */
function tlsError(options: { servername: string; ca?: string }): Promise<Error> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest({ host: '127.0.0.1', port, servername: options.servername, headers: { host: options.servername }, ...(options.ca ? { ca: options.ca } : {}) }, () =>
      reject(new Error('the request unexpectedly succeeded')),
    );
    request.on('error', resolve);
    request.end();
  });
}

describe('certificate failures, from real TLS handshakes', () => {
  it('an authority this computer does not trust (a TLS-inspecting gateway whose CA is not installed)', async () => {
    const error = await tlsError({ servername: 'portal.concilia.test' });
    expect(classifyConnectionTrouble(error)).toEqual({ kind: 'certificate', problem: 'untrusted' });
    expect(describeConnectionTrouble(error, 'portal.concilia.test')?.reason).toBe(UNTRUSTED);
    expect(describeConnectionTrouble(error, 'portal.concilia.test')?.retryable).toBe(false);
  });

  it('a certificate for another name', async () => {
    const error = await tlsError({ servername: 'billing.elsewhere.test', ca: certificates.caPem });
    expect(classifyConnectionTrouble(error)).toEqual({ kind: 'certificate', problem: 'wrong_host' });
  });

  it("Node's fetch (undici) wraps the same failure in 'fetch failed'", async () => {
    const error = await fetch(`https://127.0.0.1:${port}/`).then(
      () => new Error('the request unexpectedly succeeded'),
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe('fetch failed');
    expect(classifyConnectionTrouble(error)).toEqual({ kind: 'certificate', problem: 'untrusted' });
  });
});

describe('a proxy that refuses, through the proxy support Node offers (NODE_USE_ENV_PROXY)', () => {
  const classifyIn = fileURLToPath(new URL('../../../electron/core/http/connection-trouble.ts', import.meta.url));

  async function throughProxy(refuseWith: number): Promise<unknown> {
    const proxy = await startConnectProxy({ refuseWith });
    proxies.push(proxy);
    const script = `import { classifyConnectionTrouble } from ${JSON.stringify(classifyIn)};
      try { await fetch('https://portal.concilia.test/api/report'); console.log('null'); }
      catch (error) { console.log(JSON.stringify(classifyConnectionTrouble(error))); }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--disable-warning=UNDICI-EHPA', '--input-type=module', '-e', script], {
      env: { ...process.env, NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: proxy.url, NO_PROXY: '', no_proxy: '' },
    });
    expect(proxy.log).toEqual([{ target: 'portal.concilia.test:443', answer: refuseWith }]);
    return JSON.parse(stdout.trim());
  }

  it('407: the proxy wants a sign-in', async () => {
    const trouble = await throughProxy(407);
    expect(trouble).toEqual({ kind: 'proxy_refused', status: 407 });
    const words = describeConnectionTrouble(Object.assign(new Error('x'), { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') }), 'portal.concilia.test');
    expect(words?.reason).toMatch(/^your company's proxy refused the connection because it asks for a proxy sign-in \(407\)/);
    expect(words?.advice).toBe('Ask your IT administrator to allow portal.concilia.test through the proxy.');
  });

  it('403: the proxy forbids the address', async () => {
    expect(await throughProxy(403)).toEqual({ kind: 'proxy_refused', status: 403 });
  });
});

describe("Chromium's errors (Electron's net.fetch rejects with Error('net::ERR_…'))", () => {
  it.each([
    ['net::ERR_CERT_AUTHORITY_INVALID', { kind: 'certificate', problem: 'untrusted' }],
    ['net::ERR_CERT_DATE_INVALID', { kind: 'certificate', problem: 'expired' }],
    ['net::ERR_CERT_COMMON_NAME_INVALID', { kind: 'certificate', problem: 'wrong_host' }],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', { kind: 'proxy_refused' }],
    ['net::ERR_PROXY_AUTH_UNSUPPORTED', { kind: 'proxy_refused', status: 407 }],
    ['net::ERR_PROXY_CONNECTION_FAILED', { kind: 'proxy_unreachable' }],
  ])('%s', (message, expected) => {
    expect(classifyConnectionTrouble(new Error(message))).toEqual(expected);
  });

  it('leaves everything else to the usual network wording', () => {
    for (const error of [new Error('net::ERR_INTERNET_DISCONNECTED'), Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), new TypeError('fetch failed'), 'a string', null]) {
      expect(classifyConnectionTrouble(error)).toBeNull();
    }
    expect(classifyConnectionTrouble(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }))).toEqual({ kind: 'certificate', problem: 'expired' });
  });
});

describe('requestWithRetry names the trouble and does not retry it', () => {
  it('a certificate from an untrusted authority: one attempt, kind "blocked", the words', async () => {
    let requests = 0;
    const error = await requestWithRetry(
      { fetch: (input, init) => fetch(input, init), clock: Date.now, sleep: realSleep },
      { url: `https://127.0.0.1:${port}/api`, headers: {}, credentialOrigin: null, target: 'the portal', interpret: () => 'ok', retry: { baseDelayMs: 1, maxAttempts: 5 }, onRequest: () => requests++ },
    ).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('blocked');
    expect((error as UpstreamError).retryable).toBe(false);
    expect(requests).toBe(1);
    expect((error as UpstreamError).message).toBe(
      `Could not reach the portal at 127.0.0.1:${port}: ${UNTRUSTED}. If your company inspects secure traffic, ask your IT administrator to add its certificate authority to this computer's certificate store; otherwise this address may not be the real service, so check the connection's base URL.`,
    );
  });
});
