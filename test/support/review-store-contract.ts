/**
 * What any ReviewStore must do, written once against the interface and per account: the SQLite
 * store runs it in test/unit/review/review-store.test.ts (every account on one workspace), the
 * team (PostgreSQL) store in test/postgres/team-store.test.ts (each account on its own laptop,
 * settled by syncing them).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../electron/core/identity/index.ts';
import type { Attested, ConnectionRef, ReviewStore } from '../../electron/core/review/index.ts';
import { emptyTally } from '../../electron/core/signoff/index.ts';
import { NOW } from '../unit/reconcile/fixtures.ts';
import { testIdentity } from './identity.ts';

export interface StoreUnderTest {
  /** The store of one account (made once per identity: the same workspace, or that account's laptop on the team). */
  as(identity: Identity): ReviewStore;
  acme: ConnectionRef;
  lms: ConnectionRef;
  /** Lets every account's store see what the others recorded (solo: nothing to do; team: push and pull). */
  settle(): Promise<void>;
  /** What a sync writes when an upstream restates a figure of the connection's month (a team sign-off is voided only then). */
  restate(connection: ConnectionRef, periodStart: string): void;
  /** The name an account is assigned a month by (solo: any name; team: the member's database role). */
  member(identity: Identity): string;
  /** Moves the stores' clock. */
  advance(ms: number): void;
  close(): void | Promise<void>;
}

export const ana = testIdentity('ana');
export const ben = testIdentity('ben');
const attested: Attested = { tolerance: { abs: '0.00', pct: '0.5', currency: 'COP' }, thresholds: null, tally: emptyTally() };
const newSignoff = (role: 'preparer' | 'reviewer', hash: string, period: 'month' | 'week' = 'month') => ({
  from: '2026-01-01',
  to: '2026-01-31',
  period,
  role,
  statementText: `statement ${hash[0] ?? ''}\n`,
  dataHash: hash,
  figuresHash: `f${hash.slice(1)}`,
  attested,
  items: [],
});

