/**
 * The review store a host gives its handlers: the team's when this cache joined a team (so every
 * change is queued for the server, whichever face made it), else the solo one.
 */
import type { WritableDB } from '../cache/index.ts';
import type { Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { createSqliteReviewStore } from '../review/sqlite-store.ts';
import type { ReviewStore } from '../review/store.ts';
import { readTeamSettings } from './settings.ts';
import { createTeamReviewStore } from './store.ts';

export function reviewStoreFor(db: WritableDB, clock: Clock, identity: Identity | (() => Identity), teamPassword: () => Promise<string | null>): ReviewStore {
  const team = readTeamSettings(db);
  return team === null ? createSqliteReviewStore(db, clock, identity) : createTeamReviewStore(db, clock, identity, { address: team.address, password: teamPassword });
}
