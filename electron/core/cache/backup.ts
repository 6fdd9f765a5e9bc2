/**
 * Copies of the cache that can be put back.
 *
 * - backupCache: SQLite's online backup API (better-sqlite3's db.backup), page by page while the
 *   cache stays usable; the copy is written beside its target, checked (quick_check) and only
 *   then renamed into place, so a backup file is either whole and sound or absent.
 * - backupBeforeMigration: before a newer Concilia changes the schema, VACUUM INTO a copy in the
 *   "backups" folder beside the cache, keeping the newest MIGRATION_BACKUPS_KEPT of them.
 *
 * Restoring is copying a backup over the cache file while no Concilia runs, and deleting the
 * cache's -wal and -shm files beside it (README, "Backup and restore").
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type { ReadableDB } from './database.ts';
import { checkCache } from './health.ts';
import { explainSqliteError } from './sqlite-errors.ts';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  path: string;
  bytes: number;
}

/** Automatic pre-migration copies kept per cache; older ones are deleted. */
export const MIGRATION_BACKUPS_KEPT = 3;

/** Copy the open cache to `target` (a new file unless `replace`), checked before it appears. */
export async function backupCache(db: ReadableDB, target: string, options: { replace?: boolean } = {}): Promise<BackupResult> {
  const path = resolve(target);
  if (resolve(db.name) === path) throw new BackupError('The backup must go to another file than the cache itself.');
  if (existsSync(path) && !options.replace) throw new BackupError(`${path} already exists: choose another name, or add --replace to overwrite it.`);
  const folder = dirname(path);
  if (!existsSync(folder)) throw new BackupError(`Cannot write ${path}: the folder ${folder} does not exist.`);
  const temp = join(folder, `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await db.backup(temp);
    verify(temp);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`The backup could not be written to ${path}: ${explainSqliteError(error) ?? (error instanceof Error ? error.message : String(error))}`, { cause: error });
  }
  return { path, bytes: statSync(path).size };
}

/** A copy that fails SQLite's own check is not a backup. */
function verify(path: string): void {
  const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const health = checkCache(copy as ReadableDB);
    if (!health.ok) throw new BackupError(`The copy failed SQLite's check (${health.problems[0] ?? 'unknown'}), so it was not kept: the cache itself may be damaged.`);
  } finally {
    copy.close();
  }
}

/** Where the automatic copies of the cache at `cachePath` go. */
export function backupFolder(cachePath: string): string {
  return join(dirname(resolve(cachePath)), 'backups');
}

/**
 * A consistent copy of the cache before migrations `pending` change it, in backupFolder; the
 * oldest automatic copies beyond MIGRATION_BACKUPS_KEPT are deleted. Throws BackupError when
 * the copy cannot be made: then nothing is migrated.
 */
export function backupBeforeMigration(db: Database, cachePath: string, pending: readonly number[], now = new Date()): string {
  const folder = backupFolder(cachePath);
  const prefix = `${basename(cachePath).replace(/\.sqlite$/, '')}-before-schema-`;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const stem = join(folder, `${prefix}${String(Math.max(...pending)).padStart(4, '0')}-${stamp}`);
  let path = `${stem}.sqlite`;
  for (let n = 2; existsSync(path); n++) path = `${stem}-${n}.sqlite`;
  try {
    mkdirSync(folder, { recursive: true });
    db.prepare('VACUUM INTO ?').run(path);
  } catch (error) {
    rmSync(path, { force: true });
    throw new BackupError(
      `Concilia needs to update the cache's format and backs it up first, but the copy failed: ${explainSqliteError(error) ?? (error instanceof Error ? error.message : String(error))} The cache was not changed.`,
      { cause: error },
    );
  }
  const kept = readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.sqlite'))
    .sort()
    .reverse();
  for (const old of kept.slice(MIGRATION_BACKUPS_KEPT)) rmSync(join(folder, old), { force: true });
  return path;
}
