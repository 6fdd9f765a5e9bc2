/**
 * What any ReviewStore must do, written once against the interface: the SQLite store runs it in
 * test/unit/review/review-store.test.ts, the team (PostgreSQL) store in
 * test/postgres/team-store.test.ts, each with its own factory.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionRef, ReviewStore } from '../../electron/core/review/index.ts';
import { NOW } from '../unit/reconcile/fixtures.ts';

export interface StoreUnderTest {
  store: ReviewStore;
  acme: ConnectionRef;
  lms: ConnectionRef;
  /** Another person's store over the same review layer (the solo store: the same one). */
  other: ReviewStore;
  /** Lets each store see what the other recorded (a team store: push and pull). */
  settle(): Promise<void>;
  /** What a sync writes when an upstream restates a figure of the connection's month. */
  restate(connection: ConnectionRef, periodStart: string): void;
  /** Moves the stores' clock. */
  advance(ms: number): void;
  close(): void | Promise<void>;
}

export function reviewStoreContract(name: string, open: () => StoreUnderTest | Promise<StoreUnderTest>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    let t: StoreUnderTest;
    beforeEach(async () => {
      t = await open();
    });
    afterEach(async () => t.close());

    it('records reviews all together, each with an audit entry naming what it replaced', () => {
      const { store, acme } = t;
      store.recordReviews(acme, [{ itemKeys: ['P|1|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note' }], { name: 'ana' });
      t.advance(60_000);
      const out = store.recordReviews(
        acme,
        [
          { itemKeys: ['P|1|2026-01-01', 'P|2|2026-01-01'], state: 'resolved', reason: 'pricing', note: null },
          { itemKeys: ['F|approval_rate|3|2026-01-01'], state: 'explained', reason: 'upstream_error', note: 'portal rounding' },
        ],
        { name: 'ben' },
      );
      expect(out.map((r) => [r.itemKey, r.state, r.author])).toEqual([
        ['P|1|2026-01-01', 'resolved', 'ben'],
        ['P|2|2026-01-01', 'resolved', 'ben'],
        ['F|approval_rate|3|2026-01-01', 'explained', 'ben'],
      ]);
      expect([...store.reviews(acme).keys()]).toEqual(['F|approval_rate|3|2026-01-01', 'P|1|2026-01-01', 'P|2|2026-01-01']);
      expect(store.reviews(acme).get('P|1|2026-01-01')).toMatchObject({ state: 'resolved', reason: 'pricing', note: null, author: 'ben' });
      expect(store.reviews(t.lms).size).toBe(0);
      // Some items only, as a reconciliation asks for its findings': reviewed ones answer, others are absent.
      const some = store.reviewsOfItems(acme, ['P|2|2026-01-01', 'P|9|2026-01-01', 'F|approval_rate|3|2026-01-01', 'P|2|2026-01-01']);
      expect([...some.keys()].sort()).toEqual(['F|approval_rate|3|2026-01-01', 'P|2|2026-01-01']);
      expect(some.get('P|2|2026-01-01')).toEqual(store.reviews(acme).get('P|2|2026-01-01'));
      expect(store.reviewsOfItems(t.lms, ['P|2|2026-01-01']).size).toBe(0);
      const log = store.auditLog({ connection: 'acme' });
      expect(log.map((e) => [e.action, e.subject, e.actor])).toEqual([
        ['review.set', 'P|1|2026-01-01', 'ana'],
        ['review.set', 'P|1|2026-01-01', 'ben'],
        ['review.set', 'P|2|2026-01-01', 'ben'],
        ['review.set', 'F|approval_rate|3|2026-01-01', 'ben'],
      ]);
      expect(log[1]?.payload).toMatchObject({ state: 'resolved', previous: { state: 'explained', reason: 'timing', note: 'credit note', author: 'ana' } });
      expect(store.verifyAuditLog()).toMatchObject({ ok: true, entries: 4 });
    });

    it('records nothing when one review of the batch cannot be kept', () => {
      const { store, acme } = t;
      const batch = [
        { itemKeys: ['P|1|2026-01-01'], state: 'resolved' as const, reason: null, note: null },
        // A state no store keeps (the review rules refuse it before a store ever sees it).
        { itemKeys: ['P|2|2026-01-01'], state: 'approved' as never, reason: null, note: null },
      ];
      expect(() => store.recordReviews(acme, batch, { name: 'ana' })).toThrow();
      expect(store.reviews(acme).size).toBe(0);
      expect(store.auditLog()).toEqual([]);
      expect(store.verifyAuditLog()).toMatchObject({ ok: true, entries: 0 });
    });

    it('keeps sign-offs with the figures they attested, and voids only live ones, with the reason', async () => {
      const { store, other, acme } = t;
      const range = { from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
      const p = await store.recordSignoff(acme, { ...range, role: 'preparer', figuresText: '{"lines":[1]}', dataHash: 'a'.repeat(64), items: [] }, { name: 'ana' });
      t.advance(60_000);
      await t.settle();
      await other.recordSignoff(acme, { ...range, role: 'reviewer', figuresText: '{"lines":[1]}', dataHash: 'a'.repeat(64), items: [] }, { name: 'ben' });
      await store.recordSignoff(acme, { from: '2026-01-01', to: '2026-01-31', period: 'week', role: 'preparer', figuresText: '{}', dataHash: 'c'.repeat(64), items: [] }, { name: 'ana' });
      await t.settle();
      expect(p).toMatchObject({ connection: 'acme', role: 'preparer', author: 'ana', status: 'live', voidedAt: null, dataHash: 'a'.repeat(64) });
      expect(store.signedFigures(p.id)).toBe('{"lines":[1]}');
      expect(store.signedFigures(12345)).toBeNull();
      expect(store.signoffs(acme, range).map((s) => [s.role, s.author])).toEqual([
        ['preparer', 'ana'],
        ['reviewer', 'ben'],
      ]);
      const r = store.signoffs(acme, range)[1];
      expect(store.signoffs(acme, { from: '2026-01-01', to: '2026-01-31' })).toHaveLength(3);
      expect(store.signoffs(acme, { from: '2026-01-01', to: '2026-02-28' })).toEqual([]);

      t.advance(60_000);
      t.restate(acme, '2026-01-01');
      t.advance(60_000);
      store.voidSignoffs(acme, [{ signoffId: p.id, reason: 'P|1 changed', newHash: 'b'.repeat(64) }], { name: 'concilia' });
      // Voiding again, or voiding through another connection, changes nothing.
      store.voidSignoffs(acme, [{ signoffId: p.id, reason: 'again', newHash: 'd'.repeat(64) }], { name: 'concilia' });
      store.voidSignoffs(t.lms, [{ signoffId: r?.id ?? 0, reason: 'wrong connection', newHash: 'd'.repeat(64) }], { name: 'concilia' });
      await t.settle();
      expect(store.signoffs(acme, range).map((s) => [s.role, s.status, s.voidReason])).toEqual([
        ['preparer', 'voided', 'P|1 changed'],
        ['reviewer', 'live', null],
      ]);
      expect(other.signoffs(acme, range).map((s) => [s.role, s.status])).toEqual([
        ['preparer', 'voided'],
        ['reviewer', 'live'],
      ]);
      const voids = store.auditLog().filter((e) => e.action === 'signoff.void');
      expect(voids).toHaveLength(1);
      expect(voids[0]).toMatchObject({ actor: 'concilia', subject: `signoff:${p.id}`, payload: { oldHash: 'a'.repeat(64), newHash: 'b'.repeat(64), reason: 'P|1 changed' } });
      expect(store.verifyAuditLog().ok).toBe(true);
    });

    it('appends any audit entry and reads the log by connection and date', () => {
      const { store } = t;
      store.appendAudit({ actor: 'ana', action: 'connection.set_url', connectionId: t.lms.id, subject: null, payload: { from: 'https://a', to: 'https://b' } });
      t.advance(86_400_000);
      store.appendAudit({ actor: 'ana', action: 'export.write', payload: { file: 'x.xlsx' } });
      expect(store.auditLog({ connection: 'lms' }).map((e) => e.action)).toEqual(['connection.set_url']);
      expect(store.auditLog({ to: new Date(NOW).toISOString().slice(0, 10) })).toHaveLength(1);
      expect(store.auditLog().map((e) => e.seq)).toEqual([1, 2]);
    });

    it('saves a tolerance per connection', () => {
      const { store, acme, lms } = t;
      store.saveTolerance(acme, { absMinor: 500_000, pct: '0.5' });
      expect(store.savedTolerance(acme)).toEqual({ absMinor: 500_000, pct: '0.5' });
      expect(store.savedTolerance(lms)).toEqual({ absMinor: 0, pct: '0' });
    });
  });
}
