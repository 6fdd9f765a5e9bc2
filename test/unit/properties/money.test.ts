/**
 * Money under arbitrary and adversarial input. Each property checks the library against an
 * oracle built differently (BigInt rationals, cross-multiplication), so a shared mistake in the
 * digit-shuffling cannot pass both.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DecimalError,
  addMinor,
  formatMinor,
  parseDecimalToMinor,
  parseExactJson,
  percentOf,
  sumMinor,
  withinPercent,
} from '../../../electron/core/money/index.ts';
import { cellNumberToMinor, minorToCellNumber } from '../../../electron/core/export/cell-format.ts';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const exponents = fc.constantFrom(0, 2, 3);
const safeMinor = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

/** A decimal literal as its parts, so the oracle never reads the text the library reads. */
const decimalParts = fc.record({
  negative: fc.boolean(),
  intDigits: fc.stringMatching(/^(0|[1-9]\d{0,17})$/),
  fracDigits: fc.stringMatching(/^\d{0,8}$/),
  exp: fc.option(fc.integer({ min: -12, max: 12 }), { nil: undefined }),
});
type DecimalParts = typeof decimalParts extends fc.Arbitrary<infer T> ? T : never;

function textOf(p: DecimalParts): string {
  const frac = p.fracDigits === '' ? '' : `.${p.fracDigits}`;
  const exp = p.exp === undefined ? '' : `e${p.exp}`;
  return `${p.negative ? '-' : ''}${p.intDigits}${frac}${exp}`;
}

/** Minor units by rational arithmetic, half away from zero; null when it cannot be held exactly. */
function oracleMinor(p: DecimalParts, exponent: number): { minor: bigint; rounded: boolean } | null {
  const digits = BigInt(`${p.intDigits}${p.fracDigits}`);
  const shift = (p.exp ?? 0) - p.fracDigits.length + exponent;
  let magnitude: bigint;
  let rounded = false;
  if (shift >= 0) {
    magnitude = digits * 10n ** BigInt(shift);
  } else {
    const d = 10n ** BigInt(-shift);
    magnitude = digits / d;
    const r = digits % d;
    rounded = r !== 0n;
    if (2n * r >= d) magnitude += 1n;
  }
  if (magnitude > MAX) return null;
  return { minor: p.negative ? -magnitude : magnitude, rounded };
}

