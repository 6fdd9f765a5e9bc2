import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, MIGRATION_BACKUPS_KEPT, backupCache, backupFolder, migrate, migrations, openCache } from '../../../electron/core/cache/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'concilia-backup-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const LATEST = migrations[migrations.length - 1]?.version ?? 0;

/** A cache as the previous release left it: one schema version behind, one connection. */
function previousRelease(path: string): void {
  rmSync(path, { force: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  migrate(db, migrations.filter((m) => m.version < LATEST));
  db.prepare("INSERT INTO connection (name, kind, base_url, created_at) VALUES ('lms', 'payg', 'https://lms.example.com', '2026-01-01T00:00:00Z')").run();
  db.close();
}

describe('backups', () => {
  it('copies a cache before a migration changes it, keeping the newest few', () => {
    const path = join(dir, 'concilia.sqlite');
    previousRelease(path);
    openCache(path).close();
    const folder = backupFolder(path);
    const first = readdirSync(folder);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(new RegExp(`^concilia-before-schema-${String(LATEST).padStart(4, '0')}-\\d{4}-\\d{2}-\\d{2}T.*\\.sqlite$`));
    const copy = new BetterSqlite3(join(folder, first[0] ?? ''), { readonly: true });
    try {
      // The copy is the cache as it was: the schema before, its data.
      expect(copy.prepare('SELECT max(version) AS v FROM schema_migration').get()).toEqual({ v: LATEST - 1 });
      expect(copy.prepare('SELECT name FROM connection').pluck().all()).toEqual(['lms']);
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    // A new cache, and one already up to date, are not copied.
    openCache(path).close();
    openCache(join(dir, 'fresh.sqlite')).close();
    expect(readdirSync(folder)).toHaveLength(1);
    for (let i = 0; i < MIGRATION_BACKUPS_KEPT + 2; i++) {
      previousRelease(path);
      openCache(path).close();
    }
    expect(readdirSync(folder)).toHaveLength(MIGRATION_BACKUPS_KEPT);
  });

  it('backs up an open cache to a new file, checked, and refuses to overwrite or to copy onto itself', async () => {
    const path = join(dir, 'c.sqlite');
    const db = openCache(path);
    try {
      db.prepare("INSERT INTO connection (name, kind, base_url, created_at) VALUES ('lms', 'payg', 'https://lms.example.com', 't')").run();
      const target = join(dir, 'copy.sqlite');
      const result = await backupCache(db, target);
      expect(result.bytes).toBeGreaterThan(0);
      const copy = new BetterSqlite3(target, { readonly: true });
      expect(copy.prepare('SELECT name FROM connection').pluck().all()).toEqual(['lms']);
      copy.close();
      await expect(backupCache(db, target)).rejects.toThrow(/already exists/);
      await expect(backupCache(db, path)).rejects.toBeInstanceOf(BackupError);
      await expect(backupCache(db, join(dir, 'no-such-folder', 'x.sqlite'))).rejects.toThrow(/does not exist/);
      // Nothing half-written is left behind.
      expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
