import { describeFailedWrite } from '../cache/index.ts';
import { SyncError } from './types.ts';

/**
 * Run one write step of a sync (a window's transaction, the run log). A full disk, a read-only
 * cache and the like become a SyncError saying what happened and what to do, instead of SQLite's
 * "database or disk is full"; the SQLite error stays as the cause. Anything else passes unchanged.
 */
export function writingCache<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const message = describeFailedWrite(error, 'sync again');
    if (message) throw new SyncError(message, { cause: error });
    throw error;
  }
}
