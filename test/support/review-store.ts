/**
 * A cache with its review store, as the app and the command line pair them: what reconcile,
 * export, review and sign-off are given.
 */
import type { CacheDatabase } from '../../electron/core/cache/index.ts';
import { systemClock, type Clock } from '../../electron/core/deps.ts';
import { createSqliteReviewStore, type ReviewStore } from '../../electron/core/review/index.ts';

export interface CacheWithStore {
  db: CacheDatabase;
  reviews: ReviewStore;
  clock: Clock;
}

/** The cache's own review store, stamping its changes with `clock`. */
export function withStore(db: CacheDatabase, clock: Clock = systemClock): CacheWithStore {
  return { db, reviews: createSqliteReviewStore(db, clock), clock };
}
