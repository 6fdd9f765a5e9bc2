/**
 * How figures become spreadsheet cells. Amounts are kept as integer minor units everywhere else;
 * only here, at the edge, do they become the binary doubles a spreadsheet stores. Each conversion
 * goes through the exact decimal text so the double is the one nearest the true amount, and
 * rounding it back to the currency's exponent gives the minor units again.
 */
import { assertSafeInteger, currencyExponent } from '../money/index.ts';

/** Days from Excel's epoch (1899-12-30, the 1900 system) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET_DAYS = 25569;
const MS_PER_DAY = 86_400_000;

export const DATE_FORMAT = 'yyyy-mm-dd';
export const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const PERCENT_FORMAT = '0.00%';
export const INTEGER_FORMAT = '#,##0';

const POWERS = [1, 10, 100, 1000, 10_000];

/**
 * Minor units as the spreadsheet number: 1234550 COP (exponent 2) -> 12345.5. Both operands are
 * exact doubles and IEEE division rounds correctly, so this is the double nearest the exact
 * decimal amount: the same one parsing "12345.50" gives, without the string.
 */
export function minorToCellNumber(minor: number, exponent: number): number {
  assertSafeInteger(minor);
  const power = POWERS[exponent] ?? 10 ** exponent;
  const value = minor / power;
  return value === 0 ? 0 : value;
}

/** A cell number read back, to minor units (what the tests and the review import compare). */
export function cellNumberToMinor(value: number, exponent: number): number {
  const minor = Math.round(value * 10 ** exponent);
  return minor === 0 ? 0 : minor;
}

/**
 * Thousands separators, the currency's decimals, negatives in red with their minus sign kept
 * (a red colour alone is lost on a black-and-white printout), and the code after the figure so
 * the header row stays the same for every currency.
 */
export function moneyFormat(currency: string): string {
  const exponent = currencyExponent(currency);
  const body = exponent === 0 ? '#,##0' : `#,##0.${'0'.repeat(exponent)}`;
  return `${body} "${currency}";[Red]-${body} "${currency}";${body} "${currency}"`;
}

// A workbook repeats a handful of period dates on every row: parse each once.
const serialCache = new Map<string, number>();

/** 'YYYY-MM-DD' (a calendar date, UTC) as an Excel date serial. */
export function dateToSerial(isoDate: string): number {
  const cached = serialCache.get(isoDate);
  if (cached !== undefined) return cached;
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || Number.isNaN(ms)) {
    throw new RangeError(`"${isoDate}" is not a date as YYYY-MM-DD.`);
  }
  const serial = ms / MS_PER_DAY + EXCEL_EPOCH_OFFSET_DAYS;
  if (serialCache.size < 10_000) serialCache.set(isoDate, serial);
  return serial;
}

/** An ISO-8601 instant as an Excel date-time serial, in UTC (the sheets say so in their headers). */
export function instantToSerial(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO-8601 instant.`);
  return ms / MS_PER_DAY + EXCEL_EPOCH_OFFSET_DAYS;
}

/** Excel date serial back to 'YYYY-MM-DD' (for readers: tests and the review import). */
export function serialToDate(serial: number): string {
  return new Date(Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * MS_PER_DAY)).toISOString().slice(0, 10);
}

/**
 * A percent given as exact decimal text of percent points ("-1.25" meaning -1.25 %) as the
 * fraction a percent cell holds (-0.0125). The decimal point is moved in the text, not by a
 * float division, so 1.25 % is the double nearest 0.0125.
 */
export function percentTextToCellNumber(percent: string): number {
  const fast = percentDigits(percent);
  if (fast !== undefined) return fast;
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(percent);
  if (!match) throw new RangeError(`"${percent}" is not a decimal percent.`);
  const sign = match[1] === '-' ? '-' : '';
  const intDigits = (match[2] ?? '0').padStart(3, '0');
  const fraction = `${intDigits.slice(-2)}${match[3] ?? ''}`;
  const whole = intDigits.slice(0, -2);
  const value = Number(`${sign}${whole}.${fraction}`);
  return value === 0 ? 0 : value;
}

const TENS = Array.from({ length: 23 }, (_v, i) => 10 ** i);

/**
 * The common case without a regex or temporary strings: up to 15 digits, so the digits are an
 * exact integer, divided by an exact power of ten. IEEE division rounds correctly, so this is the
 * double nearest the exact value: the very one Number() gives for the shifted text. Anything
 * else (a sign but no digits, a comma, more digits) returns undefined for the general path.
 */
function percentDigits(percent: string): number | undefined {
  const length = percent.length;
  let i = 0;
  let negative = false;
  const first = percent.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let digits = 0;
  let decimals = -1;
  let n = 0;
  for (; i < length; i++) {
    const c = percent.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits += 1;
      if (decimals >= 0) decimals += 1;
    } else if (c === 46 && decimals < 0 && digits > 0) {
      decimals = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15 || decimals === 0) return undefined;
  const value = n / (TENS[(decimals < 0 ? 0 : decimals) + 2] ?? 1);
  return value === 0 ? 0 : negative ? -value : value;
}
