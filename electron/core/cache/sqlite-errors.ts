/**
 * SQLite failures in words an accountant can act on. better-sqlite3 reports extended result codes
 * (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE, SQLITE_CANTOPEN_ISDIR…), so each family is matched
 * by its prefix, never by one exact code.
 */

/** The SQLite result code of an error or of one of its causes, if it carries one. */
export function sqliteCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    current = current.cause;
  }
  return null;
}

/** Is `code` the primary code `family` or one of its extended codes? */
function inFamily(code: string, family: string): boolean {
  return code === family || code.startsWith(`${family}_`);
}

export type SqliteTrouble = 'full' | 'readonly' | 'cantopen' | 'ioerr' | 'notadb' | 'corrupt' | 'busy';

const FAMILIES: readonly [string, SqliteTrouble][] = [
  ['SQLITE_FULL', 'full'],
  ['SQLITE_READONLY', 'readonly'],
  ['SQLITE_CANTOPEN', 'cantopen'],
  ['SQLITE_IOERR', 'ioerr'],
  ['SQLITE_NOTADB', 'notadb'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
];

/** Which known trouble an error is, or null when it is none of them (or not SQLite's). */
export function sqliteTrouble(error: unknown): SqliteTrouble | null {
  const code = sqliteCode(error);
  if (!code) return null;
  for (const [family, trouble] of FAMILIES) if (inFamily(code, family)) return trouble;
  return null;
}

const PHRASES: Record<SqliteTrouble, string> = {
  full: 'the disk is full',
  readonly: 'the file or its folder is read-only',
  cantopen: 'the file cannot be opened (check the folder exists and is writable)',
  ioerr: 'the disk could not be read or written (a disk or file system error)',
  notadb: 'the file is not a Concilia cache (not an SQLite database)',
  corrupt: 'the cache file is damaged (restore the latest backup, or start a new cache with --db)',
  busy: 'another Concilia process holds the cache; try again in a moment',
};

/** A short phrase for a known SQLite failure ("the disk is full"), or null. */
export function describeSqliteError(error: unknown): string | null {
  const trouble = sqliteTrouble(error);
  return trouble ? PHRASES[trouble] : null;
}

// Not 'busy': a lock held by another process is transient, and callers already say so in their own words.
const AFTER_FAILED_WRITE: Partial<Record<SqliteTrouble, string>> = {
  full: 'the disk is full: free some space and %s; the cache was not changed',
  readonly: 'the cache file or its folder is read-only: make it writable (or open another cache with --db) and %s; the cache was not changed',
  cantopen: 'the cache file cannot be opened for writing: check its folder exists and is writable, then %s; the cache was not changed',
  ioerr: 'the disk could not be written (a disk or file system error): check the disk and %s; the cache was not changed',
  notadb: 'the cache file is not a Concilia cache: open another cache with --db and %s; the cache was not changed',
  corrupt: 'the cache file is damaged: restore the latest backup, or open a new cache with --db, and %s; the cache was not changed',
};

/**
 * What to do about a damaged cache ("database disk image is malformed", a failed quick_check):
 * said the same way by the command line, the app and every refusal.
 */
export const DAMAGED_CACHE_ADVICE =
  'Restore the latest backup (concilia backup copies, or the automatic ones in the "backups" folder beside the cache; see "Backup and restore" in the README), ' +
  'or start a new cache with --db PATH (in the app: move the file aside) and sync again. Keep the damaged file until you are sure nothing in it is needed.';

const WHAT_TO_DO: Record<SqliteTrouble, string> = {
  full: 'The disk holding the cache is full: free some space and try again; nothing was changed.',
  readonly: 'The cache file or its folder is read-only: make it writable (or open another cache with --db) and try again.',
  cantopen: 'The cache file cannot be opened: check its folder exists and is writable, then try again.',
  ioerr: 'The disk holding the cache could not be read or written (a disk or file system error): check the disk, then try again.',
  notadb: 'The cache file is not a Concilia cache (not an SQLite database): open the right file with --db.',
  corrupt: `The cache file is damaged (SQLite: "database disk image is malformed"). ${DAMAGED_CACHE_ADVICE}`,
  busy: 'Another Concilia process is using the cache (the desktop app or another command); try again when it has finished.',
};

/**
 * A whole sentence for a person about a known SQLite failure: what happened and what to do.
 * Null when the error is not one of them. SQLite's own text ("database disk image is
 * malformed") never reaches anyone untranslated through here.
 */
export function explainSqliteError(error: unknown): string | null {
  const trouble = sqliteTrouble(error);
  return trouble ? WHAT_TO_DO[trouble] : null;
}

/**
 * What to say when a write transaction failed and was rolled back, with what to do next
 * (`next` completes "free some space and …", e.g. "sync again"). Null when it is not a lasting
 * SQLite failure (a busy lock included).
 */
export function describeFailedWrite(error: unknown, next: string): string | null {
  const trouble = sqliteTrouble(error);
  const template = trouble ? AFTER_FAILED_WRITE[trouble] : undefined;
  return template ? template.replace('%s', next) : null;
}

/** Troubles that every later write would hit too: there is no point in going on. */
export function isPersistentWriteTrouble(error: unknown): boolean {
  const trouble = sqliteTrouble(error);
  return trouble !== null && trouble !== 'busy';
}
