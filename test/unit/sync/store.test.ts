import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { planWindows } from '../../../electron/core/sync/periods.ts';
import { storePortalWindow } from '../../../electron/core/sync/store-portal.ts';
import type { PortalReport, PortalRow } from '../../../electron/core/upstream/portal/schema.ts';

const row = (providerId: string, invoicedMinor: number): PortalRow => ({
  providerId,
  providerName: `Provider ${providerId}`,
  taskCount: 10,
  invoicedMinor,
  providerMinor: 1000,
  paidMinor: 1000,
  pendingMinor: 0,
  approvalRate: '90.00',
  approvedCount: 9,
  rejectedCount: 1,
  reviewCount: 0,
});
const report = (rows: PortalRow[]): PortalReport => ({
  currency: 'COP',
  rows,
  grandTotal: { taskCount: rows.length * 10, invoicedMinor: rows.reduce((n, r) => n + r.invoicedMinor, 0), providerMinor: 0, paidMinor: 0, pendingMinor: 0 },
  quarantined: [],
});
const raw = { requestUrl: '/x', requestKey: 'k', status: 200, fetchedAt: '2026-01-01T00:00:00.000Z', bodyText: '{}' };

describe('storing a portal window', () => {
  let db: CacheDatabase;
  let connectionId: number;
  const planned = planWindows('2025-03-01', '2025-03-31', 'month', { maxDays: 93 })[0];
  beforeEach(() => {
    db = openCache(':memory:');
    connectionId = addConnection(db, { name: 'acme', kind: 'portal', baseUrl: 'https://a.example.com', tenant: 't', currency: 'COP' }, Date.now).id;
  });
  afterEach(() => db.close());

  it('replaces the snapshot and records changed, vanished and new rows as restatements', () => {
    if (!planned) throw new Error('no window');
    const first = storePortalWindow(db, { connectionId, planned, report: report([row('A', 100), row('B', 200)]), raw, at: '2026-01-01T00:00:00.000Z', syncRunId: null });
    expect(first).toMatchObject({ status: 'ok', rows: 2, restatements: 0 });
    const second = storePortalWindow(db, { connectionId, planned, report: report([row('A', 150), row('C', 5)]), raw, at: '2026-01-02T00:00:00.000Z', syncRunId: null });
    expect(second.restatements).toBe(3);
    const restated = db.prepare('SELECT entity_key, field, old_value, new_value FROM restatement ORDER BY entity_key, field').all();
    expect(restated).toEqual([
      { entity_key: 'P|A|2025-03-01', field: 'invoiced', old_value: '1.00', new_value: '1.50' },
      { entity_key: 'P|B|2025-03-01', field: 'row', old_value: 'present', new_value: 'absent' },
      { entity_key: 'P|C|2025-03-01', field: 'row', old_value: 'absent', new_value: 'present' },
    ]);
    expect(db.prepare('SELECT provider_id FROM portal_row ORDER BY provider_id').all()).toEqual([{ provider_id: 'A' }, { provider_id: 'C' }]);
  });

  it('is all or nothing: a failure part-way leaves the previous snapshot untouched', () => {
    if (!planned) throw new Error('no window');
    storePortalWindow(db, { connectionId, planned, report: report([row('A', 100)]), raw, at: '2026-01-01T00:00:00.000Z', syncRunId: null });
    const before = db.prepare('SELECT * FROM portal_row').all();
    const rawCount = db.prepare('SELECT count(*) AS n FROM raw_response').get();
    // Two rows for one provider break the primary key half-way through the write.
    expect(() => storePortalWindow(db, { connectionId, planned, report: report([row('Z', 1), row('Z', 2)]), raw, at: '2026-01-02T00:00:00.000Z', syncRunId: null })).toThrow();
    expect(db.prepare('SELECT * FROM portal_row').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM raw_response').get()).toEqual(rawCount);
    expect(db.prepare('SELECT count(*) AS n FROM restatement').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT synced_at FROM sync_window').get()).toEqual({ synced_at: '2026-01-01T00:00:00.000Z' });
  });
});
