/**
 * Exact decimal text helpers for display. Amounts reach the renderer as decimal strings
 * ("-1234.50"); reading them through a binary float would round large figures, so everything
 * here works on the digits (sorting happens in main, where the rows live).
 */
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

interface Parts {
  negative: boolean;
  int: string;
  frac: string;
}

function parts(text: string): Parts | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const int = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = /^0*$/.test(int) && frac === '';
  return { negative: m[1] === '-' && !zero, int, frac };
}

export function isDecimal(text: string): boolean {
  return parts(text) !== null;
}

/** Number of digits after the point as written ("12.50" -> 2), used to keep trailing zeros on screen. */
export function fractionDigits(text: string): number {
  const m = DECIMAL.exec(text.trim());
  return m?.[3]?.length ?? 0;
}

export function decimalSign(text: string): -1 | 0 | 1 {
  const p = parts(text);
  if (!p) return 0;
  if (p.negative) return -1;
  return /^0*$/.test(p.int) && p.frac === '' ? 0 : 1;
}

/**
 * Scale a decimal string by 10^-shift into a JS number, for charts only (a chart pixel does not
 * need a cent's precision). Never use it for sums or anything shown as a figure.
 */
export function decimalToChartNumber(text: string | null | undefined): number | null {
  if (text == null || !isDecimal(text)) return null;
  return Number(text);
}
