/**
 * Team close with two laptops (two caches) and two database roles on a real PostgreSQL: the
 * preparer signs on one, the reviewer on the other; the server, not the laptops, refuses the same
 * role in both duties; an edit that crossed another is kept in both laptops' history; and a log
 * changed behind the server's triggers is caught by the laptops.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcilePortal } from '../../electron/core/reconcile/index.ts';
import { setReview } from '../../electron/core/review/index.ts';
import { revalidateSignoffs, signOff } from '../../electron/core/signoff/index.ts';
import { TeamError } from '../../electron/core/team/errors.ts';
import { joinTeam } from '../../electron/core/team/join.ts';
import { testIdentity } from '../support/identity.ts';
import { as, joined, laptop, teamOfTwo, type Laptop, type Login, type TeamDatabase, type TeamOfTwo } from './support.ts';

let two: TeamOfTwo;
let team: TeamDatabase;
let ana: Login;
let ben: Login;
let a: Laptop;
let b: Laptop;
const range = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' as const };

// A team of its own for each case: what one case signed never meets the next.
beforeEach(async () => {
  two = await teamOfTwo();
  ({ team, ana, ben, a, b } = two);
});
afterEach(async () => two.close());

function explainAll(l: Laptop): void {
  setReview(l.deps, { connection: 'acme', itemKeys: ['P|2|2026-01-01', 'P|3|2026-01-01'], state: 'explained', reason: 'timing', note: 'credit note in February' });
}

describe('two laptops, one team', () => {
  it('the preparer signs on laptop A, the reviewer on laptop B, each recorded as their own role', async () => {
    // Open items: refused on the laptop (strict sign-off), as the server would (schema.test.ts).
    await expect(signOff(a.deps, { ...range, role: 'preparer' })).rejects.toMatchObject({ kind: 'rejected', problem: { code: 'open_items' } });
    explainAll(a);
    const prepared = await signOff(a.deps, { ...range, role: 'preparer' });
    expect(prepared).toMatchObject({ role: 'preparer', status: 'live' });

    // Laptop B pulls A's reviews and sign-off, then signs as reviewer over the same figures.
    const pulled = await b.sync();
    expect(pulled.pulled).toBeGreaterThan(0);
    const seen = reconcilePortal(b.deps, { ...range, now: Date.now() });
    expect(seen.rows.filter((r) => r.outOfTolerance).map((r) => [r.key, r.review?.state])).toEqual([
      ['P|2|2026-01-01', 'explained'],
      ['P|3|2026-01-01', 'explained'],
    ]);
    expect(seen.dataHash).toBe(prepared.figuresHash);
    const reviewed = await signOff(b.deps, { ...range, role: 'reviewer' });
    expect(reviewed.dataHash).toBe(prepared.dataHash);

    const server = await as<{ role: string; author: string }>(ana, 'SELECT role, author::text FROM concilia.signoff ORDER BY id');
    expect(server.rows).toEqual([
      { role: 'preparer', author: ana.address.user },
      { role: 'reviewer', author: ben.address.user },
    ]);
    await a.sync();
    expect(a.store.signoffs({ id: 1, name: 'acme' }).map((s) => [s.role, s.author, s.status])).toEqual([
      ['preparer', 'Ana Pérez', 'live'],
      ['reviewer', 'Luis Gómez', 'live'],
    ]);
    expect(a.store.verifyAuditLog()).toMatchObject({ ok: true });
    expect(b.store.verifyAuditLog()).toMatchObject({ ok: true });
  });

  it('the same role cannot sign both: the server refuses, whatever account the laptop signs with', async () => {
    explainAll(a);
    await signOff(a.deps, { ...range, role: 'preparer' });
    // Another computer account (its own key, registered to the same database role): the laptop's
    // own check passes, the server's does not.
    const other = await joined(ana, 'Ana Pérez', undefined, testIdentity('ana-second-account'));
    try {
      await other.sync();
      const refused = await signOff(other.deps, { ...range, role: 'reviewer' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TeamError);
      expect(refused).toMatchObject({ kind: 'rejected', code: 'CN005' });
      expect((refused as Error).message).toContain('someone else must review it');
      expect(other.store.signoffs({ id: 1, name: 'acme' }).map((s) => s.role)).toEqual(['preparer']);
    } finally {
      other.close();
    }
    // The same account on its own laptop is refused before the server is asked.
    const refused = await signOff(a.deps, { ...range, role: 'reviewer' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'rejected', problem: { code: 'same_account' } });
    expect(a.store.signoffs({ id: 1, name: 'acme' }).map((s) => s.role)).toEqual(['preparer']);
  });

  it('a reviewer whose figures differ is told to sync and compare, with what differs; the team sign-off stands', async () => {
    explainAll(a);
    await signOff(a.deps, { ...range, role: 'preparer' });
    await b.sync();
    // B's cache holds another figure than A's (synced at another moment).
    b.cache.db.prepare("UPDATE portal_row SET provider_minor = 251000 WHERE provider_id = '2'").run();
    const refused = await signOff(b.deps, { ...range, role: 'reviewer' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'rejected' });
    expect((refused as Error).message).toMatch(/differ from those Ana Pérez signed as preparer: sync acme for .*, then compare\. What differs: .*2,500\.00 to 2,510\.00/);
    // Nothing was voided, here or on the server.
    await b.sync();
    expect(b.store.signoffs({ id: 1, name: 'acme' }).map((s) => s.status)).toEqual(['live']);
    // Were it to reach the server anyway, the server would refuse it too.
    const server = await as<{ n: string }>(ben, "SELECT count(*) AS n FROM concilia.signoff WHERE voided_at IS NULL");
    expect(server.rows[0]?.n).toBe('1');
  });

  it('a restatement synced on the preparer’s laptop voids the team sign-off for everybody, with the reason', async () => {
    explainAll(a);
    await signOff(a.deps, { ...range, role: 'preparer' });
    await b.sync();
    // What sync does on A when the upstream restates: the figure and its restatement, after the sign-off.
    a.cache.db.prepare("UPDATE portal_row SET provider_minor = 260000 WHERE provider_id = '2'").run();
    a.cache.db
      .prepare("INSERT INTO restatement (connection_id, entity, entity_key, period_start, field, old_value, new_value, detected_at) VALUES (1, 'portal_row', 'P|2|2026-01-01', '2026-01-01', 'provider_minor', '250000', '260000', ?)")
      .run(new Date(Date.now() + 1000).toISOString());
    // …and the write step that follows it: the sign-off whose figures changed is voided.
    expect(revalidateSignoffs(a.deps, 'acme')).toHaveLength(1);
    await a.sync();
    await b.sync();
    const voided = b.store.signoffs({ id: 1, name: 'acme' });
    expect(voided.map((s) => s.status)).toEqual(['voided']);
    expect(voided[0]?.voidReason).toMatch(/changed from 2,500\.00 to 2,600\.00/);
  });

  it('two changes to one item made apart: both kept in history on both laptops, the later on the server stands, both are told', async () => {
    await a.sync();
    await b.sync();
    setReview(a.deps, { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'explained', reason: 'timing', note: 'Ana: timing' });
    setReview(b.deps, { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'resolved', reason: 'pricing', note: 'Luis: price fixed' });
    const first = await a.sync();
    expect(first.notices).toEqual([]);
    const second = await b.sync();
    expect(second.notices.map((n) => [n.kind, n.itemKey, n.standing.author, n.standing.state, n.replaced])).toEqual([
      ['crossed', 'P|2|2026-01-01', 'Luis Gómez', 'resolved', { author: 'Ana Pérez', state: 'explained' }],
    ]);
    const third = await a.sync();
    expect(third.notices).toHaveLength(1);
    for (const l of [a, b]) {
      expect(l.store.reviews({ id: 1, name: 'acme' }).get('P|2|2026-01-01')).toMatchObject({ state: 'resolved', note: 'Luis: price fixed' });
      const history = l.store.auditLog({ connection: 'acme' }).filter((e) => e.subject === 'P|2|2026-01-01');
      expect(history.map((e) => [e.actorName, (e.payload as { state: string }).state])).toEqual(
        l === a
          ? [
              ['Ana Pérez', 'explained'],
              ['Luis Gómez', 'resolved'],
            ]
          : [
              ['Luis Gómez', 'resolved'],
              ['Ana Pérez', 'explained'],
            ],
      );
      expect(l.store.verifyAuditLog().ok).toBe(true);
    }
  });

  it('tampering with an audit row through SQL is refused by the server; a change behind its back is caught by the laptops', async () => {
    explainAll(a);
    await a.sync();
    await expect(as(ben, "UPDATE concilia.audit_log SET payload = '{}' WHERE seq = 1")).rejects.toMatchObject({ code: '42501' });
    await expect(as(ben, 'DELETE FROM concilia.audit_log')).rejects.toMatchObject({ code: '42501' });
    await expect(as(team.owner, "UPDATE concilia.audit_log SET actor = 'mallory' WHERE seq = 1")).rejects.toMatchObject({ code: 'CN010' });
    await expect(as(team.owner, 'DELETE FROM concilia.audit_log WHERE seq = 1')).rejects.toMatchObject({ code: 'CN010' });
    // The database administrator can switch the guard off; the laptops still notice.
    await team.admin("ALTER TABLE concilia.audit_log DISABLE TRIGGER audit_log_append_only; UPDATE concilia.audit_log SET payload = replace(payload, 'timing', 'pricing'); ALTER TABLE concilia.audit_log ENABLE TRIGGER audit_log_append_only");
    const caught = await b.sync().catch((e: unknown) => e);
    expect(caught).toMatchObject({ kind: 'rejected' });
    expect((caught as Error).message).toMatch(/does not hold together at entry #\d+: its contents no longer match its hash/);
  });

  it('an entry rewritten on the server with its hash recomputed is caught by its signature, on pull and in audit verify', async () => {
    explainAll(a);
    await a.sync();
    await b.sync();
    expect(b.store.verifyAuditLog()).toMatchObject({ ok: true });
    // Whoever holds the database rewrites ana's last review, what she signed included, and recomputes its hash.
    await team.admin(`ALTER TABLE concilia.audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE concilia.audit_log SET payload = replace(payload, 'explained', 'resolved'), signed_entry = replace(signed_entry, 'explained', 'resolved'),
        hash = concilia.signed_entry_hash(prev_hash, seq, at, actor, action, connection, subject, replace(payload, 'explained', 'resolved'), key_fingerprint, replace(signed_entry, 'explained', 'resolved'))
        WHERE seq = (SELECT max(seq) FROM concilia.audit_log);
      ALTER TABLE concilia.audit_log ENABLE TRIGGER audit_log_append_only`);
    // A laptop joining now pulls the whole log, and stops at that entry.
    const fresh = laptop(await team.member('carla'));
    try {
      const caught = await joinTeam(fresh.cache.db, fresh.deps.clock, fresh.store.team, { displayName: 'Carla Ruiz', identity: fresh.store.identity }).catch((e: unknown) => e);
      expect(caught).toMatchObject({ kind: 'rejected' });
      expect((caught as Error).message).toMatch(/does not hold together at entry #\d+: its signature does not match what it says/);
    } finally {
      fresh.close();
    }
    // On a laptop that pulled it before: a signature changed in its copy is named by audit verify.
    b.cache.db.exec('DROP TRIGGER team_audit_no_update');
    b.cache.db.prepare("UPDATE team_audit SET signature = ? WHERE seq = (SELECT max(seq) FROM team_audit WHERE signature IS NOT NULL)").run(Buffer.alloc(64, 1).toString('base64'));
    const verified = b.store.verifyAuditLog();
    expect(verified).toMatchObject({ ok: false });
    expect(verified.message).toMatch(/team's audit log as pulled to this computer has been altered at entry #\d+: its signature does not match what it says/);
  });
});
