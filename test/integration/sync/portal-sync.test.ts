import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedPortalReport, restatePortalFigures } from '../../../electron/core/sandbox/index.ts';
import { cutPeriods, getCoverage, getStatus, syncConnection } from '../../../electron/core/sync/index.ts';
import { daysInclusive } from '../../../electron/core/upstream/dates.ts';
import { FAST_LIMIT, FAST_RETRY, hundredthsText, makeWorld, storedPortalRows, type World } from './helpers.ts';

describe('portal sync against the sandbox', () => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('syncs 12 months by month with zero 429s, within the documented limits, to the minor unit', async () => {
    const progress: number[] = [];
    const result = await syncConnection(world.deps, {
      connection: 'acme',
      from: '2025-01-01',
      to: '2025-12-31',
      period: 'month',
      limiter: FAST_LIMIT,
      http: { retry: FAST_RETRY },
      onProgress: (p) => progress.push(p.windowsDone),
    });
    expect(result).toMatchObject({ outcome: 'ok', windows: { ok: 12, incomplete: 0, failed: 0, skippedFresh: 0 }, quarantined: 0, requests: 12, errors: [] });
    const stats = world.sandbox.stats;
    expect(stats.served429).toBe(0);
    expect(stats.rateLimited).toBe(0);
    expect(stats.portalLog).toHaveLength(12);
    for (const entry of stats.portalLog) {
      expect(daysInclusive(entry.startdate ?? '', entry.enddate ?? '')).toBeLessThanOrEqual(93);
      expect(entry.providers).toBeLessThanOrEqual(100);
    }
    expect(progress.at(-1)).toBe(12);

    const tenant = world.sandbox.credentials.portal[0]?.tenant ?? '';
    let total = 0;
    for (const period of cutPeriods('2025-01-01', '2025-12-31', 'month')) {
      const expected = expectedPortalReport(world.sandbox.dataset, { tenant, from: period.start, to: period.end });
      const stored = storedPortalRows(world.db, period.start, period.end);
      expect(stored.size).toBe(expected.rows.length);
      for (const row of expected.rows) {
        const got = stored.get(row.providerId);
        expect(got, `${row.providerId} ${period.start}`).toBeDefined();
        expect(got).toMatchObject({
          currency: 'COP',
          taskCount: row.taskCount,
          invoicedMinor: row.invoicedMinor,
          providerMinor: row.providerMinor,
          paidMinor: row.paidMinor,
          pendingMinor: row.pendingMinor,
        });
        expect(Number(got?.approvalRate)).toBeCloseTo(Number(hundredthsText(row.approvalRateHundredths)), 10);
      }
      const grand = world.db
        .prepare<[string], { invoiced: number; tasks: number; currency: string }>(
          'SELECT g.invoiced_minor AS invoiced, g.task_count AS tasks, g.currency FROM portal_grand_total g JOIN sync_window w ON w.id = g.window_id WHERE w.period_start = ?',
        )
        .get(period.start);
      expect(grand).toEqual({ invoiced: expected.grandTotal.invoicedMinor, tasks: expected.grandTotal.taskCount, currency: 'COP' });
      total += expected.sumOfRows.invoicedMinor;
    }
    const year = expectedPortalReport(world.sandbox.dataset, { tenant, from: '2025-01-01', to: '2025-03-31' });
    const q1 = world.db.prepare<[], { s: number }>("SELECT sum(invoiced_minor) AS s FROM portal_row WHERE period_start BETWEEN '2025-01-01' AND '2025-03-31'").get();
    expect(q1?.s).toBe(year.sumOfRows.invoicedMinor);
    const all = world.db.prepare<[], { s: number; currencies: number }>('SELECT sum(invoiced_minor) AS s, count(DISTINCT currency) AS currencies FROM portal_row').get();
    expect(all).toEqual({ s: total, currencies: 1 });
  });

  it('traces every figure to its compressed raw response, stored without secrets', () => {
    const row = world.db
      .prepare<[], { provider_id: string; body: Buffer; url: string; key: string }>(
        'SELECT p.provider_id, r.body_gzip AS body, r.request_url AS url, r.request_key AS key FROM portal_row p JOIN raw_response r ON r.id = p.raw_response_id LIMIT 1',
      )
      .get();
    expect(row).toBeDefined();
    const body = gunzipSync(row?.body ?? Buffer.alloc(0)).toString('utf8');
    expect(body).toContain(`"provider_id":"${row?.provider_id ?? ''}"`);
    expect(row?.url).toMatch(/^\/apidev\/v1\/reports\/portal\/billing\?/);
    for (const secret of world.secretValues) {
      expect(row?.url).not.toContain(secret);
      expect(row?.key).not.toContain(secret);
    }
    // The database file and its write-ahead log, read raw while the cache is still open.
    const files = [world.dbPath, `${world.dbPath}-wal`].filter((f) => existsSync(f));
    expect(files).toContain(`${world.dbPath}-wal`);
    const bytes = files.map((f) => readFileSync(f).toString('latin1')).join('');
    for (const secret of world.secretValues) expect(bytes.includes(secret)).toBe(false);
  });

  it('does not repeat an identical request made less than 300 s ago unless forced', async () => {
    world.sandbox.resetStats();
    const again = await syncConnection(world.deps, { connection: 'acme', from: '2025-01-01', to: '2025-12-31', period: 'month', limiter: FAST_LIMIT });
    expect(again).toMatchObject({ outcome: 'ok', requests: 0, windows: { skippedFresh: 12 } });
    expect(world.sandbox.stats.requests.portal).toBe(0);
    const forced = await syncConnection(world.deps, { connection: 'acme', from: '2025-01-01', to: '2025-02-28', period: 'month', limiter: FAST_LIMIT, force: true });
    expect(forced).toMatchObject({ outcome: 'ok', requests: 2, restatements: 0 });
  });

  it('cuts a year-long range into windows of at most 93 days and provider lists into chunks of 100', async () => {
    world.sandbox.resetStats();
    const tenant = world.sandbox.credentials.portal[0]?.tenant ?? '';
    const real = expectedPortalReport(world.sandbox.dataset, { tenant, from: '2025-01-01', to: '2025-12-31' }).rows.map((r) => r.providerId);
    const providers = [...real, ...Array.from({ length: 130 }, (_, i) => `unknown-${i}`)];
    const result = await syncConnection(world.deps, { connection: 'acme', from: '2025-01-01', to: '2025-12-31', period: 'range', providers, limiter: FAST_LIMIT, http: { retry: FAST_RETRY } });
    expect(result.outcome).toBe('ok');
    const windows = getCoverage(world.db, 'acme').filter((w) => w.periodKind === 'range');
    expect(windows.length).toBe(4 * Math.ceil(providers.length / 100));
    for (const w of windows) {
      expect(daysInclusive(w.windowStart, w.windowEnd)).toBeLessThanOrEqual(93);
      expect(w.providerFilter.split(',').length).toBeLessThanOrEqual(100);
    }
    expect(world.sandbox.stats.portalLog.every((e) => e.providers <= 100)).toBe(true);
    expect(world.sandbox.stats.served429).toBe(0);
    // Per window, the stored sums equal the sandbox's own for the same dates (rows across chunks add up).
    for (const w of windows.filter((x) => x.providerFilter === windows[0]?.providerFilter)) {
      const expected = expectedPortalReport(world.sandbox.dataset, { tenant, from: w.windowStart, to: w.windowEnd });
      const got = world.db
        .prepare<[string, string], { s: number }>(
          "SELECT sum(p.invoiced_minor) AS s FROM portal_row p JOIN sync_window w ON w.id = p.window_id WHERE w.period_kind = 'range' AND w.window_start = ? AND w.window_end = ?",
        )
        .get(w.windowStart, w.windowEnd);
      expect(got?.s).toBe(expected.sumOfRows.invoicedMinor);
    }
  });
});

