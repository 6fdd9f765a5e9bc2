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
    member: (identity) => identity.displayName,
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

describe('assignments in the SQLite store', () => {
  let cache: TempCache;
  beforeEach(() => {
    cache = tempCache();
  });
  afterEach(() => cache.cleanup());

  it('audit verify catches an assignment changed, added or removed behind the store, naming the entry that set it', () => {
    const acme = { id: addConnection(cache.db, { name: 'acme', kind: 'portal' }), name: 'acme' };
    cache.reviews.assign(acme, { month: '2026-01', assignee: 'ana', dueDate: '2026-02-05' });
    cache.reviews.assign(acme, { month: '2026-02', assignee: 'ana', dueDate: null });
    expect(cache.reviews.verifyAuditLog()).toMatchObject({ ok: true, entries: 3 });
    const setJanuary = cache.reviews.auditLog({ subject: '2026-01' })[0]?.seq;

    // Someone with the cache file reassigns January to themselves, with a later due date.
    cache.db.prepare("UPDATE team_assignment SET assignee = 'mallory', due_date = '2026-03-01' WHERE month = '2026-01-01'").run();
    const changed = cache.reviews.verifyAuditLog();
    expect(changed).toMatchObject({ ok: false, problem: 'assignment', firstBadSeq: setJanuary });
    expect(changed.message).toMatch(/assignment of acme for 2026-01: it was changed outside Concilia after entry #\d+ set it/);
    cache.db.prepare("UPDATE team_assignment SET assignee = 'ana', due_date = '2026-02-05' WHERE month = '2026-01-01'").run();
    expect(cache.reviews.verifyAuditLog().ok).toBe(true);

    // …or adds a month no entry assigned, or removes one an entry did.
    cache.db.prepare("INSERT INTO team_assignment (connection, month, assignee, due_date) VALUES ('acme', '2026-03-01', 'mallory', NULL)").run();
    const added = cache.reviews.verifyAuditLog();
    expect(added).toMatchObject({ ok: false, problem: 'assignment' });
    expect(added.message).toMatch(/2026-03.*no entry of the log ever made it/);
    cache.db.prepare("DELETE FROM team_assignment WHERE month IN ('2026-03-01', '2026-02-01')").run();
    const removed = cache.reviews.verifyAuditLog();
    expect(removed).toMatchObject({ ok: false, problem: 'assignment' });
    expect(removed.message).toMatch(/acme for 2026-02/);
  });
});
