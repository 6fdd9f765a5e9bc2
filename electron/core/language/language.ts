/** The languages Concilia speaks, and how the command line picks one from the system's locale. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'es';
}

/**
 * The system locale's language, as POSIX orders the variables: LC_ALL, then LC_MESSAGES, then
 * LANG ("es_CO.UTF-8" is Spanish). English when none names a language Concilia speaks.
 */
export function languageFromEnv(env: Readonly<Record<string, string | undefined>>): Language {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const base = value.toLowerCase().split(/[_.@-]/)[0];
    return base === 'es' ? 'es' : 'en';
  }
  return 'en';
}
