import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectedPortalReport,
  portalInconsistencies,
  restatePortalFigures,
  setGrandTotalMismatch,
  startSandbox,
} from '../../../electron/core/sandbox/index.ts';
import type { PortalCredential, Sandbox } from '../../../electron/core/sandbox/index.ts';
import {
  RawNumber,
  get,
  intOf,
  list,
  minorOf,
  parseExact,
  portalErrorCode,
  portalErrorMessage,
  portalHeaders,
  record,
  reportUrl,
} from './helpers.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const Q1 = { startdate: '2026-01-01', enddate: '2026-03-31' };

function demo(sandbox: Sandbox): PortalCredential {
  const c = sandbox.credentials.portal.find((x) => x.tenant === 'acme-logistics' && x.hasReportPermission);
  if (!c) throw new Error('no demo credential');
  return c;
}

describe('portal billing report: success', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, rateLimit: { max: 1_000, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers the documented envelope, field names and types, with 2-decimal amounts in the raw text', async () => {
    const r = await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = record(parseExact(r.text));
    expect(body['success']).toBe(true);
    const data = record(body['data']);
    expect(Object.keys(data).sort()).toEqual(['grand_total', 'rows']);
    const rows = list(data['rows']).map(record);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        'provider_id',
        'provider_name',
        'task_count',
        'total_invoiced',
        'total_provider',
        'total_paid',
        'pending_payment',
        'approval_rate',
        'approved_count',
        'rejected_count',
        'review_count',
      ]);
      expect(typeof row['provider_id']).toBe('string');
      expect(row['provider_id']).toMatch(/^\d{12}$/);
      expect(typeof row['provider_name']).toBe('string');
      for (const f of ['total_invoiced', 'total_provider', 'total_paid', 'pending_payment', 'approval_rate']) {
        expect(row[f]).toBeInstanceOf(RawNumber);
        expect((row[f] as RawNumber).raw).toMatch(/^-?\d+\.\d{2}$/);
      }
      for (const f of ['task_count', 'approved_count', 'rejected_count', 'review_count']) {
        expect((row[f] as RawNumber).raw).toMatch(/^\d+$/);
      }
      const rate = minorOf(row['approval_rate']);
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(10_000);
    }
    // The raw text itself carries ".00"-style amounts (as in the docs' example).
    expect(r.text).toMatch(/"total_invoiced":\d+\.\d{2},/);
    const gt = record(data['grand_total']);
    expect(Object.keys(gt).sort()).toEqual(['pending_payment', 'task_count', 'total_invoiced', 'total_paid', 'total_provider']);
    const sum = (f: string): number => rows.reduce((acc, row) => acc + minorOf(row[f]), 0);
    expect(minorOf(gt['total_invoiced'])).toBe(sum('total_invoiced'));
    expect(minorOf(gt['total_provider'])).toBe(sum('total_provider'));
    expect(minorOf(gt['total_paid'])).toBe(sum('total_paid'));
    expect(minorOf(gt['pending_payment'])).toBe(sum('pending_payment'));
    expect(intOf(gt['task_count'])).toBe(rows.reduce((acc, row) => acc + intOf(row['task_count']), 0));
  });

  it('equals the expected answer to the minor unit, in a shuffled (not sorted) order', async () => {
    const r = await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)));
    const rows = list(record(record(parseExact(r.text))['data'])['rows']).map(record);
    const expected = expectedPortalReport(sandbox.dataset, { tenant: 'acme-logistics', from: Q1.startdate, to: Q1.enddate });
    const served = rows.map((row) => ({
      providerId: row['provider_id'],
      providerName: row['provider_name'],
      taskCount: intOf(row['task_count']),
      invoicedMinor: minorOf(row['total_invoiced']),
      providerMinor: minorOf(row['total_provider']),
      paidMinor: minorOf(row['total_paid']),
      pendingMinor: minorOf(row['pending_payment']),
      approvalRateHundredths: minorOf(row['approval_rate']),
      approvedCount: intOf(row['approved_count']),
      rejectedCount: intOf(row['rejected_count']),
      reviewCount: intOf(row['review_count']),
    }));
    const ids = served.map((s) => String(s.providerId));
    expect(ids).not.toEqual([...ids].sort());
    const byId = [...served].sort((a, b) => (String(a.providerId) < String(b.providerId) ? -1 : 1));
    expect(byId).toEqual(
      expected.rows.map((e) => ({
        providerId: e.providerId,
        providerName: e.providerName,
        taskCount: e.taskCount,
        invoicedMinor: e.invoicedMinor,
        providerMinor: e.providerMinor,
        paidMinor: e.paidMinor,
        pendingMinor: e.pendingMinor,
        approvalRateHundredths: e.approvalRateHundredths,
        approvedCount: e.approvedCount,
        rejectedCount: e.rejectedCount,
        reviewCount: e.reviewCount,
      })),
    );
  });

  it('carries the planted inconsistencies, and only on the planted providers', async () => {
    const r = await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)));
    const rows = list(record(record(parseExact(r.text))['data'])['rows']).map(record);
    const planted = new Map(portalInconsistencies(sandbox.dataset, 'acme-logistics').map((p) => [p.providerId, p.kind]));
    expect(planted.size).toBe(3);
    const seen = new Set<string>();
    for (const row of rows) {
      const id = String(row['provider_id']);
      const kind = planted.get(id);
      const paidPending = minorOf(row['total_paid']) + minorOf(row['pending_payment']) === minorOf(row['total_invoiced']);
      const counts =
        intOf(row['approved_count']) + intOf(row['rejected_count']) + intOf(row['review_count']) === intOf(row['task_count']);
      const expectedRate = Math.floor((intOf(row['approved_count']) * 20_000 + intOf(row['task_count'])) / (2 * intOf(row['task_count'])));
      const rate = minorOf(row['approval_rate']) === expectedRate;
      expect(paidPending).toBe(kind !== 'paid-plus-pending');
      expect(counts).toBe(kind !== 'status-counts');
      expect(rate).toBe(kind !== 'approval-rate');
      if (kind) seen.add(kind);
    }
    expect([...seen].sort()).toEqual(['approval-rate', 'paid-plus-pending', 'status-counts']);
  });

  it('restricts rows to the providers asked for (unknown ids are ignored)', async () => {
    const some = sandbox.dataset.portal.tenants[0]?.providers.slice(0, 3).map((p) => p.id) ?? [];
    const r = await get(reportUrl(sandbox, { ...Q1, providers: [...some, '999999999999'].join(',') }), portalHeaders(demo(sandbox)));
    expect(r.status).toBe(200);
    const rows = list(record(record(parseExact(r.text))['data'])['rows']).map(record);
    expect(rows.map((row) => row['provider_id']).sort()).toEqual([...some].sort());
  });

  it('leaves providers without activity out: a shutdown week has no rows and zero totals', async () => {
    const monday = sandbox.dataset.portal.tenants[0]?.quietWeeks[0];
    expect(monday).toBeDefined();
    const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    const r = await get(reportUrl(sandbox, { startdate: String(monday), enddate: sunday }), portalHeaders(demo(sandbox)));
    expect(r.status).toBe(200);
    expect(r.text).toBe(
      '{"success":true,"data":{"rows":[],"grand_total":{"total_invoiced":0.00,"total_provider":0.00,"total_paid":0.00,"pending_payment":0.00,"task_count":0}}}',
    );
  });

  it('serves the second tenant from its own data', async () => {
    const c = sandbox.credentials.portal.find((x) => x.tenant === 'fletes-bajio');
    expect(c?.currency).toBe('MXN');
    const r = await get(reportUrl(sandbox, Q1), portalHeaders(c as PortalCredential));
    expect(r.status).toBe(200);
    const rows = list(record(record(parseExact(r.text))['data'])['rows']).map(record);
    const expected = expectedPortalReport(sandbox.dataset, { tenant: 'fletes-bajio', from: Q1.startdate, to: Q1.enddate });
    expect(rows.length).toBe(expected.rows.length);
    expect(rows.map((row) => row['provider_name'])).toContain('Fletes del Bajío');
  });
});

