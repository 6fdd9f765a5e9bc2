/**
 * settings:* — window preferences kept in the cache's app_setting table (so the CLI and the app
 * agree), and each connection's saved tolerance (kept by the review store).
 */
import { getConnection, listConnections, toleranceToMinor } from '../core/connections/index.ts';
import { currencyExponent, formatMinor } from '../core/money/index.ts';
import { saveTolerance } from '../core/review/index.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

const LOCALE_KEY = 'ui.locale';
const AUTHOR_KEY = 'ui.author';

export function settingsHandlers(ctx: HandlerContext) {
  const { db, reviews } = ctx.deps;
  const read = (key: string): string | null => db.prepare<[string], { value: string }>('SELECT value FROM app_setting WHERE key = ?').get(key)?.value ?? null;
  const write = (key: string, value: string | null): void => {
    if (value === null || value === '') db.prepare('DELETE FROM app_setting WHERE key = ?').run(key);
    else db.prepare('INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  };
  const current = (): HandlerOutput<'settings:get'> => {
    const locale = read(LOCALE_KEY);
    return {
      locale: locale === 'en' || locale === 'es' ? locale : null,
      author: read(AUTHOR_KEY),
      tolerances: listConnections(db).map((c) => {
        const saved = reviews.savedTolerance(c);
        return { connection: c.name, kind: c.kind, currency: c.currency, abs: c.currency ? formatMinor(saved.absMinor, currencyExponent(c.currency)) : '0', pct: saved.pct };
      }),
    };
  };
  return {
    'settings:get': (): Promise<HandlerOutput<'settings:get'>> => Promise.resolve(current()),

    'settings:set'(input: ParsedInput<'settings:set'>): Promise<HandlerOutput<'settings:set'>> {
      db.transaction(() => {
        if (input.locale !== undefined) write(LOCALE_KEY, input.locale);
        if (input.author !== undefined) write(AUTHOR_KEY, input.author);
        for (const t of input.tolerances ?? []) {
          const { currency } = getConnection(db, t.connection);
          saveTolerance(ctx.deps, t.connection, { ...(currency ? { absMinor: toleranceToMinor(t.abs, currency) } : {}), pct: t.pct });
        }
      })();
      return Promise.resolve(current());
    },
  };
}
