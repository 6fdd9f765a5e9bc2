/**
 * Assignments on a real PostgreSQL, signed like every other change: the server records the role
 * behind each and takes one only with a signature by that role's registered key over what it
 * says; the laptops check the signature when they pull; a laptop joining later rebuilds them from
 * the signed log, not from the server's table; and an assignment rewritten on the server, or
 * changed in a laptop's cache, is caught.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../electron/core/identity/index.ts';
import { joinTeam } from '../../electron/core/team/join.ts';
import { as, joined, laptop, sendSigned, teamOfTwo, type Laptop, type Login, type TeamDatabase, type TeamOfTwo } from './support.ts';

let two: TeamOfTwo;
let team: TeamDatabase;
let ana: Login;
let ben: Login;
let a: Laptop;
let b: Laptop;
const acme = { id: 1, name: 'acme' };

beforeEach(async () => {
  two = await teamOfTwo();
  ({ team, ana, ben, a, b } = two);
  // Each laptop learns who joined.
  await a.sync();
  await b.sync();
});
afterEach(async () => two.close());

/** An assignment sent straight to the server as `login`, signed by `signer` over what `said` says (unsigned when null). */
function sendAssignment(login: Login, sent: { month: string; assignee: string | null }, signer: Identity | null, said: { month: string; assignee: string | null } = sent): Promise<void> {
  return sendSigned(
    login,
    signer,
    () => ({ action: 'assignment.set', subject: said.month, payload: { month: `${said.month}-01`, assignee: said.assignee, dueDate: null } }),
    'INSERT INTO concilia.assignment_change (client_id, connection, month, assignee, due_date) VALUES ($1, $2, $3, $4, NULL)',
    (clientId) => [clientId, 'acme', `${sent.month}-01`, sent.assignee],
  );
}

