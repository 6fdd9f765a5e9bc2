// The demo sandbox ships inside the app and listens on loopback while the demo is open. A web
// page in the user's browser can reach loopback, and a DNS-rebinding page can read answers under
// its own host name: every route checks the Host header, and the admin routes a per-run token.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** A raw HTTP request, so the Host header can be anything a browser would send. */
function send(options: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sandbox.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: options.host ?? `127.0.0.1:${sandbox.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const admin = (): Record<string, string> => ({ Authorization: `Bearer ${sandbox.adminToken}` });

describe('the demo sandbox', () => {
  it('gives every run its own admin token', async () => {
    const other = await startSandbox();
    try {
      expect(other.adminToken).toMatch(/^[0-9a-f]{48}$/);
      expect(other.adminToken).not.toBe(sandbox.adminToken);
    } finally {
      await other.close();
    }
  });

  it('refuses the admin routes without the token, or with a wrong one, and changes nothing', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer nope' }, { Authorization: `Bearer ${sandbox.adminToken}x` }, { Authorization: sandbox.adminToken }];
    for (const headers of attempts) {
      for (const path of ['/__sandbox/credentials', '/__sandbox/stats', '/__sandbox/faults']) {
        const answer = await send({ path, headers });
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(answer.body).not.toContain(sandbox.credentials.payg.apiKey);
      }
      const post = await send({ method: 'POST', path: '/__sandbox/faults', headers: { ...headers, 'Content-Type': 'text/plain' }, body: '{"error5xxRate":1}' });
      expect(post.status).toBe(401);
      expect(sandbox.faults.error5xxRate).toBe(0);
    }
    // With the token, from our own address, they work.
    const ok = await send({ path: '/__sandbox/credentials', headers: admin() });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(sandbox.credentials.payg.apiKey);
  });

  it('refuses the admin routes under a foreign Host (DNS rebinding), even with the token', async () => {
    for (const host of [`attacker.example:${sandbox.port}`, 'attacker.example', `127.0.0.1:${sandbox.port + 1}`, `127.0.0.1.attacker.example:${sandbox.port}`]) {
      const read = await send({ path: '/__sandbox/credentials', host, headers: admin() });
      expect(read.status, host).toBe(421);
      expect(read.body).not.toContain(sandbox.credentials.payg.apiKey);
      const write = await send({ method: 'POST', path: '/__sandbox/faults', host, headers: { ...admin(), 'Content-Type': 'application/json' }, body: '{"error5xxRate":1}' });
      expect(write.status, host).toBe(421);
    }
    expect(sandbox.faults.error5xxRate).toBe(0);
  });

  it('refuses the APIs under a foreign Host, and serves them under its own loopback names', async () => {
    const headers = { Authorization: `Bearer ${sandbox.credentials.payg.apiKey}` };
    const path = '/payg/lms/payment-requests?page=1&limit=1';
    const foreign = await send({ path, host: `attacker.example:${sandbox.port}`, headers });
    expect(foreign.status).toBe(421);
    expect(foreign.body).not.toMatch(/results/);
    const portal = sandbox.credentials.portal[0];
    const report = await send({
      path: '/apidev/v1/reports/portal/billing?startdate=2025-01-01&enddate=2025-01-31',
      host: `rebind.attacker.example:${sandbox.port}`,
      headers: { Authorization: `Bearer ${portal?.token ?? ''}`, 'X-API-Key': portal?.apiKey ?? '', tenant: portal?.tenant ?? '' },
    });
    expect(report.status).toBe(421);
    for (const host of [`127.0.0.1:${sandbox.port}`, `localhost:${sandbox.port}`, `LOCALHOST:${sandbox.port}`]) {
      expect((await send({ path, host, headers })).status, host).toBe(200);
    }
  });
});
