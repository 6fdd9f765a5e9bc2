/**
 * The SQLite store passes the ReviewStore contract (test/support/review-store-contract.ts), every
 * account on one workspace; and its reader reads a cache opened for reading only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../electron/core/cache/index.ts';
import type { Identity } from '../../../electron/core/identity/index.ts';
import { createSqliteReviewStore, sqliteReviewReader, type ReviewStore } from '../../../electron/core/review/index.ts';
import { reviewStoreContract } from '../../support/review-store-contract.ts';
import { addConnection, addRestatement, NOW, tempCache, type TempCache } from '../reconcile/fixtures.ts';

reviewStoreContract('SQLite cache', () => {
  const cache: TempCache = tempCache();
  let now = NOW;
  const acme = { id: addConnection(cache.db, { name: 'acme', kind: 'portal', currency: 'COP' }), name: 'acme' };
  const lms = { id: addConnection(cache.db, { name: 'lms', kind: 'payg' }), name: 'lms' };
  const stores = new Map<Identity, ReviewStore>();
  return {
    as(identity) {
      let store = stores.get(identity);
      if (!store) stores.set(identity, (store = createSqliteReviewStore(cache.db, () => now, identity)));
      return store;
    },
    acme,
    lms,
    settle: () => Promise.resolve(),
    restate: (connection, periodStart) =>
      addRestatement(cache.db, connection.id, { entity: 'portal_row', key: `P|1|${periodStart}`, periodStart, field: 'provider_reported', oldValue: '1', newValue: '2', detectedAt: new Date(now).toISOString() }),
    advance: (ms) => {
      now += ms;
    },
    close: () => cache.cleanup(),
  };
});

describe('sqliteReviewReader', () => {
  let cache: TempCache;
  beforeEach(() => {
    cache = tempCache();
  });
  afterEach(() => cache.cleanup());

  it('reads a cache opened for reading only, as reconciliation and export do', () => {
    const acme = { id: addConnection(cache.db, { name: 'acme', kind: 'portal', toleranceAbsMinor: 100 }), name: 'acme' };
    cache.reviews.recordReviews(acme, [{ itemKeys: ['P|1|2026-01-01'], state: 'explained', reason: 'other', note: 'n' }]);
    const readonly = openCache(cache.path, { readonly: true });
    try {
      const reader = sqliteReviewReader(readonly);
      expect([...reader.reviews(acme).keys()]).toEqual(['P|1|2026-01-01']);
      expect([...reader.reviewsOfItems(acme, ['P|1|2026-01-01', 'P|2|2026-01-01']).keys()]).toEqual(['P|1|2026-01-01']);
      expect(reader.savedTolerance(acme)).toEqual({ absMinor: 100, pct: '0' });
      expect(reader.verifyAuditLog()).toMatchObject({ ok: true, entries: 2 });
      expect('recordReviews' in reader).toBe(false);
    } finally {
      readonly.close();
    }
  });
});
