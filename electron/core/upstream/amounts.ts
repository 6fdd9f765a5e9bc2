import { parseDecimalToMinor } from '../money/index.ts';

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * parseDecimalToMinor(text, exponent).minor, with a fast path for the shape nearly every amount
 * has ("125000.00", "-3.5", "42"): digits, at most one point with digits on both sides, no more
 * decimals than the currency has, and at most 15 digits once scaled, so every step is an exact
 * integer in a double and nothing is rounded. Anything else (exponents, rounding, long digit
 * strings, bad text) goes through parseDecimalToMinor, which also words the errors.
 */
export function minorUnits(text: string, exponent: number): number {
  const n = text.length;
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  const negative = i === 1;
  let value = 0;
  let whole = 0;
  let fraction = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      if (fraction < 0) whole++;
      else fraction++;
    } else if (c === 0x2e && fraction < 0) {
      fraction = 0;
    } else {
      return parseDecimalToMinor(text, exponent).minor;
    }
  }
  const decimals = fraction < 0 ? 0 : fraction;
  if (whole === 0 || fraction === 0 || decimals > exponent || whole + exponent > 15 || exponent >= POWERS_OF_TEN.length) {
    return parseDecimalToMinor(text, exponent).minor;
  }
  const minor = value * (POWERS_OF_TEN[exponent - decimals] ?? 1);
  // -0 is 0, as parseDecimalToMinor has it.
  return negative && minor !== 0 ? -minor : minor;
}
