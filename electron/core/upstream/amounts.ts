import { DecimalError, parseDecimalToMinor } from '../money/index.ts';

/** An amount with more decimals than its currency has: set aside, never rounded. */
export class TooManyDecimalsError extends DecimalError {
  override name = 'TooManyDecimalsError';
  readonly allowed: number;
  constructor(text: string, allowed: number) {
    super(`"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" has more decimals than the currency's ${allowed}`);
    this.allowed = allowed;
  }
}

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * parseDecimalToMinor(text, exponent).minor, refusing to round: an amount with a nonzero digit
 * past the currency's decimals throws TooManyDecimalsError ("414799.815" in a two-decimal
 * currency is not 414799.82). Trailing zeros are fine ("1.500" is 1.50).
 *
 * A fast path takes the shape nearly every amount has ("125000.00", "-3.5", "42"): digits, at
 * most one point with digits on both sides, no more decimals than the currency has, and at most
 * 15 digits once scaled, so every step is an exact integer in a double. Anything else (exponents,
 * extra decimals, long digit strings, bad text) goes through parseDecimalToMinor, which also
 * words the errors.
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
      return exactMinor(text, exponent);
    }
  }
  const decimals = fraction < 0 ? 0 : fraction;
  if (whole === 0 || fraction === 0 || decimals > exponent || whole + exponent > 15 || exponent >= POWERS_OF_TEN.length) {
    return exactMinor(text, exponent);
  }
  const minor = value * (POWERS_OF_TEN[exponent - decimals] ?? 1);
  // -0 is 0, as parseDecimalToMinor has it.
  return negative && minor !== 0 ? -minor : minor;
}

function exactMinor(text: string, exponent: number): number {
  const parsed = parseDecimalToMinor(text, exponent);
  if (parsed.rounded) throw new TooManyDecimalsError(text, exponent);
  return parsed.minor;
}