describe('assignments on a team', () => {
  it('are signed by the account that assigned, recorded by the server as its role, and checked on the laptop that pulls them', async () => {
    a.store.assign(acme, { month: '2026-01', assignee: ben.address.user, dueDate: '2026-02-05' });
    await a.sync();
    const server = await as<{ set_by: string; actor: string; key_fingerprint: string | null; signed: boolean }>(
      ben,
      `SELECT c.set_by::text, l.actor::text, l.key_fingerprint, l.signature IS NOT NULL AS signed
         FROM concilia.assignment_change c JOIN concilia.audit_log l ON l.action = 'assignment.set' AND l.payload::jsonb->>'clientId' = c.client_id::text`,
    );
    expect(server.rows).toEqual([{ set_by: ana.address.user, actor: ana.address.user, key_fingerprint: a.store.identity.fingerprint, signed: true }]);

    await b.sync();
    expect(b.store.assignments(acme)).toEqual([{ connection: 'acme', month: '2026-01', assignee: ben.address.user, assigneeName: 'Luis Gómez', dueDate: '2026-02-05' }]);
    // Ana's entry joins Ben's log as she signed it.
    const entry = b.store.auditLog({ subject: '2026-01' }).find((e) => e.action === 'assignment.set');
    expect(entry).toMatchObject({ actor: a.store.identity.accountId, actorName: 'Ana Pérez', signed: true, keyFingerprint: a.store.identity.fingerprint });
    expect(b.store.verifyAuditLog()).toMatchObject({ ok: true });

    // Unassigning is signed and recorded the same way.
    b.store.assign(acme, { month: '2026-01', assignee: null, dueDate: null });
    await b.sync();
    await a.sync();
    expect(a.store.assignments(acme).map((x) => [x.assignee, x.dueDate])).toEqual([[null, null]]);
    const unset = await as<{ actor: string; signed: boolean }>(ana, "SELECT actor::text, signature IS NOT NULL AS signed FROM concilia.audit_log WHERE action = 'assignment.set' ORDER BY seq");
    expect(unset.rows).toEqual([
      { actor: ana.address.user, signed: true },
      { actor: ben.address.user, signed: true },
    ]);
    expect(a.store.verifyAuditLog()).toMatchObject({ ok: true });
  });

  it('the server refuses an assignment unsigned, signed with another role’s key, or saying other than what was signed', async () => {
    const benKey = b.store.identity;
    const anaKey = a.store.identity;
    await as(ana, "INSERT INTO concilia.team_connection (name, kind, currency) VALUES ('acme', 'portal', 'COP')");
    await expect(sendAssignment(ben, { month: '2026-02', assignee: ben.address.user }, null)).rejects.toMatchObject({ code: 'CN012' });
    await expect(sendAssignment(ben, { month: '2026-02', assignee: ben.address.user }, anaKey)).rejects.toMatchObject({ code: 'CN011' });
    await expect(sendAssignment(ben, { month: '2026-02', assignee: ben.address.user }, benKey, { month: '2026-02', assignee: ana.address.user })).rejects.toMatchObject({
      code: 'CN012',
      message: expect.stringMatching(/not what its account signed/) as unknown,
    });
    await expect(sendAssignment(ben, { month: '2026-02', assignee: ben.address.user }, benKey, { month: '2026-03', assignee: ben.address.user })).rejects.toMatchObject({ code: 'CN012' });
    // Nor may the schema's owner write an unsigned assignment into the log directly.
    await expect(
      as(team.owner, `INSERT INTO concilia.audit_log (action, connection, subject, payload) VALUES ('assignment.set', 'acme', '2026-02', '{"month":"2026-02-01","assignee":null,"dueDate":null}')`),
    ).rejects.toMatchObject({ code: 'CN012' });
    await sendAssignment(ben, { month: '2026-02', assignee: ben.address.user }, benKey);
    const { rows } = await as<{ n: string }>(ana, "SELECT count(*) AS n FROM concilia.audit_log WHERE action = 'assignment.set'");
    expect(rows[0]?.n).toBe('1');
    // A laptop refuses an assignee the team does not have before it is queued.
    expect(() => a.store.assign(acme, { month: '2026-03', assignee: 'mallory', dueDate: null })).toThrow(/mallory is not a member of this team/);
    expect(a.store.assignments(acme)).toEqual([]);
  });

  it('a laptop joining later takes them from the signed log, not the server’s table; one rewritten on the server, or in a cache, is caught', async () => {
    a.store.assign(acme, { month: '2026-01', assignee: ben.address.user, dueDate: '2026-02-05' });
    await a.sync();
    await b.sync();
    // Whoever holds the database changes the server's table of current assignments: nobody reads it.
    await team.admin(`UPDATE concilia.assignment SET assignee = '${ana.address.user}'`);
    const carla = await joined(await team.member('carla'), 'Carla Ruiz');
    try {
      expect(carla.store.assignments(acme).map((x) => x.assignee)).toEqual([ben.address.user]);
      expect(carla.store.verifyAuditLog()).toMatchObject({ ok: true });
    } finally {
      carla.close();
    }

    // …then rewrites the log's entry itself, its hash recomputed: its signature gives it away.
    await team.admin(`ALTER TABLE concilia.audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE concilia.audit_log SET payload = replace(payload, '${ben.address.user}', '${ana.address.user}'),
        hash = concilia.signed_entry_hash(prev_hash, seq, at, actor, action, connection, subject, replace(payload, '${ben.address.user}', '${ana.address.user}'), key_fingerprint, signed_entry)
        WHERE action = 'assignment.set';
      ALTER TABLE concilia.audit_log ENABLE TRIGGER audit_log_append_only`);
    const fresh = laptop(await team.member('dora'));
    try {
      const caught = await joinTeam(fresh.cache.db, fresh.deps.clock, fresh.store.team, { displayName: 'Dora Ruiz', identity: fresh.store.identity }).catch((e: unknown) => e);
      expect(caught).toMatchObject({ kind: 'rejected' });
      expect((caught as Error).message).toMatch(/does not hold together at entry #\d+: it says another month, assignee or due date than its signer signed/);
      expect(fresh.store.assignments(acme)).toEqual([]);
    } finally {
      fresh.close();
    }

    // On a laptop, the assignment kept in its cache is checked against the team's log by audit verify.
    b.cache.db.prepare("UPDATE team_assignment SET due_date = '2026-03-31'").run();
    const verified = b.store.verifyAuditLog();
    expect(verified).toMatchObject({ ok: false, problem: 'assignment' });
    expect(verified.message).toMatch(/team's log does not match the assignment of acme for 2026-01: it was changed outside Concilia after entry #\d+ set it/);
  });
});