describe('portal billing report: request validation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => NOW, rateLimit: { max: 1_000, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  for (const missing of ['Authorization', 'X-API-Key', 'tenant']) {
    it(`answers 400 BAD_REQUEST without the ${missing} header`, async () => {
      const headers = portalHeaders(demo(sandbox));
      delete headers[missing];
      const r = await get(reportUrl(sandbox, Q1), headers);
      expect(r.status).toBe(400);
      expect(portalErrorCode(r.text)).toBe('BAD_REQUEST');
      expect(portalErrorMessage(r.text)).toContain(missing);
    });
  }

  it('answers 400 BAD_REQUEST without startdate, without enddate, and for malformed dates', async () => {
    const h = portalHeaders(demo(sandbox));
    const queries: Record<string, string>[] = [
      { enddate: '2026-03-31' },
      { startdate: '2026-01-01' },
      {},
      { startdate: '2026-02-30', enddate: '2026-03-31' },
      { startdate: '01/01/2026', enddate: '2026-03-31' },
      { startdate: '2026-01-01', enddate: 'yesterday' },
    ];
    for (const query of queries) {
      const r = await get(reportUrl(sandbox, query), h);
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(portalErrorCode(r.text)).toBe('BAD_REQUEST');
    }
  });

  it('accepts 93 days counting both ends (1 Jan–3 Apr 2026) and rejects 94 with VALIDATION_ERROR', async () => {
    const h = portalHeaders(demo(sandbox));
    const ok = await get(reportUrl(sandbox, { startdate: '2026-01-01', enddate: '2026-04-03' }), h);
    expect(ok.status).toBe(200);
    const tooLong = await get(reportUrl(sandbox, { startdate: '2026-01-01', enddate: '2026-04-04' }), h);
    expect(tooLong.status).toBe(400);
    expect(portalErrorCode(tooLong.text)).toBe('VALIDATION_ERROR');
    expect(portalErrorMessage(tooLong.text)).toContain('93 days');
    const single = await get(reportUrl(sandbox, { startdate: '2026-01-05', enddate: '2026-01-05' }), h);
    expect(single.status).toBe(200);
  });

  it('rejects enddate before startdate with VALIDATION_ERROR', async () => {
    const r = await get(reportUrl(sandbox, { startdate: '2026-03-01', enddate: '2026-02-28' }), portalHeaders(demo(sandbox)));
    expect(r.status).toBe(400);
    expect(portalErrorCode(r.text)).toBe('VALIDATION_ERROR');
  });

  it('accepts 100 provider ids and rejects 101 with VALIDATION_ERROR naming the limit', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(504210987600 + i));
    const h = portalHeaders(demo(sandbox));
    const ok = await get(reportUrl(sandbox, { ...Q1, providers: ids.slice(0, 100).join(',') }), h);
    expect(ok.status).toBe(200);
    const r = await get(reportUrl(sandbox, { ...Q1, providers: ids.join(',') }), h);
    expect(r.status).toBe(400);
    expect(portalErrorCode(r.text)).toBe('VALIDATION_ERROR');
    expect(portalErrorMessage(r.text)).toContain('100');
  });
});

