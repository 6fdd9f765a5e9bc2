/**
 * Every migration, in order. Add a file `NNNN-what.ts` exporting `name` and `sql`, append it here,
 * and add a test in test/unit/cache/migrations.test.ts. Never edit a migration once released:
 * the cache records each one's hash and refuses to open when an applied one has changed.
 */
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-reconcile-review.ts';
import * as m0003 from './0003-credential-origin.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: m0001.name, sql: m0001.sql },
  { version: 2, name: m0002.name, sql: m0002.sql },
  { version: 3, name: m0003.name, sql: m0003.sql },
];