export function reviewStoreContract(name: string, open: () => StoreUnderTest | Promise<StoreUnderTest>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    let t: StoreUnderTest;
    beforeEach(async () => {
      t = await open();
    });
    afterEach(async () => t.close());

    it('records reviews all together, each with a signed audit entry naming what it replaced', async () => {
      const { acme } = t;
      t.as(ana).recordReviews(acme, [{ itemKeys: ['P|1|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note' }]);
      t.advance(60_000);
      await t.settle();
      const store = t.as(ben);
      const out = store.recordReviews(acme, [
        { itemKeys: ['P|1|2026-01-01', 'P|2|2026-01-01'], state: 'resolved', reason: 'pricing', note: 'fixed in the portal' },
        { itemKeys: ['F|approval_rate|3|2026-01-01'], state: 'carried_forward', reason: 'upstream_error', note: 'portal rounding' },
      ]);
      expect(out.map((r) => [r.itemKey, r.state, r.author, r.accountId])).toEqual([
        ['P|1|2026-01-01', 'resolved', 'ben', 'test:ben'],
        ['P|2|2026-01-01', 'resolved', 'ben', 'test:ben'],
        ['F|approval_rate|3|2026-01-01', 'carried_forward', 'ben', 'test:ben'],
      ]);
      expect([...store.reviews(acme).keys()]).toEqual(['F|approval_rate|3|2026-01-01', 'P|1|2026-01-01', 'P|2|2026-01-01']);
      expect(store.reviews(acme).get('P|1|2026-01-01')).toMatchObject({ state: 'resolved', reason: 'pricing', author: 'ben', reopened: null });
      expect(store.reviews(t.lms).size).toBe(0);
      // Some items only, as a reconciliation asks for its findings': reviewed ones answer, others are absent.
      const some = store.reviewsOfItems(acme, ['P|2|2026-01-01', 'P|9|2026-01-01', 'F|approval_rate|3|2026-01-01', 'P|2|2026-01-01']);
      expect([...some.keys()].sort()).toEqual(['F|approval_rate|3|2026-01-01', 'P|2|2026-01-01']);
      expect(some.get('P|2|2026-01-01')).toEqual(store.reviews(acme).get('P|2|2026-01-01'));
      expect(store.reviewsOfItems(t.lms, ['P|2|2026-01-01']).size).toBe(0);
      const log = store.auditLog({ connection: 'acme' });
      expect(log.map((e) => [e.action, e.subject, e.actor, e.signed])).toEqual([
        ['review.set', 'P|1|2026-01-01', 'test:ana', true],
        ['review.set', 'P|1|2026-01-01', 'test:ben', true],
        ['review.set', 'P|2|2026-01-01', 'test:ben', true],
        ['review.set', 'F|approval_rate|3|2026-01-01', 'test:ben', true],
      ]);
      expect(log[1]?.payload).toMatchObject({ state: 'resolved', previous: { state: 'explained', reason: 'timing', note: 'credit note', author: 'ana' } });
      expect(store.reviewHistory(acme, 'P|1|2026-01-01').map((e) => e.actor)).toEqual(['test:ana', 'test:ben']);
      expect(store.verifyAuditLog()).toMatchObject({ ok: true, entries: 6, signed: 6 });
    });

    it('records nothing when one review of the batch cannot be kept', () => {
      const store = t.as(ana);
      const batch = [
        { itemKeys: ['P|1|2026-01-01'], state: 'resolved' as const, reason: 'other' as const, note: 'n' },
        // A state no store keeps (the review rules refuse it before a store ever sees it).
        { itemKeys: ['P|2|2026-01-01'], state: 'approved' as never, reason: null, note: null },
      ];
      expect(() => store.recordReviews(t.acme, batch)).toThrow();
      expect(store.reviews(t.acme).size).toBe(0);
      expect(store.auditLog()).toEqual([]);
      expect(store.verifyAuditLog()).toMatchObject({ ok: true, entries: 0 });
    });

    it('reopens settled reviews with what changed, and leaves open ones alone', async () => {
      const store = t.as(ana);
      store.recordReviews(t.acme, [{ itemKeys: ['P|1|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note' }]);
      store.recordReviews(t.acme, [{ itemKeys: ['P|2|2026-01-01'], state: 'open', reason: null, note: null }]);
      t.advance(60_000);
      await t.settle();
      const label = (key: string) => ({ key, name: 'Rutas Andinas', periodStart: '2026-01-01', periodKind: 'month' as const, currency: 'COP' });
      const changes = [{ field: 'providerReported', from: '2500.00', to: '2600.00' }];
      const reopened = t.as(ben).reopenReviews(t.acme, [
        { item: label('P|1|2026-01-01'), changes },
        { item: label('P|2|2026-01-01'), changes },
        { item: label('P|9|2026-01-01'), changes },
      ]);
      expect(reopened.map((r) => r.itemKey)).toEqual(['P|1|2026-01-01']);
      await t.settle();
      expect(store.reviews(t.acme).get('P|1|2026-01-01')).toMatchObject({
        state: 'open',
        reason: null,
        note: null,
        reopened: { changes, previous: { state: 'explained', reason: 'timing', note: 'credit note' } },
      });
      const history = store.reviewHistory(t.acme, 'P|1|2026-01-01');
      expect(history.map((e) => e.action)).toEqual(['review.set', 'review.reopen']);
      expect(history[1]?.payload).toMatchObject({ item: { name: 'Rutas Andinas' }, changes, previous: { state: 'explained' } });
      // A review made after it clears the mark.
      store.recordReviews(t.acme, [{ itemKeys: ['P|1|2026-01-01'], state: 'explained', reason: 'pricing', note: 'new price list' }]);
      expect(store.reviews(t.acme).get('P|1|2026-01-01')?.reopened).toBeNull();
      expect(store.verifyAuditLog().ok).toBe(true);
    });

    it('keeps sign-offs with what they attested and who signed, and voids only live ones, with the reason', async () => {
      const { acme } = t;
      const p = await t.as(ana).recordSignoff(acme, newSignoff('preparer', 'a'.repeat(64)));
      t.advance(60_000);
      await t.settle();
      const r = await t.as(ben).recordSignoff(acme, newSignoff('reviewer', 'a'.repeat(64)));
      await t.as(ana).recordSignoff(acme, { ...newSignoff('preparer', 'c'.repeat(64), 'week') });
      await t.settle();
      const store = t.as(ana);
      expect(p).toMatchObject({ connection: 'acme', role: 'preparer', author: 'ana', accountId: 'test:ana', signed: true, status: 'live', voidedAt: null, dataHash: 'a'.repeat(64), figuresHash: `f${'a'.repeat(63)}`, attested });
      expect(r).toMatchObject({ role: 'reviewer', author: 'ben', accountId: 'test:ben' });
      expect(store.signedFigures(p.id)).toBe('statement a\n');
      expect(store.signedFigures(12345)).toBeNull();
      const range = { from: '2026-01-01', to: '2026-01-31', period: 'month' as const };
      // Each laptop numbers the sign-offs it keeps: ana's own by its id, ben's by who signed it and what.
      expect(store.signoffs(acme, range).map((s) => [s.id === p.id ? 'p' : s.accountId, s.role, s.dataHash, s.figuresHash])).toEqual([
        ['p', 'preparer', 'a'.repeat(64), `f${'a'.repeat(63)}`],
        ['test:ben', 'reviewer', 'a'.repeat(64), `f${'a'.repeat(63)}`],
      ]);
      expect(store.signoffs(acme, range)[1]).toMatchObject({ author: 'ben', signed: true, attested });
      expect(store.signoffs(acme, { from: '2026-01-01', to: '2026-01-31' })).toHaveLength(3);
      expect(store.signoffs(acme, { from: '2026-01-01', to: '2026-02-28' })).toEqual([]);

      t.advance(60_000);
      t.restate(acme, '2026-01-01');
      t.advance(60_000);
      const reason = { kind: 'figures_changed' as const, role: 'preparer' as const, author: 'ana', changes: [], more: 0 };
      store.voidSignoffs(acme, [{ signoffId: p.id, reason, newFiguresHash: 'b'.repeat(64) }]);
      // Voiding again, or voiding through another connection, changes nothing.
      store.voidSignoffs(acme, [{ signoffId: p.id, reason: { kind: 'text', text: 'again' }, newFiguresHash: 'd'.repeat(64) }]);
      store.voidSignoffs(t.lms, [{ signoffId: r.id, reason: { kind: 'text', text: 'wrong connection' }, newFiguresHash: 'd'.repeat(64) }]);
      expect(store.signoffs(acme, range).map((s) => [s.role, s.status, s.voidDetail])).toEqual([
        ['preparer', 'voided', reason],
        ['reviewer', 'live', null],
      ]);
      const voids = store.auditLog().filter((e) => e.action === 'signoff.void');
      expect(voids).toHaveLength(1);
      expect(voids[0]).toMatchObject({ actor: 'test:ana', subject: `signoff:${p.id}`, payload: { oldHash: 'a'.repeat(64), newFiguresHash: 'b'.repeat(64), reason } });
      expect(store.verifyAuditLog().ok).toBe(true);
      await t.settle();
      expect(t.as(ben).signoffs(acme, range).map((s) => [s.role, s.status, s.voidDetail])).toEqual([
        ['preparer', 'voided', reason],
        ['reviewer', 'live', null],
      ]);
      expect(t.as(ben).verifyAuditLog().ok).toBe(true);
    });

    it('assigns and unassigns months, each a signed entry naming what it replaced, the same for every account', async () => {
      const { acme, lms } = t;
      // Each account knows the others (on a team, a laptop learns who joined when it syncs).
      await t.settle();
      const first = t.as(ana).assign(acme, { month: '2026-01', assignee: t.member(ben), dueDate: '2026-02-05' });
      expect(first).toMatchObject({ connection: 'acme', month: '2026-01', assignee: t.member(ben), dueDate: '2026-02-05' });
      // The same assignment again changes nothing and writes nothing.
      t.as(ana).assign(acme, { month: '2026-01', assignee: t.member(ben), dueDate: '2026-02-05' });
      t.advance(60_000);
      await t.settle();
      expect(t.as(ben).assignments(acme).map((a) => [a.month, a.assignee, a.dueDate])).toEqual([['2026-01', t.member(ben), '2026-02-05']]);
      t.as(ben).assign(acme, { month: '2026-01', assignee: t.member(ana), dueDate: '2026-02-10' });
      t.as(ben).assign(lms, { month: '2026-02', assignee: t.member(ben), dueDate: null });
      t.advance(60_000);
      await t.settle();
      t.as(ana).assign(acme, { month: '2026-01', assignee: null, dueDate: null });
      await t.settle();
      for (const identity of [ana, ben]) {
        const store = t.as(identity);
        expect(store.assignments().map((a) => [a.connection, a.month, a.assignee, a.dueDate])).toEqual([
          ['acme', '2026-01', null, null],
          ['lms', '2026-02', t.member(ben), null],
        ]);
        expect(store.assignments(lms).map((a) => a.month)).toEqual(['2026-02']);
        const entries = store.auditLog({ connection: 'acme' }).filter((e) => e.action === 'assignment.set');
        expect(entries.map((e) => [e.actor, e.subject, e.signed, e.payload])).toEqual([
          ['test:ana', '2026-01', true, { month: '2026-01-01', assignee: t.member(ben), dueDate: '2026-02-05', previous: null }],
          ['test:ben', '2026-01', true, { month: '2026-01-01', assignee: t.member(ana), dueDate: '2026-02-10', previous: { assignee: t.member(ben), dueDate: '2026-02-05' } }],
          ['test:ana', '2026-01', true, { month: '2026-01-01', assignee: null, dueDate: null, previous: { assignee: t.member(ana), dueDate: '2026-02-10' } }],
        ]);
        expect(store.verifyAuditLog()).toMatchObject({ ok: true });
      }
    });

    it('appends any signed audit entry and reads the log by connection, date and subject', () => {
      const store = t.as(ana);
      store.appendAudit({ action: 'connection.set_url', connectionId: t.lms.id, subject: 'lms', payload: { from: 'https://a', to: 'https://b' } });
      t.advance(86_400_000);
      store.appendAudit({ action: 'export.write', payload: { file: 'x.xlsx' } });
      expect(store.auditLog({ connection: 'lms' }).map((e) => [e.action, e.connection])).toEqual([['connection.set_url', 'lms']]);
      expect(store.auditLog({ subject: 'lms' })).toHaveLength(1);
      expect(store.auditLog({ to: new Date(NOW).toISOString().slice(0, 10) })).toHaveLength(2);
      expect(store.auditLog().map((e) => [e.seq, e.action])).toEqual([
        [1, 'identity.register'],
        [2, 'connection.set_url'],
        [3, 'export.write'],
      ]);
    });

    it('saves a tolerance per connection, each change an audit entry with old and new', () => {
      const store = t.as(ana);
      store.saveTolerance(t.acme, { absMinor: 500_000, pct: '0.5' }, 'COP');
      store.saveTolerance(t.acme, { absMinor: 500_000, pct: '0.5' }, 'COP');
      expect(store.savedTolerance(t.acme)).toEqual({ absMinor: 500_000, pct: '0.5' });
      expect(store.savedTolerance(t.lms)).toEqual({ absMinor: 0, pct: '0' });
      const changes = store.auditLog({ connection: 'acme' }).filter((e) => e.action === 'tolerance.set');
      expect(changes.map((e) => [e.actor, e.payload])).toEqual([['test:ana', { currency: 'COP', from: { abs: '0.00', pct: '0' }, to: { abs: '5000.00', pct: '0.5' } }]]);
    });

    it('knows the accounts that acted, and audits a change of display name', async () => {
      t.as(ana).appendAudit({ action: 'export.write', payload: null });
      t.as(ben).appendAudit({ action: 'export.write', payload: null });
      await t.settle();
      expect(t.as(ana).identity).toBe(ana);
      expect(t.as(ana).accounts().map((a) => [a.id, a.displayName, a.verified, a.keys.map((k) => k.fingerprint)])).toEqual([
        ['test:ana', 'ana', true, [ana.fingerprint]],
        ['test:ben', 'ben', true, [ben.fingerprint]],
      ]);
      const renamed = t.as(ana).setDisplayName('Ana Pérez');
      expect(renamed).toMatchObject({ id: 'test:ana', displayName: 'Ana Pérez' });
      await t.settle();
      expect(t.as(ben).account('test:ana')?.displayName).toBe('Ana Pérez');
      expect(t.as(ana).auditLog().filter((e) => e.action === 'identity.rename').map((e) => [e.actorName, e.payload])).toEqual([
        ['Ana Pérez', { accountId: 'test:ana', from: 'ana', to: 'Ana Pérez' }],
      ]);
      expect(t.as(ben).verifyAuditLog()).toMatchObject({ ok: true });
    });
  });
}

