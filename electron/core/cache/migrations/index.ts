/**
 * Every migration, in order. Never edit a migration once released: the cache records each one's
 * hash and refuses to open when an applied one has changed.
 *
 * To add one:
 * 1. a file `NNNN-what.ts` exporting `name` and `sql`, appended below;
 * 2. its upgrade case in test/unit/cache/upgrades.test.ts (the test fails until there is one):
 *    `seed` writes, with plain SQL, what the app stores from this version on (so later upgrades
 *    start from a cache that has it), and `check` looks at the new shape. The test builds a cache
 *    at NNNN-1 filled by every earlier version's seed — connections, windows, rows, reviews,
 *    sign-offs, audit entries — applies NNNN, and requires every row to have survived unchanged;
 * 3. anything about the new schema itself (constraints, indexes) in test/unit/cache/migrations.test.ts.
 */
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-reconcile-review.ts';
import * as m0003 from './0003-credential-origin.ts';
import * as m0004 from './0004-sync-integrity.ts';
import * as m0005 from './0005-identities.ts';
import * as m0006 from './0006-team.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: m0001.name, sql: m0001.sql },
  { version: 2, name: m0002.name, sql: m0002.sql },
  { version: 3, name: m0003.name, sql: m0003.sql },
  { version: 4, name: m0004.name, sql: m0004.sql },
  { version: 5, name: m0005.name, sql: m0005.sql },
  { version: 6, name: m0006.name, sql: m0006.sql },
];
