/**
 * settings:* — window preferences kept in the cache's app_setting table (so the CLI and the app
 * agree), and each connection's saved tolerance (kept by the review store; every change audited).
 */
import { readSetting, writeSetting } from '../core/cache/index.ts';
import { getConnection, listConnections, toleranceToMinor } from '../core/connections/index.ts';
import { currencyExponent, formatMinor } from '../core/money/index.ts';
import { saveTolerance } from '../core/review/index.ts';
import { LANGUAGE_SETTING as LOCALE_KEY } from '../core/export/index.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';


export function settingsHandlers(ctx: HandlerContext) {
  const { db, reviews } = ctx.deps;
  const current = (): HandlerOutput<'settings:get'> => {
    const locale = readSetting(db, LOCALE_KEY);
    return {
      locale: locale === 'en' || locale === 'es' ? locale : null,
      tolerances: listConnections(db).map((c) => {
        const saved = reviews.savedTolerance(c);
        return { connection: c.name, kind: c.kind, currency: c.currency, abs: c.currency ? formatMinor(saved.absMinor, currencyExponent(c.currency)) : '0', pct: saved.pct };
      }),
    };
  };
  return {
    'settings:get': (): Promise<HandlerOutput<'settings:get'>> => Promise.resolve(current()),

    'settings:set'(input: ParsedInput<'settings:set'>): Promise<HandlerOutput<'settings:set'>> {
      // Every tolerance is checked before anything is written: a refused one changes nothing.
      const tolerances = (input.tolerances ?? []).map((t) => {
        const { currency } = getConnection(db, t.connection);
        return { connection: t.connection, change: { ...(currency ? { absMinor: toleranceToMinor(t.abs, currency) } : {}), pct: t.pct } };
      });
      if (input.locale !== undefined) writeSetting(db, LOCALE_KEY, input.locale);
      for (const t of tolerances) saveTolerance(ctx.deps, t.connection, t.change);
      return Promise.resolve(current());
    },
  };
}
