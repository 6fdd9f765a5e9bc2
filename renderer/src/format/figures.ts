/**
 * The figures of findings and restatements as an accountant reads them: amounts in the currency,
 * rates with a % sign, counts as counts, statuses and states in words. The back end sends them as
 * exact text plus what they measure (a check, a field); nothing here does arithmetic.
 */
import type { TFunction } from 'i18next';
import { FINDING_UNITS } from '../api/contract.ts';
import { isDecimal } from './decimal.ts';
import { formatDate } from './dates.ts';
import { formatAmount, formatCount, formatPercent } from './money.ts';

type Unit = 'amount' | 'count' | 'percent' | 'status' | 'presence' | 'date' | 'text';

const FIELD_UNITS: Record<string, Unit> = {
  invoiced: 'amount',
  provider_reported: 'amount',
  paid: 'amount',
  pending: 'amount',
  amount: 'amount',
  task_count: 'count',
  approved_count: 'count',
  rejected_count: 'count',
  review_count: 'count',
  approval_rate: 'percent',
  status: 'status',
  presence: 'presence',
  row: 'presence',
  start_date: 'date',
  end_date: 'date',
};

function show(unit: Unit, value: string, currency: string | null, t: TFunction, locale: string): string {
  if (unit === 'amount' && currency && isDecimal(value)) return formatAmount(value, currency, locale);
  if (unit === 'count' && /^-?\d+$/.test(value)) return formatCount(Number(value), locale);
  if (unit === 'percent' && isDecimal(value)) return formatPercent(value, locale);
  if (unit === 'status') return t(`billing.${value}`, { defaultValue: value });
  if (unit === 'presence') return t(`restatements.values.${value}`, { defaultValue: value });
  if (unit === 'date') return formatDate(value, locale);
  return value;
}

/** A finding's expected or sent figure; the words the back end uses for non-figures become sentences. */
export function findingFigure(check: string, value: string, currency: string | null, t: TFunction, locale: string): string {
  // What each check measures is the core's to say, so the window and the workbook write a figure alike.
  const unit = FINDING_UNITS[check];
  if (unit) return show(unit, value, currency, t, locale);
  if (check === 'coverage_gap') return t(`findings.values.${value}`, { defaultValue: value });
  if (check === 'grand_total_missing') return value === 'none' ? t('findings.values.none') : t('findings.values.grandTotal');
  if (check === 'quarantined' && value === 'a valid record') return t('findings.values.validRecord');
  return value;
}

/** What a restated field is called on screen. */
export function fieldName(field: string, t: TFunction): string {
  return t(`restatements.fields.${field}`, { defaultValue: t('restatements.fields.other') });
}

/** A restated value before or after: `display` is the decimal of an amount, `raw` what sync stored. */
export function restatedFigure(field: string, display: string | null, raw: string | null, currency: string | null, t: TFunction, locale: string): string {
  const value = display ?? raw;
  if (value === null) return '—';
  return show(FIELD_UNITS[field] ?? 'text', value, currency, t, locale);
}
