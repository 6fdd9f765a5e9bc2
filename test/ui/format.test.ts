/** The renderer's formatting and parsing of money, numbers and dates, in the app's languages. */
import { describe, expect, test } from 'vitest';
import { formatDateInput, parseDateInput } from '../../renderer/src/format/date-input.ts';
import { formatMonth, formatSpan } from '../../renderer/src/format/dates.ts';
import { currencyDisplay, formatAmount } from '../../renderer/src/format/money.ts';
import { parseDecimalInput } from '../../renderer/src/format/number-input.ts';
import { lastCompleteMonth } from '../../renderer/src/state/ranges.ts';

describe('money', () => {
  test.each(['en-US', 'es', 'es-CO'])('names the currency by its ISO code when its symbol is shared (%s)', (locale) => {
    for (const code of ['COP', 'USD', 'MXN']) {
      expect(currencyDisplay(code, locale)).toBe('code');
      const text = formatAmount('1234.5', code, locale);
      expect(text).toContain(code);
      expect(text).not.toContain('$');
    }
    // A symbol only one currency uses stays a symbol.
    expect(formatAmount('1234.5', 'EUR', locale)).toContain('€');
    expect(formatAmount('1234.5', 'NGN', locale)).toContain('₦');
  });

  test('keeps every digit of large amounts', () => {
    expect(formatAmount('12345678901234567.89', 'COP', 'en-US')).toBe('COP\u00a012,345,678,901,234,567.89');
  });
});

describe('numbers people type', () => {
  test.each([
    ['1,000', 'en-US', '1000'],
    ['1,5', 'en-US', '1.5'],
    ['1,000.50', 'en-US', '1000.50'],
    ['1.000', 'es', '1000'],
    ['1,5', 'es', '1.5'],
    ['1.000,5', 'es', '1000.5'],
    ['0,5', 'es', '0.5'],
    [' 10 ', 'en-US', '10'],
    ['1 000,5', 'fr', '1000.5'],
  ])('"%s" in %s is %s', (text, locale, decimal) => {
    expect(parseDecimalInput(text, locale)).toBe(decimal);
  });

  test.each([
    ['abc', 'en-US'],
    ['-1', 'en-US'],
    ['1,00,0', 'en-US'],
    ['12,34.5', 'en-US'],
    ['1.2.3', 'es'],
    ['', 'es'],
    ['1234567890123456', 'en-US'],
    ['0.1234567', 'en-US'],
  ])('"%s" in %s is refused, not guessed', (text, locale) => {
    expect(parseDecimalInput(text, locale)).toBeNull();
  });
});

describe('dates', () => {
  test('are typed and shown in the order of the app’s language, and ISO dates are always read', () => {
    expect(formatDateInput('2025-12-31', 'es')).toBe('31/12/2025');
    expect(formatDateInput('2025-12-31', 'en-US')).toBe('12/31/2025');
    expect(parseDateInput('31/12/2025', 'es')).toBe('2025-12-31');
    expect(parseDateInput('1/3/2025', 'es')).toBe('2025-03-01');
    expect(parseDateInput('12/31/2025', 'en-US')).toBe('2025-12-31');
    expect(parseDateInput('2025-12-31', 'es')).toBe('2025-12-31');
    expect(parseDateInput('31.12.25', 'es')).toBe('2025-12-31');
    expect(parseDateInput('30/02/2025', 'es')).toBeNull();
    expect(parseDateInput('12/31/2025', 'es')).toBeNull();
    expect(parseDateInput('soon', 'en-US')).toBeNull();
  });

  test('months read as month and year, without " de "', () => {
    expect(formatMonth('2025-09-01', 'es')).not.toContain(' de ');
    expect(formatMonth('2025-09-01', 'es-CO')).not.toContain(' de ');
    expect(formatSpan('2025-03-01', '2025-03-31', 'en-US')).toBe('Mar 2025');
    // Intl puts thin spaces around the dash: compare the words.
    expect(formatSpan('2025-03-03', '2025-03-09', 'en-US').replace(/\s/g, ' ')).toBe('Mar 3 – 9, 2025');
  });

  test('the default range is the last complete month before today', () => {
    expect(lastCompleteMonth(new Date(2026, 11, 15))).toEqual({ from: '2026-11-01', to: '2026-11-30', period: 'month' });
    expect(lastCompleteMonth(new Date(2026, 0, 1))).toEqual({ from: '2025-12-01', to: '2025-12-31', period: 'month' });
    expect(lastCompleteMonth(new Date(2024, 2, 31))).toEqual({ from: '2024-02-01', to: '2024-02-29', period: 'month' });
  });
});
