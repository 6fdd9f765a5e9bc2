export { openCache, CacheOpenError, type CacheDatabase, type ReadableDB, type WritableDB, type OpenCacheOptions } from './database.ts';
export { migrate, migrationHash, pendingMigrations, MigrationError, type AppliedMigration, type MigrationTarget } from './migrate.ts';
export { migrations, type Migration } from './migrations/index.ts';
export { defaultCachePath } from './location.ts';
export { describeSqliteError, describeFailedWrite, isPersistentWriteTrouble, sqliteCode, sqliteTrouble, type SqliteTrouble } from './sqlite-errors.ts';
export { readSetting, writeSetting } from './settings.ts';
