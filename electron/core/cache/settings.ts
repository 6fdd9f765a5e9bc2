/** Small named settings kept in the cache (app_setting), so the app and the command line agree. */
import type { ReadableDB, WritableDB } from './database.ts';

export function readSetting(db: ReadableDB, key: string): string | null {
  return db.prepare<[string], { value: string }>('SELECT value FROM app_setting WHERE key = ?').get(key)?.value ?? null;
}

/** Set a setting; null or '' removes it. */
export function writeSetting(db: WritableDB, key: string, value: string | null): void {
  if (value === null || value === '') db.prepare('DELETE FROM app_setting WHERE key = ?').run(key);
  else db.prepare('INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
