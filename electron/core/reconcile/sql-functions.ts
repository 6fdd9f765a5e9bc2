/**
 * The rules a reconciliation applies row by row, for SQLite: a row's class under a tolerance and
 * its percent rounded half away from zero (as SQL integer arithmetic while it stays in 64 bits, and
 * as functions beyond), days since an instant, and text folded for search. The functions are the
 * same JavaScript the rest of Concilia uses (withinPercentOf, percent2, daysSinceInstant,
 * foldText); a property test holds the SQL forms equal to them. Registered once per connection;
 * they only compute, never read or write.
 */
import type { ReadableDB } from '../cache/index.ts';
import { ReconcileError } from './connection.ts';
import { daysSinceInstant } from './dates.ts';
import { percent2, withinPercentOf } from './fast-math.ts';
import { parseDecimalToMinor } from '../money/index.ts';
import type { PortalClass } from './types.ts';

/** Every class a row can have. */
export const CLASS_CODES: readonly PortalClass[] = ['MATCHED', 'WITHIN_TOLERANCE', 'PROVIDER_HIGHER', 'PROVIDER_LOWER'];

export interface Tolerance {
  absMinor: number;
  pct: string;
  /** |difference| ≤ pct% of |invoiced|, exact. */
  withinPct: (difference: number, invoiced: number) => boolean;
}

export function classify(differenceMinor: number, invoicedMinor: number, tolerance: Tolerance): PortalClass {
  if (differenceMinor === 0) return 'MATCHED';
  if (Math.abs(differenceMinor) <= tolerance.absMinor || tolerance.withinPct(differenceMinor, invoicedMinor)) return 'WITHIN_TOLERANCE';
  return differenceMinor > 0 ? 'PROVIDER_HIGHER' : 'PROVIDER_LOWER';
}

/**
 * The parameters classSql reads: the tolerance as the run resolved it. Integers go as BigInt:
 * better-sqlite3 binds a JavaScript number as a REAL, and the products below must stay integers.
 */
export function toleranceParams(tolerance: Tolerance): { absMinor: bigint; pct: string; pctScaled: bigint; invLimit: bigint } {
  const pctScaled = BigInt(parseDecimalToMinor(tolerance.pct, 6).minor);
  return { absMinor: BigInt(tolerance.absMinor), pct: tolerance.pct, pctScaled, invLimit: pctScaled > 0n ? INT64_MAX / pctScaled : INT64_MAX };
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * SQL of classify(difference, invoiced, tolerance), with toleranceParams bound: integer
 * arithmetic where every product stays in 64 bits (withinPercentOf's test, |d| × 10^8 ≤ pct × 10^6
 * × |i|), concilia_within beyond. A property test holds it equal to classify.
 */
export function classSql(d: string, i: string): string {
  return `CASE WHEN ${d} = 0 THEN 'MATCHED'
    WHEN abs(${d}) <= @absMinor THEN 'WITHIN_TOLERANCE'
    WHEN @pctScaled > 0 AND (CASE WHEN abs(${d}) <= 92233720368 AND abs(${i}) <= @invLimit THEN abs(${d}) * 100000000 <= @pctScaled * abs(${i})
      ELSE concilia_within(${d}, ${i}, @pct) END) THEN 'WITHIN_TOLERANCE'
    WHEN ${d} > 0 THEN 'PROVIDER_HIGHER' ELSE 'PROVIDER_LOWER' END`;
}

/**
 * SQL of the percent's hundredths as percent2 rounds them (half away from zero), the key a sort
 * by "Difference %" orders on; NULL when nothing was invoiced. Integer arithmetic while it stays
 * in 64 bits, concilia_pct100 beyond. A property test holds it equal to percent2.
 */
export function pct100Sql(d: string, i: string): string {
  return `CASE WHEN ${i} = 0 THEN NULL
    WHEN abs(${d}) <= 400000000000000 AND abs(${i}) <= 1000000000000000
      THEN (CASE WHEN (${d} < 0) != (${i} < 0) THEN -1 ELSE 1 END) * ((abs(${d}) * 20000 + abs(${i})) / (2 * abs(${i})))
    ELSE concilia_pct100(${d}, ${i}) END`;
}

/** Lower case without accents: "Peñalosa" and "penalosa" find each other. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** An amount SQLite handed over: only an integer JavaScript holds exactly may be classed or shown. */
export function exact(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ReconcileError('An amount in this range is too large to add up exactly.');
  return value;
}

const registered = new WeakSet<object>();
/** A few recent values each: the same few tolerances, dates and names come back row after row. */
const MAX_MEMO = 50_000;

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= MAX_MEMO) known.clear();
      known.set(key, value);
    }
    return value;
  };
}

export function registerSqlFunctions(db: ReadableDB): void {
  if (registered.has(db)) return;
  registered.add(db);
  const withinPct = memo((pct: string) => withinPercentOf(pct));
  const folded = memo((text: string) => foldText(text));
  const daysSince = memo((key: string) => {
    const cut = key.indexOf('|');
    return daysSinceInstant(key.slice(cut + 1), Number(key.slice(0, cut))) ?? 0;
  });
  const options = { deterministic: true, directOnly: true };

  /** concilia_within(difference, invoiced, pct) → 1 when |difference| ≤ pct% of |invoiced|, exactly (classSql's way past int64). */
  db.function('concilia_within', options, (difference: unknown, invoiced: unknown, pct: unknown) => (withinPct(String(pct))(exact(difference), exact(invoiced)) ? 1 : 0));

  /**
   * concilia_pct100(difference, invoiced) → the percent in hundredths as percent2 rounds it, the
   * key a sort by "Difference %" orders on; NULL when nothing was invoiced. Text past 2^63 cannot
   * be a key: those (absurd) percents sort as the largest that can.
   */
  db.function('concilia_pct100', { ...options, safeIntegers: false }, (difference: unknown, invoiced: unknown) => {
    const text = percent2(exact(difference), exact(invoiced));
    if (text === null) return null;
    const hundredths = BigInt(text.replace('.', ''));
    const limit = 2n ** 63n - 1n;
    return hundredths > limit ? limit : hundredths < -limit ? -limit : hundredths;
  });

  /** concilia_days_since(instant, now ms) → whole days from the instant to now (0 when unreadable). */
  db.function('concilia_days_since', options, (instant: unknown, now: unknown) => daysSince(`${String(now)}|${String(instant)}`));

  /** concilia_fold(text) → lower case without accents (NULL as ''). */
  db.function('concilia_fold', options, (text: unknown) => (typeof text === 'string' ? folded(text) : ''));
}
