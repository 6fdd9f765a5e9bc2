export { openCache, CacheOpenError, type CacheDatabase, type ReadableDB, type WritableDB, type OpenCacheOptions } from './database.ts';
export { migrate, migrationHash, migrationsToApply, pendingMigrations, MigrationError, type AppliedMigration, type MigrationTarget } from './migrate.ts';
export { migrations, type Migration } from './migrations/index.ts';
export { defaultCachePath } from './location.ts';
export { describeSqliteError, describeFailedWrite, explainSqliteError, isPersistentWriteTrouble, sqliteCode, sqliteTrouble, DAMAGED_CACHE_ADVICE, type SqliteTrouble } from './sqlite-errors.ts';
export { readSetting, writeSetting } from './settings.ts';
export { assertCacheSound, checkCache, checkCacheInBackground, CacheDamagedError, type CacheHealth } from './health.ts';
export { backupCache, backupBeforeMigration, backupFolder, BackupError, MIGRATION_BACKUPS_KEPT, type BackupResult } from './backup.ts';
export { rateLedgerFor } from './rate-ledger.ts';
