/**
 * Exact money helpers. Amounts live as integer minor units (safe integers); they are only turned into
 * text at the HTTP boundary and parsed back from text in tests — never through binary floats.
 */

/** Decimal places of the currencies the sandbox serves. All are 2-decimal. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  COP: 2,
  MXN: 2,
  NGN: 2,
  KES: 2,
  GHS: 2,
  USD: 2,
};

/** Decimal places for a currency (2 for every currency the sandbox knows, and by default). */
export function currencyExponent(currency: string): number {
  return Object.hasOwn(CURRENCY_EXPONENTS, currency) ? (CURRENCY_EXPONENTS[currency] ?? 2) : 2;
}

function assertSafe(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

/** floor(a / b) for safe integers, computed without relying on float division rounding. */
export function divFloor(a: number, b: number): number {
  assertSafe(a, 'divFloor dividend');
  assertSafe(b, 'divFloor divisor');
  if (b === 0) throw new RangeError('divFloor by zero');
  const r = ((a % b) + b) % b;
  return (a - r) / b;
}

/** round(a × num / den) half-up for non-negative safe integers (a × num must stay safe). */
export function mulDivRound(a: number, num: number, den: number): number {
  const product = a * num;
  assertSafe(product, 'mulDivRound product');
  return divFloor(product * 2 + den, den * 2);
}

/** floor(a × num / den) for safe integers (a × num must stay safe). */
export function mulDivFloor(a: number, num: number, den: number): number {
  const product = a * num;
  assertSafe(product, 'mulDivFloor product');
  return divFloor(product, den);
}

/**
 * Renders integer minor units as a plain decimal with exactly `exponent` decimals:
 * 24580000 → "245800.00", -5 → "-0.05". Used both for JSON numbers (written into the JSON text as is)
 * and for decimal strings.
 */
export function formatMinor(minor: number, exponent = 2): string {
  assertSafe(minor, 'amount in minor units');
  const negative = minor < 0;
  const digits = String(negative ? -minor : minor);
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent);
  const frac = padded.slice(padded.length - exponent);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal ("125000.00", "-3.5", "42", also the raw text of a JSON number such as
 * "245800.00") to integer minor units, exactly. Returns null for anything else ("12,5O0.00", "1e3",
 * more decimals than the currency has, or a value beyond the safe-integer range).
 */
export function parseDecimalMinor(text: string, exponent = 2): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  if (frac.length > exponent) {
    // Extra decimals are accepted only when they are zeros ("1.500" in a 2-decimal currency).
    if (!/^0*$/.test(frac.slice(exponent))) return null;
  }
  const digits = (m[2] ?? '') + frac.slice(0, exponent).padEnd(exponent, '0');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return null;
  return m[1] === '-' ? -value : value;
}

/**
 * A rate held as an integer number of hundredths of a percent (8810 = 88.10) from a ratio of
 * counts, rounded half-up: approved / total × 100 to 2 decimals, without floats.
 */
export function percentHundredths(part: number, total: number): number {
  if (total <= 0) return 0;
  return mulDivRound(part, 10_000, total);
}
