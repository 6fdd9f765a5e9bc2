export { currencyExponent, assertCurrencyCode, isCurrencyCode, CurrencyError } from './currency.ts';
export {
  parseDecimalToMinor,
  formatMinor,
  addMinor,
  sumMinor,
  percentOf,
  withinPercent,
  assertSafeInteger,
  DecimalError,
  type ParsedMinor,
} from './decimal.ts';
export { parseExactJson } from './exact-json.ts';
