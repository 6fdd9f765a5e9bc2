import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DecimalError,
  currencyExponent,
  formatMinor,
  parseDecimalToMinor,
  parseExactJson,
  percentOf,
  sumMinor,
  withinPercent,
} from '../../../electron/core/money/index.ts';

describe('parseDecimalToMinor', () => {
  it('reads decimal strings exactly', () => {
    expect(parseDecimalToMinor('125000.00', 2)).toEqual({ minor: 12_500_000, rounded: false });
    expect(parseDecimalToMinor('0.1', 2).minor).toBe(10);
    expect(parseDecimalToMinor('-42.07', 2).minor).toBe(-4207);
    expect(parseDecimalToMinor('7', 0).minor).toBe(7);
    expect(parseDecimalToMinor('1.234', 3).minor).toBe(1234);
  });

  it('rounds half away from zero and says so', () => {
    expect(parseDecimalToMinor('0.005', 2)).toEqual({ minor: 1, rounded: true });
    expect(parseDecimalToMinor('-0.005', 2)).toEqual({ minor: -1, rounded: true });
    expect(parseDecimalToMinor('0.0049', 2)).toEqual({ minor: 0, rounded: true });
    expect(parseDecimalToMinor('2.50', 0)).toEqual({ minor: 3, rounded: true });
  });

  it('accepts JSON exponent forms', () => {
    expect(parseDecimalToMinor('1e3', 2).minor).toBe(100_000);
    expect(parseDecimalToMinor('1.5E-1', 2).minor).toBe(15);
    expect(parseDecimalToMinor('2.4580e5', 2).minor).toBe(24_580_000);
  });

  it('rejects what is not a plain decimal, with a readable message', () => {
    for (const bad of ['12,5O0.00', '', ' 1.00', '1.00 ', 'NaN', 'Infinity', '1.2.3', '--1', '0x10', '1e999']) {
      expect(() => parseDecimalToMinor(bad, 2), bad).toThrow(DecimalError);
    }
    expect(() => parseDecimalToMinor('12,5O0.00', 2)).toThrow(/not a decimal amount/);
  });

  it('refuses amounts it cannot hold exactly', () => {
    expect(() => parseDecimalToMinor('90071992547409.92', 2)).toThrow(/too large/);
  });

  it('round-trips every safe integer through formatMinor', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.constantFrom(0, 2, 3), (minor, exp) => {
        expect(parseDecimalToMinor(formatMinor(minor, exp), exp)).toEqual({ minor, rounded: false });
      }),
    );
  });

  it('matches the digits of any JSON number literal with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const literal = formatMinor(cents, 2);
        const parsed = parseExactJson(`{"a":${literal}}`) as { a: string };
        expect(parsed.a).toBe(literal);
        expect(parseDecimalToMinor(parsed.a, 2).minor).toBe(cents);
      }),
    );
  });
});

describe('formatMinor', () => {
  it('pads and signs', () => {
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(0, 2)).toBe('0.00');
    expect(formatMinor(123_450, 2)).toBe('1234.50');
    expect(formatMinor(7, 0)).toBe('7');
    expect(formatMinor(-1234, 3)).toBe('-1.234');
  });
  it('refuses a non-integer', () => {
    expect(() => formatMinor(0.1, 2)).toThrow(DecimalError);
  });
});

describe('sums and percents', () => {
  it('does not lose a cent where floats would', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in minor units it is 30.
    expect(sumMinor([10, 20])).toBe(30);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(DecimalError);
  });

  it('computes percents with integers, rounded half away from zero', () => {
    expect(percentOf(540_000, 24_580_000)).toBe('2.20');
    expect(percentOf(37, 42)).toBe('88.10');
    expect(percentOf(-1, 3)).toBe('-33.33');
    expect(percentOf(1, 8, 2)).toBe('12.50');
    expect(percentOf(0, 5)).toBe('0.00');
    expect(percentOf(1, 0)).toBeNull();
  });

  it('compares against a percent tolerance exactly', () => {
    expect(withinPercent(50, 10_000, '0.5')).toBe(true);
    expect(withinPercent(-50, -10_000, '0.5')).toBe(true);
    expect(withinPercent(51, 10_000, '0.5')).toBe(false);
    expect(withinPercent(0, 0, '0')).toBe(true);
    expect(withinPercent(1, 0, '100')).toBe(false);
  });
});

describe('currencies', () => {
  it('knows minor-unit exponents', () => {
    expect(currencyExponent('COP')).toBe(2);
    expect(currencyExponent('NGN')).toBe(2);
    expect(currencyExponent('UGX')).toBe(0);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(() => currencyExponent('usd')).toThrow(/three capital letters/);
  });
});