describe('portal billing report: authentication and permission', () => {
  let sandbox: Sandbox;
  let now = NOW;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => now, rateLimit: { max: 1_000, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('issues real-looking HS256 JWTs with an exp', () => {
    const [header, payload, signature] = demo(sandbox).token.split('.');
    expect(JSON.parse(Buffer.from(String(header), 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = record(JSON.parse(Buffer.from(String(payload), 'base64url').toString()));
    expect(typeof claims['exp']).toBe('number');
    expect(claims['tenant']).toBe('acme-logistics');
    expect(String(signature)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 UNAUTHORIZED for a tampered, a garbage or a foreign token, and for an unknown key', async () => {
    const c = demo(sandbox);
    const [h, p, s] = c.token.split('.');
    const tampered = `${h}.${p}.${String(s).slice(0, -2)}${String(s).endsWith('AA') ? 'BB' : 'AA'}`;
    const other = sandbox.credentials.portal.find((x) => x.tenant === 'fletes-bajio') as PortalCredential;
    for (const headers of [
      portalHeaders({ ...c, token: tampered }),
      portalHeaders({ ...c, token: 'not-a-jwt' }),
      portalHeaders({ ...c, token: other.token }),
      portalHeaders({ ...c, apiKey: 'sbx_unknown' }),
      portalHeaders({ ...c, apiKey: other.apiKey }),
      { ...portalHeaders(c), Authorization: `Basic ${c.token}` },
    ]) {
      const r = await get(reportUrl(sandbox, Q1), headers);
      expect(r.status).toBe(401);
      expect(portalErrorCode(r.text)).toBe('UNAUTHORIZED');
    }
  });

  it('answers 401 for an expired JWT, and when the clock passes a token’s exp', async () => {
    const c = demo(sandbox);
    const expired = sandbox.issuePortalToken({ tenant: c.tenant, expiresAtMs: now - 1_000 });
    const r = await get(reportUrl(sandbox, Q1), portalHeaders({ ...c, token: expired }));
    expect(r.status).toBe(401);
    expect(portalErrorCode(r.text)).toBe('UNAUTHORIZED');
    expect(portalErrorMessage(r.text)).toMatch(/expired/i);

    const shortLived = sandbox.issuePortalToken({ tenant: c.tenant, expiresAtMs: now + 60_000 });
    expect((await get(reportUrl(sandbox, Q1), portalHeaders({ ...c, token: shortLived }))).status).toBe(200);
    now += 61_000;
    expect((await get(reportUrl(sandbox, Q1), portalHeaders({ ...c, token: shortLived }))).status).toBe(401);
  });

  it('answers 403 FORBIDDEN for the credential without APICLI_RPTPORTAL_FACTURACION', async () => {
    const noPermission = sandbox.credentials.portal.find((x) => !x.hasReportPermission);
    expect(noPermission?.name).toMatch(/no report permission/);
    expect(noPermission?.permissions).not.toContain('APICLI_RPTPORTAL_FACTURACION');
    const r = await get(reportUrl(sandbox, Q1), portalHeaders(noPermission as PortalCredential));
    expect(r.status).toBe(403);
    expect(portalErrorCode(r.text)).toBe('FORBIDDEN');
  });

  it('answers 401 to everything while the expiredToken fault is on', async () => {
    sandbox.setFaults({ expiredToken: true });
    try {
      const r = await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)));
      expect(r.status).toBe(401);
      expect(portalErrorMessage(r.text)).toMatch(/expired/i);
    } finally {
      sandbox.setFaults({ expiredToken: false });
    }
    expect((await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)))).status).toBe(200);
  });
});

