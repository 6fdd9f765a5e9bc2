/**
 * Currencies and their minor-unit exponents (ISO 4217).
 *
 * Every amount in Concilia is an integer count of minor units *of one currency*; the exponent says
 * how many decimal places a currency's minor unit has. Currencies not in the table default to 2,
 * which is right for the great majority of ISO codes; the zero- and three-decimal ones are listed.
 */
const ZERO_DECIMALS = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

const CURRENCY_CODE = /^[A-Z]{3}$/;

export class CurrencyError extends Error {
  override name = 'CurrencyError';
}

export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODE.test(code);
}

export function assertCurrencyCode(code: string): string {
  if (!isCurrencyCode(code)) {
    throw new CurrencyError(`"${code}" is not a currency code: use three capital letters, such as COP, NGN or USD.`);
  }
  return code;
}

/** Number of decimal places of the currency's minor unit. */
export function currencyExponent(code: string): number {
  assertCurrencyCode(code);
  if (ZERO_DECIMALS.has(code)) return 0;
  if (THREE_DECIMALS.has(code)) return 3;
  return 2;
}
