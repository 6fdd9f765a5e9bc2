import { describe, expect, it } from 'vitest';

import { startSandbox } from '../../../electron/core/sandbox/index.ts';
import type { Sandbox } from '../../../electron/core/sandbox/index.ts';
import { demoCredential, get, paygHeaders, paygUrl, portalHeaders, record, reportUrl } from './helpers.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');

async function withSandbox(run: (s: Sandbox) => Promise<void>, seed = 42): Promise<void> {
  const sandbox = await startSandbox({ seed, clock: () => NOW, rateLimit: { max: 10_000, windowMs: 60_000 } });
  try {
    await run(sandbox);
  } finally {
    await sandbox.close();
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('sandbox faults', () => {
  it('truncates bodies mid-JSON with a well-formed HTTP response', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ truncateRate: 1 });
      const payg = await get(paygUrl(s, { limit: 50 }), paygHeaders(s));
      expect(payg.status).toBe(200);
      expect(Number(payg.headers.get('content-length'))).toBe(Buffer.byteLength(payg.text, 'utf8'));
      expect(payg.text.startsWith('{"count":')).toBe(true);
      expect(() => {
        JSON.parse(payg.text);
      }).toThrow(SyntaxError);
      const portal = await get(reportUrl(s, { startdate: '2026-01-01', enddate: '2026-01-31' }), portalHeaders(demoCredential(s)));
      expect(portal.status).toBe(200);
      expect(() => {
        JSON.parse(portal.text);
      }).toThrow(SyntaxError);
      expect(s.stats.faults.truncated).toBe(2);
    });
  });

  it('serves malformed bodies: a 200 HTML page or invalid JSON', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ malformedRate: 1 });
      const types = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const r = await get(paygUrl(s, { limit: 5 }), paygHeaders(s));
        expect(r.status).toBe(200);
        expect(isJson(r.text)).toBe(false);
        types.add(String(r.headers.get('content-type')).split(';')[0] ?? '');
      }
      expect([...types].sort()).toEqual(['application/json', 'text/html']);
    });
  });

  it('answers 5xx on PAYG: HTML 502/503 pages and JSON 500s', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ error5xxRate: 1 });
      const statuses = new Set<number>();
      for (let i = 0; i < 16; i++) {
        const r = await get(paygUrl(s), paygHeaders(s));
        statuses.add(r.status);
        if (r.status === 500) expect(JSON.parse(r.text)).toEqual({ detail: 'A server error occurred.' });
        else expect(r.text).toMatch(/<html/i);
      }
      expect([...statuses].sort()).toEqual([500, 502, 503]);
    });
  });

  it('drops connections without a response: fetch rejects', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ dropConnectionRate: 1 });
      await expect(fetch(paygUrl(s), { headers: paygHeaders(s) })).rejects.toThrow();
      s.setFaults({ dropConnectionRate: 0 });
      expect((await get(paygUrl(s), paygHeaders(s))).status).toBe(200);
      expect(s.stats.faults.dropped).toBe(1);
    });
  });

  it('serves a burst of 429s, alternately with and without Retry-After, then recovers', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ burst429: 3 });
      const a = await get(paygUrl(s), paygHeaders(s));
      const b = await get(reportUrl(s, { startdate: '2026-01-01', enddate: '2026-01-31' }), portalHeaders(demoCredential(s)));
      const c = await get(paygUrl(s), paygHeaders(s));
      expect([a.status, b.status, c.status]).toEqual([429, 429, 429]);
      expect(a.headers.get('retry-after')).toBe('1');
      expect(b.headers.get('retry-after')).toBeNull();
      expect(record(record(JSON.parse(b.text))['error'])['code']).toBe('RATE_LIMITED');
      expect((await get(paygUrl(s), paygHeaders(s))).status).toBe(200);
      expect(s.faults.burst429).toBe(0);
      expect(s.stats.served429).toBe(3);
      expect(s.stats.rateLimited).toBe(0);
    });
  });

  it('adds latency', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ latencyMs: 120 });
      const t0 = performance.now();
      expect((await get(paygUrl(s), paygHeaders(s))).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    });
  });

  it('limits faults to one API with scope', async () => {
    await withSandbox(async (s) => {
      s.setFaults({ error5xxRate: 1, scope: 'payg' });
      expect((await get(paygUrl(s), paygHeaders(s))).status).toBeGreaterThanOrEqual(500);
      const portal = await get(reportUrl(s, { startdate: '2026-01-01', enddate: '2026-01-31' }), portalHeaders(demoCredential(s)));
      expect(portal.status).toBe(200);
    });
  });

  it('makes the same fault decisions for the same seed', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const statuses: number[] = [];
      await withSandbox(async (s) => {
        s.setFaults({ error5xxRate: 0.5 });
        for (let i = 0; i < 20; i++) statuses.push((await get(paygUrl(s), paygHeaders(s))).status);
      }, seed);
      return statuses;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first.filter((x) => x === 200).length).toBeGreaterThan(0);
    expect(first.filter((x) => x >= 500).length).toBeGreaterThan(0);
    expect(await run(8)).not.toEqual(first);
  });

  it('switches faults and reads stats over HTTP (for out-of-process use)', async () => {
    await withSandbox(async (s) => {
      const admin = { Authorization: `Bearer ${s.adminToken}` };
      const post = (body: string): Promise<Response> =>
        fetch(`${s.url}/__sandbox/faults`, { method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' }, body });
      const ok = await post('{"error5xxRate":1,"latencyMs":0}');
      expect(ok.status).toBe(200);
      expect(record(await ok.json())['error5xxRate']).toBe(1);
      expect(s.faults.error5xxRate).toBe(1);
      expect((await get(paygUrl(s), paygHeaders(s))).status).toBeGreaterThanOrEqual(500);
      expect((await post('{"error5xxRate":2}')).status).toBe(400);
      expect((await post('{"noSuchFault":true}')).status).toBe(400);
      expect((await post('not json')).status).toBe(400);
      const reset = await post('{"reset":true}');
      expect(record(await reset.json())['error5xxRate']).toBe(0);
      expect((await get(paygUrl(s), paygHeaders(s))).status).toBe(200);

      const stats = record(JSON.parse((await get(`${s.url}/__sandbox/stats`, admin)).text));
      expect(record(stats['requests'])['payg']).toBe(2);
      expect(record(stats['responses'])['200']).toBeGreaterThanOrEqual(1);
      const creds = record(JSON.parse((await get(`${s.url}/__sandbox/credentials`, admin)).text));
      expect(record(creds['payg'])['apiKey']).toBe(s.credentials.payg.apiKey);
      await fetch(`${s.url}/__sandbox/stats/reset`, { method: 'POST', headers: admin });
      expect(s.stats.requests.payg).toBe(0);
      expect(() => s.setFaults({ truncateRate: -1 })).toThrow(RangeError);
    });
  });

  it('handles concurrent requests', async () => {
    await withSandbox(async (s) => {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => get(paygUrl(s, { limit: 10, page: (i % 5) + 1 }), paygHeaders(s))),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(new Set(results.map((r) => r.text)).size).toBe(5);
    });
  });
});
