/**
 * Exact decimal <-> integer minor units.
 *
 * Amounts arrive as decimal strings ("125000.00") or as JSON number literals (245800.00). Both are
 * parsed from their *text*, digit by digit, into an integer number of minor units, so no binary
 * floating point ever touches an amount. Rounding (when the text has more decimals than the currency
 * allows) is half away from zero, the convention accountants expect, and is reported to the caller.
 */

export class DecimalError extends Error {
  override name = 'DecimalError';
}

const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export interface ParsedMinor {
  /** Integer minor units (a JS safe integer). */
  minor: number;
  /** True when digits beyond the currency's exponent were rounded away. */
  rounded: boolean;
}

/**
 * Parse a plain decimal ("-1234.5", "125000.00", "1e3" as JSON allows) into minor units.
 * Throws DecimalError with a readable message for anything else (commas, spaces, letters, NaN).
 */
export function parseDecimalToMinor(text: string, exponent: number): ParsedMinor {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match || text.trim() !== text) {
    throw new DecimalError(`"${truncate(text)}" is not a decimal amount.`);
  }
  const sign = match[1] === '-' ? -1n : 1n;
  let intDigits = match[2] ?? '0';
  let fracDigits = match[3] ?? '';
  const exp = match[4] === undefined ? 0 : Number(match[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 40) {
    throw new DecimalError(`"${truncate(text)}" has an exponent out of range.`);
  }
  // Shift the decimal point by the exponent, on the digit strings.
  if (exp > 0) {
    const moved = fracDigits.slice(0, exp).padEnd(exp, '0');
    intDigits += moved;
    fracDigits = fracDigits.slice(exp);
  } else if (exp < 0) {
    const n = -exp;
    const padded = intDigits.padStart(n + 1, '0');
    fracDigits = padded.slice(padded.length - n) + fracDigits;
    intDigits = padded.slice(0, padded.length - n);
  }
  const kept = fracDigits.slice(0, exponent).padEnd(exponent, '0');
  const dropped = fracDigits.slice(exponent);
  let magnitude = BigInt(intDigits + kept);
  const roundsUp = dropped.length > 0 && dropped.charCodeAt(0) >= 53; /* '5' */
  if (roundsUp) magnitude += 1n;
  const rounded = /[1-9]/.test(dropped);
  const value = sign * magnitude;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DecimalError(`"${truncate(text)}" is too large to hold exactly.`);
  }
  const minor = Number(value);
  return { minor: minor === 0 ? 0 : minor, rounded };
}

/** Render minor units as a plain decimal string with exactly `exponent` decimals: -1234.50 */
export function formatMinor(minor: number, exponent: number): string {
  assertSafeInteger(minor);
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const intPart = exponent === 0 ? digits : digits.slice(0, digits.length - exponent);
  const fracPart = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${negative ? '-' : ''}${intPart}${fracPart}`;
}

export function assertSafeInteger(value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new DecimalError(`Amount ${String(value)} is not an exact integer number of minor units.`);
  }
  return value;
}

/** Exact sum of minor units; throws rather than lose a cent past 2^53. */
export function addMinor(a: number, b: number): number {
  return assertSafeInteger(a + b);
}

export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total = addMinor(total, v);
  return total;
}

/**
 * numerator / denominator × 100 as a decimal string with `places` decimals, rounded half away from
 * zero, computed with integers. Returns null when the denominator is zero (no percent exists).
 */
export function percentOf(numerator: number, denominator: number, places = 2): string | null {
  if (denominator === 0) return null;
  const scale = 10n ** BigInt(places);
  const num = BigInt(numerator) * 100n * scale;
  const den = BigInt(denominator);
  const negative = num < 0n !== den < 0n && num !== 0n;
  const absNum = num < 0n ? -num : num;
  const absDen = den < 0n ? -den : den;
  let q = absNum / absDen;
  if ((absNum % absDen) * 2n >= absDen) q += 1n;
  const digits = q.toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return negative && q !== 0n ? `-${text}` : text;
}

/**
 * Is |amount| ≤ pct% of |base|? `pct` is an exact decimal string ("0.5"); compared with integers.
 */
export function withinPercent(amount: number, base: number, pct: string): boolean {
  const { minor: pctScaled } = parseDecimalToMinor(pct, 6); // pct × 10^6
  const lhs = BigInt(Math.abs(amount)) * 100n * 1_000_000n;
  const rhs = BigInt(pctScaled) * BigInt(Math.abs(base));
  return lhs <= rhs;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
