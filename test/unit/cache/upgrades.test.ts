/**
 * Every migration upgrades a populated cache (Signal's ts/test-node/sql/migration_*_test pattern):
 * a cache is built as the app left it at version N-1 — each earlier version's data written the
 * way that version wrote it — then migration N runs, every row that was there is still there
 * with the same values, and the new shape holds. A new migration adds its case to UPGRADES
 * (the first test fails until it does): `seed` writes what only that version stores, `check`
 * looks at the shape it made.
 */
import { gzipSync } from 'node:zlib';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { reconcile } from '../../../electron/core/reconcile/index.ts';
import { canonicalJson, listAuditLog, listSignoffs, setReview, verifyAuditChain } from '../../../electron/core/review/index.ts';
import { entryHash, GENESIS_HASH } from '../../../electron/core/review/audit.ts';
import { revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { testIdentity } from '../../support/identity.ts';
import { withStore } from '../../support/review-store.ts';

interface UpgradeCase {
  /** The migration under test. */
  version: number;
  /** What the app stores once this version has applied (used to build caches for later upgrades). */
  seed(db: Database): void;
  /** After this migration ran on a cache populated up to the version before. */
  check(db: Database): void;
}

const AT = '2026-02-03T10:00:00.000Z';
const clockAt = (iso: string) => () => Date.parse(iso);

/** An audit entry as versions 1 to 3 wrote it: a typed actor, hash-chained, unsigned. */
function appendLegacyAudit(db: Database, at: string, entry: { actor: string; action: string; connectionId?: number | null; subject?: string | null; payload: unknown }): void {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: entry.actor,
    action: entry.action,
    connection_id: entry.connectionId ?? null,
    subject: entry.subject ?? null,
    payload_json: canonicalJson(entry.payload),
    connection_name: null,
    key_fingerprint: null,
  };
  const hash = entryHash(last?.hash ?? GENESIS_HASH, row);
  db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, connection_id, subject, payload_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(row.seq, at, row.actor, row.action, row.connection_id, row.subject, row.payload_json, last?.hash ?? GENESIS_HASH, hash);
  db.prepare("INSERT INTO app_setting (key, value) VALUES ('audit_log.head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ seq: row.seq, hash }));
}

/** Version 1: two connections, a sync of each, rows, restatements, quarantine, reviews, sign-offs and their audit entries. */
function seedVersion1(db: Database): void {
  const run = (sql: string, ...params: unknown[]): number => Number(db.prepare(sql).run(...params).lastInsertRowid);
  const acme = run(
    `INSERT INTO connection (name, kind, base_url, tenant, currency, tolerance_abs_minor, tolerance_pct, created_at)
     VALUES ('acme', 'portal', 'https://portal.acme.example', 'acme', 'COP', 5000, '0.5', '2026-01-02T09:00:00.000Z')`,
  );
  const lms = run(
    `INSERT INTO connection (name, kind, base_url, created_at) VALUES ('lms', 'payg', 'https://lms.example', '2026-01-02T09:05:00.000Z')`,
  );
  // An address with a port and a path, as base URLs are stored (normalised, no trailing slash).
  run(`INSERT INTO connection (name, kind, base_url, created_at) VALUES ('ledger', 'payg', 'https://api.example.com:8443/v2', '2026-01-02T09:10:00.000Z')`);
  const portalRun = run(`INSERT INTO sync_run (connection_id, started_at, finished_at, outcome, params_json) VALUES (?, ?, ?, 'ok', ?)`, acme, AT, AT, '{"from":"2026-01-01","to":"2026-01-31","period":"month"}');
  const raw = (connection: number, syncRun: number, body: unknown): number =>
    run(
      `INSERT INTO raw_response (connection_id, sync_run_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256) VALUES (?, ?, '/report', 'k', 200, ?, ?, 'sha')`,
      connection,
      syncRun,
      AT,
      gzipSync(JSON.stringify(body)),
    );
  const portalRaw = raw(acme, portalRun, { data: [{ providerId: '1' }, { providerId: '2' }] });
  const jan = run(
    `INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, status, last_attempt_at, synced_at, row_count, sync_run_id)
     VALUES (?, 'month', '2026-01-01', '2026-01-31', '2026-01-01', '2026-01-31', 'ok', ?, ?, 2, ?)`,
    acme,
    AT,
    AT,
    portalRun,
  );
  const row = db.prepare(
    `INSERT INTO portal_row (window_id, connection_id, period_start, period_end, provider_id, provider_name, currency, task_count, invoiced_minor, provider_minor,
       paid_minor, pending_minor, approval_rate, approved_count, rejected_count, review_count, raw_response_id)
     VALUES (?, ?, '2026-01-01', '2026-01-31', ?, ?, 'COP', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  row.run(jan, acme, '1', 'Rutas Andinas', 12, 37_871_055_00, 37_871_055_00, 37_871_055_00, 0, '100.00', 12, 0, 0, portalRaw);
  row.run(jan, acme, '2', 'Transportes Beta', 3, 2_000_000_00, 2_250_000_00, 1_500_000_00, 750_000_00, '66.67', 2, 1, 0, portalRaw);
  run(
    `INSERT INTO portal_grand_total (window_id, connection_id, currency, task_count, invoiced_minor, provider_minor, paid_minor, pending_minor, raw_response_id)
     VALUES (?, ?, 'COP', 15, ?, ?, ?, ?, ?)`,
    jan,
    acme,
    39_871_055_00,
    40_121_055_00,
    39_371_055_00,
    750_000_00,
    portalRaw,
  );
  run(
    `INSERT INTO restatement (connection_id, entity, entity_key, period_start, field, old_value, new_value, detected_at, sync_run_id)
     VALUES (?, 'portal_row', 'P|2|2026-01-01', '2026-01-01', 'provider_minor', '200000000', '225000000', ?, ?)`,
    acme,
    AT,
    portalRun,
  );

  const paygRun = run(`INSERT INTO sync_run (connection_id, started_at, finished_at, outcome, params_json, message) VALUES (?, ?, ?, 'partial', '{}', '1 record set aside')`, lms, AT, AT);
  const paygRaw = raw(lms, paygRun, { data: [{ id: 101 }, { id: 102 }, { id: 103 }] });
  const week = run(
    `INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, status, last_attempt_at, synced_at, row_count, quarantined, sync_run_id)
     VALUES (?, 'week', '2026-01-05', '2026-01-11', '2026-01-05', '2026-01-11', 'incomplete', ?, ?, 2, 1, ?)`,
    lms,
    AT,
    AT,
    paygRun,
  );
  const period = db.prepare(
    `INSERT INTO billing_period (connection_id, id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source, status_since, first_seen_at, last_seen_at, window_id, raw_response_id)
     VALUES (?, ?, ?, '2026-01-05', '2026-01-11', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const status = db.prepare('INSERT INTO billing_period_status (connection_id, id, status, seen_from) VALUES (?, ?, ?, ?)');
  period.run(lms, 101, 'Loan 7', 'PAYMENT_COMPLETE', 'NGN', 1_250_000, 'Fund A', AT, AT, AT, week, paygRaw);
  status.run(lms, 101, 'PAYMENT_COMPLETE', AT);
  period.run(lms, 102, 'Loan 8', 'PAYMENT_FAILED', 'NGN', 990_050, null, AT, AT, AT, week, paygRaw);
  status.run(lms, 102, 'PENDING', '2026-01-12T00:00:00.000Z');
  status.run(lms, 102, 'PAYMENT_FAILED', AT);
  run(
    `INSERT INTO quarantine (connection_id, window_id, record_key, raw_json, reason, detected_at, raw_response_id) VALUES (?, ?, '103', '{"id":103,"status":"REFUNDED"}', 'unknown status REFUNDED', ?, ?)`,
    lms,
    week,
    AT,
    paygRaw,
  );

  // Reviews and sign-offs, each with its audit entry, the way version 1 wrote them.
  const audited = (iso: string, entry: Parameters<typeof appendLegacyAudit>[2]): void => {
    appendLegacyAudit(db, iso, entry);
  };
  const review = db.prepare('INSERT INTO review (connection_id, item_key, state, reason, note, author, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  review.run(acme, 'P|2|2026-01-01', 'explained', 'timing', 'credit note in February', 'Ana Pérez', '2026-02-04T08:00:00.000Z');
  audited('2026-02-04T08:00:00.000Z', {
    actor: 'Ana Pérez',
    action: 'review.set',
    connectionId: acme,
    subject: 'P|2|2026-01-01',
    payload: { itemKey: 'P|2|2026-01-01', state: 'explained', reason: 'timing', note: 'credit note in February', previous: null },
  });
  review.run(lms, 'B|102', 'resolved', 'upstream_error', null, 'Luis Gómez', '2026-02-04T09:00:00.000Z');
  audited('2026-02-04T09:00:00.000Z', {
    actor: 'Luis Gómez',
    action: 'review.set',
    connectionId: lms,
    subject: 'B|102',
    payload: { itemKey: 'B|102', state: 'resolved', reason: 'upstream_error', note: null, previous: null },
  });
  const signoff = db.prepare(
    `INSERT INTO signoff (connection_id, range_from, range_to, period_kind, role, author, signed_at, data_hash) VALUES (?, '2026-01-01', '2026-01-31', 'month', ?, ?, ?, ?)`,
  );
  for (const [role, author, at] of [
    ['preparer', 'Ana Pérez', '2026-02-05T08:00:00.000Z'],
    ['reviewer', 'Luis Gómez', '2026-02-05T09:00:00.000Z'],
  ] as const) {
    const id = Number(signoff.run(acme, role, author, at, 'a'.repeat(64)).lastInsertRowid);
    audited(at, {
      actor: author,
      action: 'signoff.sign',
      connectionId: acme,
      subject: `signoff:${id}`,
      payload: { signoffId: id, from: '2026-01-01', to: '2026-01-31', period: 'month', role, dataHash: 'a'.repeat(64) },
    });
  }
  db.prepare("INSERT INTO app_setting (key, value) VALUES ('ui.locale', 'es'), ('ui.author', 'Ana Pérez')").run();
}

/** Version 2: PAYG thresholds per connection, and the figures each new sign-off attested. */
function seedVersion2(db: Database): void {
  db.prepare("UPDATE connection SET payg_outstanding_days = 30, payg_draft_days = 10, payg_stuck_days = 45 WHERE name = 'lms'").run();
  const lms = db.prepare<[], { id: number }>("SELECT id FROM connection WHERE name = 'lms'").get()?.id ?? 0;
  const id = Number(
    db
      .prepare(
        `INSERT INTO signoff (connection_id, range_from, range_to, period_kind, role, author, signed_at, data_hash) VALUES (?, '2026-01-05', '2026-01-11', 'week', 'preparer', 'Luis Gómez', ?, ?)`,
      )
      .run(lms, '2026-02-06T08:00:00.000Z', 'b'.repeat(64)).lastInsertRowid,
  );
  db.prepare('INSERT INTO signoff_figures (signoff_id, figures_gzip) VALUES (?, ?)').run(id, gzipSync('{"connection":"lms","lines":[]}'));
}

/** Version 3: a connection moved to another address by set-url, with its audit entry. */
function seedVersion3(db: Database): void {
  const ledger = db.prepare<[], { id: number }>("SELECT id FROM connection WHERE name = 'ledger'").get()?.id ?? 0;
  db.prepare("UPDATE connection SET base_url = 'https://api2.example.com/v2', credential_origin = 'https://api2.example.com' WHERE id = ?").run(ledger);
  appendLegacyAudit(db, '2026-02-07T08:00:00.000Z', {
    actor: 'Ana Pérez',
    action: 'connection.set_url',
    connectionId: ledger,
    subject: 'ledger',
    payload: { from: 'https://api.example.com:8443/v2', to: 'https://api2.example.com/v2', fromOrigin: 'https://api.example.com:8443', toOrigin: 'https://api2.example.com' },
  });
}

/**
 * Version 4: a billing period confirmed gone (moved to the removal history with the 404 that
 * proved it) and the shared rate window of a credential in use.
 */
function seedVersion4(db: Database): void {
  const lms = db.prepare<[], { id: number }>("SELECT id FROM connection WHERE name = 'lms'").get()?.id ?? 0;
  const lastRaw = db.prepare<[number], { id: number }>('SELECT max(id) AS id FROM raw_response WHERE connection_id = ?').get(lms)?.id ?? 0;
  const evidence = Number(
    db
      .prepare(
        `INSERT INTO raw_response (connection_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256)
         VALUES (?, '/payg/lms/payment-requests/90001', 'GET /payg/lms/payment-requests/90001?', 404, ?, ?, 'sha')`,
      )
      .run(lms, '2026-02-08T08:00:00.000Z', gzipSync('{"detail":"Not found."}')).lastInsertRowid,
  );
  db.prepare(
    `INSERT INTO billing_period_removal (connection_id, billing_period_id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
       first_seen_at, last_seen_at, status_history_json, removed_at, evidence_raw_response_id, last_raw_response_id)
     VALUES (?, 90001, 'Contract 0042', '2026-01-05', '2026-01-11', 'PENDING', 'NGN', 450000, NULL, ?, ?, '[{"status":"PENDING","seenFrom":"${AT}"}]', '2026-02-08T08:00:00.000Z', ?, ?)`,
  ).run(lms, AT, AT, evidence, lastRaw);
  db.prepare("INSERT INTO rate_slot (limiter_key, at_ms) VALUES ('0f3a…:10/60000', 1770537600000)").run();
}

/**
 * Version 5: an operating-system account signs; a review carried forward, another reopened by a
 * restatement; a sign-off with what it attested and the figures hash apart.
 */
function seedVersion5(db: Database): void {
  const cache = withStore(db as CacheDatabase, clockAt('2026-02-08T08:00:00.000Z'), testIdentity('ana'));
  setReview(cache, { connection: 'lms', itemKeys: ['B|101'], state: 'carried_forward', reason: 'timing', note: 'paid in February' });
  const acme = db.prepare<[], { id: number }>("SELECT id FROM connection WHERE name = 'acme'").get()?.id ?? 0;
  cache.reviews.reopenReviews({ id: acme, name: 'acme' }, [
    { item: { key: 'P|2|2026-01-01', name: 'Transportes Beta', periodStart: '2026-01-01', periodKind: 'month', currency: 'COP' }, changes: [{ field: 'provider_reported', from: '2000000.00', to: '2250000.00' }] },
  ]);
  cache.reviews.saveTolerance({ id: acme, name: 'acme' }, { absMinor: 10_000, pct: '0.5' }, 'COP');
}

const UPGRADES: readonly UpgradeCase[] = [
  {
    version: 1,
    seed: seedVersion1,
    check(db) {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['connection', 'sync_window', 'portal_row', 'billing_period', 'review', 'signoff', 'audit_log', 'app_setting']));
    },
  },
  {
    version: 2,
    seed: seedVersion2,
    check(db) {
      // The thresholds start as "the defaults" for every connection that existed.
      expect(db.prepare('SELECT name, payg_outstanding_days, payg_draft_days, payg_stuck_days FROM connection ORDER BY name').all()).toEqual([
        { name: 'acme', payg_outstanding_days: null, payg_draft_days: null, payg_stuck_days: null },
        { name: 'ledger', payg_outstanding_days: null, payg_draft_days: null, payg_stuck_days: null },
        { name: 'lms', payg_outstanding_days: null, payg_draft_days: null, payg_stuck_days: null },
      ]);
      expect(() => db.prepare("UPDATE connection SET payg_stuck_days = -1 WHERE name = 'lms'").run()).toThrow(/CHECK constraint/);
      // Sign-offs made before 0002 have no figures kept (a void then says the figures changed, without detail).
      expect(db.prepare('SELECT count(*) FROM signoff_figures').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM signoff').pluck().get()).toBe(2);
      // The hot PAYG aggregation reads the covering index, never the table.
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT start_date, status, currency, SUM(amount_minor) FROM billing_period WHERE connection_id = 2 AND start_date BETWEEN '2026-01-01' AND '2026-01-31' GROUP BY start_date, status, currency")
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
      expect(plan).toContain('COVERING INDEX billing_period_cover');
    },
  },
  {
    version: 3,
    seed: seedVersion3,
    check(db) {
      // Credentials of an existing connection belong to the origin of the address it holds now.
      expect(db.prepare('SELECT name, base_url, credential_origin FROM connection ORDER BY name').all()).toEqual([
        { name: 'acme', base_url: 'https://portal.acme.example', credential_origin: 'https://portal.acme.example' },
        { name: 'ledger', base_url: 'https://api.example.com:8443/v2', credential_origin: 'https://api.example.com:8443' },
        { name: 'lms', base_url: 'https://lms.example', credential_origin: 'https://lms.example' },
      ]);
    },
  },
  {
    version: 4,
    seed: seedVersion4,
    check(db) {
      // The removal history and the shared rate window start empty; no figure moved.
      for (const table of ['billing_period_removal', 'rate_slot', 'rate_block']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      expect(db.prepare('SELECT count(*) FROM billing_period').pluck().get()).toBeGreaterThan(0);
      // A removal needs the answer that proved it.
      expect(() =>
        db
          .prepare(
            `INSERT INTO billing_period_removal (connection_id, billing_period_id, loan_name, start_date, end_date, status, currency, amount_minor,
               first_seen_at, last_seen_at, status_history_json, removed_at, evidence_raw_response_id, last_raw_response_id)
             VALUES (2, 1, 'x', '2026-01-05', '2026-01-11', 'DRAFT', 'NGN', 1, 't', 't', '[]', 't', 999999, 1)`,
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
    },
  },
  {
    version: 5,
    seed: seedVersion5,
    check(db) {
      // Every typed name is an unverified account showing that name; nothing else is an account yet.
      expect(db.prepare('SELECT id, display_name, verified FROM account ORDER BY id').all()).toEqual([
        { id: 'unverified:Ana Pérez', display_name: 'Ana Pérez', verified: 0 },
        { id: 'unverified:Luis Gómez', display_name: 'Luis Gómez', verified: 0 },
      ]);
      expect(db.prepare('SELECT item_key, author, account_id, reopened_json FROM review ORDER BY item_key').all()).toEqual([
        { item_key: 'B|102', author: 'Luis Gómez', account_id: 'unverified:Luis Gómez', reopened_json: null },
        { item_key: 'P|2|2026-01-01', author: 'Ana Pérez', account_id: 'unverified:Ana Pérez', reopened_json: null },
      ]);
      // Old sign-offs are readable, unsigned, and their hash was the figures' alone.
      expect(db.prepare('SELECT role, account_id, data_hash = figures_hash AS same, attested_json FROM signoff ORDER BY id').all()).toEqual([
        { role: 'preparer', account_id: 'unverified:Ana Pérez', same: 1, attested_json: null },
        { role: 'reviewer', account_id: 'unverified:Luis Gómez', same: 1, attested_json: null },
        { role: 'preparer', account_id: 'unverified:Luis Gómez', same: 1, attested_json: null },
      ]);
      const store = withStore(db as CacheDatabase, clockAt('2026-03-01T00:00:00.000Z'));
      expect(listSignoffs(store, 'acme').map((s) => [s.author, s.signed])).toEqual([
        ['Ana Pérez', false],
        ['Luis Gómez', false],
      ]);
      // Entries from before stay unsigned and verify; every entry from here on must be signed.
      expect(db.prepare('SELECT seq FROM audit_signed_from').pluck().all()).toEqual([6]);
      expect(verifyAuditChain(db as CacheDatabase)).toMatchObject({ ok: true, entries: 5, signed: 0 });
      expect(listAuditLog(db as CacheDatabase).map((e) => [e.actorName, e.signed])).toContainEqual(['Ana Pérez', false]);
      // The new state is allowed; an unknown one still is not.
      const acme = db.prepare<[], { id: number }>("SELECT id FROM connection WHERE name = 'acme'").get()?.id ?? 0;
      expect(() =>
        db.prepare("INSERT INTO review (connection_id, item_key, state, author, updated_at, account_id) VALUES (?, 'P|9|2026-01-01', 'waived', 'x', 'y', 'unverified:Ana Pérez')").run(acme),
      ).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO review (connection_id, item_key, state, author, updated_at, account_id) VALUES (?, 'P|9|2026-01-01', 'nobody', 'x', 'y', 'no such account')").run(acme)).toThrow(
        /CHECK constraint|FOREIGN KEY/,
      );
    },
  },
  {
    version: 6,
    seed: seedVersion6,
    check(db) {
      // A solo cache is untouched: no sign-off is a team one, nothing is queued or pulled.
      expect(db.prepare('SELECT count(*) AS n, count(team_id) AS team FROM signoff').get()).toEqual({ n: 3, team: 0 });
      expect(db.prepare('SELECT count(*) FROM team_outbox').pluck().get()).toBe(0);
      expect(() => db.prepare("INSERT INTO team_outbox (client_id, kind, body_json, made_at) VALUES ('x', 'guess', '{}', 'now')").run()).toThrow(/CHECK constraint/);
      db.prepare("INSERT INTO team_audit (seq, at, actor, action, payload, prev_hash, hash) VALUES (1, 'now', 'ana', 'review.set', '{}', '0', '1')").run();
      expect(() => db.prepare("UPDATE team_audit SET actor = 'mallory'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM team_audit').run()).toThrow(/append-only/);
    },
  },
];

/** Version 6 (team mode): a queued review change, a pulled entry, a team sign-off id. */
function seedVersion6(db: Database): void {
  db.prepare("INSERT INTO team_outbox (client_id, kind, connection, subject, body_json, made_at) VALUES ('7d6c0f2e-0000-4000-8000-000000000001', 'review', 'acme', 'P|1|2026-01-01', '{\"state\":\"explained\"}', ?)").run(AT);
  db.prepare("INSERT INTO team_audit (seq, at, actor, action, connection, subject, payload, prev_hash, hash) VALUES (1, ?, 'ana', 'review.set', 'acme', 'P|1|2026-01-01', '{}', ?, ?)").run(AT, '0'.repeat(64), 'f'.repeat(64));
  db.prepare("INSERT INTO team_assignment (connection, month, assignee, due_date) VALUES ('acme', '2026-01-01', 'ana', '2026-02-05')").run();
}

/** Every table's rows (ordered by all their columns), to compare before and after a migration. */
function snapshot(db: Database): Map<string, { columns: string[]; rows: unknown[][] }> {
  const out = new Map<string, { columns: string[]; rows: unknown[][] }>();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migration' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).map((c) => `"${c}"`);
    const rows = db.prepare(`SELECT ${columns.join(', ')} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).raw().all() as unknown[][];
    out.set(table, { columns, rows });
  }
  return out;
}

/** The migrations up to `version` (by number, not position: a number can be taken by a branch not yet merged). */
const upTo = (version: number) => migrations.filter((m) => m.version <= version);

/** A cache at `version`, filled by every version up to it. */
function populatedCache(version: number): Database {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  for (const step of UPGRADES.filter((u) => u.version <= version)) {
    migrate(db, upTo(step.version));
    step.seed(db);
  }
  migrate(db, upTo(version));
  return db;
}

describe('every migration upgrades a populated cache', () => {
  it('has an upgrade case for each migration', () => {
    expect(UPGRADES.map((u) => u.version)).toEqual(migrations.map((m) => m.version));
  });

  for (const upgrade of UPGRADES) {
    it(`${String(upgrade.version).padStart(4, '0')}: keeps every row of version ${upgrade.version - 1} and makes the new shape`, () => {
      const db = populatedCache(upgrade.version - 1);
      try {
        const before = snapshot(db);
        if (upgrade.version > 1) expect([...before.values()].some((t) => t.rows.length > 0)).toBe(true);
        migrate(db, upTo(upgrade.version));
        expect(db.prepare('SELECT max(version) FROM schema_migration').pluck().get()).toBe(upgrade.version);
        for (const [table, { columns, rows }] of before) {
          const now = db.prepare(`SELECT ${columns.join(', ')} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).raw().all();
          expect(now, `${table} after migration ${upgrade.version}`).toEqual(rows);
        }
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        upgrade.check(db);
      } finally {
        db.close();
      }
    });
  }

  it('the newest schema, reached from the oldest populated cache, still reconciles, verifies and voids', () => {
    const db = populatedCache(1) as CacheDatabase;
    try {
      migrate(db, migrations);
      const cache = withStore(db, clockAt('2026-03-01T00:00:00.000Z'));
      expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 4, signed: 0 });
      const rec = reconcile(cache, { connection: 'acme', from: '2026-01-01', to: '2026-01-31', now: Date.parse('2026-03-01T00:00:00.000Z') });
      expect(rec.kind === 'portal' && rec.rows.map((r) => [r.key, r.review?.state ?? null])).toEqual([
        ['P|2|2026-01-01', 'explained'],
        ['P|1|2026-01-01', null],
      ]);
      // The old sign-offs attested a hash these figures do not have: reconciling only reads, and the
      // write step that follows new data voids them; the reason says so even though version 1 kept
      // no figures to compare.
      expect(listSignoffs(cache, 'acme').map((s) => s.status)).toEqual(['live', 'live']);
      expect(revalidateSignoffs(cache, 'acme')).toHaveLength(2);
      expect(listSignoffs(cache, 'acme').map((s) => [s.role, s.status, s.voidReason])).toEqual([
        ['preparer', 'voided', 'The figures changed after the preparer sign-off by Ana Pérez: the figures covered by the sign-off changed.'],
        ['reviewer', 'voided', 'The figures changed after the reviewer sign-off by Luis Gómez: the figures covered by the sign-off changed.'],
      ]);
      // The voids are signed by the account that reconciled (its key registered first): old and new entries verify together.
      expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 7, signed: 3 });
      expect(listAuditLog(db).slice(4).map((e) => [e.action, e.actor])).toEqual([
        ['identity.register', 'test:ana'],
        ['signoff.void', 'test:ana'],
        ['signoff.void', 'test:ana'],
      ]);
      // The old review keeps its typed name, shown as unverified, and can be taken over by a signed one.
      setReview(cache, { connection: 'acme', itemKeys: ['P|2|2026-01-01'], state: 'resolved', reason: 'timing', note: 'credit note booked' });
      expect(listAuditLog(db).at(-1)?.payload).toMatchObject({ previous: { state: 'explained', author: 'Ana Pérez' } });
      void signOff;
      const payg = reconcile(cache, { connection: 'lms', from: '2026-01-05', to: '2026-01-11', now: Date.parse('2026-03-01T00:00:00.000Z') });
      expect(payg.kind === 'payg' && [payg.complete, payg.quarantined.length]).toEqual([false, 1]);
    } finally {
      db.close();
    }
  });
});
