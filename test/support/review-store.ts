/**
 * A cache with its review store, as the app and the command line pair them: what reconcile,
 * export, review and sign-off are given.
 */
import type { CacheDatabase } from '../../electron/core/cache/index.ts';
import { systemClock, type Clock } from '../../electron/core/deps.ts';
import type { Identity } from '../../electron/core/identity/index.ts';
import { createSqliteReviewStore, type ReviewStore } from '../../electron/core/review/index.ts';
import { testIdentity } from './identity.ts';

export interface CacheWithStore {
  db: CacheDatabase;
  reviews: ReviewStore;
  clock: Clock;
}

/** The cache's own review store, stamping its changes with `clock` and signing them as `identity` (test account "ana" by default). */
export function withStore(db: CacheDatabase, clock: Clock = systemClock, identity: Identity = testIdentity('ana')): CacheWithStore {
  return { db, reviews: createSqliteReviewStore(db, clock, identity), clock };
}
