/**
 * Locale-aware amounts from exact decimal strings.
 *
 * Intl.NumberFormat.format accepts a decimal string and formats its exact digits (Intl.NumberFormat
 * v3), so "12345678901234567.89" stays exact where a float would not. The number of decimals shown is
 * the number written (never rounded away), and at least the currency's usual minor digits.
 */
import { fractionDigits, isDecimal } from './decimal.ts';

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

function currencyDigits(currency: string, locale: string): number {
  try {
    return formatter(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Each narrow currency symbol of a locale and how many currencies share it ("$": USD, COP, MXN…). */
const sharedSymbols = new Map<string, Map<string, number>>();

function narrowSymbol(currency: string, locale: string): string | null {
  try {
    return formatter(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(1).find((p) => p.type === 'currency')?.value ?? null;
  } catch {
    return null;
  }
}

/**
 * The symbol when it names one currency (€, ₦, GH₵), the ISO code when several share it: "$" alone
 * could be COP, USD or MXN, and an accountant reconciling in one of them must never guess.
 */
export function currencyDisplay(currency: string, locale: string): 'narrowSymbol' | 'code' {
  let counts = sharedSymbols.get(locale);
  if (!counts) {
    counts = new Map();
    for (const code of Intl.supportedValuesOf('currency')) {
      const symbol = narrowSymbol(code, locale);
      if (symbol !== null) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    sharedSymbols.set(locale, counts);
  }
  const symbol = narrowSymbol(currency, locale);
  return symbol !== null && (counts.get(symbol) ?? 0) <= 1 ? 'narrowSymbol' : 'code';
}

type ExactFormat = (value: string) => string;

// TypeScript's lib types `format` as number | bigint; the runtime (Chromium ≥ 106) takes decimal strings.
function formatExact(f: Intl.NumberFormat, value: string): string {
  return (f.format as unknown as ExactFormat)(value);
}

export interface AmountOptions {
  /** Show "+" on positive values (differences). */
  signed?: boolean;
  /** Omit the currency symbol (tables with a currency column header). */
  bare?: boolean;
}

export function formatAmount(value: string | null | undefined, currency: string, locale: string, options: AmountOptions = {}): string {
  if (value == null || value === '') return '—';
  if (!isDecimal(value)) return value;
  const digits = Math.max(fractionDigits(value), currencyDigits(currency, locale));
  const opts: Intl.NumberFormatOptions = {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: options.signed ? 'exceptZero' : 'auto',
  };
  if (!options.bare) {
    opts.style = 'currency';
    opts.currency = currency;
    opts.currencyDisplay = currencyDisplay(currency, locale);
  }
  try {
    return formatExact(formatter(locale, opts), value.trim());
  } catch {
    return `${value} ${currency}`;
  }
}

/** A percent given as decimal text of hundredths ("12.5" means 12.5 %). */
export function formatPercent(value: string | null | undefined, locale: string, signed = false): string {
  if (value == null || value === '') return '—';
  if (!isDecimal(value)) return value;
  const digits = fractionDigits(value);
  const f = formatter(locale, {
    style: 'unit',
    unit: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? 'exceptZero' : 'auto',
  });
  return formatExact(f, value.trim());
}

export function formatCount(value: number, locale: string): string {
  return formatter(locale, { maximumFractionDigits: 0 }).format(value);
}
