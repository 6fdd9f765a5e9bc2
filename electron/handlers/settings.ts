/**
 * settings:* — window preferences kept in the cache's app_setting table (so the CLI and the app
 * agree): language, theme, the range last chosen per connection; and each connection's saved
 * tolerance (kept by the review store; every change audited).
 */
import { readSetting, writeSetting } from '../core/cache/index.ts';
import { getConnection, listConnections, toleranceToMinor } from '../core/connections/index.ts';
import { currencyExponent, formatMinor } from '../core/money/index.ts';
import { saveTolerance } from '../core/review/index.ts';
import { LANGUAGE_SETTING as LOCALE_KEY } from '../core/export/index.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import { RememberedRange, Theme } from '../contract/schemas.ts';
import type { HandlerContext } from './context.ts';

const THEME_KEY = 'ui.theme';
/** One key per connection: 'ui.range.' + its name. */
const RANGE_PREFIX = 'ui.range.';

const RangeValue = RememberedRange.omit({ connection: true });

function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function settingsHandlers(ctx: HandlerContext) {
  const { db, reviews } = ctx.deps;
  const current = (): HandlerOutput<'settings:get'> => {
    const locale = readSetting(db, LOCALE_KEY);
    const theme = Theme.safeParse(readSetting(db, THEME_KEY));
    const connections = listConnections(db);
    return {
      locale: locale === 'en' || locale === 'es' ? locale : null,
      theme: theme.success ? theme.data : 'system',
      // A damaged value is ignored, not fatal; a removed connection's range is not asked for.
      ranges: connections.flatMap((c) => {
        const range = RangeValue.safeParse(safeJson(readSetting(db, RANGE_PREFIX + c.name)));
        return range.success ? [{ connection: c.name, ...range.data }] : [];
      }),
      tolerances: connections.map((c) => {
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
      if (input.range !== undefined) getConnection(db, input.range.connection);
      if (input.locale !== undefined) writeSetting(db, LOCALE_KEY, input.locale);
      if (input.theme !== undefined) writeSetting(db, THEME_KEY, input.theme === 'system' ? null : input.theme);
      if (input.range !== undefined) {
        const { connection, ...range } = input.range;
        writeSetting(db, RANGE_PREFIX + connection, JSON.stringify(range));
      }
      for (const t of tolerances) saveTolerance(ctx.deps, t.connection, t.change);
      return Promise.resolve(current());
    },
  };
}
