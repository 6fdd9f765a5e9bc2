/**
 * The ingest's fast paths against what they stand in for: each must agree exactly with the slow,
 * general code on everything it accepts, and hand everything else to it (same value, same error).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimalToMinor } from '../../../electron/core/money/index.ts';
import { parseJsonKeepingNumberText } from '../../support/reference-exact-json.ts';
import { minorUnits, TooManyDecimalsError } from '../../../electron/core/upstream/amounts.ts';
import { isCalendarDate } from '../../../electron/core/upstream/dates.ts';
import { parseExactJson, quoteNumbers } from '../../../electron/core/money/exact-json.ts';
import { billingPeriodSchema, plainlyValidRecord } from '../../../electron/core/upstream/payg/schema.ts';
import { plainlyValidRow, portalRowSchema } from '../../../electron/core/upstream/portal/schema.ts';

/** Both give the same value, or both throw the same kind of error with the same message. */
function outcome(read: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: read() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error instanceof SyntaxError ? 'bad JSON' : error.message}` : String(error) };
  }
}

const numberLiteral = fc.stringMatching(/^-?(0|[1-9]\d{0,20})(\.\d{1,20})?([eE][+-]?\d{1,3})?$/);
/** JSON-ish text: real JSON, JSON with numbers spliced in oddly, and near-misses. */
const jsonish = fc.oneof(
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
  fc.string(),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', '1', '-', '.', 'e', '0', '"', '\\', ':', ',', ' ', '01', '1.', '{1:2}', '-0', '1e', ']')).map(([text, at, piece]) => {
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    return text.slice(0, i) + piece + text.slice(i);
  }),
  fc.array(fc.tuple(fc.string({ maxLength: 4 }), numberLiteral), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
);

describe('parseExactJson', () => {
  it('gives exactly what parseJsonKeepingNumberText gives, or fails where it fails', () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        expect(outcome(() => parseExactJson(text))).toEqual(outcome(() => parseJsonKeepingNumberText(text)));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps invalid JSON invalid and strings untouched', () => {
    for (const text of ['{1:2}', '{ -1 :2}', '[01]', '[1.]', '[.5]', '[-]', '[1e]', '[+1]', '[1 2]', '"1', '[NaN]', '{"a":1:2}']) {
      expect(() => parseExactJson(text), text).toThrow(SyntaxError);
    }
    expect(parseExactJson('{"a\\"1":"2\\\\","b":[1.50,-0,2E+3]}')).toEqual({ 'a"1': '2\\', b: ['1.50', '-0', '2E+3'] });
    expect(quoteNumbers('{"x":"no numbers here"}')).toBe('{"x":"no numbers here"}');
    expect(parseExactJson(' 7 ')).toBe('7');
  });
});

describe('minorUnits', () => {
  const decimalish = fc.oneof(
    fc.stringMatching(/^-?\d{1,18}(\.\d{0,8})?$/),
    fc.stringMatching(/^[-+ ]?[0-9.eE,]{0,12}$/),
    fc.string({ maxLength: 12 }),
  );
  /** parseDecimalToMinor, refusing to round: what minorUnits stands in for. */
  function exactMinor(text: string, exponent: number): number {
    const parsed = parseDecimalToMinor(text, exponent);
    if (parsed.rounded) throw new TooManyDecimalsError(text, exponent);
    return parsed.minor;
  }
  it('matches parseDecimalToMinor on every input, value or error, and never rounds', () => {
    fc.assert(
      fc.property(decimalish, fc.constantFrom(0, 2, 3, 6), (text, exponent) => {
        expect(outcome(() => minorUnits(text, exponent))).toEqual(outcome(() => exactMinor(text, exponent)));
      }),
      { numRuns: 5000 },
    );
    for (const text of ['-0', '-0.00', '0.5', '999999999999999', '9999999999999.99', '1.', '.5', '', '414799.815', '1.500', '2.50']) {
      for (const exponent of [0, 2, 3, 6]) expect(outcome(() => minorUnits(text, exponent)), `${text} ${exponent}`).toEqual(outcome(() => exactMinor(text, exponent)));
    }
    expect(() => minorUnits('414799.815', 2)).toThrow(TooManyDecimalsError);
    expect(minorUnits('414799.810', 2)).toBe(41_479_981);
  });
});

describe('isCalendarDate', () => {
  // The definition it replaced: the pattern, then a round trip through Date.UTC.
  function reference(text: string): boolean {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return false;
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 1000) return false;
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }
  it('agrees with the pattern-and-Date.UTC definition', () => {
    const dateish = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
        ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
      fc.string({ maxLength: 11 }),
      fc.stringMatching(/^[0-9]{4}.[0-9]{2}.[0-9]{2}$/),
    );
    fc.assert(
      fc.property(dateish, (text) => {
        expect(isCalendarDate(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
    for (const text of ['2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '0999-01-01', '2025-04-31', '2025-12-31', '2025-1-01', '２０２５-01-01']) {
      expect(isCalendarDate(text), text).toBe(reference(text));
    }
  });
});

/** Field values, good and bad, as parseExactJson hands them over (numbers as their text). */
const POOL: readonly unknown[] = [
  undefined, null, true, 0, 12, '', ' ', '0', '007', '12', '-1', '1.5', '1.', '.5', '1e3', '-0', '245800.00', '-0.5', '999999999999999', '1234567890123456',
  'x|y', 'a\u0001', 'a\u001f', 'a\u007f', 'é', '2025-05-19', '2025-02-30', '2024-02-29', '25/05/2025', 'NGN', 'naira', 'PAYMENT_COMPLETE', 'LOST',
  'a'.repeat(200), 'a'.repeat(201), {}, [], ['1'], { label: 'PENDING' }, { label: 3 }, { code: '1', label: 'DRAFT' }, [{ label: 'DRAFT' }],
];
const anyValue = fc.oneof(fc.constantFrom(...POOL), fc.string({ maxLength: 6 }));

/** The good record with one field changed (or removed, for undefined). */
function withField(good: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = { ...good };
  if (value === undefined) delete record[key];
  else record[key] = value;
  return record;
}

function candidate(good: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(good);
  return fc
    .tuple(fc.subarray(keys, { maxLength: 3 }), fc.array(anyValue, { minLength: 3, maxLength: 3 }), fc.boolean(), fc.nat({ max: 9 }))
    .map(([spoilt, values, extra, shape]) => {
      if (shape === 0) return values[0];
      let record: Record<string, unknown> = { ...good };
      spoilt.forEach((key, i) => {
        record = withField(record, key, values[i]);
      });
      if (extra) record.extra = { deep: ['1'] };
      return record;
    });
}

/** Every one-field change from the pool, then random combinations: fast check and zod agree. */
function agree(good: Record<string, unknown>, check: (candidate: unknown) => void): void {
  for (const key of Object.keys(good)) for (const value of POOL) check(withField(good, key, value));
  for (const value of POOL) check(value);
  fc.assert(
    fc.property(candidate(good), (c) => {
      check(c);
    }),
    { numRuns: 3000 },
  );
}

describe('hand-written checks for the common valid record', () => {
  it('portal rows: accept only what zod accepts, read the same; leave the rest to zod', () => {
    const good = {
      provider_id: '504210987600',
      provider_name: 'Transporte Rápido S.A.',
      task_count: '42',
      total_invoiced: '245800.00',
      total_provider: '251200.00',
      total_paid: '198400.00',
      pending_payment: '47400.00',
      approval_rate: '88.10',
      approved_count: '37',
      rejected_count: '2',
      review_count: '3',
    };
    expect(plainlyValidRow(good)).not.toBeNull();
    agree(good, (row) => {
      const fast = plainlyValidRow(row);
      const zod = portalRowSchema.safeParse(row);
      if (fast) expect(zod.success && zod.data).toEqual(fast);
      // The fast check may pass a record to zod needlessly, never the other way round.
      if (!zod.success) expect(fast).toBeNull();
    });
  });

  it('billing periods: accept only what zod accepts, read the same; leave the rest to zod', () => {
    const good = {
      id: '5001',
      loanName: 'Contract ***',
      start_date: '2025-05-19',
      end_date: '2025-05-25',
      status: { code: '3', label: 'PAYMENT_COMPLETE' },
      currency: 'NGN',
      totalAmountIncMaintenanceFee: '125000.00',
      funding_source: 'bank',
    };
    expect(plainlyValidRecord(good)).not.toBeNull();
    const label = (status: string | { label: string }): string => (typeof status === 'string' ? status : status.label);
    agree(good, (record) => {
      const fast = plainlyValidRecord(record);
      const zod = billingPeriodSchema.safeParse(record);
      if (fast) {
        expect(zod.success).toBe(true);
        if (zod.success) expect({ ...fast, status: label(fast.status) }).toEqual({ ...zod.data, status: label(zod.data.status) });
      }
      if (!zod.success) expect(fast).toBeNull();
    });
  });
});