describe('portal billing report: rate limit (sliding window, per API key)', () => {
  it('refuses the 11th request within a minute with 429 RATE_LIMITED and an exact Retry-After', async () => {
    let now = NOW;
    const sandbox = await startSandbox({ clock: () => now });
    try {
      const c = demo(sandbox);
      for (let i = 0; i < 10; i++) {
        const r = await get(reportUrl(sandbox, Q1), portalHeaders(c)); // identical: 1 MISS then cache HITs, all counted
        expect(r.status).toBe(200);
        now += 1_000;
      }
      const limited = await get(reportUrl(sandbox, Q1), portalHeaders(c));
      expect(limited.status).toBe(429);
      expect(portalErrorCode(limited.text)).toBe('RATE_LIMITED');
      expect(limited.headers.get('retry-after')).toBe('50'); // oldest at +0 s, now +10 s, window 60 s

      // Another key has its own window.
      const other = sandbox.credentials.portal.find((x) => x.tenant === 'fletes-bajio') as PortalCredential;
      expect((await get(reportUrl(sandbox, Q1), portalHeaders(other))).status).toBe(200);

      now += 49_500;
      const still = await get(reportUrl(sandbox, Q1), portalHeaders(c));
      expect(still.status).toBe(429);
      expect(still.headers.get('retry-after')).toBe('1'); // 0.5 s rounded up
      now += 500;
      expect((await get(reportUrl(sandbox, Q1), portalHeaders(c))).status).toBe(200);
      expect(sandbox.stats.rateLimited).toBe(2);
      expect(sandbox.stats.served429).toBe(2);
      expect(sandbox.stats.responses['429']).toBe(2);
    } finally {
      await sandbox.close();
    }
  });

  it('counts authenticated requests that fail validation, but not unauthenticated ones', async () => {
    const now = NOW;
    const sandbox = await startSandbox({ clock: () => now, rateLimit: { max: 3, windowMs: 10_000 } });
    try {
      const c = demo(sandbox);
      for (let i = 0; i < 5; i++) {
        expect((await get(reportUrl(sandbox, Q1), portalHeaders({ ...c, token: 'bad' }))).status).toBe(401);
      }
      expect((await get(reportUrl(sandbox, { startdate: '2026-01-01' }), portalHeaders(c))).status).toBe(400);
      expect((await get(reportUrl(sandbox, Q1), portalHeaders(c))).status).toBe(200);
      expect((await get(reportUrl(sandbox, Q1), portalHeaders(c))).status).toBe(200);
      const r = await get(reportUrl(sandbox, Q1), portalHeaders(c));
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('10');
    } finally {
      await sandbox.close();
    }
  });
});

