/**
 * The sync on a cache that cannot grow (a full disk, through PRAGMA max_page_count, which fails
 * the first write needing a new page with SQLITE_FULL as a full file system does): each failed
 * window says what happened and what to do, the sync stops instead of fetching windows it cannot
 * store, and what was cached stays exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConnection } from '../../../electron/core/sync/index.ts';
import { FAST_LIMIT, makeWorld, type World } from './helpers.ts';

describe('sync on a full disk', () => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('reports "the disk is full" for the window, stops, and changes nothing', async () => {
    const { db, deps } = world;
    const first = await syncConnection(deps, { connection: 'payg', from: '2025-01-06', to: '2025-01-19', period: 'week', limiter: FAST_LIMIT });
    expect(first.outcome).toBe('ok');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const figures = (): unknown => db.prepare('SELECT id, status, amount_minor, last_seen_at FROM billing_period ORDER BY id').all();
    const before = figures();
    db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
    try {
      const result = await syncConnection(deps, { connection: 'payg', from: '2025-02-03', to: '2025-06-29', period: 'week', limiter: FAST_LIMIT, force: true });
      expect(result.outcome).toBe('failed');
      expect(result.windows.failed).toBe(1);
      expect(result.errors).toEqual([
        '2025-02-03 to 2025-02-09: the disk is full: free some space and sync again; the cache was not changed',
        expect.stringMatching(/^Stopped: the cache cannot be written, so the remaining windows were not fetched\. \d+ window\(s\) were not attempted\.$/),
      ]);
    } finally {
      db.pragma('max_page_count = 1073741823');
    }
    expect(figures()).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
