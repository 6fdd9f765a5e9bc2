/**
 * The class and the percent SQLite works out for every row (sql-functions.ts) are exactly what
 * classify and percent2 give in JavaScript: across the integer fast path, the 64-bit edges, and
 * the fallback to the JavaScript functions past them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percent2, withinPercentOf } from '../../../electron/core/reconcile/fast-math.ts';
import { classify, classSql, pct100Sql, registerSqlFunctions, toleranceParams } from '../../../electron/core/reconcile/sql-functions.ts';
import { tempCache, type TempCache } from './fixtures.ts';

let cache: TempCache;
beforeAll(() => {
  cache = tempCache();
  registerSqlFunctions(cache.db);
});
afterAll(() => cache.cleanup());

const MAX = Number.MAX_SAFE_INTEGER;
const amount = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, 1, -1, 92233720368, 92233720369, -92233720369, 400000000000000, 400000000000001, 10 ** 15, 10 ** 15 + 1, MAX, -MAX),
  fc.integer({ min: -MAX, max: MAX }),
);
const pct = fc.constantFrom('0', '0.5', '2.25', '0.000001', '100', '12.345678', '99999');
const absMinor = fc.constantFrom(0, 1, 1000, 5_000_000, MAX);

describe('row arithmetic in SQL', () => {
  it('classSql is classify, for any tolerance', () => {
    const statement = (d: number, i: number, tolerance: { absMinor: number; pct: string }) =>
      cache.db.prepare(`SELECT ${classSql('@d', '@i')}`).pluck().get({ d: BigInt(d), i: BigInt(i), ...toleranceParams({ ...tolerance, withinPct: withinPercentOf(tolerance.pct) }) });
    fc.assert(
      fc.property(amount, amount, absMinor, pct, (d, i, abs, p) => {
        const tolerance = { absMinor: abs, pct: p, withinPct: withinPercentOf(p) };
        expect(statement(d, i, tolerance)).toBe(classify(d, i, tolerance));
      }),
      { numRuns: 2000 },
    );
  });

  it('pct100Sql gives the hundredths percent2 writes (a sort key: past 64 bits, the largest there is)', () => {
    const limit = 2n ** 63n - 1n;
    const hundredths = (text: string | null): bigint | null => {
      if (text === null) return null;
      const h = BigInt(text.replace('.', ''));
      return h > limit ? limit : h < -limit ? -limit : h;
    };
    fc.assert(
      fc.property(amount, amount, (d, i) => {
        const got = cache.db.prepare<{ d: bigint; i: bigint }, bigint | null>(`SELECT ${pct100Sql('@d', '@i')}`).safeIntegers(true).pluck().get({ d: BigInt(d), i: BigInt(i) });
        expect(got ?? null).toBe(hundredths(percent2(d, i)));
      }),
      { numRuns: 2000 },
    );
  });
});
