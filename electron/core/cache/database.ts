import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { backupBeforeMigration } from './backup.ts';
import { migrate, pendingMigrations } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { describeSqliteError } from './sqlite-errors.ts';

declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;

/**
 * A connection to the cache that a function only reads through. Reconciliation, views, exports
 * and status take this type; they cannot call anything that needs a `WritableDB`.
 */
export type ReadableDB = Database & { readonly [readableBrand]: true };

/**
 * A connection that may write: sync, review, sign-off and the steps that void stale sign-offs.
 * Every `WritableDB` is a `ReadableDB`, never the other way round (Signal's ts/sql split).
 */
export type WritableDB = ReadableDB & { readonly [writableBrand]: true };

/** The connection `openCache` returns. Prefer `ReadableDB` or `WritableDB` in new signatures. */
export type CacheDatabase = WritableDB;

export class CacheOpenError extends Error {
  override name = 'CacheOpenError';
}

export interface OpenCacheOptions {
  /** Open without writing (no migrations); for inspection tools. */
  readonly?: boolean;
  /** How long to wait for another process (the app vs the CLI) holding the write lock. */
  busyTimeoutMs?: number;
}

/**
 * Open (and create or migrate) the cache file. One file, WAL so readers never block the writer,
 * foreign keys on, and a busy timeout so the app and the command line can share it.
 */
export function openCache(path: string, options: OpenCacheOptions = {}): CacheDatabase {
  if (path !== ':memory:' && !options.readonly) {
    try {
      // Upstream figures are nobody else's business: a folder created here is the user's alone
      // (0700) whatever the umask; the file itself, see restrictAccess (its -wal and -shm files take
      // the file's mode).
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new CacheOpenError(`Cannot create the folder for the cache at ${dirname(path)}: ${describe(error)}`);
    }
    restrictAccess(path);
  }
  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new CacheOpenError(`Cannot open the cache at ${path}: ${describe(error)}`);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A cache with data whose schema is about to change is copied first (kept in "backups").
      const { pending, applied } = pendingMigrations(db, migrations);
      if (path !== ':memory:' && applied > 0 && pending.length > 0) backupBeforeMigration(db, path, pending);
      migrate(db, migrations);
    }
    // The brands exist only for the compiler: the connection itself is better-sqlite3's.
    return db as WritableDB;
  } catch (error) {
    db.close();
    if (error instanceof Error && (error.name === 'MigrationError' || error.name === 'BackupError')) throw error;
    throw new CacheOpenError(`Cannot prepare the cache at ${path}: ${describe(error)}`);
  }
}

/**
 * A folder a team deliberately shares (a preparer and a reviewer on one computer): its group may
 * enter, read and write it, others nothing, and the setgid bit gives every file made in it the
 * folder's group. Only an administrator makes such a folder (chgrp, chmod 2770); Concilia never
 * widens one.
 */
export function isSharedFolder(dir: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    const mode = statSync(dir).mode;
    return (mode & 0o2000) !== 0 && (mode & 0o070) === 0o070 && (mode & 0o007) === 0;
  } catch {
    return false;
  }
}

/**
 * A new cache file is created 0600 before SQLite opens it; an existing one loses what it grants
 * group and others (its owner's bits stay as they are). In a shared folder (isSharedFolder) the
 * group keeps read and write (0660): it is the team's cache; others never get anything. SQLite
 * gives its -wal and -shm files the cache file's mode. Best effort: where this cannot be done (a
 * read-only folder, another owner), SQLite's own open says what is wrong.
 */
function restrictAccess(path: string): void {
  const shared = isSharedFolder(dirname(path));
  const mode = shared ? 0o660 : 0o600;
  const allowed = shared ? 0o770 : 0o700;
  try {
    closeSync(openSync(path, 'wx', mode));
    // Whatever the umask took away from the group.
    if (shared) chmodSync(path, mode);
  } catch {
    // Exists already, or cannot be created here: SQLite reports the latter.
  }
  if (process.platform === 'win32') return;
  try {
    const current = statSync(path).mode;
    if ((current & 0o777 & ~allowed) !== 0) chmodSync(path, current & allowed);
  } catch {
    // Not ours to change: left as it is.
  }
}

function describe(error: unknown): string {
  return describeSqliteError(error) ?? (error instanceof Error ? error.message : String(error));
}
