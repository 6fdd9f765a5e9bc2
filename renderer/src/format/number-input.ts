/**
 * Numbers people type, in their language: "1.000,5" in Spanish and "1,000.5" in English are the
 * same thousand and a half. Parsed on the text (never through a float) into the plain decimal
 * the contract takes ("1000.5"); anything that cannot be read for sure is refused, not guessed.
 */

interface Separators {
  decimal: string;
  group: string;
}

const separators = new Map<string, Separators>();

export function separatorsOf(locale: string): Separators {
  let s = separators.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: 'always' }).formatToParts(1234567.5);
    s = { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
    separators.set(locale, s);
  }
  return s;
}

const SPACES = /[\s\u00a0\u202f']/g;

/**
 * "1.000,50" (es) or "1,000.50" (en) → "1000.50"; null when it is not a non-negative number.
 * The locale's decimal mark is always the decimal mark. A lone other mark is a thousands separator
 * when it is followed by exactly three digits ("1,000" in English), a decimal mark otherwise
 * ("1,5" typed on an English keyboard by someone used to commas). With both marks, the last one
 * is the decimal mark.
 */
export function parseDecimalInput(text: string, locale: string, limits = { integer: 15, fraction: 6 }): string | null {
  const { decimal } = separatorsOf(locale);
  // Spaces and apostrophes group digits in some locales (fr, de-CH); they never mark decimals.
  const compact = text.trim().replace(SPACES, '');
  if (!/^\d[\d.,]*$|^[.,]\d+$/.test(compact)) return null;
  const marks = [...compact.matchAll(/[.,]/g)].map((m) => ({ mark: m[0], at: m.index }));
  let decimalAt = -1;
  if (marks.length > 0) {
    const kinds = new Set(marks.map((m) => m.mark));
    const last = marks[marks.length - 1]!;
    if (kinds.size === 2) {
      decimalAt = last.at;
      // Only one decimal mark, and it is the last mark.
      if (marks.filter((m) => m.mark === last.mark).length > 1) return null;
    } else if (last.mark === decimal) {
      if (marks.length > 1) return null;
      decimalAt = last.at;
    } else if (marks.length === 1 && compact.length - last.at - 1 !== 3) {
      decimalAt = last.at;
    }
  }
  const integerText = decimalAt < 0 ? compact : compact.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? '' : compact.slice(decimalAt + 1);
  // Thousands separators stand every three digits, or the text means something else.
  const groups = integerText.split(/[.,]/);
  if (groups.length > 1 && groups.slice(1).some((g) => g.length !== 3)) return null;
  if (groups.length > 1 && (groups[0] === '' || (groups[0] ?? '').length > 3)) return null;
  const integer = (groups.join('') || '0').replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(integer) || !/^\d*$/.test(fraction)) return null;
  if (integer.length > limits.integer || fraction.length > limits.fraction) return null;
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

/** A plain decimal ("1000.5") as someone of this locale would type it ("1000,5"), without grouping. */
export function formatDecimalInput(value: string, locale: string): string {
  const { decimal } = separatorsOf(locale);
  return value.replace('.', decimal);
}
