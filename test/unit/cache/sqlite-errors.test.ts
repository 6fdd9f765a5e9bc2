import { describe, expect, it } from 'vitest';
import { describeFailedWrite, describeSqliteError, isPersistentWriteTrouble, sqliteCode } from '../../../electron/core/cache/index.ts';

function sqliteError(code: string, message = 'sqlite said something technical'): Error {
  return Object.assign(new Error(message), { name: 'SqliteError', code });
}

describe('SQLite failures in plain words', () => {
  it('recognises each family by its primary and extended codes', () => {
    const cases: [string, RegExp][] = [
      ['SQLITE_FULL', /^the disk is full$/],
      ['SQLITE_READONLY', /read-only/],
      ['SQLITE_READONLY_DBMOVED', /read-only/],
      ['SQLITE_READONLY_DIRECTORY', /read-only/],
      ['SQLITE_CANTOPEN', /cannot be opened/],
      ['SQLITE_CANTOPEN_ISDIR', /cannot be opened/],
      ['SQLITE_IOERR', /could not be read or written/],
      ['SQLITE_IOERR_WRITE', /could not be read or written/],
      ['SQLITE_IOERR_FSYNC', /could not be read or written/],
      ['SQLITE_NOTADB', /not a Concilia cache/],
      ['SQLITE_CORRUPT_INDEX', /damaged/],
      ['SQLITE_BUSY_SNAPSHOT', /another Concilia process/],
    ];
    for (const [code, phrase] of cases) expect(describeSqliteError(sqliteError(code)), code).toMatch(phrase);
  });

  it('does not mistake a look-alike code, other errors, or non-errors', () => {
    expect(describeSqliteError(sqliteError('SQLITE_FULLNESS'))).toBeNull();
    expect(describeSqliteError(sqliteError('SQLITE_CONSTRAINT_PRIMARYKEY'))).toBeNull();
    expect(describeSqliteError(new Error('database or disk is full'))).toBeNull();
    expect(describeSqliteError('SQLITE_FULL')).toBeNull();
    expect(sqliteCode(null)).toBeNull();
  });

  it('finds the code on a wrapped error', () => {
    const wrapped = new Error('storing failed', { cause: sqliteError('SQLITE_IOERR_WRITE') });
    expect(sqliteCode(wrapped)).toBe('SQLITE_IOERR_WRITE');
    expect(isPersistentWriteTrouble(wrapped)).toBe(true);
  });

  it('says what to do after a failed write, and that nothing was changed', () => {
    expect(describeFailedWrite(sqliteError('SQLITE_FULL', 'database or disk is full'), 'sync again')).toBe(
      'the disk is full: free some space and sync again; the cache was not changed',
    );
    expect(describeFailedWrite(sqliteError('SQLITE_READONLY_DBMOVED'), 'sync again')).toMatch(/read-only: .* and sync again; the cache was not changed$/);
    // A lock held by another process passes; the command line already explains it in its own words.
    expect(describeFailedWrite(sqliteError('SQLITE_BUSY'), 'sync again')).toBeNull();
    expect(isPersistentWriteTrouble(sqliteError('SQLITE_BUSY'))).toBe(false);
    expect(describeFailedWrite(new TypeError('x'), 'sync again')).toBeNull();
  });
});
