import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getReviews, listAuditLog, reviewHistory, setReview, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { testIdentity } from '../../support/identity.ts';
import { addConnection, NOW, tempCache, withStore, type TempCache } from '../reconcile/fixtures.ts';

let cache: TempCache;
let t = NOW;
const clock = (): number => t;
const ana = testIdentity('ana');
const ben = testIdentity('ben');

beforeEach(() => {
  cache = tempCache();
  addConnection(cache.db, { name: 'acme', kind: 'portal' });
  addConnection(cache.db, { name: 'lms', kind: 'payg' });
  t = NOW;
});
afterEach(() => cache.cleanup());

describe('setReview', () => {
  it('stores the latest state, signed by the account that made it, and keeps every change in the audit log', () => {
    setReview(withStore(cache.db, clock, ana), { connection: 'acme', itemKeys: ['P|7|2026-01-01'], state: 'explained', reason: 'timing', note: 'invoice in Feb' });
    t += 60_000;
    const [latest] = setReview(withStore(cache.db, clock, ben), { connection: 'acme', itemKeys: ['P|7|2026-01-01'], state: 'resolved', reason: 'timing', note: 'credit note received' });
    expect(latest).toEqual({
      itemKey: 'P|7|2026-01-01',
      state: 'resolved',
      reason: 'timing',
      note: 'credit note received',
      author: 'ben',
      accountId: 'test:ben',
      updatedAt: '2026-03-15T12:01:00.000Z',
      reopened: null,
    });
    expect(getReviews(cache, 'acme')).toEqual([latest]);
    const log = listAuditLog(cache.db, { connection: 'acme' });
    expect(log.map((e) => [e.seq, e.action, e.actor, e.actorName, e.signed, e.subject, e.connection])).toEqual([
      [2, 'review.set', 'test:ana', 'ana', true, 'P|7|2026-01-01', 'acme'],
      [4, 'review.set', 'test:ben', 'ben', true, 'P|7|2026-01-01', 'acme'],
    ]);
    // Each account's key was registered, by an entry it signed, before its first change.
    expect(listAuditLog(cache.db).filter((e) => e.action === 'identity.register').map((e) => [e.seq, e.actor, e.keyFingerprint])).toEqual([
      [1, 'test:ana', ana.fingerprint],
      [3, 'test:ben', ben.fingerprint],
    ]);
    expect(log[1]?.payload).toEqual({
      itemKey: 'P|7|2026-01-01',
      state: 'resolved',
      reason: 'timing',
      note: 'credit note received',
      previous: { state: 'explained', reason: 'timing', note: 'invoice in Feb', author: 'ana' },
    });
    expect(reviewHistory(cache, 'acme', 'P|7|2026-01-01').map((e) => [e.actorName, (e.payload as { state: string }).state])).toEqual([
      ['ana', 'explained'],
      ['ben', 'resolved'],
    ]);
    expect(verifyAuditChain(cache.db)).toMatchObject({ ok: true, entries: 4, signed: 4 });
  });

  it('changes several items in one go, one audit entry per item', () => {
    const keys = ['P|1|2026-01-01', 'P|2|2026-01-01', 'F|approval_rate|3|2026-01-01', 'P|1|2026-01-01'];
    const out = setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: keys, state: 'explained', reason: 'upstream_error', note: 'the portal rounds rates' });
    expect(out.map((r) => r.itemKey)).toEqual(['P|1|2026-01-01', 'P|2|2026-01-01', 'F|approval_rate|3|2026-01-01']);
    expect(listAuditLog(cache.db, { connection: 'acme' }).map((e) => e.subject)).toEqual(['P|1|2026-01-01', 'P|2|2026-01-01', 'F|approval_rate|3|2026-01-01']);
  });

  it('carries an item forward, with its reason and note', () => {
    const [r] = setReview(withStore(cache.db, clock), { connection: 'lms', itemKeys: ['B|9'], state: 'carried_forward', reason: 'timing', note: 'collected in April' });
    expect(r).toMatchObject({ state: 'carried_forward', reason: 'timing', note: 'collected in April' });
  });

  it('is all or nothing: one bad key changes nothing', () => {
    const explained = { state: 'resolved' as const, reason: 'pricing' as const, note: 'fixed' };
    expect(() => setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['P|1|2026-01-01', 'P|x'], ...explained })).toThrow(/not an item key/);
    expect(() => setReview(withStore(cache.db, clock), { connection: 'acme', itemKeys: ['B|12'], ...explained })).toThrow(/portal connection/);
    expect(() => setReview(withStore(cache.db, clock), { connection: 'lms', itemKeys: ['P|1|2026-01-01'], ...explained })).toThrow(/PAYG connection/);
    expect(getReviews(cache, 'acme')).toEqual([]);
    expect(listAuditLog(cache.db)).toEqual([]);
  });

  it('refuses explained, resolved or carried forward without a reason or without a note, one at a time and in bulk', () => {
    const base = { connection: 'acme', itemKeys: ['P|1|2026-01-01', 'P|2|2026-01-01'] };
    for (const state of ['explained', 'resolved', 'carried_forward'] as const) {
      expect(() => setReview(withStore(cache.db, clock), { ...base, state, note: 'a note' })).toThrow(/needs a reason/);
      expect(() => setReview(withStore(cache.db, clock), { ...base, state, reason: 'timing' })).toThrow(/needs a note/);
      expect(() => setReview(withStore(cache.db, clock), { ...base, state, reason: 'timing', note: '   ' })).toThrow(/needs a note/);
    }
    expect(getReviews(cache, 'acme')).toEqual([]);
    // Open needs nothing.
    expect(setReview(withStore(cache.db, clock), { ...base, state: 'open' })).toHaveLength(2);
  });

  it('refuses an unknown state or reason and an empty selection', () => {
    const base = { connection: 'lms', itemKeys: ['B|1'], note: 'n' };
    expect(() => setReview(withStore(cache.db, clock), { ...base, state: 'done' as never })).toThrow(/not a review state/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, state: 'explained', reason: 'because' as never })).toThrow(/not a review reason: use one of timing, pricing/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, itemKeys: [], state: 'explained', reason: 'other' })).toThrow(/Say which items/);
    expect(() => setReview(withStore(cache.db, clock), { ...base, connection: 'nope', state: 'explained', reason: 'other' })).toThrow(/no connection named/);
  });
});
