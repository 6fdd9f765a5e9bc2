/**
 * Which language a workbook is written in when nobody says: the app's own language setting (kept
 * in the cache, so the window and the command line agree), else the system's.
 */
import { readSetting, type ReadableDB } from '../cache/index.ts';
import { isLanguage, type Language } from '../language/language.ts';

/** The app's language setting in app_setting ('en' or 'es'; absent: follow the system). */
export const LANGUAGE_SETTING = 'ui.locale';

export function savedLanguage(db: ReadableDB): Language | null {
  const value = readSetting(db, LANGUAGE_SETTING);
  return isLanguage(value) ? value : null;
}

/** The saved language, else `system` (the system locale's). */
export function workbookLanguageOf(db: ReadableDB, system: Language): Language {
  return savedLanguage(db) ?? system;
}
