import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getReviews, listAuditLog, setReview, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { addConnection, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let t = NOW;
const clock = (): number => t;

beforeEach(() => {
  cache = tempCache();
  addConnection(cache.db, { name: 'acme', kind: 'portal' });
  addConnection(cache.db, { name: 'lms', kind: 'payg' });
  t = NOW;
});
afterEach(() => cache.cleanup());

describe('setReview', () => {
  it('stores the latest state and keeps every change in the audit log', () => {
    setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['P|7|2026-01-01'], state: 'explained', reason: 'timing', note: 'invoice in Feb', author: 'ana' });
    t += 60_000;
    const [latest] = setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['P|7|2026-01-01'], state: 'resolved', reason: 'timing', author: 'ben' });
    expect(latest).toEqual({ itemKey: 'P|7|2026-01-01', state: 'resolved', reason: 'timing', note: null, author: 'ben', updatedAt: '2026-03-15T12:01:00.000Z' });
    expect(getReviews(cache, 'acme')).toEqual([latest]);
    const log = listAuditLog(cache.db, { connection: 'acme' });
    expect(log.map((e) => [e.seq, e.action, e.actor, e.subject, e.connection])).toEqual([
      [1, 'review.set', 'ana', 'P|7|2026-01-01', 'acme'],
      [2, 'review.set', 'ben', 'P|7|2026-01-01', 'acme'],
    ]);
    expect(log[1]?.payload).toEqual({
      itemKey: 'P|7|2026-01-01',
      state: 'resolved',
      reason: 'timing',
      note: null,
      previous: { state: 'explained', reason: 'timing', note: 'invoice in Feb', author: 'ana' },
    });
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('changes several items in one go, one audit entry per item', () => {
    const keys = ['P|1|2026-01-01', 'P|2|2026-01-01', 'F|approval_rate|3|2026-01-01', 'P|1|2026-01-01'];
    const out = setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: keys, state: 'explained', reason: 'upstream_error', author: 'ana' });
    expect(out.map((r) => r.itemKey)).toEqual(['P|1|2026-01-01', 'P|2|2026-01-01', 'F|approval_rate|3|2026-01-01']);
    expect(listAuditLog(cache.db).map((e) => e.subject)).toEqual(['P|1|2026-01-01', 'P|2|2026-01-01', 'F|approval_rate|3|2026-01-01']);
  });

  it('is all or nothing: one bad key changes nothing', () => {
    expect(() => setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['P|1|2026-01-01', 'P|x'], state: 'resolved', author: 'ana' })).toThrow(/not an item key/);
    expect(() => setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['B|12'], state: 'resolved', author: 'ana' })).toThrow(/portal connection/);
    expect(() => setReview(withStore(cache.db, clock), { connection: 'lms', itemKeys: ['P|1|2026-01-01'], state: 'resolved', author: 'ana' })).toThrow(/PAYG connection/);
    expect(getReviews(cache, 'acme')).toEqual([]);
    expect(listAuditLog(cache.db)).toEqual([]);
  });

  it('refuses an unknown state or reason, a missing author, and an empty selection', () => {
    const base = { connection: 'lms', itemKeys: ['B|1'], author: 'ana' };
    expect(() => setReview(withStore(cache.db, clock), { ...base, state: 'done' as never })).toThrow(/not a review state/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, state: 'explained', reason: 'because' as never })).toThrow(/not a review reason: use one of timing, pricing/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, state: 'explained', author: '  ' })).toThrow(/needs an author/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, itemKeys: [], state: 'explained' })).toThrow(/Say which items/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, connection: 'nope', state: 'explained' })).toThrow(/no connection named/);
  });
});
