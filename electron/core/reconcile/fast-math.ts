/**
 * Exact percent arithmetic for the hot loop: the same results as money's percentOf and
 * withinPercent (a property test holds them equal), with plain integers while every product stays
 * below 2^53 and the BigInt versions beyond. A hundred thousand BigInt divisions per run is what
 * this saves.
 */
import { currencyExponent, formatMinor, parseDecimalToMinor, percentOf, withinPercent } from '../money/index.ts';

const MAX = Number.MAX_SAFE_INTEGER;

/** floor(x / y) for non-negative safe integers with x + y ≤ 2^53, corrected for division rounding. */
function floorDiv(x: number, y: number): number {
  let q = Math.floor(x / y);
  if (q * y > x) q -= 1;
  else if ((q + 1) * y <= x) q += 1;
  return q;
}

/** numerator / denominator × 100 to 2 decimals, rounded half away from zero; null on zero. */
export function percent2(numerator: number, denominator: number): string | null {
  if (denominator === 0) return null;
  const a = Math.abs(numerator);
  const d = Math.abs(denominator);
  if (a > (MAX - 3 * d) / 20_000) return percentOf(numerator, denominator);
  const q = floorDiv(a * 20_000 + d, 2 * d);
  // Whole part and hundredths straight from the integer: no padded temporary to cut up.
  const cents = q % 100;
  const sign = q !== 0 && numerator < 0 !== denominator < 0 ? '-' : '';
  return `${sign}${(q - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** A predicate "is |amount| ≤ pct% of |base|?" with the percent parsed once. */
export function withinPercentOf(pct: string): (amount: number, base: number) => boolean {
  const scaled = parseDecimalToMinor(pct, 6).minor; // pct × 10^6, as withinPercent reads it
  return (amount, base) => {
    const lhs = Math.abs(amount) * 100_000_000;
    const rhs = scaled * Math.abs(base);
    if (lhs <= MAX && rhs <= MAX) return lhs <= rhs;
    return withinPercent(amount, base, pct);
  };
}

/**
 * formatMinor for one exponent, with fewer temporary strings (a reconciliation renders 600,000
 * amounts). Same text as formatMinor: a property test holds them equal.
 */
export function minorFormatter(exponent: number): (minor: number) => string {
  if (exponent === 0) return (minor) => formatMinor(minor, 0);
  const scale = 10 ** exponent;
  return (minor) => {
    if (!Number.isSafeInteger(minor)) return formatMinor(minor, exponent);
    const negative = minor < 0;
    const magnitude = negative ? -minor : minor;
    const fraction = magnitude % scale;
    const whole = (magnitude - fraction) / scale;
    const digits = fraction < 10 && exponent === 2 ? `0${fraction}` : String(fraction).padStart(exponent, '0');
    return `${negative ? '-' : ''}${whole}.${digits}`;
  };
}

const exponents = new Map<string, number>();

/** currencyExponent, each currency looked up once (a list of a million rows names a handful). */
export function exponentOf(currency: string): number {
  let e = exponents.get(currency);
  if (e === undefined) exponents.set(currency, (e = currencyExponent(currency)));
  return e;
}
