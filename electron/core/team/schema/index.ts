/**
 * The team database's migrations, in order: numbered, each applied once in a transaction and
 * recorded with its hash in concilia.schema_migration, by the same rule as the cache's
 * (cache/migrate.ts migrationsToApply). Never edit one once released.
 */
import type { Migration } from '../../cache/index.ts';
import * as t0001 from './0001-review-layer.ts';
import * as t0002 from './0002-signatures.ts';
import * as t0003 from './0003-signed-assignments.ts';

export const teamMigrations: readonly Migration[] = [
  { version: 1, name: t0001.name, sql: t0001.sql },
  { version: 2, name: t0002.name, sql: t0002.sql },
  { version: 3, name: t0003.name, sql: t0003.sql },
];
