/**
 * A full disk while a window is stored: one sentence saying what happened and what to do, and the
 * cache exactly as it was. The disk is "full" through PRAGMA max_page_count, which makes SQLite
 * fail the first write needing a new page with SQLITE_FULL, as a full file system does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { writingCache } from '../../../electron/core/sync/cache-writes.ts';
import { planWindows } from '../../../electron/core/sync/periods.ts';
import { storePaygWindow } from '../../../electron/core/sync/store-payg.ts';
import { SyncError } from '../../../electron/core/sync/types.ts';
import type { BillingPeriodRecord } from '../../../electron/core/upstream/payg/schema.ts';

const record = (id: number): BillingPeriodRecord => ({
  id,
  loanName: `Contract ${id} ${'x'.repeat(200)}`,
  startDate: '2025-03-03',
  endDate: '2025-03-09',
  status: 'PAYMENT_COMPLETE',
  currency: 'NGN',
  amountMinor: 12_500_000 + id,
  fundingSource: null,
});

describe('a window stored on a full disk', () => {
  let dir: string;
  let db: CacheDatabase;
  let connectionId: number;
  const planned = planWindows('2025-03-03', '2025-03-09', 'week', { maxDays: 93 })[0];

  beforeEach(() => {
    dir = mkdtempSync(join(os.tmpdir(), 'concilia-full-'));
    db = openCache(join(dir, 'cache.sqlite'));
    connectionId = addConnection(db, { name: 'lms', kind: 'payg', baseUrl: 'https://payg.example.com' }, Date.now).id;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with "the disk is full" and what to do, and leaves the cache as it was', () => {
    if (!planned) throw new Error('no window');
    const body = JSON.stringify({ results: Array.from({ length: 2000 }, (_, i) => ({ id: i, note: `${i}`.repeat(40) })) });
    const store = (ids: number[]): unknown =>
      writingCache(() =>
        storePaygWindow(db, {
          connectionId,
          planned,
          pages: [{ requestUrl: '/p', requestKey: 'k', status: 200, fetchedAt: '2026-01-01T00:00:00.000Z', bodyText: body }],
          records: ids.map((id) => ({ record: record(id), page: 0 })),
          quarantined: [],
          complete: true,
          shortfall: null,
          at: '2026-01-01T00:00:00.000Z',
          syncRunId: null,
        }),
      );
    store([1, 2, 3]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = db.prepare('SELECT id, amount_minor, last_seen_at FROM billing_period ORDER BY id').all();
    db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);

    let caught: unknown;
    try {
      store(Array.from({ length: 3000 }, (_, i) => i + 1));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SyncError);
    expect((caught as Error).message).toBe('the disk is full: free some space and sync again; the cache was not changed');
    expect(((caught as Error).cause as { code?: string }).code).toMatch(/^SQLITE_FULL/);

    db.pragma('max_page_count = 1073741823');
    expect(db.prepare('SELECT id, amount_minor, last_seen_at FROM billing_period ORDER BY id').all()).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('lets other errors through unchanged', () => {
    const error = new RangeError('not a cache problem');
    expect(() =>
      writingCache(() => {
        throw error;
      }),
    ).toThrow(error);
  });
});