describe('portal billing report: server cache', () => {
  it('serves identical requests from cache within the TTL, and a restatement only after it', async () => {
    let now = NOW;
    const sandbox = await startSandbox({ clock: () => now, cacheTtlMs: 300_000 });
    try {
      const c = demo(sandbox);
      const provider = sandbox.dataset.portal.tenants[0]?.providers[0];
      if (!provider) throw new Error('no provider');
      const query = { startdate: '2026-02-02', enddate: '2026-02-08', providers: provider.id };
      const first = await get(reportUrl(sandbox, query), portalHeaders(c));
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('MISS');
      const before = expectedPortalReport(sandbox.dataset, { tenant: c.tenant, from: query.startdate, to: query.enddate, providers: [provider.id] });

      restatePortalFigures(sandbox.dataset, {
        tenant: c.tenant,
        providerId: provider.id,
        date: '2026-02-04',
        set: { providerMinor: 123_456_789 },
      });
      const after = expectedPortalReport(sandbox.dataset, { tenant: c.tenant, from: query.startdate, to: query.enddate, providers: [provider.id] });
      expect(after.rows[0]?.providerMinor).not.toBe(before.rows[0]?.providerMinor);

      now += 299_000;
      const hit = await get(reportUrl(sandbox, query), portalHeaders(c));
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.text).toBe(first.text);

      // A different provider set is a different request.
      const other = await get(reportUrl(sandbox, { ...query, providers: `${provider.id},504210987601` }), portalHeaders(c));
      expect(other.headers.get('x-cache')).toBe('MISS');

      now += 2_000;
      const fresh = await get(reportUrl(sandbox, query), portalHeaders(c));
      expect(fresh.headers.get('x-cache')).toBe('MISS');
      const row = record(list(record(record(parseExact(fresh.text))['data'])['rows'])[0]);
      expect(minorOf(row['total_provider'])).toBe(after.rows[0]?.providerMinor);
      expect(sandbox.stats.cacheHits).toBe(1);
      expect(sandbox.stats.portalLog.map((e) => e.cache)).toEqual(['MISS', 'HIT', 'MISS', 'MISS']);
      expect(sandbox.stats.portalLog[0]).toMatchObject({ tenant: c.tenant, startdate: '2026-02-02', enddate: '2026-02-08', providers: 1, status: 200 });
    } finally {
      await sandbox.close();
    }
  });

  it('serves a grand_total that is not the sum of its rows while that inconsistency is switched on', async () => {
    const sandbox = await startSandbox({ clock: () => NOW, cacheTtlMs: 0 });
    try {
      setGrandTotalMismatch(sandbox.dataset, true);
      const r = await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)));
      const data = record(record(parseExact(r.text))['data']);
      const rows = list(data['rows']).map(record);
      const sum = rows.reduce((acc, row) => acc + minorOf(row['total_invoiced']), 0);
      expect(minorOf(record(data['grand_total'])['total_invoiced'])).toBe(sum + 1);
      const expected = expectedPortalReport(sandbox.dataset, { tenant: 'acme-logistics', from: Q1.startdate, to: Q1.enddate });
      expect(expected.grandTotal.invoicedMinor).toBe(expected.sumOfRows.invoicedMinor + 1);
    } finally {
      await sandbox.close();
    }
  });
});

describe('portal billing report: 500', () => {
  it('answers 5xx via the error5xxRate fault: JSON 500 INTERNAL_ERROR or an HTML proxy page', async () => {
    const sandbox = await startSandbox({ clock: () => NOW, rateLimit: { max: 1_000, windowMs: 60_000 }, faults: { error5xxRate: 1 } });
    try {
      const kinds = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const r = await get(reportUrl(sandbox, Q1), portalHeaders(demo(sandbox)));
        expect(r.status).toBeGreaterThanOrEqual(500);
        if (r.status === 500) {
          expect(portalErrorCode(r.text)).toBe('INTERNAL_ERROR');
          kinds.add('json');
        } else {
          expect(r.headers.get('content-type')).toMatch(/text\/html/);
          expect(r.text).toMatch(/<html/i);
          kinds.add('html');
        }
      }
      expect([...kinds].sort()).toEqual(['html', 'json']);
      expect(sandbox.stats.faults.error5xx).toBe(12);
    } finally {
      await sandbox.close();
    }
  });
});
