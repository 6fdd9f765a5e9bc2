import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellNumberToMinor,
  dateToSerial,
  instantToSerial,
  minorToCellNumber,
  moneyFormat,
  percentTextToCellNumber,
  serialToDate,
} from '../../../electron/core/export/cell-format.ts';
import { formatMinor } from '../../../electron/core/money/index.ts';

describe('amounts as cell numbers', () => {
  it('is the double nearest the exact decimal, and rounds back to the same minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.constantFrom(0, 2, 3), (minor, exponent) => {
        const value = minorToCellNumber(minor, exponent);
        expect(value).toBe(Number(formatMinor(minor, exponent)));
        // What a reader parses back from the XML text is the same double.
        expect(Number(String(value))).toBe(value);
        expect(cellNumberToMinor(value, exponent)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not an exact number of minor units', () => {
    expect(() => minorToCellNumber(1.5, 2)).toThrow(/not an exact integer/);
    expect(minorToCellNumber(-0, 2)).toBe(0);
    expect(Object.is(cellNumberToMinor(-0.001, 2), 0)).toBe(true);
  });

  it('formats by the currency: decimals, red negatives with their sign, the code', () => {
    expect(moneyFormat('COP')).toBe('#,##0.00 "COP";[Red]-#,##0.00 "COP";#,##0.00 "COP"');
    expect(moneyFormat('JPY')).toBe('#,##0 "JPY";[Red]-#,##0 "JPY";#,##0 "JPY"');
    expect(moneyFormat('KWD')).toMatch(/^#,##0\.000 "KWD";/);
  });
});

describe('percents, dates and instants', () => {
  it('moves the decimal point in the text', () => {
    expect(percentTextToCellNumber('1.25')).toBe(0.0125);
    expect(percentTextToCellNumber('-24.69')).toBe(-0.2469);
    expect(percentTextToCellNumber('500000000.00')).toBe(5_000_000);
    expect(percentTextToCellNumber('0.00')).toBe(0);
    expect(percentTextToCellNumber('-0.00')).toBe(0);
    expect(() => percentTextToCellNumber('1,5')).toThrow();
    for (const bad of ['', '-', '.5', '5.', '1.2.3', '+-1', '1e2', ' 1']) expect(() => percentTextToCellNumber(bad)).toThrow();
  });

  it('is the double Number() reads from the shifted text, for short and long texts alike', () => {
    // The reference moves the point in the text, as the general path does.
    const shifted = (text: string): number => {
      const negative = text.startsWith('-');
      const [whole = '', fraction = ''] = text.replace(/^[+-]/, '').split('.');
      const digits = whole.padStart(3, '0');
      const value = Number(`${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}${fraction}`);
      return value === 0 ? 0 : value;
    };
    const text = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
      .map(([sign, n, places]) => {
        const digits = n.toString().padStart(places + 1, '0');
        return places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
      });
    fc.assert(
      fc.property(text, (t) => {
        expect(Object.is(percentTextToCellNumber(t), shifted(t))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('writes UTC calendar dates as Excel serials', () => {
    expect(dateToSerial('1970-01-01')).toBe(25569);
    expect(dateToSerial('2026-01-01')).toBe(46023);
    expect(serialToDate(46023)).toBe('2026-01-01');
    expect(instantToSerial('2026-01-01T12:00:00.000Z')).toBe(46023.5);
    expect(() => dateToSerial('2026-1-1')).toThrow(/YYYY-MM-DD/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80_000 }), (days) => {
        const date = new Date(Date.UTC(1970, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
        expect(serialToDate(dateToSerial(date))).toBe(date);
      }),
    );
  });
});
