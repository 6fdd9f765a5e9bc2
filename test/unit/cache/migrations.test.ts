import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, migrate, migrationHash, migrations, openCache } from '../../../electron/core/cache/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'concilia-migrations-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('apply to a new cache, each recorded with its hash', () => {
    const db = openCache(join(dir, 'c.sqlite'));
    const applied = db.prepare('SELECT version, sha256 FROM schema_migration ORDER BY version').all();
    expect(applied).toEqual(migrations.map((m) => ({ version: m.version, sha256: migrationHash(m) })));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('are applied once: reopening changes nothing', () => {
    openCache(join(dir, 'c.sqlite')).close();
    const db = openCache(join(dir, 'c.sqlite'));
    expect(db.prepare('SELECT count(*) AS n FROM schema_migration').get()).toEqual({ n: migrations.length });
    db.close();
  });

  it('refuse a cache whose applied migration has changed since', () => {
    openCache(join(dir, 'c.sqlite')).close();
    const raw = new BetterSqlite3(join(dir, 'c.sqlite'));
    raw.prepare("UPDATE schema_migration SET sha256 = 'edited' WHERE version = 1").run();
    raw.close();
    expect(() => openCache(join(dir, 'c.sqlite'))).toThrow(MigrationError);
  });

  it('refuse a cache written by a newer Concilia', () => {
    openCache(join(dir, 'c.sqlite')).close();
    const raw = new BetterSqlite3(join(dir, 'c.sqlite'));
    raw.prepare("INSERT INTO schema_migration VALUES (999, 'future', 'x', '2030-01-01')").run();
    raw.close();
    expect(() => openCache(join(dir, 'c.sqlite'))).toThrow(/newer version of Concilia/);
  });

  it('roll back a migration that fails, leaving the cache as it was', () => {
    const db = new BetterSqlite3(':memory:');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); SELECT no_such_function();' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok_table'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT max(version) AS v FROM schema_migration').get()).toEqual({ v: migrations.length });
    db.close();
  });
});

describe('migration 0001', () => {
  it('creates the shared tables and keeps the audit log append-only', () => {
    const db = openCache(':memory:');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    for (const t of ['connection', 'sync_run', 'raw_response', 'sync_window', 'portal_row', 'portal_grand_total', 'billing_period', 'restatement', 'quarantine', 'review', 'signoff', 'audit_log']) {
      expect(tables).toContain(t);
    }
    db.prepare("INSERT INTO audit_log (at, actor, action, payload_json, prev_hash, hash) VALUES ('t', 'a', 'x', '{}', '', 'h')").run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('has no column that could hold a secret', () => {
    const db = openCache(':memory:');
    const columns = db
      .prepare("SELECT m.name || '.' || p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")
      .pluck()
      .all() as string[];
    for (const col of columns) expect(col).not.toMatch(/token|api_?key|secret|password|jwt/i);
    db.close();
  });

  it('refuses a portal connection without tenant and currency', () => {
    const db = openCache(':memory:');
    expect(() =>
      db.prepare("INSERT INTO connection (name, kind, base_url, created_at) VALUES ('x', 'portal', 'https://x', 't')").run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});

describe('migration 0003', () => {
  it('gives each existing connection the origin of the address it holds', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      migrations.filter((m) => m.version < 3),
    );
    const insert = db.prepare("INSERT INTO connection (name, kind, base_url, created_at) VALUES (?, 'payg', ?, '2026-01-01T00:00:00.000Z')");
    insert.run('plain', 'https://api.example.com');
    insert.run('with-path', 'https://api.example.com:8443/lms/v1');
    insert.run('sandbox', 'http://127.0.0.1:4010');
    insert.run('ipv6', 'http://[::1]:4010/x');
    migrate(db, migrations);
    const rows = db.prepare('SELECT name, credential_origin FROM connection ORDER BY id').all() as { name: string; credential_origin: string }[];
    expect(rows.map((r) => [r.name, r.credential_origin])).toEqual([
      ['plain', 'https://api.example.com'],
      ['with-path', 'https://api.example.com:8443'],
      ['sandbox', 'http://127.0.0.1:4010'],
      ['ipv6', 'http://[::1]:4010'],
    ]);
    // The same origins the code computes.
    for (const r of rows) expect(new URL(r.credential_origin).origin).toBe(r.credential_origin);
    db.close();
  });
});

describe('the cache on disk', () => {
  it('is the user\'s alone: folder 0700 and files 0600 whatever the umask, and an old world-readable cache is narrowed', () => {
    const previous = process.umask(0o000);
    try {
      const path = join(dir, 'new-folder', 'deeper', 'c.sqlite');
      const db = openCache(path);
      db.prepare("INSERT INTO app_setting (key, value) VALUES ('k', 'v')").run();
      expect(statSync(join(dir, 'new-folder')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'new-folder', 'deeper')).mode & 0o777).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(file).mode & 0o777, file).toBe(0o600);
      db.close();
      const old = join(dir, 'old.sqlite');
      openCache(old).close();
      chmodSync(old, 0o644);
      openCache(old).close();
      expect(statSync(old).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('in a folder a team deliberately shares (group, setgid, nothing for others) keeps the group\'s access, never others\'', () => {
    const previous = process.umask(0o022);
    try {
      const team = join(dir, 'team');
      mkdirSync(team);
      chmodSync(team, 0o2770);
      const path = join(team, 'c.sqlite');
      const db = openCache(path);
      db.prepare("INSERT INTO app_setting (key, value) VALUES ('k', 'v')").run();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(file).mode & 0o777, file).toBe(0o660);
      db.close();
      chmodSync(path, 0o666);
      openCache(path).close();
      expect(statSync(path).mode & 0o777).toBe(0o660);
      // Without the setgid bit, or open to others, a folder is not a shared one: the cache is narrowed to its owner.
      const loose = join(dir, 'loose');
      mkdirSync(loose);
      chmodSync(loose, 0o2775);
      openCache(join(loose, 'c.sqlite')).close();
      expect(statSync(join(loose, 'c.sqlite')).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});

describe('migration 0004', () => {
  it('adds the removal history and the shared rate window, keyed by hashes only', () => {
    const db = openCache(':memory:');
    const columns = (table: string): string[] => db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
    expect(columns('billing_period_removal')).toEqual(
      expect.arrayContaining(['billing_period_id', 'amount_minor', 'status_history_json', 'removed_at', 'evidence_raw_response_id', 'reappeared_at']),
    );
    expect(columns('rate_slot')).toEqual(['id', 'limiter_key', 'at_ms']);
    expect(columns('rate_block')).toEqual(['limiter_key', 'until_ms']);
    // A removal must point at the answer that proved it.
    expect(() =>
      db
        .prepare(
          `INSERT INTO billing_period_removal (connection_id, billing_period_id, loan_name, start_date, end_date, status, currency, amount_minor,
             first_seen_at, last_seen_at, status_history_json, removed_at, evidence_raw_response_id, last_raw_response_id)
           VALUES (1, 1, 'x', '2025-01-01', '2025-01-07', 'DRAFT', 'NGN', 1, 't', 't', '[]', 't', NULL, 1)`,
        )
        .run(),
    ).toThrow(/NOT NULL/);
    db.close();
  });
});
