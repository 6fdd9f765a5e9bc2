import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/index.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function migrationHash(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/** A migration a database says it has applied. */
export interface AppliedMigration {
  version: number;
  name: string;
  sha256: string;
}

/** What a database is called in the messages: the local cache, or a team's shared database. */
export interface MigrationTarget {
  /** "cache", "team database". */
  noun: string;
  /** What to do when the database is newer than this Concilia. */
  newerHint: string;
  /** What was left untouched when an applied migration differs. */
  untouched: string;
}

export const CACHE_TARGET: MigrationTarget = {
  noun: 'cache',
  newerHint: 'Update Concilia, or open another cache with --db.',
  untouched: 'The cache was not changed.',
};

/**
 * The one rule of both migration series (the SQLite cache's and the team's PostgreSQL): every
 * applied migration must be one this Concilia knows, with the very text it was applied with.
 * Returns the migrations still to apply, in order; throws MigrationError instead of guessing.
 */
export function migrationsToApply(applied: readonly AppliedMigration[], all: readonly Migration[], target: MigrationTarget): Migration[] {
  const known = new Map(all.map((m) => [m.version, m]));
  for (const row of applied) {
    const migration = known.get(row.version);
    if (!migration) {
      throw new MigrationError(`This ${target.noun} was written by a newer version of Concilia (schema ${row.version}). ${target.newerHint}`);
    }
    if (migrationHash(migration) !== row.sha256) {
      throw new MigrationError(
        `${target.noun.charAt(0).toUpperCase()}${target.noun.slice(1)} migration ${row.version} (${row.name}) differs from the one applied to this ${target.noun}. ${target.untouched}`,
      );
    }
  }
  const done = new Set(applied.map((r) => r.version));
  return [...all].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
}

/** Versions of `all` not yet applied to this cache (none applied at all: a new cache). */
export function pendingMigrations(db: Database, all: readonly Migration[]): { pending: number[]; applied: number } {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'").get();
  const done = new Set(table ? db.prepare<[], { version: number }>('SELECT version FROM schema_migration').all().map((r) => r.version) : []);
  return { pending: all.map((m) => m.version).filter((v) => !done.has(v)), applied: done.size };
}

/**
 * Bring the cache to the newest schema. Each migration runs in its own transaction and is
 * recorded with its hash; an applied migration whose text has since changed, or a cache written
 * by a newer Concilia, stops here with a message instead of guessing.
 */
export function migrate(db: Database, all: readonly Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare<[], AppliedMigration>('SELECT version, name, sha256 FROM schema_migration ORDER BY version').all();
  const record = db.prepare('INSERT INTO schema_migration (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  const newlyApplied: number[] = [];
  for (const migration of migrationsToApply(applied, all, CACHE_TARGET)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migrationHash(migration), new Date().toISOString());
    }).immediate();
    newlyApplied.push(migration.version);
  }
  return { applied: newlyApplied };
}
