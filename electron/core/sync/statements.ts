import type { Statement } from 'better-sqlite3';
import type { CacheDatabase } from '../cache/index.ts';

/**
 * Prepared statements, one per SQL text and database, kept for the database's lifetime.
 *
 * A statement holds memory outside the JavaScript heap until the garbage collector gets round to
 * it, which it does not feel pressed to do: preparing per record made a large sync grow by
 * kilobytes a record and spend half its time preparing. Closing the database finalises them; the
 * WeakMap lets a closed database and its statements go.
 *
 * Callers must not switch a shared statement's mode (raw, pluck, expand, safeIntegers).
 */
const byDatabase = new WeakMap<CacheDatabase, Map<string, Statement<unknown[], unknown>>>();

export function cachedStatement<P extends unknown[] = unknown[], R = unknown>(db: CacheDatabase, sql: string): Statement<P, R> {
  let statements = byDatabase.get(db);
  if (!statements) {
    statements = new Map();
    byDatabase.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare<unknown[], unknown>(sql);
    statements.set(sql, statement);
  }
  return statement as unknown as Statement<P, R>;
}
