/**
 * The team schema on a real PostgreSQL: authors are the server's session_user whatever a client
 * sends, every member's entry is signed by a key registered to that member's role, the audit log
 * is append-only for members and owner alike, and the duties are refused by the server itself.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationError } from '../../electron/core/cache/index.ts';
import type { Identity } from '../../electron/core/identity/index.ts';
import { migrateTeamServer, withTeam } from '../../electron/core/team/server.ts';
import { teamMigrations } from '../../electron/core/team/schema/index.ts';
import { testIdentity } from '../support/identity.ts';
import { as, sendSigned, teamDatabase, type Login, type TeamDatabase } from './support.ts';

let team: TeamDatabase;
let ana: Login;
let ben: Login;
const keys = new Map<Login, Identity>();

beforeAll(async () => {
  team = await teamDatabase();
  ana = await team.member('ana');
  ben = await team.member('ben');
  keys.set(ana, testIdentity('schema-ana')).set(ben, testIdentity('schema-ben'));
  for (const [login, identity] of keys) await as(login, 'SELECT concilia.register_member($1, $2, $3)', [login.address.user, identity.accountId, identity.publicKey]);
  await as(ana, "INSERT INTO concilia.team_connection (name, kind, currency) VALUES ('acme', 'portal', 'COP')");
});
afterAll(async () => team.drop());

const hash = (c: string): string => c.repeat(64);

/** One change as a laptop sends it, signed by `signer` (the login's own key unless told otherwise; none when null) over its client id. */
function signed(login: Login, action: string, subject: string | null, sql: string, params: (clientId: string) => unknown[], signer: Identity | null | undefined = keys.get(login)): Promise<void> {
  return sendSigned(login, signer ?? null, (clientId) => ({ action, subject, payload: { clientId } }), sql, params);
}

function review(login: Login, key: string, state: string, signer?: Identity | null): Promise<void> {
  return signed(
    login,
    'review.set',
    key,
    'INSERT INTO concilia.review_change (client_id, connection, item_key, state, reason, note, made_at, based_on) VALUES ($1, $2, $3, $4, $5, $6, now(), NULL)',
    (id) => [id, 'acme', key, state, state === 'open' ? null : 'timing', 'note'],
    signer,
  );
}

function signoff(login: Login, role: string, items: { key: string; state: string }[], dataHash = hash('a'), from = '2026-01-01'): Promise<void> {
  return signed(
    login,
    'signoff.sign',
    null,
    `INSERT INTO concilia.signoff (client_id, connection, range_from, range_to, period_kind, role, data_hash, figures_gzip, items)
     VALUES ($1, 'acme', $2, ($2::date + interval '1 month' - interval '1 day')::date, 'month', $3, $4, $5, $6)`,
    (id) => [id, from, role, dataHash, gzipSync('{}'), JSON.stringify(items)],
  );
}

