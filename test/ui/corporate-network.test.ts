/**
 * The Connections screen names a certificate problem in words: a connection whose server presents
 * a certificate from an authority this computer does not trust (what a TLS-inspecting gateway
 * looks like before IT installs its authority). The app does not call that "offline".
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeTestCertificates, type TestCertificates } from '../support/test-ca.ts';
import { startApp, type App } from './support/app.ts';
import { Shell } from './pages/shell.ts';

let app: App;
let certificates: TestCertificates;
let gateway: Server;
let requests = 0;

beforeAll(async () => {
  certificates = makeTestCertificates(['localhost']);
  gateway = createServer({ cert: certificates.cert, key: certificates.key }, (_request, response) => {
    requests += 1;
    response.end('{}');
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const baseUrl = `https://localhost:${(gateway.address() as AddressInfo).port}`;
  app = await startApp({
    before: async (harness) => {
      const { handlers } = harness.handlers;
      await handlers['connections:add']({ kind: 'portal', name: 'behind-gateway', baseUrl, tenant: 'acme-logistics', currency: 'COP' });
      await handlers['connections:setCredentials']({ name: 'behind-gateway', token: 'header.payload.signature', apiKey: 'gateway-test-key' });
    },
  });
});

afterAll(async () => {
  await app?.close();
  gateway?.closeAllConnections();
  await new Promise<void>((resolve) => gateway?.close(() => resolve()));
  certificates?.remove();
});

test('testing the connection says the certificate was issued by an authority this computer does not trust', async () => {
  const { page } = app;
  const shell = new Shell(page);
  await shell.go('connections');
  const card = page.getByTestId('connection-card').filter({ hasText: 'behind-gateway' });
  await card.getByRole('button', { name: 'Test' }).click();
  const outcome = card.getByTestId('test-outcome');
  await outcome.waitFor();
  const text = await outcome.innerText();
  expect(text).toMatch(/Connection failed/);
  expect(text).toContain('the certificate was issued by an authority this computer does not trust');
  expect(text).toContain('ask your IT administrator to add its certificate authority');
  expect(text).not.toMatch(/check the internet connection/i);
  // Refused at the handshake: nothing was sent, and the app is not "offline".
  expect(requests).toBe(0);
  expect(await shell.offlineIndicator().getAttribute('data-state')).not.toBe('offline');
  expect(app.problems).toEqual([]);
  const dir = join(import.meta.dirname, '../../test-results');
  mkdirSync(dir, { recursive: true });
  await card.screenshot({ path: join(dir, 'connection-certificate-untrusted.png') });
});