describe('parseDecimalToMinor (property)', () => {
  it('equals a rational-arithmetic oracle for every well-formed decimal, or refuses one too large', () => {
    fc.assert(
      fc.property(decimalParts, exponents, (parts, exponent) => {
        const text = textOf(parts);
        const expected = oracleMinor(parts, exponent);
        if (expected === null) {
          expect(() => parseDecimalToMinor(text, exponent)).toThrow(DecimalError);
          return;
        }
        const got = parseDecimalToMinor(text, exponent);
        expect(BigInt(got.minor)).toBe(expected.minor);
        expect(got.rounded).toBe(expected.rounded);
        expect(Object.is(got.minor, -0)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers any string with a number or a DecimalError, never another failure or a guess', () => {
    const strict = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$/;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[ +\-0-9.,eE_x]{0,24}$/)), exponents, (text, exponent) => {
        let result: ReturnType<typeof parseDecimalToMinor> | undefined;
        try {
          result = parseDecimalToMinor(text, exponent);
        } catch (error) {
          expect(error).toBeInstanceOf(DecimalError);
          expect((error as Error).message.length).toBeGreaterThan(0);
          return;
        }
        // Accepted: it must have been a plain decimal, and the value a safe integer.
        expect(strict.test(text)).toBe(true);
        expect(Number.isSafeInteger(result.minor)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the usual adversarial amounts', () => {
    for (const text of ['', ' 1', '1 ', '1,000.00', '1.000,00', 'NaN', 'Infinity', '-Infinity', '0x10', '1e999', '1e-999', '١٢٣', '12.5O', '+-1', '--1', '.5', '1..2', '9007199254740993']) {
      expect(() => parseDecimalToMinor(text, 2), text).toThrow(DecimalError);
    }
  });
});

describe('formatMinor (property)', () => {
  it('round-trips through parseDecimalToMinor for every safe integer and exponent', () => {
    fc.assert(
      fc.property(safeMinor, exponents, (minor, exponent) => {
        const text = formatMinor(minor, exponent);
        expect(text).toMatch(exponent === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exponent}}$`));
        expect(parseDecimalToMinor(text, exponent)).toEqual({ minor, rounded: false });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses anything that is not an exact integer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noInteger: true }), fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53))), (value) => {
        expect(() => formatMinor(value, 2)).toThrow(DecimalError);
      }),
    );
  });
});

describe('addMinor / sumMinor (property)', () => {
  it('sums exactly or refuses once a partial sum would lose a unit', () => {
    const big = fc.integer({ min: -(2 ** 52), max: 2 ** 52 });
    fc.assert(
      fc.property(fc.array(fc.oneof(big, fc.integer({ min: -1000, max: 1000 })), { maxLength: 12 }), (values) => {
        let partial = 0n;
        let overflow = false;
        for (const v of values) {
          partial += BigInt(v);
          if (partial > MAX || partial < -MAX) overflow = true;
          if (overflow) break;
        }
        if (overflow) {
          expect(() => sumMinor(values)).toThrow(DecimalError);
        } else {
          expect(BigInt(sumMinor(values))).toBe(partial);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never returns an inexact sum of two safe integers', () => {
    fc.assert(
      fc.property(safeMinor, safeMinor, (a, b) => {
        const exact = BigInt(a) + BigInt(b);
        if (exact > MAX || exact < -MAX) expect(() => addMinor(a, b)).toThrow(DecimalError);
        else expect(BigInt(addMinor(a, b))).toBe(exact);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('percentOf (property)', () => {
  it('is the nearest value at its decimals, ties away from zero, and null for a zero base', () => {
    const amount = fc.integer({ min: -(10 ** 14), max: 10 ** 14 });
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 6 }), (numerator, denominator, places) => {
        const text = percentOf(numerator, denominator, places);
        if (denominator === 0) {
          expect(text).toBeNull();
          return;
        }
        expect(text).not.toBeNull();
        expect(text).toMatch(places === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${places}}$`));
        const r = BigInt((text ?? '').replace('.', ''));
        // r / 10^places ≈ 100·n/d  ⇔  r·d ≈ 100·n·10^places (cross-multiplied, all integers)
        const target = BigInt(numerator) * 100n * 10n ** BigInt(places);
        const d = BigInt(denominator);
        const err = r * d - target;
        const absErr = err < 0n ? -err : err;
        const absD = d < 0n ? -d : d;
        expect(2n * absErr <= absD).toBe(true);
        if (2n * absErr === absD) {
          // A tie: rounded away from zero means |r| is the larger candidate.
          const absR = r < 0n ? -r : r;
          const absTarget = target < 0n ? -target : target;
          expect(absR * absD > absTarget).toBe(true);
        }
        if (r === 0n) expect(text?.startsWith('-')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('withinPercent (property)', () => {
  it('agrees with |amount|·100 ≤ pct·|base| computed on integers', () => {
    const pct = fc.record({ whole: fc.integer({ min: 0, max: 1000 }), frac: fc.stringMatching(/^\d{0,6}$/) });
    const amount = fc.integer({ min: -(10 ** 13), max: 10 ** 13 });
    fc.assert(
      fc.property(amount, amount, pct, (a, base, p) => {
        const text = p.frac === '' ? String(p.whole) : `${p.whole}.${p.frac}`;
        const scaled = BigInt(`${p.whole}${p.frac}`);
        const scale = 10n ** BigInt(p.frac.length);
        const abs = (x: number): bigint => BigInt(Math.abs(x));
        const expected = abs(a) * 100n * scale <= scaled * abs(base);
        expect(withinPercent(a, base, text)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseExactJson (property)', () => {
  it('hands back every number exactly as written, however many digits', () => {
    const literal = fc.stringMatching(/^-?(0|[1-9]\d{0,24})(\.\d{1,24})?([eE][+-]?\d{1,3})?$/);
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 8 }), (literals) => {
        const body = `{"rows":[${literals.map((l, i) => `{"i":${i},"v":${l}}`).join(',')}],"n":${literals[0]}}`;
        const parsed = parseExactJson(body) as { rows: { i: string; v: string }[]; n: string };
        expect(parsed.rows.map((r) => r.v)).toEqual(literals);
        expect(parsed.rows.map((r) => r.i)).toEqual(literals.map((_, i) => String(i)));
        expect(parsed.n).toBe(literals[0]);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws a SyntaxError, and nothing else, on any string that is not JSON', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let plainOk = true;
        try {
          JSON.parse(text);
        } catch {
          plainOk = false;
        }
        if (plainOk) {
          expect(() => parseExactJson(text)).not.toThrow();
        } else {
          expect(() => parseExactJson(text)).toThrow(SyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('spreadsheet cell numbers (property)', () => {
  it('read back to the same minor units for every amount of up to 15 significant digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), exponents, (minor, exponent) => {
        expect(cellNumberToMinor(minorToCellNumber(minor, exponent), exponent)).toBe(minor);
      }),
      { numRuns: 3000 },
    );
  });
});