describe('the team schema', () => {
  it('records the session role as the author, whatever the client tries', async () => {
    await expect(
      as(ana, "INSERT INTO concilia.review_change (client_id, connection, item_key, state, made_at, author) VALUES ($1, 'acme', 'P|1|2026-01-01', 'open', now(), 'ben')", [randomUUID()]),
    ).rejects.toMatchObject({ code: '42501' });
    await review(ana, 'P|1|2026-01-01', 'explained');
    const { rows } = await as<{ author: string; actor: string }>(ana, "SELECT c.author, a.actor FROM concilia.review_change c JOIN concilia.audit_log a ON a.subject = c.item_key WHERE c.item_key = 'P|1|2026-01-01'");
    expect(rows).toEqual([{ author: ana.address.user, actor: ana.address.user }]);
    // A forged entry of the server's own kinds is refused; an ordinary one is the member's own.
    await expect(as(ana, "INSERT INTO concilia.audit_log (action, payload) VALUES ('review.set', '{}')")).rejects.toMatchObject({ code: 'CN009' });
    await signed(ben, 'export.write', null, "INSERT INTO concilia.audit_log (action, connection, payload, client_id) VALUES ('export.write', 'acme', '{\"file\": \"x.xlsx\"}', $1)", (id) => [id]);
    const last = await as<{ actor: string; payload: string; key_fingerprint: string }>(ben, 'SELECT actor, payload, key_fingerprint FROM concilia.audit_log ORDER BY seq DESC LIMIT 1');
    expect(last.rows[0]).toEqual({ actor: ben.address.user, payload: '{"file": "x.xlsx"}', key_fingerprint: keys.get(ben)?.fingerprint });
  });

  it('takes an entry only when a key registered to the sending role signed it', async () => {
    // Unsigned: refused.
    await expect(review(ana, 'P|3|2026-01-01', 'explained', null)).rejects.toMatchObject({ code: 'CN012' });
    // Signed with ben's key, sent by ana's role: refused before the change is looked at.
    await expect(review(ana, 'P|3|2026-01-01', 'explained', keys.get(ben))).rejects.toMatchObject({ code: 'CN011' });
    // A key nobody registered: refused.
    await expect(review(ana, 'P|3|2026-01-01', 'explained', testIdentity('schema-stranger'))).rejects.toMatchObject({ code: 'CN011' });
    // A key is registered to one role only.
    await expect(as(ben, 'SELECT concilia.register_member($1, $2, $3)', ['ben', 'test:ana', keys.get(ana)?.publicKey])).rejects.toMatchObject({ code: '23505' });
    const { rows } = await as<{ n: string }>(ana, "SELECT count(*) AS n FROM concilia.review_change WHERE item_key = 'P|3|2026-01-01'");
    expect(rows[0]?.n).toBe('0');
    // Signed by ana's own key: kept, with the signature and what it signed.
    await review(ana, 'P|3|2026-01-01', 'explained');
    const entry = await as<{ key_fingerprint: string; signed_entry: string }>(ana, "SELECT key_fingerprint, signed_entry FROM concilia.audit_log WHERE subject = 'P|3|2026-01-01'");
    expect(entry.rows).toHaveLength(1);
    expect(entry.rows[0]?.key_fingerprint).toBe(keys.get(ana)?.fingerprint);
    expect(JSON.parse(entry.rows[0]?.signed_entry ?? '{}')).toMatchObject({ action: 'review.set', subject: 'P|3|2026-01-01', actor: 'test:schema-ana' });
  });

  it('keeps the audit log append-only: no member may change it, and the trigger stops even the owner', async () => {
    await expect(as(ana, "UPDATE concilia.audit_log SET actor = 'mallory'")).rejects.toMatchObject({ code: '42501' });
    await expect(as(ana, 'DELETE FROM concilia.audit_log')).rejects.toMatchObject({ code: '42501' });
    await expect(as(team.owner, "UPDATE concilia.audit_log SET payload = '{}' WHERE seq = 1")).rejects.toMatchObject({ code: 'CN010' });
    await expect(as(team.owner, 'DELETE FROM concilia.audit_log WHERE seq = 1')).rejects.toMatchObject({ code: 'CN010' });
    await expect(as(team.owner, 'TRUNCATE concilia.audit_log CASCADE')).rejects.toMatchObject({ code: 'CN010' });
    await expect(as(team.owner, "UPDATE concilia.review_change SET note = 'edited'")).rejects.toMatchObject({ code: 'CN010' });
    // The chain links every entry to the one before it.
    const { rows } = await as<{ seq: string; prev_hash: string; hash: string }>(ana, 'SELECT seq, prev_hash, hash FROM concilia.audit_log ORDER BY seq');
    expect(rows.length).toBeGreaterThan(1);
    rows.forEach((row, i) => expect(row.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]?.hash));
  });

  it('refuses a sign-off over open items, or over states the server does not hold', async () => {
    await expect(signoff(ana, 'preparer', [{ key: 'P|2|2026-01-01', state: 'open' }])).rejects.toMatchObject({ code: 'CN003' });
    // The client says explained; the server has never heard of it.
    await expect(signoff(ana, 'preparer', [{ key: 'P|2|2026-01-01', state: 'explained' }])).rejects.toMatchObject({ code: 'CN002' });
  });

  it('refuses the reviewer sign-off by the preparer role, over other figures, or before the preparer', async () => {
    const items = [{ key: 'P|1|2026-01-01', state: 'explained' }];
    await expect(signoff(ben, 'reviewer', items)).rejects.toMatchObject({ code: 'CN006' });
    await signoff(ana, 'preparer', items);
    await expect(signoff(ana, 'preparer', items)).rejects.toMatchObject({ code: 'CN001' });
    await expect(signoff(ana, 'reviewer', items)).rejects.toMatchObject({ code: 'CN005' });
    await expect(signoff(ben, 'reviewer', items, hash('b'))).rejects.toMatchObject({ code: 'CN004' });
    await signoff(ben, 'reviewer', items);
    const { rows } = await as<{ role: string; author: string }>(ben, 'SELECT role, author FROM concilia.signoff ORDER BY id');
    expect(rows).toEqual([
      { role: 'preparer', author: ana.address.user },
      { role: 'reviewer', author: ben.address.user },
    ]);
  });

  it('applies its migrations once and refuses an edited one', async () => {
    await expect(withTeam(team.owner.address, team.owner.password, (c) => migrateTeamServer(c))).resolves.toEqual({ applied: [] });
    await team.admin("UPDATE concilia.schema_migration SET sha256 = 'x' WHERE version = 1");
    const error = await withTeam(team.owner.address, team.owner.password, (c) => migrateTeamServer(c)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String((error as Error).message)).toMatch(/^Team database migration 1 \(review-layer\) differs from the one applied to this team database\. The team database was not changed\.$/);
    expect(teamMigrations.map((m) => m.version)).toEqual([1, 2, 3]);
  });
});
