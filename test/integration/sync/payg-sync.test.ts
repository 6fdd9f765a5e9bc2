import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedPaygRecords, paygTotalsByCurrency, restatePaygRecord } from '../../../electron/core/sandbox/index.ts';
import { getStatus, refreshBillingPeriod, syncConnection } from '../../../electron/core/sync/index.ts';
import { makeWorld, type World } from './helpers.ts';

const FAST = { max: 1000, windowMs: 1000 };

function storedIds(world: World, from: string, to: string): number[] {
  return world.db
    .prepare<[string, string], { id: number }>('SELECT id FROM billing_period WHERE start_date BETWEEN ? AND ? ORDER BY id')
    .all(from, to)
    .map((r) => r.id);
}

describe('PAYG sync against the sandbox', () => {
  let world: World;
  beforeAll(async () => {
    // A capped page size and bad records (unknown status, unreadable amount) planted at known ids.
    world = await makeWorld({ paygLimitCap: 23, datasetOptions: { payg: { badRecords: true } } });
  });
  afterAll(async () => {
    await world.close();
  });

  it('yields each record exactly once while records are being created during paging', async () => {
    world.sandbox.setFaults({ createWhilePaging: 2 });
    const startedAt = new Date().toISOString();
    const result = await syncConnection(world.deps, { connection: 'payg', from: '2026-08-01', to: '2026-11-30', period: 'month', limiter: FAST });
    world.sandbox.setFaults({ createWhilePaging: 0 });
    expect(world.sandbox.stats.faults.createdWhilePaging).toBeGreaterThan(0);
    expect(result.windows.failed).toBe(0);
    const expected = expectedPaygRecords(world.sandbox.dataset, { start_date_gte: '2026-08-01', start_date_lte: '2026-11-30', ordering: 'id' });
    const quarantined = new Set(world.db.prepare<[], { k: string }>('SELECT record_key AS k FROM quarantine').all().map((r) => Number(r.k)));
    const stored = storedIds(world, '2026-08-01', '2026-11-30');
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toEqual(expected.map((r) => r.id).filter((id) => !quarantined.has(id)));
    // Records created mid-paging fall inside the synced range, and were picked up.
    const created = expected.filter((r) => r.createdAt >= startedAt.slice(0, 19));
    expect(created.length).toBeGreaterThan(0);
  });

  it('sums exactly to the sandbox totals per currency, setting bad records aside and saying so', async () => {
    const result = await syncConnection(world.deps, { connection: 'payg', from: '2025-01-01', to: '2025-12-31', period: 'month', limiter: FAST });
    expect(['ok', 'partial']).toContain(result.outcome);
    expect(result.windows.failed).toBe(0);
    const expected = expectedPaygRecords(world.sandbox.dataset, { start_date_gte: '2025-01-01', start_date_lte: '2025-12-31' });
    const bad = world.db
      .prepare<[], { record_key: string; reason: string; window_id: number }>("SELECT record_key, reason, window_id FROM quarantine WHERE reason NOT LIKE '%appears twice%'")
      .all();
    const badIds = new Set(bad.map((b) => Number(b.record_key)));
    const unreadable = expected.filter((r) => r.amountMinor === null || !['DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING'].includes(r.statusLabel));
    // Every planted bad record in range is quarantined, and only those.
    expect([...badIds].filter((id) => expected.some((r) => r.id === id)).sort()).toEqual(unreadable.map((r) => r.id).sort());
    expect(result.quarantined).toBe(unreadable.length);
    if (unreadable.length > 0) {
      expect(result.outcome).toBe('partial');
      expect(result.windows.incomplete).toBeGreaterThan(0);
    }
    const totals = paygTotalsByCurrency(expected.filter((r) => !badIds.has(r.id)));
    const stored = world.db
      .prepare<[], { currency: string; n: number; s: number }>(
        "SELECT currency, count(*) AS n, sum(amount_minor) AS s FROM billing_period WHERE start_date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY currency",
      )
      .all();
    expect(Object.fromEntries(stored.map((r) => [r.currency, { n: r.n, s: r.s }]))).toEqual(
      Object.fromEntries(Object.values(totals).map((t) => [t.currency, { n: t.count, s: t.totalMinor }])),
    );
  });

  it('re-syncs only what can still change, unless forced', async () => {
    // Ten minutes later nothing is "fresh" any more; 2025 ended over 90 days ago, so windows whose
    // periods are all PAYMENT_COMPLETE or PAYMENT_FAILED are settled and skipped.
    const later = { ...world.deps, clock: () => Date.now() + 10 * 60_000 };
    world.sandbox.resetStats();
    const result = await syncConnection(later, { connection: 'payg', from: '2025-01-01', to: '2025-12-31', period: 'month', limiter: FAST });
    const settled = world.db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM sync_window w WHERE w.connection_id = (SELECT id FROM connection WHERE name = 'payg') AND w.window_start >= '2025-01-01' AND w.window_end <= '2025-12-31'
           AND w.status = 'ok' AND NOT EXISTS (SELECT 1 FROM billing_period b WHERE b.window_id = w.id AND b.status NOT IN ('PAYMENT_COMPLETE', 'PAYMENT_FAILED'))`,
      )
      .get();
    expect(result.windows.skippedFresh).toBe(settled?.n);
    expect(result.windows.skippedFresh).toBeGreaterThan(0);
    expect(result.windows.skippedFresh + result.windows.ok + result.windows.incomplete).toBe(12);
    const forced = await syncConnection(later, { connection: 'payg', from: '2025-01-01', to: '2025-12-31', period: 'month', limiter: FAST, force: true });
    expect(forced.windows.skippedFresh).toBe(0);
  });

  it('records restatements and the status history when a billing period changes', async () => {
    const target = expectedPaygRecords(world.sandbox.dataset, { start_date_gte: '2025-03-01', start_date_lte: '2025-03-31', status: 'PAYMENT_FAILED' })[0] ??
      expectedPaygRecords(world.sandbox.dataset, { start_date_gte: '2025-03-01', start_date_lte: '2025-03-31', status: 'SENT_TO_PAYMENT_SERVICE' })[0];
    expect(target).toBeDefined();
    const id = target?.id ?? 0;
    restatePaygRecord(world.sandbox.dataset, id, { status: 'PAYMENT_COMPLETE', amountMinor: (target?.amountMinor ?? 0) + 1 });
    const result = await syncConnection(world.deps, { connection: 'payg', from: '2025-03-01', to: '2025-03-31', period: 'month', limiter: FAST, force: true });
    expect(result.restatements).toBe(2);
    const restated = world.db
      .prepare<[string], { field: string; old_value: string; new_value: string }>('SELECT field, old_value, new_value FROM restatement WHERE entity_key = ? ORDER BY field')
      .all(`B|${id}`);
    expect(restated.map((r) => r.field)).toEqual(['amount', 'status']);
    expect(restated[1]).toMatchObject({ old_value: target?.statusLabel, new_value: 'PAYMENT_COMPLETE' });
    const history = world.db.prepare<[number], { status: string }>('SELECT status FROM billing_period_status WHERE id = ? ORDER BY seen_from').all(id);
    expect(history.map((h) => h.status)).toEqual([target?.statusLabel, 'PAYMENT_COMPLETE']);
    const row = world.db.prepare<[number], { status_since: string; first_seen_at: string }>('SELECT status_since, first_seen_at FROM billing_period WHERE id = ?').get(id);
    expect(row && row.status_since > row.first_seen_at).toBe(true);
  });

  it('refreshes a single record by id, and says so when it no longer exists', async () => {
    const target = expectedPaygRecords(world.sandbox.dataset, { start_date_gte: '2025-04-01', start_date_lte: '2025-04-30', status: 'DRAFT' })[0] ??
      expectedPaygRecords(world.sandbox.dataset, { start_date_gte: '2025-04-01', start_date_lte: '2025-04-30' }).find((r) => r.amountMinor !== null && r.statusLabel !== 'PAYMENT_COMPLETE');
    const id = target?.id ?? 0;
    await syncConnection(world.deps, { connection: 'payg', from: '2025-04-01', to: '2025-04-30', period: 'month', limiter: FAST, force: true });
    restatePaygRecord(world.sandbox.dataset, id, { amountMinor: 42 });
    const refreshed = await refreshBillingPeriod(world.deps, 'payg', id, { limiter: FAST });
    expect(refreshed).toMatchObject({ restatements: 1, record: { id, amountMinor: 42 } });
    await expect(refreshBillingPeriod(world.deps, 'payg', 999_999_999, { limiter: FAST })).rejects.toThrow(/no billing period 999999999 \(404\)/);
    const status = getStatus(world.db, 'payg')[0];
    expect(status?.quarantined).toBeGreaterThan(0);
    expect(status?.restatements).toBeGreaterThanOrEqual(3);
  });
});
