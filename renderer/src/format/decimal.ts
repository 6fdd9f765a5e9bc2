/**
 * Exact decimal text helpers for display and sorting. Amounts reach the renderer as decimal strings
 * ("-1234.50"); comparing or formatting them through a binary float would round large figures, so
 * everything here works on the digits.
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

function compareMagnitude(a: Parts, b: Parts): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  const len = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(len, '0');
  const fb = b.frac.padEnd(len, '0');
  if (fa === fb) return 0;
  return fa < fb ? -1 : 1;
}

/** Exact ordering of two decimal strings; unreadable text sorts first so it is noticed. */
export function compareDecimal(a: string | null | undefined, b: string | null | undefined): number {
  const pa = a == null ? null : parts(a);
  const pb = b == null ? null : parts(b);
  if (pa === null || pb === null) return pa === pb ? 0 : pa === null ? -1 : 1;
  if (pa.negative !== pb.negative) return pa.negative ? -1 : 1;
  const m = compareMagnitude(pa, pb);
  return pa.negative ? -m : m;
}

/** Exact ordering of |a| and |b|. */
export function compareAbsDecimal(a: string | null | undefined, b: string | null | undefined): number {
  return compareDecimal(a?.replace(/^[+-]/, ''), b?.replace(/^[+-]/, ''));
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

/**
 * A decimal string as an integer of 10^-scale units (BigInt), for exact sorting of many rows: the
 * text is parsed once per row instead of once per comparison.
 */
export function decimalSortKey(text: string | null | undefined, scale = 6): bigint | null {
  if (text == null) return null;
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = (m[3] ?? '').slice(0, scale).padEnd(scale, '0');
  const magnitude = BigInt((m[2] ?? '0') + frac);
  return m[1] === '-' ? -magnitude : magnitude;
}