describe('portal restatements', () => {
  let world: World;
  beforeAll(async () => {
    // No server-side cache here, so a forced re-sync sees the corrected figures at once.
    world = await makeWorld({ cacheTtlMs: 0 });
  });
  afterAll(async () => {
    await world.close();
  });

  it('records a restatement for each cached figure a re-sync changes', async () => {
    const tenant = world.sandbox.credentials.portal[0]?.tenant ?? '';
    const params = { connection: 'acme', from: '2025-03-01', to: '2025-03-31', period: 'month' as const, limiter: FAST_LIMIT };
    expect((await syncConnection(world.deps, params)).outcome).toBe('ok');
    const target = expectedPortalReport(world.sandbox.dataset, { tenant, from: '2025-03-01', to: '2025-03-31' }).rows[0];
    const providerId = target?.providerId ?? '';
    const before = storedPortalRows(world.db, '2025-03-01', '2025-03-31').get(providerId);
    restatePortalFigures(world.sandbox.dataset, { tenant, providerId, date: '2025-03-10', set: { invoicedMinor: 123_456_789 } });
    const unforced = await syncConnection(world.deps, params);
    expect(unforced).toMatchObject({ requests: 0, restatements: 0 });
    const result = await syncConnection(world.deps, { ...params, force: true });
    expect(result.outcome).toBe('ok');
    expect(result.restatements).toBeGreaterThan(0);
    const after = storedPortalRows(world.db, '2025-03-01', '2025-03-31').get(providerId);
    const expected = expectedPortalReport(world.sandbox.dataset, { tenant, from: '2025-03-01', to: '2025-03-31' }).rows.find((r) => r.providerId === providerId);
    expect(after?.invoicedMinor).toBe(expected?.invoicedMinor);
    expect(after?.invoicedMinor).not.toBe(before?.invoicedMinor);
    const restated = world.db
      .prepare<[], { entity_key: string; field: string; old_value: string; new_value: string; period_start: string }>(
        "SELECT entity_key, field, old_value, new_value, period_start FROM restatement WHERE entity = 'portal_row'",
      )
      .all();
    const invoiced = restated.find((r) => r.field === 'invoiced');
    expect(invoiced).toMatchObject({ entity_key: `P|${providerId}|2025-03-01`, period_start: '2025-03-01' });
    expect(invoiced?.old_value).toBe(hundredthsText(before?.invoicedMinor ?? 0));
    expect(invoiced?.new_value).toBe(hundredthsText(after?.invoicedMinor ?? 0));
    expect(restated.every((r) => r.entity_key === `P|${providerId}|2025-03-01`)).toBe(true);
    expect(getStatus(world.db, 'acme')[0]?.restatements).toBe(restated.length);
  });
});
